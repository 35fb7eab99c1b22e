"""Settings every environment shares; development.py, test.py and production.py build on them.

Values that differ per machine (SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS) are not
here: each environment module reads them from the environment.

https://docs.djangoproject.com/en/6.1/topics/settings/
https://docs.djangoproject.com/en/6.1/ref/settings/
"""

from pathlib import Path

import environ
from django.contrib.messages import constants as message_levels

# The project root (where manage.py lives): config/settings/base.py -> three levels up.
BASE_DIR = Path(__file__).resolve().parent.parent.parent

# django-environ reads and casts environment variables (DATABASE_URL -> DATABASES).
# https://django-environ.readthedocs.io/en/latest/
env = environ.Env()

# GENERAL
# ------------------------------------------------------------------------------
# Shown in the page title and the navigation bar (see context_processors.py).
SITE_NAME = {{cookiecutter.project_name | tojson}}
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
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files; it goes right after SecurityMiddleware.
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

{% endif %}# LOGGING
# ------------------------------------------------------------------------------
# Everything to the console: the process manager (systemd, gunicorn, a
# container runtime) decides where it goes.
# https://docs.djangoproject.com/en/6.1/topics/logging/
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{levelname} {asctime} {name} {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}
