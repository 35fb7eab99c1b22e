"""{{ cookiecutter.project_name }}: a Django project.

One Django app per module, plus the shared templates, static files and commands.
"""

import django_stubs_ext

# Django's generic classes (views, admins, forms, managers) take type arguments
# only in django-stubs; this lets the project's classes subclass them with those
# arguments, e.g. FormView[EmailRequestForm]. Every module of the project imports
# this package first, so it runs before any of them defines a class.
# https://github.com/typeddjango/django-stubs/tree/master/ext
django_stubs_ext.monkeypatch()
