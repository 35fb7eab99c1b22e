"""{{ cookiecutter.project_name }}: one Django app per module, plus the shared templates, static files and commands."""
