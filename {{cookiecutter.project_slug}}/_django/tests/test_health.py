"""/health/live and /health/ready: their answers, their logging, and plain HTTP in production."""

import logging

import pytest
from django.conf import settings
from django.db import connection

from tests.test_settings import PRODUCTION_ENV, load_settings

# What /health/ready checks in this project.
CHECKS = ["database"{% if cookiecutter.use_celery == "yes" %}, "redis"{% endif %}]
ACCESS = "{{ cookiecutter.project_slug }}.access"
HEALTH_CHECKS = "{{ cookiecutter.project_slug }}.middleware.HealthCheckMiddleware"


@pytest.fixture
def unreachable_database(swap_database, tmp_path):
    """The default database swapped for one that cannot be reached."""
    if connection.vendor == "sqlite":
        swap_database(NAME=str(tmp_path / "no-such-folder" / "db.sqlite3"))
    else:
        # Nothing listens on port 1: connecting is refused at once.
        swap_database(HOST="127.0.0.1", PORT="1")


def assert_probe_answer(response, status, body):
    assert response.status_code == status
    assert response.json() == body
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    # No session, no CSRF token: nothing set, nothing read.
    assert "Set-Cookie" not in response
    assert "Cookie" not in response.get("Vary", "")


def test_live_answers_while_the_process_serves(client):
    assert_probe_answer(client.get("/health/live"), 200, {"status": "ok"})


@pytest.mark.django_db
def test_ready_answers_when_everything_answers(client):
    body = {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")}

    assert_probe_answer(client.get("/health/ready"), 200, body)


@pytest.mark.django_db
def test_ready_is_unavailable_while_the_database_is_unreachable(client, unreachable_database):
    checks = dict.fromkeys(CHECKS, "ok") | {"database": "unavailable"}

    response = client.get("/health/ready")

    assert_probe_answer(response, 503, {"status": "unavailable", "checks": checks})


@pytest.mark.django_db
def test_ready_drops_a_broken_connection_and_answers_once_the_database_does(
    client, swap_database, tmp_path
):
    # A SQLite file: Django never closes an in-memory database's connection.
    own = {"NAME": str(tmp_path / "db.sqlite3")} if connection.vendor == "sqlite" else {}
    broken = swap_database(**own)
    broken.ensure_connection()
    # The driver's connection dies under Django, as when the server restarts.
    broken.connection.close()

    assert client.get("/health/ready").status_code == 503
    # Not reused: the next check connects again.
    assert client.get("/health/ready").status_code == 200


def test_health_checks_are_answered_before_the_host_check_and_the_redirect():
    # Second, below RequestIdMiddleware only (test_logs.py).
    assert settings.MIDDLEWARE[1] == HEALTH_CHECKS


@pytest.mark.parametrize("path", ["/health/live/", "/health/ready/"])
def test_health_paths_have_no_trailing_slash(client, path):
    # 404, not a redirect a probe would follow or count as success.
    assert client.get(path).status_code == 404


def test_health_checks_only_answer_reads(client):
    assert client.post("/health/live").status_code == 405


@pytest.mark.django_db
def test_successful_probes_are_logged_at_debug_only(client, caplog):
    caplog.set_level(logging.DEBUG, logger=ACCESS)

    client.get("/health/live")
    client.get("/health/ready")

    access = [record for record in caplog.records if record.name == ACCESS]
    assert [(record.path, record.levelno) for record in access] == [
        ("/health/live", logging.DEBUG),
        ("/health/ready", logging.DEBUG),
    ]


@pytest.mark.django_db
def test_a_failing_probe_is_logged_at_info(client, caplog, unreachable_database):
    caplog.set_level(logging.DEBUG, logger=ACCESS)

    client.get("/health/ready")

    [access] = [record for record in caplog.records if record.name == ACCESS]
    assert access.status == 503
    assert access.levelno == logging.INFO


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_production_answers_probes_over_plain_http_at_the_instance_address(
    client, clean_environ, settings, path
):
    clean_environ.update(PRODUCTION_ENV)
    production = load_settings("production")
    settings.SECURE_SSL_REDIRECT = production.SECURE_SSL_REDIRECT
    settings.ALLOWED_HOSTS = production.ALLOWED_HOSTS
    settings.MIDDLEWARE = production.MIDDLEWARE
    instance = "10.0.0.7:8000"

    # Every other page is sent to HTTPS, and refused at an address not in ALLOWED_HOSTS ...
    assert client.get("/no/such/page/", HTTP_HOST=production.ALLOWED_HOSTS[0]).status_code == 301
    assert client.get("/no/such/page/", HTTP_HOST=instance).status_code == 400
    # ... but a probe asks the instance itself over HTTP, and gets its answer.
    response = client.get(path, HTTP_HOST=instance)
    assert response.status_code == 200
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_a_failing_probe_is_a_warning_rather_than_a_server_error_to_mail(
    client, caplog, unreachable_database
):
    # Django logs a 503 at ERROR, which mails ADMINS in production: every few
    # seconds while a probe fails, were it not for this.
    caplog.set_level(logging.DEBUG, logger="django.request")

    client.get("/health/ready")

    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.getMessage() == "Service Unavailable: /health/ready"
    assert record.levelno == logging.WARNING
