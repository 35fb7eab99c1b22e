"""The health checks the probes ask: /health/live and /health/ready, in every project."""

import logging
{%- if cookiecutter.use_celery == "yes" %}
import os
{%- endif %}
from collections.abc import Mapping

import pytest
from sqlalchemy import make_url
from werkzeug.test import TestResponse

from .conftest import PACKAGE
{%- if cookiecutter.use_celery == "yes" %}

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"


# Session-wide, so read before any test's fixtures change the environment.
@pytest.fixture(scope="session")
def redis_url():
    """The Redis server the environment names, as CI's does; the test is skipped without one."""
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        pytest.skip("needs a Redis server: set REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    return url
{%- endif %}


@pytest.fixture
def unreachable_database(test_database_url, tmp_path):
    """A URL of the suite's kind of database that nothing answers: no such folder, a closed port."""
    url = make_url(test_database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
    return url.set(port=1).render_as_string(hide_password=False)


def assert_answer(response: TestResponse, status: int, body: Mapping[str, object]) -> None:
    assert (response.status_code, response.json) == (status, body)
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def access_levels(caplog) -> list[tuple[str, int, str]]:
    return [
        (record.path, record.status, record.levelname)
        for record in caplog.records
        if record.name == f"{PACKAGE}.access"
    ]


def test_live_answers_ok(client):
    assert_answer(client.get("/health/live"), 200, {"status": "ok"})


{% if cookiecutter.use_celery == "yes" -%}
def test_ready_answers_ok_when_the_database_and_redis_answer(client, redis_url):
    body = {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
{%- else -%}
def test_ready_answers_ok_when_the_database_answers(client):
    body = {"status": "ok", "checks": {"database": "ok"}}
{%- endif %}
    assert_answer(client.get("/health/ready"), 200, body)


{% if cookiecutter.use_celery == "yes" -%}
def test_ready_answers_503_naming_the_database_when_it_does_not_answer(
    make_app, unreachable_database, redis_url
):
    checks = {"database": "unavailable", "redis": "ok"}
{%- else -%}
def test_ready_answers_503_naming_the_database_when_it_does_not_answer(
    make_app, unreachable_database
):
    checks = {"database": "unavailable"}
{%- endif %}
    client = make_app(SQLALCHEMY_DATABASE_URI=unreachable_database).test_client()
    assert_answer(client.get("/health/ready"), 503, {"status": "unavailable", "checks": checks})
{%- if cookiecutter.use_celery == "yes" %}


def test_ready_answers_503_naming_redis_when_it_does_not_answer(make_app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", NO_REDIS)
    checks = {"database": "ok", "redis": "unavailable"}
    client = make_app().test_client()
    assert_answer(client.get("/health/ready"), 503, {"status": "unavailable", "checks": checks})
{%- endif %}


def test_ready_recovers_without_a_restart_once_the_database_answers(make_app, tmp_path):
    folder = tmp_path / "later"
    client = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'db.sqlite3'}").test_client()
    assert client.get("/health/ready").json["checks"]["database"] == "unavailable"
    folder.mkdir()
    assert client.get("/health/ready").json["checks"]["database"] == "ok"


{% if cookiecutter.use_celery == "yes" -%}
def test_successful_probes_are_logged_at_debug_only(client, caplog, redis_url):
{%- else -%}
def test_successful_probes_are_logged_at_debug_only(client, caplog):
{%- endif %}
    caplog.set_level(logging.DEBUG)
    client.get("/health/live")
    client.get("/health/ready")
    assert access_levels(caplog) == [
        ("/health/live", 200, "DEBUG"),
        ("/health/ready", 200, "DEBUG"),
    ]


def test_a_failing_probe_is_logged_at_info_with_its_reason_at_warning(
    make_app, unreachable_database, caplog
):
    client = make_app(SQLALCHEMY_DATABASE_URI=unreachable_database).test_client()
    caplog.set_level(logging.DEBUG)
    client.get("/health/ready")
    assert access_levels(caplog) == [("/health/ready", 503, "INFO")]
    [reason] = [record for record in caplog.records if record.levelname == "WARNING"]
    assert reason.getMessage().startswith("Health check: the database does not answer: ")


{% if cookiecutter.use_celery == "yes" -%}
def test_production_answers_the_probes_over_plain_http(start_app, redis_url):
    app = start_app("ProductionConfig", REDIS_URL=redis_url)
{%- else -%}
def test_production_answers_the_probes_over_plain_http(start_app):
    app = start_app("ProductionConfig")
{%- endif %}
    # No redirect to HTTPS: a probe speaks to the process directly, and a
    # redirect would not be the answer it waits for.
    client = app.test_client()
    for path in ("/health/live", "/health/ready"):
        assert client.get(path, base_url="http://10.0.0.5:8000").status_code == 200, path


def test_the_probes_are_served_whatever_the_blueprints_file_lists(make_app, tmp_path):
    registry = tmp_path / "blueprints.yaml"
    registry.write_text("- {name: gone, import: 'gone:bp', url_prefix: /gone, enabled: false}\n")
    client = make_app(BLUEPRINTS_FILE=str(registry)).test_client()
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").json["checks"]["database"] == "ok"
