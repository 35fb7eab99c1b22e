"""Logging for every process of the project: a request ID in each record, JSON lines in production.

config() is the one logging setup: the app applies it (readable text in
development, JSON in production), and so does gunicorn.conf.py for gunicorn's
own lines. Each request is handled under an ID (accept_request_id()), which
every record logged meanwhile carries, the response sends back in
X-Request-ID{% if cookiecutter.use_celery == "yes" %} and a Celery task the request starts inherits{% endif %}.
https://docs.python.org/3/library/logging.config.html#logging-config-dictschema
"""

import logging
import logging.config
import re
import secrets
import time
from contextvars import ContextVar
from typing import Any

{% if cookiecutter.use_celery == "yes" %}from celery import Task, signals
{% endif %}from pythonjsonlogger.core import RESERVED_ATTRS

# The ID of the request being handled (or of the request that queued the task
# being run): one value per thread or task, None between them.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# An X-Request-ID from a proxy or a client is kept when it is a plain token;
# anything else (too long, spaces, quotes, newlines) is replaced, so that no
# one can write into the logs through it.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Probes poll these paths; their answers are logged at DEBUG unless they fail.
QUIET_PATHS = ("/health/live", "/health/ready")

# One line per request: method, path, status and duration, with the request ID.
access = logging.getLogger("{{ cookiecutter.project_slug }}.access")


def accept_request_id(value: str | None) -> str:
    """The ID to handle a request under: the incoming one when sane, else a new random one."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return secrets.token_hex(16)


def log_level(value: str | None) -> str:
    """LOG_LEVEL checked: one of LEVELS, any case; INFO when unset or blank."""
    level = (value or "").strip().upper() or "INFO"
    if level not in LEVELS:
        raise ValueError(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, got {value!r}")
    return level


def log_request(method: str, path: str, status: int, started: float) -> None:
    """The access line of a request that began at time.perf_counter() `started`."""
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    quiet = status < 400 and path.rstrip("/") in QUIET_PATHS
    access.log(
        logging.DEBUG if quiet else logging.INFO,
        "%s %s %s %.1f ms",
        method,
        path,
        status,
        duration_ms,
        extra={"method": method, "path": path, "status": status, "duration_ms": duration_ms},
    )


class RequestIdFilter(logging.Filter):
    """Gives every record the current request ID ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


def config(level: str, json: bool) -> dict[str, Any]:
    """The logging.config.dictConfig() of every process: one handler on stderr.

    json=True: one JSON object per line (time, level, logger, message,
    request_id, the access line's method, path, status and duration_ms, and
    the exception's traceback as one field), for a log collector to parse.
    json=False: one readable line per record, for a terminal.
    """
    return {
        "version": 1,
        # Loggers made before this runs (gunicorn's, the frameworks') keep working.
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            # python-json-logger: the record's fields, renamed, plus what
            # `extra=` added. https://nhairs.github.io/python-json-logger/
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "{levelname}{name}{message}",
                "style": "{",
                "timestamp": "time",
                "rename_fields": {
                    "levelname": "level",
                    "name": "logger",
                    "exc_info": "exception",
                },
                # Celery attaches each task's arguments to its records as
                # `data`: a mailed link or an address would land in the logs.
                "reserved_attrs": [*RESERVED_ATTRS, "data"],
            },
            "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json" if json else "text",
                "filters": ["request_id"],
            },
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            # Loggers that come with handlers of their own hand their records to
            # the root's instead, so that each line is written once, in one shape.
{%- if cookiecutter.framework == "django" %}
            **{
                name: {"handlers": [], "propagate": True}
                for name in ("gunicorn.error", "django", "django.server")
            },
{%- else %}
            "gunicorn.error": {"handlers": [], "propagate": True},
{%- endif %}
            # gunicorn writes an access line of its own whenever it is given a
            # logging configuration: the app writes one per request already
            # (log_request), with its request ID and duration.
            "gunicorn.access": {"handlers": [], "level": "WARNING"},
{%- if cookiecutter.framework == "flask" %}
            # Alembic (1.18 and later) logs each of its plugins at INFO as
            # Flask-Migrate imports it: lines of noise at every start of gunicorn.
            "alembic.runtime.plugins": {"level": "WARNING"},
{%- endif %}
        },
    }


def apply(settings: dict[str, Any]) -> None:
    """Set logging up from config()'s dict, Python's warnings included.

    A library's warning (a DeprecationWarning, Celery's about running as
    root) is written to stderr as it is unless logging captures it: captured,
    it is a record of the py.warnings logger, in the same shape as the rest.
    https://docs.python.org/3/library/logging.html#logging.captureWarnings
    """
    logging.config.dictConfig(settings)
    logging.captureWarnings(True)
{%- if cookiecutter.use_celery == "yes" %}


# Celery: a task queued while a request is handled carries the request's ID in
# a message header, and runs under it. https://docs.celeryq.dev/en/stable/userguide/signals.html
@signals.before_task_publish.connect
def send_request_id(headers: dict[str, Any], **kwargs: object) -> None:
    current = request_id.get()
    if current:
        headers.setdefault("request_id", current)


@signals.task_prerun.connect
def receive_request_id(task: Task, **kwargs: object) -> None:  # type: ignore[type-arg]
    # A task run at once in the requesting process (task_always_eager) keeps its ID.
    request_id.set(task.request.get("request_id") or request_id.get())


@signals.task_postrun.connect
def forget_request_id(task: Task, **kwargs: object) -> None:  # type: ignore[type-arg]
    if not task.request.is_eager:
        request_id.set(None)


@signals.setup_logging.connect
def keep_logging(**kwargs: object) -> None:
    # A receiver here stops the worker from replacing the logging setup with
    # its own: it logs through config() above, like the web processes.
    # https://docs.celeryq.dev/en/stable/userguide/signals.html#setup-logging
    return None
{%- endif %}
