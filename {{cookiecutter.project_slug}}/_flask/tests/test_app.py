"""The factory, the config objects and the error pages."""

import re
import subprocess

import pytest
from flask import Flask, request, session

from {{ cookiecutter.project_slug }}.app import create_app, load_app
from {{ cookiecutter.project_slug }}.config import (
    DEVELOPMENT_SECRET_KEY,
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    database_url,
    mail_settings,
    site_url,
)
from {{ cookiecutter.project_slug }}.extensions import db

from .conftest import PACKAGE, PROJECT_ROOT, START_UPS, STRONG_KEY, clean_env


def test_create_app_builds_a_testing_app(app):
    assert isinstance(app, Flask)
    assert app.testing
    assert app.config["WTF_CSRF_ENABLED"]


def test_flask_config_names_the_config_object_by_import_path(environ):
    environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.TestingConfig")
    assert create_app().testing


def test_flask_config_that_cannot_be_imported_is_a_config_error(environ):
    environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.NoSuchConfig")
    with pytest.raises(ConfigError, match="FLASK_CONFIG"):
        create_app()


def test_development_is_the_default_with_sqlite_in_the_instance_folder(environ):
    config = DevelopmentConfig()
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite:///development.sqlite3"
    assert config.SECRET_KEY == DEVELOPMENT_SECRET_KEY
    assert config.DEBUG


def test_development_reads_secret_key_and_database_url(environ):
    environ.setenv("SECRET_KEY", "from-the-environment")
    environ.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    config = DevelopmentConfig()
    assert config.SECRET_KEY == "from-the-environment"
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite:////tmp/elsewhere.sqlite3"


def test_production_config_refuses_a_missing_secret_key(environ):
    environ.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app(ProductionConfig)


@pytest.mark.parametrize("key", [DEVELOPMENT_SECRET_KEY, "short"])
def test_production_config_refuses_a_weak_secret_key(environ, key):
    environ.setenv("DATABASE_URL", "sqlite://")
    environ.setenv("SECRET_KEY", key)
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        create_app(ProductionConfig)


def test_production_config_refuses_a_missing_database_url(environ):
    environ.setenv("SECRET_KEY", STRONG_KEY)
    with pytest.raises(ConfigError, match="DATABASE_URL is not set"):
        create_app(f"{PACKAGE}.config.ProductionConfig")


def test_production_config_starts_with_both_and_secure_cookies(environ, tmp_path):
    environ.setenv("SECRET_KEY", STRONG_KEY)
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    app = create_app(ProductionConfig)
    assert not app.debug
    assert app.config["SECRET_KEY"] == STRONG_KEY
    assert app.config["SESSION_COOKIE_SECURE"]


@pytest.fixture
def production_app(environ, tmp_path):
    """An app built as the server builds it: ProductionConfig from the environment.

    FLASK_DEBUG=1 is left over from development work, as it may be on a server.
    """
    environ.setenv("SECRET_KEY", STRONG_KEY)
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    environ.setenv("FLASK_DEBUG", "1")
    environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.ProductionConfig")
    app = create_app()
    yield app
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def test_production_is_never_in_debug_mode_even_with_flask_debug_set(production_app):
    assert not production_app.debug
    assert not production_app.testing


def test_production_error_page_shows_neither_traceback_nor_exception(production_app):
    def fail():
        raise RuntimeError("secret detail")

    production_app.add_url_rule("/fail", "fail", fail)
    response = production_app.test_client().get("/fail")
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.text
    for leak in ("Traceback", "RuntimeError", "secret detail"):
        assert leak not in response.text


def test_production_session_cookie_is_httponly_secure_and_samesite(production_app):
    def remember():
        session["seen"] = True
        return "remembered"

    production_app.add_url_rule("/remember", "remember", remember)
    cookie = production_app.test_client().get("/remember").headers["Set-Cookie"]
    assert cookie.startswith("session=")
    attributes = [part.strip() for part in cookie.split(";")]
    assert "HttpOnly" in attributes
    assert "Secure" in attributes
    assert "SameSite=Lax" in attributes


def test_production_refuses_a_post_without_a_csrf_token(production_app):
    production_app.add_url_rule("/echo", "echo", lambda: "accepted", methods=["POST"])

    response = production_app.test_client().post("/echo", data={"field": "value"})

    assert response.status_code == 400
    assert "CSRF token is missing" in response.text


