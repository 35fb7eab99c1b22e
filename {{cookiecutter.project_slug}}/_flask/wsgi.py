"""The WSGI entry point, the only module-level app: `gunicorn wsgi:app` from the project root."""

from flask.cli import load_dotenv

from {{ cookiecutter.project_slug }}.app import load_app

# The flask command reads .flaskenv and .env; gunicorn does not, so load them
# here the same way (variables already set in the environment win):
# https://flask.palletsprojects.com/en/stable/cli/#environment-variables-from-dotenv
load_dotenv()
# A configuration mistake stops the server with its one line, and the app's
# logging replaces gunicorn's start-up setup (load_app()).
app = load_app()
