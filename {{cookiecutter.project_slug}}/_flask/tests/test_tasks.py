"""Celery: the app's configuration, the example task, and `flask check-worker` without a worker.

The round trip through a running worker needs Redis and a worker process; the
template's tests run one (celery -A make_celery worker) against a real Redis.
"""

import pytest

from {{ cookiecutter.project_slug }}.config import ConfigError, ProductionConfig
from {{ cookiecutter.project_slug }}.tasks import check_services

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


def test_production_requires_redis_url(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    with pytest.raises(ConfigError, match="REDIS_URL is not set"):
        ProductionConfig().CELERY  # noqa: B018 - reading the property is the test
