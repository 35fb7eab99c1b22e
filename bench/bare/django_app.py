"""The bare Django baselines: /api/health does what the baked one does, and nothing else.

The same database settings as the baked production settings (SQLite file from
DATABASE_URL, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS), one URL, one `SELECT 1`,
one JSON reply with the same Cache-Control header. Two variants:

- make_app(): no apps, no middleware: the framework alone.
- make_app(stock=True): the INSTALLED_APPS, MIDDLEWARE, TEMPLATES and admin URL
  that `django-admin startproject` writes, unchanged: Django as it ships,
  before any project structure.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 gunicorn --chdir bench/bare 'django_app:make_app()'
    DATABASE_URL=... gunicorn --chdir bench/bare 'django_app:make_app(stock=True)'
"""

import os

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

DATABASE_PREFIX = "sqlite:///"

# django/conf/project_template/project_name/settings.py-tpl (Django 6.1).
STOCK_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
STOCK_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
STOCK_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})


def make_app(stock: bool = False):
    """Configure Django (once per process) and return its WSGI application."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith(DATABASE_PREFIX):
        raise SystemExit(f"bare django app: DATABASE_URL must be {DATABASE_PREFIX}..., got {url!r}")
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bare-benchmark-app-not-a-secret-" + "x" * 32,
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=STOCK_APPS if stock else [],
        MIDDLEWARE=STOCK_MIDDLEWARE if stock else [],
        TEMPLATES=STOCK_TEMPLATES if stock else [],
        STATIC_URL="static/",
        USE_TZ=True,
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": url.removeprefix(DATABASE_PREFIX),
                "CONN_MAX_AGE": 60,
                "CONN_HEALTH_CHECKS": True,
            }
        },
    )
    from django.core.wsgi import get_wsgi_application
    from django.urls import path

    application = get_wsgi_application()  # django.setup(): the admin is importable after it
    global urlpatterns
    urlpatterns = [path("api/health", health)]
    if stock:
        from django.contrib import admin

        urlpatterns.insert(0, path("admin/", admin.site.urls))
    return application
