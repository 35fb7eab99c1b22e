"""The project package as a Django app, so Django finds its templates, static files and commands.

Its ready() starts error reporting and tracing (telemetry.py).
https://docs.djangoproject.com/en/6.1/ref/applications/#configuring-applications
"""

from django.apps import AppConfig

from . import telemetry


class ProjectConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}"
    verbose_name = "{{ cookiecutter.project_name }}"

    def ready(self) -> None:
        # Here, not in wsgi.py, so that every process that sets Django up
        # starts them: {% if cookiecutter.use_celery == "yes" %}the web server, manage.py, the Celery worker{% else %}the web server and manage.py{% endif %}.
        # Each is off, and its library not imported, while its variable is unset.
        telemetry.start()
