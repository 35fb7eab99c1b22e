"""{{ cookiecutter.project_name }}: a Flask application.

create_app() in app.py builds it.
"""
