"""Settings every environment shares; development.py, test.py and production.py build on them.

Values that differ per machine (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS) are not
here: each environment module reads them from the environment.

https://docs.djangoproject.com/en/6.1/topics/settings/
https://docs.djangoproject.com/en/6.1/ref/settings/
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.contrib.messages import constants as message_levels
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from {{ cookiecutter.project_slug }} import logs

# The project root (where manage.py lives): config/settings/base.py -> three levels up.
BASE_DIR = Path(__file__).resolve().parent.parent.parent

# django-environ reads and casts environment variables (DATABASE_URL -> DATABASES).
# https://django-environ.readthedocs.io/en/latest/
env = environ.Env()


def required(name: str) -> str:
    """The variable `name`, which must be set and not blank: `SECRET_KEY=` is no key.

    ImproperlyConfigured says which variable, in django-environ's words for
    one that is missing.
    """
    value: str = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable")
    return value


def log_level(value: str) -> str:
    """LOG_LEVEL checked by logs.log_level(): ImproperlyConfigured, in one line, for no level."""
    try:
        return logs.log_level(value)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None


# GENERAL
# ------------------------------------------------------------------------------
# Shown in the page title and the navigation bar (see context_processors.py).
SITE_NAME = "{{ cookiecutter.project_name }}"
# What search results show under the title, for pages that say nothing more
# precise (base.html's description block).
# (A long one is split over lines, as ruff format would.)
{%- set description = cookiecutter.description | jsonify %}
{%- if description | length <= 81 %}
SITE_DESCRIPTION = {{ description }}
{%- else %}
SITE_DESCRIPTION = (
{%- for part in (cookiecutter.description | wordwrap(60, False, " \x1f")).split("\x1f") %}
    {{ part | jsonify }}
{%- endfor %}
)
{%- endif %}
# https://docs.djangoproject.com/en/6.1/ref/settings/#debug
DEBUG = False
# https://docs.djangoproject.com/en/6.1/ref/settings/#time-zone
TIME_ZONE = "UTC"
# https://docs.djangoproject.com/en/6.1/ref/settings/#language-code
LANGUAGE_CODE = "en-us"
# https://docs.djangoproject.com/en/6.1/ref/settings/#use-i18n
USE_I18N = True
# https://docs.djangoproject.com/en/6.1/ref/settings/#use-tz
USE_TZ = True

# URLS
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#root-urlconf
ROOT_URLCONF = "config.urls"
# https://docs.djangoproject.com/en/6.1/ref/settings/#wsgi-application
WSGI_APPLICATION = "config.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# The project package is an app too: it holds the shared templates, the static
# files and the management commands (startmodule).
LOCAL_APPS = [
    "{{ cookiecutter.project_slug }}",
]
# One app per module of the project, inside the package.
# `python manage.py startmodule NAME` adds the new app's line here.
PROJECT_APPS = [
    # startmodule: new apps go above this line
]
# https://docs.djangoproject.com/en/6.1/ref/settings/#installed-apps
# runserver_nostatic lets `runserver` serve static files through WhiteNoise too,
# so development behaves like production; it must come before staticfiles.
# https://whitenoise.readthedocs.io/en/stable/django.html#using-whitenoise-in-development
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *DJANGO_APPS, *LOCAL_APPS, *PROJECT_APPS]

# AUTHENTICATION
# ------------------------------------------------------------------------------
# An accounts module (kind "accounts") adds AUTH_USER_MODEL, LOGIN_URL,
# LOGIN_REDIRECT_URL and LOGOUT_REDIRECT_URL here. Without one the project uses
# django.contrib.auth's User. Set the user model before the first `migrate`:
# changing it afterwards is not supported by Django's migrations.
# https://docs.djangoproject.com/en/6.1/topics/auth/customizing/#substituting-a-custom-user-model
# https://docs.djangoproject.com/en/6.1/ref/settings/#login-url
# startmodule: an accounts module's settings go above this line

# What an accounts module does, the same in the Flask variant of this template.
# Whether a new account must confirm its email address before it can sign in;
# False lets it sign in at once (the confirmation mail is still sent).
ACCOUNT_CONFIRMATION_REQUIRED = True
# How long a confirmation link works, in seconds (3 days).
ACCOUNT_CONFIRMATION_MAX_AGE = 3 * 24 * 60 * 60
# How long a password-reset link works, in seconds.
# https://docs.djangoproject.com/en/6.1/ref/settings/#password-reset-timeout
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
# Proxies in front of the app that append to X-Forwarded-For: the client's
# address is read that many places from its end (0: REMOTE_ADDR itself).
# production.py reads it from the environment.
TRUSTED_PROXY_COUNT = 0

# https://docs.djangoproject.com/en/6.1/ref/settings/#auth-password-validators
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#middleware
MIDDLEWARE = [
    # First, so that every answer has a request ID and an access line, the
    # ones the middleware below gives themselves included: HTTPS redirects,
    # static files, CSRF failures.
    "{{ cookiecutter.project_slug }}.middleware.RequestIdMiddleware",
    # /health/live and /health/ready, answered before the host check and the
    # HTTPS redirect below: a probe asks an instance at its own address.
    "{{ cookiecutter.project_slug }}.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, which answers for static files without going further
    # down this list: their responses carry these headers too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # WhiteNoise serves static files; it goes above the rest.
    # https://whitenoise.readthedocs.io/en/stable/django.html#enable-whitenoise
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# SECURITY
# ------------------------------------------------------------------------------
# Django's defaults, written out so a change is deliberate and reviewed; the
# HTTPS-only settings (secure cookies, HSTS, redirect) are in production.py.
# PASSWORD_HASHERS is left unset on purpose: Django's default list puts its
# recommended hasher (PBKDF2) first. Only test.py swaps in a fast one.
# https://docs.djangoproject.com/en/6.1/topics/auth/passwords/#how-django-stores-passwords
# JavaScript cannot read the session cookie.
# https://docs.djangoproject.com/en/6.1/ref/settings/#session-cookie-httponly
SESSION_COOKIE_HTTPONLY = True
# Browsers send the session and CSRF cookies with top-level navigations only.
# https://docs.djangoproject.com/en/6.1/ref/settings/#session-cookie-samesite
SESSION_COOKIE_SAMESITE = "Lax"
# https://docs.djangoproject.com/en/6.1/ref/settings/#csrf-cookie-samesite
CSRF_COOKIE_SAMESITE = "Lax"
# SecurityMiddleware: X-Content-Type-Options: nosniff and Referrer-Policy.
# https://docs.djangoproject.com/en/6.1/ref/middleware/#x-content-type-options-nosniff
SECURE_CONTENT_TYPE_NOSNIFF = True
# https://docs.djangoproject.com/en/6.1/ref/middleware/#referrer-policy
SECURE_REFERRER_POLICY = "same-origin"
# XFrameOptionsMiddleware: no page may be framed, by this site or another.
# https://docs.djangoproject.com/en/6.1/ref/clickjacking/
X_FRAME_OPTIONS = "DENY"
# Scripts, styles, images and forms from this site only; no inline script or
# style anywhere, so no 'unsafe-inline'. Bootstrap's CSS holds its icons as
# data: URLs. Every environment sends it, so that a page breaking it fails
# while it is written; Django's own debug pages opt out of it. A view that
# needs another policy uses django.views.decorators.csp.csp_override.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# No window this site opens, or that opens it, shares its browsing context.
# https://docs.djangoproject.com/en/6.1/ref/middleware/#cross-origin-opener-policy
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features a starter site does not use, off for it and its frames
# (django-permissions-policy checks the names).
# https://github.com/adamchainz/django-permissions-policy
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# DATABASES
# ------------------------------------------------------------------------------
# DATABASES itself comes from DATABASE_URL in each environment module.
# https://docs.djangoproject.com/en/6.1/ref/settings/#default-auto-field
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# STATIC
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#static-url
STATIC_URL = "static/"
# Where `collectstatic` gathers files for WhiteNoise to serve.
# https://docs.djangoproject.com/en/6.1/ref/settings/#static-root
STATIC_ROOT = BASE_DIR / "staticfiles"
# https://docs.djangoproject.com/en/6.1/ref/settings/#storages
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# TEMPLATES
# ------------------------------------------------------------------------------
# Templates live in each app's templates/ folder (APP_DIRS); the shared layout
# is in the project package's templates/, found the same way.
# https://docs.djangoproject.com/en/6.1/ref/settings/#templates
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "{{ cookiecutter.project_slug }}.context_processors.navigation",
            ],
        },
    },
]

# MAIL
# ------------------------------------------------------------------------------
# Each environment module sets EMAIL_URL, DEFAULT_FROM_EMAIL and SITE_URL, and
# MAILERS (Django 6.1's mail settings) from EMAIL_URL with mailers() below.
# EMAIL_URL takes django-environ's schemes: smtp://user:password@host:25,
# smtp+tls://...:587 (STARTTLS), smtp+ssl://...:465, consolemail:// (print),
# filemail:///path, memorymail:// (django.core.mail.outbox), dummymail:// (drop).
# https://docs.djangoproject.com/en/6.1/topics/email/
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
email_schemes = sorted(environ.Env.EMAIL_SCHEMES)
# Seconds a request waits on a mail server that does not answer.
email_timeout = 10


def mailers(url: str) -> dict[str, dict[str, object]]:
    """MAILERS with one "default" mailer from an EMAIL_URL; none for ''."""
    if not url:
        return {}
    if urlsplit(url).scheme not in email_schemes:
        schemes = ", ".join(f"{scheme}://" for scheme in email_schemes)
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {schemes}, got {url.split(':', 1)[0]!r}"
        )
    try:
        parsed = environ.Env.email_url_config(url)
    except ValueError as error:
        raise ImproperlyConfigured("EMAIL_URL must give the port as a number, e.g. :587") from error
    backend = parsed["EMAIL_BACKEND"]
    options: dict[str, object] = {}
    if backend.endswith(".console.EmailBackend"):
        # Django's, printing the text whole: links stay in one piece.
        backend = "{{ cookiecutter.project_slug }}.mail.ConsoleBackend"
    elif backend.endswith(".smtp.EmailBackend"):
        if not parsed["EMAIL_HOST"]:
            raise ImproperlyConfigured(
                "EMAIL_URL must name the mail server's host, e.g. smtp://host"
            )
        options = {
            "host": parsed["EMAIL_HOST"],
            "port": parsed["EMAIL_PORT"],
            "username": parsed["EMAIL_HOST_USER"],
            "password": parsed["EMAIL_HOST_PASSWORD"],
            "use_tls": parsed.get("EMAIL_USE_TLS", False),
            "use_ssl": parsed.get("EMAIL_USE_SSL", False),
            "timeout": email_timeout,
        }
    elif backend.endswith(".filebased.EmailBackend"):
        # filemail:///var/mail/site is /var/mail/site; filemail://mail is ./mail.
        parts = urlsplit(url)
        options = {"file_path": parts.netloc + parts.path or "mail"}
    options = {key: value for key, value in options.items() if value not in (None, "")}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


def site_url(url: str) -> str:
    """SITE_URL checked: the scheme and host links in mail start with; '' when unset."""
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/")):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's scheme and host, e.g. https://example.com, got {url!r}"
        )
    return url.rstrip("/")


# MESSAGES
# ------------------------------------------------------------------------------
# Bootstrap calls the error alert "danger".
# https://docs.djangoproject.com/en/6.1/ref/settings/#message-tags
MESSAGE_TAGS = {message_levels.ERROR: "danger"}

{% if cookiecutter.use_celery == "yes" %}# CELERY
# ------------------------------------------------------------------------------
# config/celery.py reads the CELERY_* settings; each environment module sets the
# broker and result store from REDIS_URL, and the cache on the same Redis.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Results are kept only for tasks that ask (shared_task(ignore_result=False)) ...
CELERY_TASK_IGNORE_RESULT = True
# ... and for a day, rather than filling Redis.
CELERY_RESULT_EXPIRES = 86400
# Queuing a task (a mail) while Redis is down fails after one quick retry, so
# the request that asked says so at once instead of after seconds of retries.
# Workers keep their own reconnection settings.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-transport-options
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# A queue and control messages of this project's own, so that another
# project's worker on the same Redis takes none of its tasks and answers none
# of its pings (Celery names both "celery").
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-default-queue
CELERY_TASK_DEFAULT_QUEUE = "{{ cookiecutter.project_slug }}"
CELERY_CONTROL_EXCHANGE = "{{ cookiecutter.project_slug }}"

{% endif %}# LOGGING
# ------------------------------------------------------------------------------
# Everything to stderr: the process manager (systemd, gunicorn, a container
# runtime) decides where it goes. Readable lines here, one JSON object per line
# in production.py (logs.config()); every record carries the ID of the request
# it was logged for (middleware.py). LOG_LEVEL: DEBUG, INFO (the default),
# WARNING, ERROR or CRITICAL.
# https://docs.djangoproject.com/en/6.1/topics/logging/
LOG_LEVEL = log_level(env.str("LOG_LEVEL", default=""))
# https://docs.djangoproject.com/en/6.1/ref/settings/#logging
LOGGING = logs.config(LOG_LEVEL, json=False)
# dictConfig(LOGGING), and Python's warnings logged as records too (logs.apply).
# https://docs.djangoproject.com/en/6.1/ref/settings/#logging-config
LOGGING_CONFIG = "{{ cookiecutter.project_slug }}.logs.apply"

# ERROR REPORTING AND TRACING
# ------------------------------------------------------------------------------
# Off while unset; telemetry.py starts each one that is set, with the
# observability extra installed (pip install -e ".[observability]").
# Sentry's DSN: https://docs.sentry.io/platforms/python/integrations/django/
SENTRY_DSN = env.str("SENTRY_DSN", default="")
# An OpenTelemetry collector's OTLP/HTTP address, e.g. http://127.0.0.1:4318,
# and the service name its traces carry. The SDK reads its other OTEL_*
# variables itself. https://opentelemetry.io/docs/languages/sdk-configuration/
OTEL_EXPORTER_OTLP_ENDPOINT = env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default="")
OTEL_SERVICE_NAME = env.str("OTEL_SERVICE_NAME", default="{{ cookiecutter.project_slug }}")
