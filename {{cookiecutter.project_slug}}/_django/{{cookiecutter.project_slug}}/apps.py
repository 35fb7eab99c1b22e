"""The project package as a Django app, so Django finds its templates, static files and commands.

https://docs.djangoproject.com/en/6.1/ref/applications/#configuring-applications
"""

from django.apps import AppConfig


class ProjectConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}"
    verbose_name = {{cookiecutter.project_name | tojson}}
