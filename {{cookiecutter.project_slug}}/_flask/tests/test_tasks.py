"""Celery: the app's configuration, the example task, request IDs, and `flask check-worker`.

The round trip through a running worker needs Redis and a worker process; the
template's tests run one (celery -A make_celery worker) against a real Redis.
Here a message is queued on an in-memory broker and run as a worker runs it.
"""

import logging
import subprocess
import sys

import pytest
from celery.worker.request import Request

from {{ cookiecutter.project_slug }} import logs
from {{ cookiecutter.project_slug }}.config import (
    ConfigError,
    ProductionConfig,
    TestingConfig,
)
from {{ cookiecutter.project_slug }}.tasks import check_services, send_email

from .conftest import PACKAGE, PROJECT_ROOT, clean_env

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"


def test_celery_is_bound_to_the_app_and_configured_from_redis_url(make_app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/3")
    app = make_app()
    celery_app = app.extensions["celery"]
    assert celery_app.conf.broker_url == "redis://redis.internal:6379/3"
    assert celery_app.conf.result_backend == "redis://redis.internal:6379/3"
    assert "{{ cookiecutter.project_slug }}.tasks.check_services" in celery_app.tasks


def test_tasks_and_pings_stay_within_the_project_on_a_shared_redis(app):
    # Celery's default for both is "celery": two projects on one Redis would
    # take each other's tasks ("Received unregistered task").
    celery_app = app.extensions["celery"]
    assert celery_app.conf.task_default_queue == "{{ cookiecutter.project_slug }}"
    assert celery_app.conf.control_exchange == "{{ cookiecutter.project_slug }}"


def test_the_example_task_reports_the_database_and_the_cache(app):
    with app.app_context():
        assert check_services() == {"worker": "in-process", "database": "ok", "cache": "ok"}


def test_the_example_task_reports_a_database_it_cannot_reach(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}")
    with app.app_context():
        assert check_services()["database"] == "unavailable"


def test_the_example_task_reports_a_cache_it_cannot_reach(make_app):
    app = make_app(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=NO_REDIS)
    with app.app_context():
        assert check_services()["cache"] == "unavailable"


def test_check_worker_says_when_the_broker_cannot_be_reached(make_app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", NO_REDIS)
    result = make_app().test_cli_runner().invoke(args=["check-worker", "--timeout", "2"])
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: cannot reach the broker at REDIS_URL")


def queue_a_mail() -> str:
    send_email.delay("Hello", "A body", "ada@example.com")
    return "queued"


@pytest.fixture
def queued(make_app):
    """A request that queues a mail on an in-memory broker: (the app, the response, the message)."""
    celery = TestingConfig().CELERY | {"broker_url": "memory://", "task_always_eager": False}
    app = make_app(CELERY=celery)
    app.add_url_rule("/mail", "mail", queue_a_mail)
    response = app.test_client().get("/mail", headers={"X-Request-ID": "trace-task"})
    celery_app = app.extensions["celery"]
    with celery_app.connection_for_read() as connection:
        queue = connection.SimpleQueue(celery_app.conf.task_default_queue)
        message = queue.get(timeout=1)
        queue.close()
    return app, response, message


def test_a_task_queued_during_a_request_carries_its_request_id(queued):
    _, response, message = queued
    message.ack()
    assert message.headers["task"] == "{{ cookiecutter.project_slug }}.tasks.send_email"
    assert message.headers["request_id"] == response.headers["X-Request-ID"] == "trace-task"


def test_the_task_logs_under_the_request_id_of_the_request_that_queued_it(queued, caplog):
    app, _, message = queued
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(logs.RequestIdFilter())
    # What a worker does with a message it receives: the task runs in this
    # thread, whose request ID is unset since the request ended.
    Request(message, app=app.extensions["celery"]).execute()
    [(line, request_id)] = [
        (record.getMessage(), record.request_id)
        for record in caplog.records
        if record.name.startswith("celery.")
    ]
    assert " succeeded in " in line
    assert request_id == "trace-task"
    assert [message.to for message in app.extensions["mailman"].outbox] == [["ada@example.com"]]
    assert logs.request_id.get() is None


def test_a_configuration_mistake_stops_the_worker_with_one_line():
    # make_celery.py builds the app with load_app(), as wsgi.py does.
    env = clean_env() | {"FLASK_CONFIG": f"{PACKAGE}.config.ProdConfig"}
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "make_celery", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (
        1,
        f"FLASK_CONFIG: cannot import '{PACKAGE}.config.ProdConfig'\n",
    )


def test_production_requires_redis_url(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL is not set"):
        ProductionConfig().CELERY  # noqa: B018 - reading the property is the test