def test_production_takes_the_client_and_the_scheme_from_one_proxy(production_app):
    production_app.add_url_rule("/seen", "seen", lambda: f"{request.scheme} {request.remote_addr}")
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}

    response = production_app.test_client().get(
        "/seen", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"}
    )

    assert response.text == "https 198.51.100.7"


# What the accounts and api modules allow, the same in the Django variant: the
# suite exercises the testing values, so production must hold the same ones.
ACCOUNT_LIMITS = {
    "ACCOUNT_CONFIRMATION_REQUIRED": True,
    "ACCOUNT_CONFIRMATION_MAX_AGE": 3 * 24 * 60 * 60,
    "PASSWORD_RESET_TIMEOUT": 60 * 60,
    "LOGIN_FAILURES_PER_USERNAME": 5,
    "LOGIN_FAILURES_PER_CLIENT": 20,
    "LOGIN_FAILURE_WINDOW": 15 * 60,
    "MAIL_REQUESTS_PER_EMAIL": 3,
    "MAIL_REQUESTS_PER_CLIENT": 10,
    "MAIL_REQUEST_WINDOW": 60 * 60,
    "API_TOKEN_MAX_AGE": 30 * 24 * 60 * 60,
}


def test_production_keeps_the_account_limits_the_tests_exercise(production_app, app):
    for name, value in ACCOUNT_LIMITS.items():
        assert (production_app.config[name], app.config[name]) == (value, value), name


# Every environment sends these; the values are the Django variant's too.
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
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# An error page and a static file: every response, not only the views'.
NOT_VIEWS = ("/no/such/page", "/static/vendor/bootstrap/bootstrap.min.css")


def assert_security_headers(app: Flask, *, hsts: bool) -> None:
    client = app.test_client()
    for path in NOT_VIEWS:
        with client.get(path) as response:
            for name, value in SECURITY_HEADERS.items():
                assert response.headers.getlist(name) == [value], (path, name)
            if hsts:
                assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
            else:
                assert "Strict-Transport-Security" not in response.headers


def test_production_sends_hsts_and_the_security_headers(production_app):
    assert_security_headers(production_app, hsts=True)


