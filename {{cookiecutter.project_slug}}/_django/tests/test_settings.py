"""Which settings module each entry point selects, and what each environment's settings hold."""

import importlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

# A scratch path from the platform's temporary directory; the settings only parse it.
SCRATCH_DATABASE = Path(tempfile.gettempdir()) / "production-settings-test.sqlite3"
SECRET = "a-production-secret-key-that-is-long-and-random-enough-0123456789"
PRODUCTION_ENV = {
    "SECRET_KEY": SECRET,
    "DATABASE_URL": f"sqlite:///{SCRATCH_DATABASE}",
    "ALLOWED_HOSTS": "example.com,www.example.com",
{%- if cookiecutter.use_celery == "yes" %}
    "REDIS_URL": "redis://redis.internal:6379/0",
{%- endif %}
}
SHOW_SETTINGS_MODULE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


def run(args, env, cwd=settings.BASE_DIR):
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def load_settings(name):
    """Import a settings module afresh, as Django would at start-up."""
    sys.modules.pop(f"config.settings.{name}", None)
    try:
        return importlib.import_module(f"config.settings.{name}")
    finally:
        sys.modules.pop(f"config.settings.{name}", None)


def test_pytest_runs_on_the_test_settings_and_a_test_database():
    assert settings.SETTINGS_MODULE == "config.settings.test"
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # Django's test runner made a database of its own on that server.
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["NAME"].startswith("test_")
    else:
        assert connection.vendor == "sqlite"
        assert connection.is_in_memory_db()


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


@pytest.mark.parametrize("variable", list(PRODUCTION_ENV))
def test_production_refuses_to_start_without_a_required_variable(bare_env, variable):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != variable}

    result = run(["-c", "import config.wsgi"], {**bare_env, **env})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: Set the {variable} environment variable" in result.stderr


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


@pytest.mark.parametrize("variable", list(PRODUCTION_ENV))
def test_production_settings_name_the_missing_variable(clean_environ, variable):
    clean_environ.update(PRODUCTION_ENV)
    del clean_environ[variable]

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
    assert production.SECURE_HSTS_SECONDS > 0
    assert production.DATABASES["default"]["NAME"] == str(SCRATCH_DATABASE)
    assert production.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_development_settings_take_the_environment_over_dotenv(clean_environ, tmp_path):
    clean_environ["SECRET_KEY"] = "from-the-environment"
    clean_environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'dev.sqlite3'}"

    development = load_settings("development")

    assert development.DEBUG is True
    assert development.SECRET_KEY == "from-the-environment"
    assert development.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert development.DATABASES["default"]["NAME"] == str(tmp_path / "dev.sqlite3")
    assert "localhost" in development.ALLOWED_HOSTS


def test_development_database_defaults_to_a_sqlite_file(clean_environ):
    clean_environ.pop("DATABASE_URL", None)
    dotenv = settings.BASE_DIR / ".env"
    if dotenv.is_file() and "DATABASE_URL=" in dotenv.read_text(encoding="utf-8"):
        pytest.skip(".env sets DATABASE_URL (this project was baked for another database)")

    development = load_settings("development")

    assert development.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert development.DATABASES["default"]["NAME"] == str(settings.BASE_DIR / "db.sqlite3")
