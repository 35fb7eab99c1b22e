"""Background tasks, run by Celery workers: `celery -A make_celery worker` from the project root.

celery_init_app() binds Celery to a Flask app the way Flask's documentation
shows: every task runs inside an app context, so tasks use `db` and `cache`
as views do. https://flask.palletsprojects.com/en/stable/patterns/celery/

A blueprint's own tasks go in <blueprint>/tasks.py, listed in the CELERY
setting's "include" (config.py) so that workers register them.
"""

# Celery's classes take type arguments in celery-types' stubs, but older Celery
# releases, which pyproject.toml allows, cannot subscript them at run time: the
# annotations here are not evaluated (https://peps.python.org/pep-0563/), and
# AnyTask is subscripted for mypy only.
from __future__ import annotations

from smtplib import SMTPException
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from celery import Celery, Task, shared_task
from flask import Flask
from flask_mailman import EmailMessage
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import cache, db

# A task, whatever its arguments and result.
if TYPE_CHECKING:
    AnyTask = Task[Any, Any]
else:
    AnyTask = Task


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app from app.config["CELERY"]; tasks then run in an app context."""

    class FlaskTask(AnyTask):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app: Celery = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    # shared_task binds to the default app: this one.
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


@shared_task(bind=True, ignore_result=False)
def check_services(self: Task[[], dict[str, str]]) -> dict[str, str]:
    """What the worker running it can reach: `flask check-worker` sends it and prints the answer."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        database = "unavailable"
    # A key of its own, so that concurrent checks cannot read each other's value.
    key = f"check-services:{uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=60)
        cached = cache.get(key) == "ok"
        cache.delete(key)
    except RedisError:
        cached = False
    return {
        "worker": self.request.hostname or "in-process",
        "database": database,
        "cache": "ok" if cached else "unavailable",
    }


# A mail server that refuses or is down: the task is tried again up to 12 times,
# at growing intervals (Celery's exponential backoff, at most 10 minutes apart).
# https://docs.celeryq.dev/en/stable/userguide/tasks.html#automatic-retry-for-known-exceptions
@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=12,
)
def send_email(subject: str, body: str, to: str) -> None:
    """Send one plain-text message from DEFAULT_FROM_EMAIL; mail.send_mail() queues it."""
    EmailMessage(subject, body, to=[to]).send()