@pytest.mark.parametrize(
    ("variables", "hsts"),
    [
        ({"SECURE_HSTS_SECONDS": "60"}, "max-age=60"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true"}, "max-age=31536000; includeSubDomains"),
        (
            {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "yes", "SECURE_HSTS_PRELOAD": "1"},
            "max-age=31536000; includeSubDomains; preload",
        ),
        ({"SECURE_HSTS_PRELOAD": "false"}, "max-age=31536000"),
    ],
)
def test_hsts_subdomains_and_preload_are_opt_in(environ, tmp_path, variables, hsts):
    environ.setenv("SECRET_KEY", STRONG_KEY)
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.ProductionConfig")
    for name, value in variables.items():
        environ.setenv(name, value)
    with create_app().test_client().get("/no/such/page") as response:
        assert response.headers.getlist("Strict-Transport-Security") == [hsts]


def test_a_hsts_flag_that_is_not_yes_or_no_is_named(environ):
    environ.setenv("SECURE_HSTS_PRELOAD", "maybe")
    message = "SECURE_HSTS_PRELOAD must be true or false, got 'maybe'"
    with pytest.raises(ConfigError, match=f"^{re.escape(message)}$"):
        assert ProductionConfig().STRICT_TRANSPORT_SECURITY


def test_development_sends_the_security_headers_but_not_hsts(environ, tmp_path):
    # The same policy as production, so that a page breaking it fails while
    # it is written; HSTS would pin the development host to HTTPS.
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.DevelopmentConfig")
    assert_security_headers(create_app(), hsts=False)


def test_testing_sends_the_security_headers_but_not_hsts(app):
    assert_security_headers(app, hsts=False)


def test_a_view_may_set_its_own_security_header(app):
    app.add_url_rule("/framed", "framed", lambda: ("framed", {"X-Frame-Options": "SAMEORIGIN"}))
    response = app.test_client().get("/framed")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@db:5432/app", "postgresql+psycopg://u@db:5432/app"),
        ("postgres://u@db/app", "postgresql+psycopg://u@db/app"),
        ("postgresql+psycopg://u@db/app", "postgresql+psycopg://u@db/app"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_database_url_selects_psycopg_3_for_postgresql(given, used):
    assert database_url(given) == used


def test_post_without_csrf_token_is_rejected(app):
    app.add_url_rule("/echo", "echo", lambda: "accepted", methods=["POST"])
    client = app.test_client()
    response = client.post("/echo", data={"field": "value"})
    assert response.status_code == 400
    assert "CSRF token is missing" in response.text


def test_unknown_page_is_an_html_404_on_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "There is no page at this address." in response.text
    assert "vendor/bootstrap/bootstrap.min.css" in response.text


def test_unhandled_error_is_an_html_500_without_details(app):
    def fail():
        raise RuntimeError("secret detail")

    app.add_url_rule("/fail", "fail", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production
    response = app.test_client().get("/fail")
    assert response.status_code == 500
    assert "Something went wrong on our side." in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


def test_errors_under_a_json_prefix_are_json(app):
    app.extensions["json_error_prefixes"] = {"/data"}
    client = app.test_client()
    response = client.get("/data/missing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "There is nothing at this address.",
    }
    assert client.get("/database").mimetype == "text/html"


def test_method_not_allowed_keeps_the_allow_header(app):
    app.add_url_rule("/only-get", "only_get", lambda: "ok")
    response = app.test_client().delete("/only-get")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_layout_works_without_any_blueprint(make_app, tmp_path):
    # An empty file is refused (test_blueprints.py); a disabled entry is not.
    disabled = tmp_path / "blueprints.yaml"
    disabled.write_text("- {name: gone, import: 'gone:bp', url_prefix: /gone, enabled: false}\n")
    response = make_app(BLUEPRINTS_FILE=str(disabled)).test_client().get("/")
    assert response.status_code == 404
    assert "navbar" in response.text


def test_flask_shell_has_the_database_in_scope(app):
    with app.app_context():
        assert "db" in app.make_shell_context()


def count_visits():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])


def test_the_session_cookie_carries_values_between_requests(app):
    app.add_url_rule("/visits", "visits", count_visits)
    client = app.test_client()
    assert [client.get("/visits").text for _ in range(3)] == ["1", "2", "3"]


def test_a_request_without_a_session_cookie_gets_an_empty_session_and_no_cookie(client):
    response = client.get("/api/health")
    assert "Set-Cookie" not in response.headers


def test_a_tampered_session_cookie_is_ignored(app):
    app.add_url_rule("/visits", "visits", count_visits)
    client = app.test_client()
    client.get("/visits")
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + "xx")
    assert client.get("/visits").text == "1"


def test_without_a_secret_key_the_session_says_so(make_app):
    app = make_app(SECRET_KEY=None)
    app.add_url_rule("/visits", "visits", count_visits)
    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(RuntimeError, match="secret key"):
        app.test_client().get("/visits")


@pytest.mark.parametrize(
    ("url", "settings"),
    [
        (
            "smtp://127.0.0.1:1025",
            {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": 1025},
        ),
        (
            "smtp+tls://site%40example.com:p%40ss@smtp.example.com:587",
            {
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "smtp.example.com",
                "MAIL_PORT": 587,
                "MAIL_USERNAME": "site@example.com",
                "MAIL_PASSWORD": "p@ss",
                "MAIL_USE_TLS": True,
            },
        ),
        (
            "smtp+ssl://smtp.example.com:465",
            {
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "smtp.example.com",
                "MAIL_PORT": 465,
                "MAIL_USE_SSL": True,
            },
        ),
        (
            "smtps://smtp.example.com",
            {
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "smtp.example.com",
                "MAIL_PORT": 25,
                "MAIL_USE_TLS": True,
            },
        ),
        ("consolemail://", {"MAIL_BACKEND": "console"}),
        ("memorymail://", {"MAIL_BACKEND": "locmem"}),
        ("dummymail://", {"MAIL_BACKEND": "dummy"}),
        ("filemail:///tmp/mail", {"MAIL_BACKEND": "file", "MAIL_FILE_PATH": "/tmp/mail"}),
        ("filemail://", {"MAIL_BACKEND": "file", "MAIL_FILE_PATH": "mail"}),
    ],
    ids=["smtp", "smtp+tls", "smtp+ssl", "smtps", "console", "memory", "dummy", "file", "here"],
)
def test_email_url_becomes_flask_mailmans_settings(url, settings):
    given = mail_settings(url)

    assert {key: value for key, value in given.items() if value} == settings | (
        {"MAIL_TIMEOUT": 10} if settings["MAIL_BACKEND"] == "smtp" else {}
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "smpt://user:secret@host",
            r"EMAIL_URL must start with one of consolemail://, [a-z+:/, ]+, got 'smpt'",
        ),
        ("smtp://", re.escape("EMAIL_URL must name the mail server's host, e.g. smtp://host")),
        (
            "smtp://user:secret@host:smtp",
            re.escape("EMAIL_URL must give the port as a number, e.g. :587"),
        ),
    ],
)
def test_a_bad_email_url_is_named_and_its_password_never_shown(url, message):
    with pytest.raises(ConfigError, match=f"^{message}$") as refused:
        mail_settings(url)

    assert "secret" not in str(refused.value)


