#!/usr/bin/env python
"""Django's command-line utility for administrative tasks; development settings by default.

https://docs.djangoproject.com/en/6.1/ref/django-admin/
"""

import os
import sys


def main() -> None:
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    from django.core.exceptions import ImproperlyConfigured

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing or bad setting: its one line, naming the variable, not a traceback.
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main()
