"""The bare Django baseline: /api/health does what the baked one does, and nothing else.

The same database settings as the baked production settings (SQLite file from
DATABASE_URL, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS) but no apps, no middleware,
one URL; one `SELECT 1`, one JSON reply.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 gunicorn --chdir bench/bare django_app:application
"""

import os

from django.conf import settings

DATABASE_PREFIX = "sqlite:///"
url = os.environ["DATABASE_URL"]
if not url.startswith(DATABASE_PREFIX):
    raise SystemExit(f"bare django app: DATABASE_URL must be {DATABASE_PREFIX}..., got {url!r}")

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-app-not-a-secret-" + "x" * 32,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
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

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})


urlpatterns = [path("api/health", health)]
application = get_wsgi_application()
