"""Configuration objects; the FLASK_CONFIG variable names the one to use by import path.

create_app() instantiates the chosen class, so the properties below read the
environment when an app is created, not when this module is imported. See
https://flask.palletsprojects.com/en/stable/config/#development-production
"""

import os
from typing import Any, ClassVar, overload
from urllib.parse import unquote, urlsplit

# A development-only fallback; ProductionConfig refuses it.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
MIN_SECRET_KEY_LENGTH = 32
{%- if cookiecutter.use_celery == "yes" %}
# Redis on this machine: the broker, result store and cache outside production.
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
{%- endif %}


class ConfigError(RuntimeError):
    """A required setting is missing or unsafe; the message names the variable."""


# A default makes the value a str: mypy is told so per call.
@overload
def env(name: str) -> str | None: ...
@overload
def env(name: str, default: str) -> str: ...
def env(name: str, default: str | None = None) -> str | None:
    """The environment variable `name`, or `default` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def whole_number(name: str, default: int) -> int:
    """The environment variable `name` as a whole number, or `default` when unset."""
    value = env(name)
    if value is None:
        return default
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number, got {value!r}")
    return int(value)


# The spellings of a yes/no variable, as django-environ reads them in the
# Django variant of this template.
TRUE_WORDS = {"true", "on", "ok", "y", "yes", "1"}
FALSE_WORDS = {"false", "off", "n", "no", "0"}


def flag(name: str, default: bool) -> bool:
    """The environment variable `name` as true or false, or `default` when unset."""
    value = env(name)
    if value is None:
        return default
    if value.lower() not in TRUE_WORDS | FALSE_WORDS:
        raise ConfigError(f"{name} must be true or false, got {value!r}")
    return value.lower() in TRUE_WORDS


# EMAIL_URL's schemes (django-environ's, as in the Django variant of this
# template) and the Flask-Mailman backend each one selects.
# https://waynerv.github.io/flask-mailman/#configuration
MAIL_BACKENDS = {
    "smtp": "smtp",
    "smtps": "smtp",
    "smtp+tls": "smtp",
    "smtp+ssl": "smtp",
    "consolemail": "console",
    "filemail": "file",
    "memorymail": "locmem",
    "dummymail": "dummy",
}
# Seconds a request waits on a mail server that does not answer.
MAIL_TIMEOUT = 10


def mail_settings(url: str | None) -> dict[str, Any]:
    """Flask-Mailman's MAIL_* settings from an EMAIL_URL; none for an unset one.

    smtp://user:password@host:25, smtp+tls://...:587 (STARTTLS),
    smtp+ssl://...:465, consolemail:// (print), filemail:///path,
    memorymail:// (the outbox tests read), dummymail:// (drop).
    """
    if not url:
        return {}
    parts = urlsplit(url)
    if parts.scheme not in MAIL_BACKENDS:
        schemes = ", ".join(f"{scheme}://" for scheme in sorted(MAIL_BACKENDS))
        raise ConfigError(
            f"EMAIL_URL must start with one of {schemes}, got {url.split(':', 1)[0]!r}"
        )
    backend = MAIL_BACKENDS[parts.scheme]
    settings: dict[str, Any] = {"MAIL_BACKEND": backend}
    if backend == "smtp":
        if not parts.hostname:
            raise ConfigError("EMAIL_URL must name the mail server's host, e.g. smtp://host")
        try:
            port = parts.port or 25
        except ValueError as error:
            raise ConfigError("EMAIL_URL must give the port as a number, e.g. :587") from error
        settings |= {
            "MAIL_SERVER": parts.hostname,
            "MAIL_PORT": port,
            "MAIL_USERNAME": unquote(parts.username) if parts.username else None,
            "MAIL_PASSWORD": unquote(parts.password) if parts.password else None,
            "MAIL_USE_TLS": parts.scheme in ("smtps", "smtp+tls"),
            "MAIL_USE_SSL": parts.scheme == "smtp+ssl",
            "MAIL_TIMEOUT": MAIL_TIMEOUT,
        }
    elif backend == "file":
        # filemail:///var/mail/site is /var/mail/site; filemail://mail is ./mail.
        settings["MAIL_FILE_PATH"] = parts.netloc + parts.path or "mail"
    return settings


def site_url(url: str | None) -> str | None:
    """SITE_URL checked: the scheme and host that links in mail start with."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/"):
        raise ConfigError(
            f"SITE_URL must be the site's scheme and host, e.g. https://example.com, got {url!r}"
        )
    return url.rstrip("/")


