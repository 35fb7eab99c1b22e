"""{{ cookiecutter.project_name }}: a Flask application built by create_app() in app.py."""
