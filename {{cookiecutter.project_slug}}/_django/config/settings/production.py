"""Production settings: secrets from the environment, HTTPS enforced, static files by WhiteNoise.

Refuses to start (ImproperlyConfigured naming the variable) without SECRET_KEY,
DATABASE_URL and ALLOWED_HOSTS, and, with an accounts module, EMAIL_URL and
SITE_URL. With them set, `python manage.py check --deploy`
reports no issues.

https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/
"""

from {{ cookiecutter.project_slug }} import logs

from .base import *  # noqa: F403
from .base import BASE_DIR, LOG_LEVEL, env, mailers, required, site_url

# GENERAL
# ------------------------------------------------------------------------------
# required() raises ImproperlyConfigured("Set the SECRET_KEY environment
# variable") when it is unset or blank: the process stops at start-up.
# https://docs.djangoproject.com/en/6.1/ref/settings/#secret-key
SECRET_KEY = required("SECRET_KEY")
# Comma-separated host names, e.g. ALLOWED_HOSTS=example.com,www.example.com
# https://docs.djangoproject.com/en/6.1/ref/settings/#allowed-hosts
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
# Needed when the site is reached through another origin (e.g. a separate front-end host).
# https://docs.djangoproject.com/en/6.1/ref/settings/#csrf-trusted-origins
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# MAIL
# ------------------------------------------------------------------------------
# The mail server, e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.com:587,
# and the address links in mail start with, e.g. SITE_URL=https://example.com.
# An accounts module refuses to start without them (its apps.py).
EMAIL_URL = env("EMAIL_URL", default="")
MAILERS = mailers(EMAIL_URL)
# https://docs.djangoproject.com/en/6.1/ref/settings/#default-from-email
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# Mail about errors (none is sent unless ADMINS is set) comes from the same address.
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = site_url(env("SITE_URL", default=""))
# One proxy (nginx, a load balancer) in front, as the README deploys it; 0
# when clients reach gunicorn directly, or they could forge their address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# DATABASES
# ------------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
# Keep connections open between requests: one per worker thread, not one per request.
# https://docs.djangoproject.com/en/6.1/ref/databases/#persistent-connections
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# SECURITY
# ------------------------------------------------------------------------------
# The proxy in front (nginx, a load balancer) terminates TLS and says so in this header.
# https://docs.djangoproject.com/en/6.1/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# https://docs.djangoproject.com/en/6.1/ref/settings/#secure-ssl-redirect
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# (The health checks answer over plain HTTP: middleware.HealthCheckMiddleware
# answers them before SecurityMiddleware redirects.)
# Cookies over HTTPS only; HttpOnly and SameSite come from base.py. PASSWORD_HASHERS
# stays Django's default (PBKDF2 first): never copy test.py's fast hasher here.
# https://docs.djangoproject.com/en/6.1/ref/settings/#session-cookie-secure
SESSION_COOKIE_SECURE = True
# https://docs.djangoproject.com/en/6.1/ref/settings/#csrf-cookie-secure
CSRF_COOKIE_SECURE = True
# HSTS: browsers then use HTTPS only for this host, for a year by default
# (SECURE_SSL_REDIRECT already sends every visitor there). Its subdomains too,
# and the browsers' preload list, only when asked: preload is hard to undo,
# and both are wrong while any subdomain serves plain HTTP.
# https://docs.djangoproject.com/en/6.1/ref/middleware/#http-strict-transport-security
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
# https://docs.djangoproject.com/en/6.1/ref/settings/#secure-hsts-include-subdomains
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# https://docs.djangoproject.com/en/6.1/ref/settings/#secure-hsts-preload
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# `check --deploy` warns while either is off; off is this project's choice
# until the two variables above say otherwise.
# https://docs.djangoproject.com/en/6.1/ref/checks/#security
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# LOGGING
# ------------------------------------------------------------------------------
# One JSON object per line on stderr, for a log collector (logs.py), at LOG_LEVEL.
# https://docs.djangoproject.com/en/6.1/topics/logging/
LOGGING = logs.config(LOG_LEVEL, json=True)
# Django's mail to ADMINS about each server error, which logs.config() leaves
# out of the "django" logger; none is sent while ADMINS is unset.
# https://docs.djangoproject.com/en/6.1/howto/error-reporting/#server-errors
LOGGING["handlers"]["mail_admins"] = {
    "class": "django.utils.log.AdminEmailHandler",
    "level": "ERROR",
}
LOGGING["loggers"]["django"]["handlers"] = ["mail_admins"]

# STATIC
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#static-root
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Compressed, content-hashed file names so WhiteNoise can cache them forever.
# https://whitenoise.readthedocs.io/en/stable/django.html#add-compression-and-caching-support
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
{%- if cookiecutter.use_celery == "yes" %}

# REDIS: CELERY AND THE CACHE
# ------------------------------------------------------------------------------
# Required, like DATABASE_URL: e.g. redis://host:6379/0
REDIS_URL = required("REDIS_URL")
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