@overload
def database_url(url: str) -> str: ...
@overload
def database_url(url: None) -> None: ...
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
    SITE_NAME = "{{ cookiecutter.project_name }}"
    # What search results show under the title, for pages that say nothing
    # more precise (base.html's description block).
    # (A long one is split over lines, as ruff format would.)
{%- set description = cookiecutter.description | jsonify %}
{%- if description | length <= 77 %}
    SITE_DESCRIPTION = {{ description }}
{%- else %}
    SITE_DESCRIPTION = (
{%- for part in (cookiecutter.description | wordwrap(60, False, " \x1f")).split("\x1f") %}
        {{ part | jsonify }}
{%- endfor %}
    )
{%- endif %}
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
    # The largest request body taken, as Django's DATA_UPLOAD_MAX_MEMORY_SIZE
    # (2.5 MB): a larger one is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = 2_621_440
    # Sent with every response (app.py, set_security_headers) unless the view
    # set the header itself; Flask sends none of them by default. The same
    # values as the Django variant of this template. See
    # https://flask.palletsprojects.com/en/stable/web-security/#security-headers
    SECURITY_HEADERS: ClassVar[dict[str, str]] = {
        # Scripts, styles, images and forms from this site only; no inline
        # script or style anywhere, so no 'unsafe-inline'. Bootstrap's CSS
        # holds its icons as data: URLs. Development sends it too, so that a
        # page breaking it fails while it is written (Werkzeug's debugger
        # answers before the app does, so its page is not under it).
        # https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        ),
        # No window this site opens, or that opens it, shares its browsing context.
        "Cross-Origin-Opener-Policy": "same-origin",
        # Browser features a starter site does not use, off for it and its frames.
        "Permissions-Policy": (
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
            "magnetometer=(), microphone=(), payment=(), usb=()"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # The full address to this site's own pages, none to other sites.
        "Referrer-Policy": "same-origin",
    }

    @property
    def STRICT_TRANSPORT_SECURITY(self) -> str:
        # None outside production, which sends HTTPS only.
        return ""

    # What an accounts blueprint does, the same in the Django variant of this template.
    # Whether a new account must confirm its email address before it can sign
    # in; False lets it sign in at once (the confirmation mail is still sent).
    ACCOUNT_CONFIRMATION_REQUIRED = True
    # How long a confirmation link works, in seconds (3 days).
    ACCOUNT_CONFIRMATION_MAX_AGE = 3 * 24 * 60 * 60
    # How long a password-reset link works, in seconds.
    PASSWORD_RESET_TIMEOUT = 60 * 60
    # Sign-in limits: after LOGIN_FAILURES_PER_USERNAME failed sign-ins for one
    # username, or LOGIN_FAILURES_PER_CLIENT from one client address, within
    # LOGIN_FAILURE_WINDOW seconds, sign-in is refused until the oldest of them
    # leaves the window, even with the right password.
    LOGIN_FAILURES_PER_USERNAME = 5
    LOGIN_FAILURES_PER_CLIENT = 20
    LOGIN_FAILURE_WINDOW = 15 * 60
    # Mail limits (confirmation links, password resets, address changes): per
    # address asked for and per client address, within MAIL_REQUEST_WINDOW seconds.
    MAIL_REQUESTS_PER_EMAIL = 3
    MAIL_REQUESTS_PER_CLIENT = 10
    MAIL_REQUEST_WINDOW = 60 * 60
    # How long a token of an api module works, in seconds (30 days).
    API_TOKEN_MAX_AGE = 30 * 24 * 60 * 60
    # werkzeug's strongest method, the one it picks by default:
    # https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.generate_password_hash
    PASSWORD_HASH_METHOD = "scrypt"

    @property
    def SECRET_KEY(self) -> str | None:
        return env("SECRET_KEY")

    @property
    def SQLALCHEMY_DATABASE_URI(self) -> str | None:
        return database_url(env("DATABASE_URL"))

    # Mail: EMAIL_URL names the server; create_app() turns it into
    # Flask-Mailman's MAIL_* settings (mail_settings above).
    @property
    def EMAIL_URL(self) -> str | None:
        return env("EMAIL_URL")

    @property
    def DEFAULT_FROM_EMAIL(self) -> str:
        return env("DEFAULT_FROM_EMAIL", "webmaster@localhost")

    # The scheme and host that links in mail start with, never the request's Host.
    @property
    def SITE_URL(self) -> str | None:
        return site_url(env("SITE_URL"))

    # Proxies in front of the app that append to X-Forwarded-For: the client's
    # address is read that many places from its end (0: the peer itself).
    # create_app() applies werkzeug's ProxyFix with it.
    @property
    def TRUSTED_PROXY_COUNT(self) -> int:
        return whole_number("TRUSTED_PROXY_COUNT", 0)

    @property
    def BLUEPRINTS_FILE(self) -> str:
        # Relative paths are resolved against the working directory: see blueprints.py.
        return env("BLUEPRINTS_FILE", "blueprints.yaml")

    # Logging (logs.py): how much, and readable lines outside production.
    # load_app() checks the level and sets logging up from both.
    @property
    def LOG_LEVEL(self) -> str:
        return env("LOG_LEVEL", "INFO")

    LOG_JSON = False

    # Error reports and traces (telemetry.py), each off while its variable is
    # unset: the Sentry project's DSN, and the OpenTelemetry collector's URL
    # (the exporter reads it, and the other OTEL_EXPORTER_OTLP_* variables, itself).
    @property
    def SENTRY_DSN(self) -> str | None:
        return env("SENTRY_DSN")

    @property
    def OTEL_EXPORTER_OTLP_ENDPOINT(self) -> str | None:
        return env("OTEL_EXPORTER_OTLP_ENDPOINT")

    # The service the traces are filed under.
    @property
    def OTEL_SERVICE_NAME(self) -> str:
        return env("OTEL_SERVICE_NAME", "{{ cookiecutter.project_slug }}")
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
            # Queues and control messages of this project's own, so that another
            # project's worker on the same Redis takes none of its tasks and
            # answers none of its pings (Celery names both "celery").
            "task_default_queue": "{{ cookiecutter.project_slug }}",
            "control_exchange": "{{ cookiecutter.project_slug }}",
            # Queuing a task (a mail) while Redis is down fails after one quick
            # retry, so the request that asked says so at once instead of after
            # seconds of retries. Workers keep their own reconnection settings.
            "broker_transport_options": {
                "max_retries": 1,
                "interval_start": 0,
                "interval_step": 0.2,
            },
        }

    # Flask-Caching on the same Redis: https://flask-caching.readthedocs.io/en/latest/#configuring-flask-caching
    CACHE_KEY_PREFIX = "{{ cookiecutter.project_slug }}:"

    # A property, so that TestingConfig's, which reads the environment, may replace it.
    @property
    def CACHE_TYPE(self) -> str:
        return "RedisCache"

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

    # Mail is printed where `flask run` runs (or the Celery worker, which sends
    # it) unless EMAIL_URL names a server; links in it point at `flask run`.
    @property
    def EMAIL_URL(self) -> str:
        return env("EMAIL_URL", "consolemail://")

    @property
    def SITE_URL(self) -> str | None:
        return site_url(env("SITE_URL", "http://127.0.0.1:5000"))


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
    # Sent mail stays in app.extensions["mailman"].outbox. Links in it start
    # with SITE_URL, a host the test client never sends, so a test can tell a
    # link built from the request's host.
    EMAIL_URL = "memorymail://"
    DEFAULT_FROM_EMAIL = "site@example.com"
    SITE_URL = "https://site.example.com"
    TRUSTED_PROXY_COUNT = 0
    # A deliberately cheap hash: scrypt's cost would dominate the suite's time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"
    # Whatever a developer's shell sets: the suite's errors and traces go nowhere.
    SENTRY_DSN = None
    OTEL_EXPORTER_OTLP_ENDPOINT = None
{%- if cookiecutter.use_celery == "yes" %}

    @property
    def CACHE_TYPE(self) -> str:
        # The cache is Redis only when the environment names one; else in-process.
        return "RedisCache" if env("REDIS_URL") else "SimpleCache"

    @property
    def CELERY(self) -> dict[str, Any]:
        # Tasks run in the test's own process, at once: mail sent through a task
        # reaches the outbox like any other. A task that fails does not fail the
        # request that queued it, as with a real worker.
        return super().CELERY | {"task_always_eager": True, "task_eager_propagates": False}
{%- endif %}


