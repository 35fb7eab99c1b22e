"""The Celery entry point: `celery -A make_celery worker` from the project root.

Like wsgi.py, it builds the app once with load_app(), after reading .flaskenv
and .env: a configuration mistake stops the worker with its one line, and the
worker logs as the web processes do, at LOG_LEVEL (Celery's own --loglevel
has no effect), JSON lines in production, each task's records with the ID of
the request that queued it. The worker then runs every task inside that
app's context.
https://flask.palletsprojects.com/en/stable/patterns/celery/#integrate-celery-with-flask
"""

from flask.cli import load_dotenv

from {{ cookiecutter.project_slug }}.app import load_app

load_dotenv()
flask_app = load_app()
celery_app = flask_app.extensions["celery"]
