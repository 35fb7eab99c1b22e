"""WSGI entry point (`gunicorn config.wsgi:application`); production settings by default.

https://docs.djangoproject.com/en/6.1/howto/deployment/wsgi/
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A missing or bad setting stops the server with its one line, which
    # names the variable; a traceback would only bury it. gunicorn loads
    # this module before forking (gunicorn.conf.py), so it stops at once.
    raise SystemExit(str(error)) from None
