"""Which settings module each entry point selects, and what each environment's settings hold."""

import importlib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import environ
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

from config.settings.base import mailers, site_url

# A scratch path from the platform's temporary directory; the settings only parse it.
SCRATCH_DATABASE = Path(tempfile.gettempdir()) / "production-settings-test.sqlite3"
SECRET = "a-production-secret-key-that-is-long-and-random-enough-0123456789"
# What production settings refuse to start without, whatever the modules.
REQUIRED_ENV = {
    "SECRET_KEY": SECRET,
    "DATABASE_URL": f"sqlite:///{SCRATCH_DATABASE}",
    "ALLOWED_HOSTS": "example.com,www.example.com",
{%- if cookiecutter.use_celery == "yes" %}
    "REDIS_URL": "redis://redis.internal:6379/0",
{%- endif %}
}
# An accounts module needs these too (its tests check it); the others ignore them.
PRODUCTION_ENV = REQUIRED_ENV | {
    "EMAIL_URL": "smtp+tls://site:secret@smtp.example.com:587",
    "SITE_URL": "https://example.com",
}
SHOW_SETTINGS_MODULE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


def run(args, env, cwd=settings.BASE_DIR):
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def load_settings(name):
    """Import a settings module afresh, base.py with it, as Django would at start-up."""
    fresh = (f"config.settings.{name}", "config.settings.base")
    for module in fresh:
        sys.modules.pop(module, None)
    try:
        return importlib.import_module(f"config.settings.{name}")
    finally:
        for module in fresh:
            sys.modules.pop(module, None)


def test_pytest_runs_on_the_test_settings_and_a_test_database():
    assert settings.SETTINGS_MODULE == "config.settings.test"
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # Django's test runner made a database of its own on that server.
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["NAME"].startswith("test_")
    else:
        database = connections["default"]
        assert isinstance(database, SQLiteDatabaseWrapper)
        assert database.is_in_memory_db()


def test_manage_py_defaults_to_development_settings(bare_env):
    result = run(["manage.py", "shell", "--no-imports", "-c", SHOW_SETTINGS_MODULE], bare_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "config.settings.development"


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_server_entry_points_default_to_production_settings(bare_env, entry_point):
    code = f"import {entry_point}; {SHOW_SETTINGS_MODULE}"

    result = run(["-c", code], {**bare_env, **PRODUCTION_ENV})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "config.settings.production"


# The ways the app starts in production: gunicorn (gunicorn.conf.py, config/wsgi.py)
# and manage.py.
START_UPS = {
    "gunicorn": ["-m", "gunicorn", "--bind", "127.0.0.1:0"],
    "manage.py": ["manage.py", "check"],
}


# Each entry point once, each without another variable: the test below names
# every variable's line in one process.
@pytest.mark.parametrize(
    ("command", "variable"),
    [(START_UPS["gunicorn"], "SECRET_KEY"), (START_UPS["manage.py"], "DATABASE_URL")],
    ids=["gunicorn", "manage.py"],
)
def test_production_refuses_to_start_without_a_required_variable(bare_env, variable, command):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != variable}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

    result = run(command, {**bare_env, **env})

    assert result.returncode == 1
    # That line alone: no traceback, no "Worker failed to boot".
    assert result.stderr == f"Set the {variable} environment variable\n"


def test_production_passes_the_deployment_checklist(bare_env):
    env = {**bare_env, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"}

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_collects_static_files_for_whitenoise(bare_env, tmp_path):
    env = {
        **bare_env,
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "STATIC_ROOT": str(tmp_path / "static"),
    }

    result = run(["manage.py", "collectstatic", "--noinput"], env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").is_file()
    assert list((tmp_path / "static" / "vendor" / "bootstrap").glob("bootstrap.min.*.css"))


@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
@pytest.mark.parametrize("variable", list(REQUIRED_ENV))
def test_production_settings_name_the_missing_variable(clean_environ, variable, value):
    clean_environ.update(PRODUCTION_ENV)
    del clean_environ[variable]
    if value is not None:
        # SECRET_KEY= in an env file: set, but no secret.
        clean_environ[variable] = value

    with pytest.raises(ImproperlyConfigured, match=f"Set the {variable} environment variable"):
        load_settings("production")


def test_production_settings_enforce_https_behind_a_proxy(clean_environ):
    clean_environ.update(PRODUCTION_ENV)

    production = load_settings("production")

    assert production.DEBUG is False
    assert production.SECRET_KEY == SECRET
    assert production.ALLOWED_HOSTS == ["example.com", "www.example.com"]
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    # HSTS for a year, its subdomains and preload only when asked.
    assert production.SECURE_HSTS_SECONDS == 31_536_000
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert production.SECURE_HSTS_PRELOAD is False
    assert production.DATABASES["default"]["NAME"] == str(SCRATCH_DATABASE)
    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_hsts_subdomains_and_preload_are_opt_in(clean_environ):
    clean_environ.update(
        PRODUCTION_ENV
        | {
            "SECURE_HSTS_SECONDS": "60",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "yes",
        }
    )

    production = load_settings("production")

    assert production.SECURE_HSTS_SECONDS == 60
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SECURE_HSTS_PRELOAD is True


# What the accounts and api modules allow, the same in the Flask variant: the
# suite exercises the test settings' values, so production must hold the same ones.
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


def test_production_keeps_the_account_limits_the_tests_exercise(clean_environ):
    clean_environ.update(PRODUCTION_ENV)

    production = load_settings("production")

    for name, value in ACCOUNT_LIMITS.items():
        assert (getattr(production, name), getattr(settings, name)) == (value, value), name


def test_development_settings_take_the_environment_over_dotenv(clean_environ, tmp_path):
    clean_environ["SECRET_KEY"] = "from-the-environment"
    clean_environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'dev.sqlite3'}"

    development = load_settings("development")

    assert development.DEBUG is True
    assert development.SECRET_KEY == "from-the-environment"
    assert development.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert development.DATABASES["default"]["NAME"] == str(tmp_path / "dev.sqlite3")
    assert "localhost" in development.ALLOWED_HOSTS


def test_development_database_defaults_to_a_sqlite_file(clean_environ, monkeypatch):
    clean_environ.pop("DATABASE_URL", None)
    # Whatever this checkout's .env says (a PostgreSQL bake's names its database).
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)

    development = load_settings("development")

    assert development.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert development.DATABASES["default"]["NAME"] == str(settings.BASE_DIR / "db.sqlite3")


SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "{{ cookiecutter.project_slug }}.mail.ConsoleBackend"


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        (
            "smtp://127.0.0.1:1025",
            SMTP,
            {"host": "127.0.0.1", "port": 1025, "use_tls": False, "use_ssl": False},
        ),
        (
            "smtp+tls://site%40example.com:p%40ss@smtp.example.com:587",
            SMTP,
            {
                "host": "smtp.example.com",
                "port": 587,
                "username": "site@example.com",
                "password": "p@ss",
                "use_tls": True,
                "use_ssl": False,
            },
        ),
        (
            "smtp+ssl://smtp.example.com:465",
            SMTP,
            {"host": "smtp.example.com", "port": 465, "use_tls": False, "use_ssl": True},
        ),
        ("consolemail://", "{{ cookiecutter.project_slug }}.mail.ConsoleBackend", {}),
        ("memorymail://", "django.core.mail.backends.locmem.EmailBackend", {}),
        ("dummymail://", "django.core.mail.backends.dummy.EmailBackend", {}),
        (
            "filemail:///tmp/mail",
            "django.core.mail.backends.filebased.EmailBackend",
            {"file_path": "/tmp/mail"},
        ),
        ("filemail://", "django.core.mail.backends.filebased.EmailBackend", {"file_path": "mail"}),
        # No port: Django's SMTP backend takes EMAIL_PORT's default, 25.
        (
            "smtps://smtp.example.com",
            SMTP,
            {"host": "smtp.example.com", "use_tls": True, "use_ssl": False},
        ),
    ],
    ids=["smtp", "smtp+tls", "smtp+ssl", "console", "memory", "dummy", "file", "here", "smtps"],
)
def test_email_url_becomes_the_default_mailer(url, backend, options):
    mailer = mailers(url)["default"]

    assert mailer["BACKEND"] == backend
    if backend == SMTP:
        options = options | {"timeout": 10}
    assert mailer["OPTIONS"] == options


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
    with pytest.raises(ImproperlyConfigured, match=f"^{message}$") as refused:
        mailers(url)

    assert "secret" not in str(refused.value)


@pytest.mark.parametrize("url", ["example.com", "ftp://example.com", "https://example.com/app"])
def test_site_url_must_be_a_scheme_and_a_host(url):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be the site's scheme and host"):
        site_url(url)


def test_site_url_loses_its_trailing_slash():
    assert site_url("https://example.com/") == "https://example.com"


def test_production_reads_the_mail_settings(clean_environ):
    clean_environ.update(PRODUCTION_ENV)
    clean_environ["DEFAULT_FROM_EMAIL"] = "site@example.com"

    production = load_settings("production")

    assert production.MAILERS["default"]["OPTIONS"]["host"] == "smtp.example.com"
    assert production.DEFAULT_FROM_EMAIL == production.SERVER_EMAIL == "site@example.com"
    assert production.SITE_URL == "https://example.com"
    assert production.TRUSTED_PROXY_COUNT == 1


def test_development_prints_mail_and_links_to_runserver(clean_environ, monkeypatch):
    # The defaults, whatever this machine's .env says.
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)
    for name in ("EMAIL_URL", "SITE_URL", "TRUSTED_PROXY_COUNT"):
        clean_environ.pop(name, None)

    development = load_settings("development")

    assert development.MAILERS["default"]["BACKEND"] == CONSOLE
    assert development.SITE_URL == "http://127.0.0.1:8000"
    assert development.TRUSTED_PROXY_COUNT == 0


def test_an_email_url_is_used_in_development_too(clean_environ):
    clean_environ["EMAIL_URL"] = "smtp://127.0.0.1:1025"

    development = load_settings("development")

    assert development.MAILERS["default"]["OPTIONS"]["port"] == 1025


def test_error_reporting_and_tracing_are_off_unless_set(clean_environ):
    clean_environ.update(PRODUCTION_ENV)
    for name in ("SENTRY_DSN", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME"):
        clean_environ.pop(name, None)

    production = load_settings("production")

    assert production.SENTRY_DSN == ""
    assert production.OTEL_EXPORTER_OTLP_ENDPOINT == ""
    # The name traces carry when tracing is on.
    assert production.OTEL_SERVICE_NAME == "{{ cookiecutter.project_slug }}"


def test_tests_never_report_errors_or_traces_whatever_the_shell_says():
    # A developer's SENTRY_DSN must not receive the suite's deliberate errors.
    assert settings.SENTRY_DSN == ""
    assert settings.OTEL_EXPORTER_OTLP_ENDPOINT == ""
