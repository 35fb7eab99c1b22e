"""Development settings: DEBUG on, a SQLite file by default, values read from .env.

manage.py selects this module unless DJANGO_SETTINGS_MODULE says otherwise.
"""

from {{ cookiecutter.project_slug }} import logs

from .base import *  # noqa: F403
from .base import BASE_DIR, env, log_level, mailers, site_url

# .env (git-ignored, written at bake time) holds this machine's SECRET_KEY and any
# DATABASE_URL; variables already set in the environment win over it.
# https://django-environ.readthedocs.io/en/latest/quickstart.html
env.read_env(BASE_DIR / ".env")

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#debug
DEBUG = True
# https://docs.djangoproject.com/en/6.1/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only")
# https://docs.djangoproject.com/en/6.1/ref/settings/#allowed-hosts
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# MAIL
# ------------------------------------------------------------------------------
# Mail is printed where runserver runs (or the Celery worker, which sends it)
# unless EMAIL_URL names a server; links in it point at runserver's address.
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
MAILERS = mailers(EMAIL_URL)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SITE_URL = site_url(env("SITE_URL", default="http://127.0.0.1:8000"))
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# DATABASES
# ------------------------------------------------------------------------------
# A SQLite file next to manage.py unless DATABASE_URL names another database.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# LOGGING, ERROR REPORTING AND TRACING
# ------------------------------------------------------------------------------
# As in base.py, read again now that .env is: base.py read them before.
LOG_LEVEL = log_level(env.str("LOG_LEVEL", default=""))
LOGGING = logs.config(LOG_LEVEL, json=False)
SENTRY_DSN = env.str("SENTRY_DSN", default="")
OTEL_EXPORTER_OTLP_ENDPOINT = env.str("OTEL_EXPORTER_OTLP_ENDPOINT", default="")
OTEL_SERVICE_NAME = env.str("OTEL_SERVICE_NAME", default="{{ cookiecutter.project_slug }}")
{%- if cookiecutter.use_celery == "yes" %}

# REDIS: CELERY AND THE CACHE
# ------------------------------------------------------------------------------
# Redis on this machine unless REDIS_URL names another.
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# https://docs.djangoproject.com/en/6.1/topics/cache/#redis
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Another project's keys on the same Redis stay apart.
        # https://docs.djangoproject.com/en/6.1/ref/settings/#key-prefix
        "KEY_PREFIX": "{{ cookiecutter.project_slug }}",
    }
}
{%- endif %}