class ProductionConfig(BaseConfig):
    """Behind gunicorn: secrets and the database must come from the environment."""

    # Explicit, so that FLASK_DEBUG=1 left in an environment cannot turn on
    # debug mode (tracebacks in error responses) in production.
    DEBUG = False
    TESTING = False
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    # One JSON object per line on stderr, for the log collector to parse.
    LOG_JSON = True
    # The mail server (e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.com:587)
    # and SITE_URL (e.g. https://example.com): an accounts blueprint refuses to
    # start without them. BaseConfig reads both from the environment.

    @property
    def TRUSTED_PROXY_COUNT(self) -> int:
        # One proxy (nginx, a load balancer) in front, as the README deploys it;
        # 0 when clients reach gunicorn directly, or they could forge their address.
        return whole_number("TRUSTED_PROXY_COUNT", 1)

    @property
    def STRICT_TRANSPORT_SECURITY(self) -> str:
        # HSTS: browsers then use HTTPS only for this host, for a year by
        # default (browsers ignore it over HTTP). Its subdomains too, and the
        # browsers' preload list, only when asked: preload is hard to undo, and
        # both are wrong while any subdomain serves plain HTTP.
        # https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security
        value = f"max-age={whole_number('SECURE_HSTS_SECONDS', 31_536_000)}"
        if flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", False):
            value += "; includeSubDomains"
        if flag("SECURE_HSTS_PRELOAD", False):
            value += "; preload"
        return value

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
