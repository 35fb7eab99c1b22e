"""Safe defaults and bad input at run time.

Error pages, CSRF, password hashing, login timing and the production headers and cookies.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import global_settings, settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import get_hasher
from django.test import Client, override_settings
from django.urls import path
from django.utils.csp import build_policy

from tests.test_settings import PRODUCTION_ENV, load_settings

SECRET_DETAIL = "secret-detail-that-must-not-reach-the-browser"
PASSWORD = "a-long-enough-passphrase"
# Every environment sends these; the values are the Flask variant's too.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), payment=(), usb=()"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# Above WhiteNoise, which answers for static files before the rest of the list.
HEADER_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
]


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


# This module doubles as a URLconf for the tests that need a view that raises.
urlpatterns = [path("broken/", broken_view)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_an_exception_gives_the_500_page_without_a_traceback():
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    for leak in (b"Traceback", b"RuntimeError", SECRET_DETAIL.encode(), b"broken_view"):
        assert leak not in response.content


@pytest.mark.django_db
def test_a_post_without_a_csrf_token_is_rejected():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    assert response.status_code == 403
    assert b"CSRF" in response.content


@pytest.mark.django_db
def test_a_post_with_the_forms_csrf_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    token = client.get("/admin/login/").context["csrf_token"]

    response = client.post(
        "/admin/login/", {"username": "root", "password": "wrong", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 200
    assert b"Please enter the correct username and password" in response.content


def test_production_keeps_djangos_default_password_hashers(clean_environ):
    clean_environ.update(PRODUCTION_ENV)

    production = load_settings("production")

    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers == global_settings.PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_production_defaults_forbid_debug_framing_and_sniffing(clean_environ):
    clean_environ.update(PRODUCTION_ENV)

    production = load_settings("production")

    assert production.DEBUG is False
    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_REFERRER_POLICY == "same-origin"
    assert "django.middleware.security.SecurityMiddleware" in production.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" in production.MIDDLEWARE
    assert "django.middleware.clickjacking.XFrameOptionsMiddleware" in production.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/no/such/page/", "/static/vendor/bootstrap/bootstrap.min.css"])
def test_error_pages_and_static_files_carry_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    for name, value in SECURITY_HEADERS.items():
        assert response[name] == value, name
    assert "Strict-Transport-Security" not in response


def test_development_sends_the_same_policy_and_headers(clean_environ):
    # So that a page breaking the policy fails while it is written. Django's
    # own debug pages (DEBUG is on here) opt out of it themselves.
    development = load_settings("development")

    assert build_policy(development.SECURE_CSP) == SECURITY_HEADERS["Content-Security-Policy"]
    assert development.SECURE_CROSS_ORIGIN_OPENER_POLICY == "same-origin"
    assert development.SECURE_REFERRER_POLICY == "same-origin"
    assert development.SECURE_CONTENT_TYPE_NOSNIFF is True
    # Right below RequestIdMiddleware and HealthCheckMiddleware (test_logs.py, test_health.py).
    assert development.MIDDLEWARE[2:6] == HEADER_MIDDLEWARE
    assert not getattr(development, "SECURE_HSTS_SECONDS", 0)


# Run under config.settings.production in a fresh process: migrate a scratch
# database, sign a superuser in through the admin's login form behind an HTTPS
# proxy, post a form without its CSRF token, and report what a browser would receive.
PRODUCTION_REQUESTS = """
import json
import django
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", verbosity=0, interactive=False)
from django.contrib.staticfiles.storage import staticfiles_storage
from django.contrib.auth import get_user_model

user = get_user_model().objects.create_superuser("root", "root@example.com", "PASSWORD")
client = Client(HTTP_HOST="example.com")
plain = client.get("/admin/login/")
login = client.post(
    "/admin/login/",
    {"username": "root", "password": "PASSWORD"},
    HTTP_X_FORWARDED_PROTO="https",
)
cookie = login.cookies["sessionid"]
# A view of no module's (the admin's login protects itself): the middleware alone.
urlpatterns = [path("echo/", lambda request: HttpResponse("accepted"))]
with override_settings(ROOT_URLCONF="__main__"):
    forged = Client(HTTP_HOST="example.com", enforce_csrf_checks=True).post(
        "/echo/", {"field": "value"}, HTTP_X_FORWARDED_PROTO="https"
    )
missing = client.get("/no/such/page/", HTTP_X_FORWARDED_PROTO="https")
static = client.get(
    staticfiles_storage.url("vendor/bootstrap/bootstrap.min.css"), HTTP_X_FORWARDED_PROTO="https"
)
static.close()
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "status": login.status_code,
    "forged": forged.status_code,
    "headers": dict(login.headers),
    "missing": [missing.status_code, dict(missing.headers)],
    "static": [static.status_code, dict(static.headers)],
    "cookie": {key: cookie[key] for key in ("httponly", "secure", "samesite")},
    "hash": user.password.split("$", 1)[0],
}))
""".replace("PASSWORD", PASSWORD)


@pytest.fixture(scope="module")
def production_responses(tmp_path_factory):
    database = tmp_path_factory.mktemp("production") / "db.sqlite3"
    unset = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(PRODUCTION_ENV)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env["STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUESTS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_responses_carry_the_security_headers(production_responses):
    headers = production_responses["headers"]

    assert production_responses["status"] == 302
    assert headers["X-Frame-Options"] == "DENY"
    status, error_headers = production_responses["missing"]
    assert status == 404
    status, static_headers = production_responses["static"]
    assert status == 200
    # A page, an error page and a static file alike.
    for sent in (headers, error_headers, static_headers):
        assert sent["Strict-Transport-Security"].startswith("max-age=")
        for name, value in SECURITY_HEADERS.items():
            assert sent[name] == value, name


def test_production_session_cookie_is_httponly_secure_and_samesite(production_responses):
    assert production_responses["cookie"] == {"httponly": True, "secure": True, "samesite": "Lax"}


def test_production_refuses_a_post_without_a_csrf_token(production_responses):
    assert production_responses["forged"] == 403


def test_production_redirects_plain_http_to_https(production_responses):
    assert production_responses["plain"] == [301, "https://example.com/admin/login/"]


def test_production_stores_passwords_with_pbkdf2(production_responses):
    assert production_responses["hash"] == "pbkdf2_sha256"


@pytest.mark.django_db
def test_an_unknown_username_costs_the_same_hashing_as_a_known_one(monkeypatch):
    get_user_model().objects.create_user("ada", password=PASSWORD)
    hasher = type(get_hasher())
    calls = []
    encode = hasher.encode

    def counting_encode(self, *args, **kwargs):
        calls.append(args[0])
        return encode(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)

    assert authenticate(username="ada", password="wrong-password") is None
    known = len(calls)
    calls.clear()
    assert authenticate(username="nobody", password="wrong-password") is None
    unknown = len(calls)

    assert known == unknown == 1
