"""The Celery entry point: `celery -A make_celery worker --loglevel INFO` from the project root.

Like wsgi.py, it builds the app once and reads .flaskenv and .env first; the
worker then runs every task inside that app's context.
https://flask.palletsprojects.com/en/stable/patterns/celery/#integrate-celery-with-flask
"""

from flask.cli import load_dotenv

from {{ cookiecutter.project_slug }}.app import create_app

load_dotenv()
flask_app = create_app()
celery_app = flask_app.extensions["celery"]
