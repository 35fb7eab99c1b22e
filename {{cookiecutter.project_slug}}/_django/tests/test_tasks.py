"""Celery: the app's configuration, the example task, and `manage.py checkworker` without a worker.

The round trip through a running worker needs Redis and a worker process; the
template's tests run one (celery -A config worker) against a real Redis.
"""

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from config.celery import app as celery_app
from {{ cookiecutter.project_slug }}.tasks import check_services

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"


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
