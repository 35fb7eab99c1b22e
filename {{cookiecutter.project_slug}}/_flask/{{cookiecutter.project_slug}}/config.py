"""Configuration objects; the FLASK_CONFIG variable names the one to use by import path.

create_app() instantiates the chosen class, so the properties below read the
environment when an app is created, not when this module is imported. See
https://flask.palletsprojects.com/en/stable/config/#development-production
"""

import os
from typing import Any, ClassVar

# A development-only fallback; ProductionConfig refuses it.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
MIN_SECRET_KEY_LENGTH = 32
{%- if cookiecutter.use_celery == "yes" %}
# Redis on this machine: the broker, result store and cache outside production.
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
{%- endif %}


class ConfigError(RuntimeError):
    """A required setting is missing or unsafe; the message names the variable."""


def env(name: str, default: str | None = None) -> str | None:
    """The environment variable `name`, or `default` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def database_url(url: str | None) -> str | None:
    """DATABASE_URL with the scheme SQLAlchemy needs for psycopg 3.

    Hosting providers hand out postgres:// or postgresql:// URLs, which
    SQLAlchemy maps to psycopg2; this project installs psycopg (version 3).
    https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#module-sqlalchemy.dialects.postgresql.psycopg
    """
    if url is None:
        return None
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


class BaseConfig:
    """Settings shared by every environment."""

    # Shown by templates/base.html in the title and navigation bar.
    SITE_NAME = {{ cookiecutter.project_name | tojson }}
    # https://flask.palletsprojects.com/en/stable/web-security/#set-cookie-options
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # One connection pool per process (each gunicorn worker): connections are
    # reused between requests, checked before use (so a restarted database
    # server costs a reconnect, not an error page) and replaced after 30 minutes.
    # https://docs.sqlalchemy.org/en/20/core/pooling.html#disconnect-handling-pessimistic
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {
        "pool_pre_ping": True,
        "pool_recycle": 1800,
    }
    WTF_CSRF_ENABLED = True
    # Sent with every response (app.py, set_security_headers) unless the view
    # set the header itself; Flask sends none of them by default. See
    # https://flask.palletsprojects.com/en/stable/web-security/#security-headers
    SECURITY_HEADERS: ClassVar[dict[str, str]] = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }

    @property
    def SECRET_KEY(self) -> str | None:
        return env("SECRET_KEY")

    @property
    def SQLALCHEMY_DATABASE_URI(self) -> str | None:
        return database_url(env("DATABASE_URL"))

    @property
    def BLUEPRINTS_FILE(self) -> str:
        # Relative paths are resolved against the working directory: see blueprints.py.
        return env("BLUEPRINTS_FILE", "blueprints.yaml")
{%- if cookiecutter.use_celery == "yes" %}

    @property
    def REDIS_URL(self) -> str:
        return env("REDIS_URL", LOCAL_REDIS_URL)

    # Celery's settings, lowercase as Celery names them; tasks.py reads them.
    # https://docs.celeryq.dev/en/stable/userguide/configuration.html
    @property
    def CELERY(self) -> dict[str, Any]:
        return {
            "broker_url": self.REDIS_URL,
            "result_backend": self.REDIS_URL,
            # Results are kept only for tasks that ask (shared_task(ignore_result=False)).
            "task_ignore_result": True,
            # Results expire after a day rather than filling Redis.
            "result_expires": 86400,
            # Modules whose tasks the worker registers; add a blueprint's tasks module here.
            "include": ["{{ cookiecutter.project_slug }}.tasks"],
        }

    # Flask-Caching on the same Redis: https://flask-caching.readthedocs.io/en/latest/#configuring-flask-caching
    CACHE_TYPE = "RedisCache"
    CACHE_KEY_PREFIX = "{{ cookiecutter.project_slug }}:"

    @property
    def CACHE_REDIS_URL(self) -> str:
        return self.REDIS_URL
{%- endif %}


class DevelopmentConfig(BaseConfig):
    """Local work: debug on; SQLite in the instance folder unless DATABASE_URL says otherwise."""

    DEBUG = True

    @property
    def SECRET_KEY(self) -> str:
        return env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

    @property
    def SQLALCHEMY_DATABASE_URI(self) -> str:
        # Flask-SQLAlchemy puts a relative SQLite path in app.instance_path:
        # https://flask-sqlalchemy.readthedocs.io/en/stable/config/#connection-url-format
        return database_url(env("DATABASE_URL", "sqlite:///development.sqlite3"))


class TestingConfig(BaseConfig):
    """The test suite: an in-memory database unless the suite says otherwise.

    tests/conftest.py points SQLALCHEMY_DATABASE_URI at a test_ database of its
    own when DATABASE_URL names a PostgreSQL server, never at that database itself.
    CSRF protection stays on, as in production: tests read the token from the
    form they post, so a view that forgets it fails its tests.
    """

    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
{%- if cookiecutter.use_celery == "yes" %}

    @property
    def CACHE_TYPE(self) -> str:
        # The cache is Redis only when the environment names one; else in-process.
        return "RedisCache" if env("REDIS_URL") else "SimpleCache"
{%- endif %}


class ProductionConfig(BaseConfig):
    """Behind gunicorn: secrets and the database must come from the environment."""

    # Explicit, so that FLASK_DEBUG=1 left in an environment cannot turn on
    # debug mode (tracebacks in error responses) in production.
    DEBUG = False
    TESTING = False
    # HSTS: browsers then use HTTPS only for this host for a year. Served over
    # HTTPS only (browsers ignore it over HTTP); add "; includeSubDomains" once
    # every subdomain serves HTTPS too.
    SECURITY_HEADERS: ClassVar[dict[str, str]] = BaseConfig.SECURITY_HEADERS | {
        "Strict-Transport-Security": "max-age=31536000",
    }
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True

    @property
    def SECRET_KEY(self) -> str:
        key = env("SECRET_KEY")
        if key is None:
            raise ConfigError(
                "SECRET_KEY is not set; ProductionConfig needs a random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        if key == DEVELOPMENT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                f"SECRET_KEY is too weak for ProductionConfig: use a random value of "
                f"at least {MIN_SECRET_KEY_LENGTH} characters"
            )
        return key

    @property
    def SQLALCHEMY_DATABASE_URI(self) -> str:
        url = database_url(env("DATABASE_URL"))
        if url is None:
            raise ConfigError(
                "DATABASE_URL is not set; ProductionConfig needs the database URL, "
                "e.g. postgresql://user:password@host:5432/dbname"
            )
        return url
{%- if cookiecutter.use_celery == "yes" %}

    @property
    def REDIS_URL(self) -> str:
        url = env("REDIS_URL")
        if url is None:
            raise ConfigError(
                "REDIS_URL is not set; ProductionConfig needs the Redis URL for Celery "
                "and the cache, e.g. redis://host:6379/0"
            )
        return url
{%- endif %}
