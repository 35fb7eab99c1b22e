"""Celery: the configuration, the example task, checkworker, request IDs in tasks, Redis health.

`manage.py checkworker` is tried without a worker. The round trip through a
running worker needs Redis and a worker process; the template's tests run
one (celery -A config worker) against a real Redis.
"""

import logging
import subprocess
import sys

import pytest
from celery import shared_task
from celery.worker.request import Request
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from config.celery import app as celery_app
from {{ cookiecutter.project_slug }} import logs
from {{ cookiecutter.project_slug }}.tasks import check_services

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"
# kombu's broker in this process's memory: a published message waits there.
MEMORY = "memory://"


@shared_task
def log_a_line() -> None:
    """A task that logs, for the tests to read its record."""
    logging.getLogger(__name__).warning("the task ran")


def queue_view(request: HttpRequest) -> HttpResponse:
    with celery_app.connection_for_write(MEMORY) as connection:
        log_a_line.apply_async(producer=connection.Producer())
    return HttpResponse("queued")


def run_view(request: HttpRequest) -> HttpResponse:
    # At once, in this process: the test settings' task_always_eager.
    log_a_line.delay()
    return HttpResponse("ran")


# This module doubles as a URLconf for the tests that queue a task in a request.
urlpatterns = [path("queue/", queue_view), path("run/", run_view)]


def test_celery_reads_the_celery_settings_and_finds_the_tasks():
    assert celery_app.conf.broker_url == settings.CELERY_BROKER_URL
    assert celery_app.conf.result_backend == settings.CELERY_RESULT_BACKEND
    celery_app.loader.import_default_modules()
    assert "{{ cookiecutter.project_slug }}.tasks.check_services" in celery_app.tasks


def test_tasks_and_pings_stay_within_the_project_on_a_shared_redis():
    # Celery's default for both is "celery": two projects on one Redis would
    # take each other's tasks ("Received unregistered task").
    assert celery_app.conf.task_default_queue == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.control_exchange == "{{ cookiecutter.project_slug }}"


@pytest.mark.django_db
def test_the_example_task_reports_the_database_and_the_cache():
    assert check_services() == {"worker": "in-process", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_the_example_task_reports_a_cache_it_cannot_reach():
    unreachable = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": NO_REDIS}
    # Django drops its cache connections when CACHES changes.
    with override_settings(CACHES={"default": unreachable}):
        assert check_services()["cache"] == "unavailable"


def test_checkworker_says_when_the_broker_cannot_be_reached(bare_env):
    result = subprocess.run(
        [sys.executable, "manage.py", "checkworker", "--timeout", "2"],
        cwd=settings.BASE_DIR,
        env={**bare_env, "DJANGO_SETTINGS_MODULE": "config.settings.test", "REDIS_URL": NO_REDIS},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("CommandError: cannot reach the broker at REDIS_URL")


@pytest.fixture
def broker(monkeypatch):
    """Tasks published to the in-memory broker rather than run at once; takes the next message."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    with celery_app.connection_for_read(MEMORY) as connection:
        queue = connection.SimpleQueue(celery_app.conf.task_default_queue)
        yield lambda: queue.get(timeout=1)
        queue.close()


@override_settings(ROOT_URLCONF=__name__)
def test_a_task_queued_during_a_request_carries_its_id(client, broker):
    response = client.get("/queue/", headers={"X-Request-ID": "req-7"})

    message = broker()
    assert message.headers["task"] == log_a_line.name
    assert message.headers["request_id"] == response["X-Request-ID"] == "req-7"


def test_a_task_queued_outside_a_request_carries_no_id(broker):
    with celery_app.connection_for_write(MEMORY) as connection:
        log_a_line.apply_async(producer=connection.Producer())

    assert "request_id" not in broker().headers


@override_settings(ROOT_URLCONF=__name__)
def test_a_worker_runs_the_task_under_the_request_id(client, broker, json_lines):
    client.get("/queue/", headers={"X-Request-ID": "req-7"})
    message = broker()

    # What a worker does with a message it receives, in this process.
    Request(message, app=celery_app, task=log_a_line).execute()

    [task_line] = [line for line in json_lines() if line["message"] == "the task ran"]
    assert task_line["request_id"] == "req-7"
    # And forgets the ID once the task is done.
    assert logs.request_id.get() is None


def test_a_worker_keeps_the_settings_logging(clean_environ, monkeypatch, json_lines):
    # What a worker runs as it starts (celery.app.log), as if for the first time.
    monkeypatch.setattr(celery_app.log, "already_setup", False)
    monkeypatch.setattr(type(celery_app.log), "_setup", False)

    celery_app.log.setup_logging_subsystem(loglevel="INFO")
    logging.getLogger("celery.worker").info("the worker started")

    # Production's JSON lines still, not Celery's own format.
    [line] = [line for line in json_lines() if line["message"] == "the worker started"]
    assert line["logger"] == "celery.worker"


@override_settings(ROOT_URLCONF=__name__)
def test_a_task_run_at_once_logs_under_the_request_id(client, json_lines):
    response = client.get("/run/")

    [task_line] = [line for line in json_lines() if line["message"] == "the task ran"]
    assert task_line["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_ready_is_unavailable_while_redis_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = NO_REDIS

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


@override_settings(ROOT_URLCONF=__name__)
def test_a_task_run_for_a_request_is_traced_within_its_trace(client, spans):
    from opentelemetry.trace import SpanKind

    client.get("/run/")

    [request] = [span for span in spans() if span.kind is SpanKind.SERVER]
    [run] = [span for span in spans() if span.name == f"run/{log_a_line.name}"]
    assert run.attributes["celery.state"] == "SUCCESS"
    assert run.context.trace_id == request.context.trace_id
