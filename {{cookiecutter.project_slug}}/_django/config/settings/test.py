"""Test settings: an in-memory SQLite database, fast password hashing, no .env.

pytest selects this module (DJANGO_SETTINGS_MODULE in pyproject.toml), so the
suite never touches a developer's database, whatever DATABASE_URL says.
"""

from .base import *  # noqa: F403

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/ref/settings/#secret-key
SECRET_KEY = "test-only-secret-key-never-used-outside-the-test-suite"
# https://docs.djangoproject.com/en/6.1/ref/settings/#allowed-hosts
ALLOWED_HOSTS = ["testserver", "localhost"]

# DATABASES
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/6.1/topics/testing/overview/#the-test-database
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

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
