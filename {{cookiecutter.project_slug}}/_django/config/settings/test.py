"""Test settings: an in-memory SQLite database unless DATABASE_URL says otherwise, no .env.

pytest selects this module (DJANGO_SETTINGS_MODULE in pyproject.toml). With
DATABASE_URL set, Django's test runner creates a database of its own on that
server (test_<name>) and drops it afterwards: the suite never touches the
database DATABASE_URL names.
"""

from .base import *  # noqa: F403
from .base import env

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

# PASSWORDS
# ------------------------------------------------------------------------------
# A deliberately weak hasher: PBKDF2's iterations would dominate the suite's run time.
# https://docs.djangoproject.com/en/6.1/topics/testing/overview/#password-hashing
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# STATIC
# ------------------------------------------------------------------------------
# Find static files in the apps on each request instead of indexing STATIC_ROOT,
# which only exists after collectstatic.
# https://whitenoise.readthedocs.io/en/stable/django.html#WHITENOISE_AUTOREFRESH
WHITENOISE_AUTOREFRESH = True
{%- if cookiecutter.use_celery == "yes" %}

# REDIS: CELERY AND THE CACHE
# ------------------------------------------------------------------------------
# The broker is Redis on this machine unless REDIS_URL names another; only the
# tests that send a task use it. The cache is Redis only when REDIS_URL is set.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "redis://127.0.0.1:6379/0"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
{%- endif %}
