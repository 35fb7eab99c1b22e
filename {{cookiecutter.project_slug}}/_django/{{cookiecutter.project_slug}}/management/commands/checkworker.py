"""`python manage.py checkworker`: send a task through Redis and wait for a Celery worker's answer.

https://docs.celeryq.dev/en/stable/userguide/calling.html
"""

from typing import Any

from celery.exceptions import TimeoutError as TaskTimeoutError
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from kombu.exceptions import OperationalError as BrokerError

from {{ cookiecutter.project_slug }}.tasks import check_services


def positive_seconds(value: str) -> float:
    seconds = float(value)
    if seconds <= 0:
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = (
        "Send a task and wait for a Celery worker to answer it; "
        "the answer says whether that worker reaches the database and the cache."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout",
            type=positive_seconds,
            default=10.0,
            help="seconds to wait for a worker's answer (default: 10)",
        )

    # Any: argparse's values, one type per option (verbosity, settings, ...).
    def handle(self, *args: object, **options: Any) -> None:
        timeout: float = options["timeout"]
        try:
            # One attempt: a broker that is down is reported now, not after minutes
            # of retries. The message expires with the wait, so no worker runs it later.
            with check_services.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0)
            result = check_services.apply_async(retry=False, expires=timeout)
        except BrokerError as error:
            raise CommandError(f"cannot reach the broker at REDIS_URL: {error}") from error
        try:
            answer = result.get(timeout=timeout)
        except TaskTimeoutError as error:
            raise CommandError(
                f"no worker answered within {timeout:g} s; start one with: "
                f"DJANGO_SETTINGS_MODULE={settings.SETTINGS_MODULE} celery -A config worker"
            ) from error
        finally:
            result.forget()
        self.stdout.write(
            f"worker {answer['worker']}: database {answer['database']}, cache {answer['cache']}"
        )
