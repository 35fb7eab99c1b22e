"""The Celery app. Start a worker from the project root with the settings to use:

    DJANGO_SETTINGS_MODULE=config.settings.development celery -A config worker --loglevel INFO

It reads the CELERY_* settings of that settings module and finds the tasks in
every installed app's tasks.py.
https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html

Unlike Celery's example, this module does not default DJANGO_SETTINGS_MODULE:
config/__init__.py imports it before wsgi.py and asgi.py set their default
(production), and a default here would win over theirs.
"""

from celery import Celery

# Imported for its signal receivers, connected before the worker sets up its
# logging: they keep the settings' LOGGING in the worker (JSON lines in
# production) and carry each request's ID into the tasks it queues.
from {{ cookiecutter.project_slug }} import logs  # noqa: F401

app = Celery("{{ cookiecutter.project_slug }}")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