@pytest.mark.parametrize("url", ["example.com", "ftp://example.com", "https://example.com/app"])
def test_site_url_must_be_a_scheme_and_a_host(url):
    with pytest.raises(ConfigError, match="SITE_URL must be the site's scheme and host"):
        site_url(url)


def test_site_url_loses_its_trailing_slash():
    assert site_url("https://example.com/") == "https://example.com"


def test_production_reads_the_mail_settings(environ, tmp_path):
    environ.setenv("SECRET_KEY", STRONG_KEY)
    environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    environ.setenv("DEFAULT_FROM_EMAIL", "site@example.com")

    config = create_app(ProductionConfig).config

    assert config["MAIL_SERVER"] == "smtp.example.com"
    assert config["MAIL_DEFAULT_SENDER"] == "site@example.com"
    assert config["SITE_URL"] == "https://example.com"
    assert config["TRUSTED_PROXY_COUNT"] == 1


def test_development_prints_mail_and_links_to_flask_run(environ):
    environ.delenv("EMAIL_URL")
    environ.delenv("SITE_URL")

    config = create_app(DevelopmentConfig).config

    assert config["MAIL_BACKEND"] == "console"
    assert config["SITE_URL"] == "http://127.0.0.1:5000"
    assert config["TRUSTED_PROXY_COUNT"] == 0


def test_an_email_url_is_used_in_development_too(environ):
    environ.setenv("EMAIL_URL", "smtp://127.0.0.1:1025")

    assert create_app(DevelopmentConfig).config["MAIL_PORT"] == 1025


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_trusted_proxy_count_must_be_a_whole_number(environ, value):
    environ.setenv("TRUSTED_PROXY_COUNT", value)

    with pytest.raises(ConfigError, match="TRUSTED_PROXY_COUNT must be a whole number"):
        create_app(DevelopmentConfig)


MISTAKES = {
    "mistyped config": (
        {"FLASK_CONFIG": f"{PACKAGE}.config.ProdConfig"},
        f"FLASK_CONFIG: cannot import '{PACKAGE}.config.ProdConfig'",
    ),
    "no secret key": (
        {"FLASK_CONFIG": f"{PACKAGE}.config.ProductionConfig", "SECRET_KEY": ""},
        "SECRET_KEY is not set; ProductionConfig needs a random value",
    ),
    "bad log level": (
        {"LOG_LEVEL": "loud"},
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'loud'",
    ),
}


@pytest.mark.parametrize(("variables", "line"), MISTAKES.values(), ids=MISTAKES.keys())
def test_load_app_ends_a_configuration_mistake_with_its_line(environ, variables, line):
    # What wsgi.py, make_celery.py and the flask command build their app with.
    environ.setenv("DATABASE_URL", "sqlite://")
    for name, value in variables.items():
        environ.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        load_app()
    assert isinstance(stopped.value.code, str)
    assert stopped.value.code.startswith(line)
    assert "\n" not in stopped.value.code


# Each entry point once: the flask command and gunicorn (wsgi.py, preloaded) end
# with load_app()'s line (tests/test_blueprints.py runs both on a broken
# registry); gunicorn.conf.py reads LOG_LEVEL itself, before the app exists.
@pytest.mark.parametrize(
    ("command", "mistake"),
    [(START_UPS["flask routes"], "mistyped config"), (START_UPS["gunicorn"], "bad log level")],
    ids=["flask routes", "gunicorn"],
)
def test_a_configuration_mistake_stops_the_start_up_with_one_line(command, mistake):
    variables, line = MISTAKES[mistake]
    env = clean_env() | {"DATABASE_URL": "sqlite://"} | variables
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    # That line alone: no traceback, no "Worker failed to boot".
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(line)
