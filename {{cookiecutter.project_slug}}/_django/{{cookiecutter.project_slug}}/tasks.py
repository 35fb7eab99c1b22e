"""Background tasks, run by Celery workers (`celery -A config worker`, see config/celery.py).

A module's own tasks go in <module>/tasks.py: the worker finds the tasks.py of
every installed app. https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

from smtplib import SMTPException
from uuid import uuid4

from celery import Task, shared_task
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError, connection
from redis.exceptions import RedisError


@shared_task(bind=True, ignore_result=False)
def check_services(self: Task[[], dict[str, str]]) -> dict[str, str]:
    """What the worker running it reaches: `manage.py checkworker` sends it, prints the answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
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
    mail.send_mail(subject, body, None, [to])
