"""Test settings: an in-memory SQLite database unless DATABASE_URL says otherwise, no .env.

pytest selects this module (DJANGO_SETTINGS_MODULE in pyproject.toml). With
DATABASE_URL set, Django's test runner creates a database of its own on that
server (test_<name>) and drops it afterwards: the suite never touches the
database DATABASE_URL names.
"""

from .base import *  # noqa: F403
from .base import env, mailers

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#secret-key
SECRET_KEY = "test-only-secret-key-never-used-outside-the-test-suite"
# https://docs.djangoproject.com/en/6.1/ref/settings/#allowed-hosts
ALLOWED_HOSTS = ["testserver", "localhost"]

# DATABASES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/topics/testing/overview/#the-test-database
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}

# MAIL
# ------------------------------------------------------------------------------
# Django's test runner keeps sent mail in django.core.mail.outbox whatever the
# backend; this says so. Links in it start with SITE_URL, a host the test
# client never sends, so a test can tell a link built from the request's host.
# https://docs.djangoproject.com/en/6.1/topics/testing/tools/#email-services
EMAIL_URL = "memorymail://"
MAILERS = mailers(EMAIL_URL)
DEFAULT_FROM_EMAIL = "site@example.com"
SITE_URL = "https://site.example.com"

# PASSWORDS
# ------------------------------------------------------------------------------
# A deliberately weak hasher: PBKDF2's iterations would dominate the suite's run time.
# https://docs.djangoproject.com/en/6.1/topics/testing/overview/#password-hashing
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# LOGGING
# ------------------------------------------------------------------------------
# Django's own dictConfig: pytest reports warnings itself (filterwarnings).
LOGGING_CONFIG = "logging.config.dictConfig"

# ERROR REPORTING AND TRACING
# ------------------------------------------------------------------------------
# Off whatever the shell says: a test's errors are not the site's. The tests
# of telemetry.py turn each on for themselves.
SENTRY_DSN = ""
OTEL_EXPORTER_OTLP_ENDPOINT = ""

# STATIC
# ------------------------------------------------------------------------------
# Find static files in the apps on each request instead of indexing STATIC_ROOT,
# which only exists after collectstatic.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_AUTOREFRESH
WHITENOISE_AUTOREFRESH = True
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_USE_FINDERS
WHITENOISE_USE_FINDERS = True
{%- if cookiecutter.use_celery == "yes" %}

# REDIS: CELERY AND THE CACHE
# ------------------------------------------------------------------------------
# The broker is Redis on this machine unless REDIS_URL names another; only the
# tests that send a task use it. The cache is Redis only when REDIS_URL is set.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# Tasks run in the test's own process, at once: mail sent through a task
# reaches django.core.mail.outbox like any other. A task that fails does not
# fail the request that queued it, as with a real worker.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-always-eager
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = False
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
{%- endif %}
