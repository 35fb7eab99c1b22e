"""Logging: each request's ID and access line, and the text or JSON lines of each environment."""

import json
import logging
import re
import sys
import warnings

import environ
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path
from django.utils.module_loading import import_string

from tests.test_settings import PRODUCTION_ENV, load_settings

logger = logging.getLogger(__name__)
# A new request ID: 16 random bytes in hex.
NEW_ID = re.compile(r"[0-9a-f]{32}")
REQUEST_ID_MIDDLEWARE = "{{ cookiecutter.project_slug }}.middleware.RequestIdMiddleware"


def logging_view(request: HttpRequest) -> HttpResponse:
    logger.info("the view ran")
    return HttpResponse("logged")


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


# This module doubles as a URLconf for the tests that need these views.
urlpatterns = [path("logging/", logging_view), path("broken/", broken_view)]


def test_request_id_middleware_comes_first():
    # Above SecurityMiddleware and WhiteNoise, which may answer by themselves.
    assert settings.MIDDLEWARE[0] == REQUEST_ID_MIDDLEWARE


@pytest.mark.parametrize("sent", ["a", "3f1c9a0e-4b7d.4e21_A6c0", "x" * 128])
def test_a_sane_request_id_is_sent_back(client, sent):
    response = client.get("/health/live", headers={"X-Request-ID": sent})

    assert response["X-Request-ID"] == sent


def test_a_request_without_an_id_gets_a_new_one(client):
    first = client.get("/health/live")["X-Request-ID"]
    second = client.get("/health/live")["X-Request-ID"]

    assert NEW_ID.fullmatch(first)
    assert NEW_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "sent",
    ["x" * 129, "two words", "line\nbreak", 'a"quote', "", "café"],
    ids=["129 characters", "space", "newline", "quote", "empty", "not ascii"],
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, sent):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=sent)

    assert NEW_ID.fullmatch(response["X-Request-ID"])


@override_settings(ROOT_URLCONF=__name__)
def test_the_access_line_and_the_views_records_carry_the_request_id(client, json_lines):
    response = client.get("/logging/", headers={"X-Request-ID": "req-1"})

    assert response["X-Request-ID"] == "req-1"
    view, access = json_lines()
    assert view["message"] == "the view ran"
    assert view["logger"] == __name__
    assert access["logger"] == "{{ cookiecutter.project_slug }}.access"
    assert view["request_id"] == access["request_id"] == "req-1"


def test_a_404_is_logged_under_the_request_id_it_answers_with(client, json_lines):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    not_found, access = json_lines()
    assert not_found["logger"] == "django.request"
    assert not_found["level"] == "WARNING"
    assert not_found["request_id"] == access["request_id"] == response["X-Request-ID"]


@override_settings(ROOT_URLCONF=__name__)
def test_a_500_answers_with_its_request_id_and_logs_one_record_with_the_traceback(json_lines):
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert NEW_ID.fullmatch(request_id)
    error, access = json_lines()
    assert error["level"] == "ERROR"
    assert error["message"] == "Internal Server Error: /broken/"
    assert error["request_id"] == request_id
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert error["exception"].endswith("RuntimeError: the view broke")
    assert access["status"] == 500
    assert access["request_id"] == request_id


@pytest.mark.django_db
def test_production_logs_one_json_object_per_line(client, json_lines):
    client.get("/no/such/page/")
    try:
        raise ValueError("one\nline")
    except ValueError:
        logger.exception("caught")

    lines = json_lines()
    access = next(line for line in lines if line["logger"].endswith(".access"))
    caught = lines[-1]

    for line in lines:
        assert {"time", "level", "logger", "message", "request_id"} <= line.keys()
    assert access["method"] == "GET"
    assert access["path"] == "/no/such/page/"
    assert access["status"] == 404
    assert isinstance(access["duration_ms"], float)
    assert access["message"] == f"GET /no/such/page/ 404 {access['duration_ms']:.1f} ms"
    # Outside a request.
    assert caught["request_id"] == "-"
    assert caught["message"] == "caught"
    assert caught["exception"].endswith("ValueError: one\nline")


def test_production_sends_server_errors_to_admins_when_there_are_any(production, log_to_string):
    log_to_string(production.LOGGING)
    request_logger = logging.getLogger("django.request")

    request_logger.error("Internal Server Error: /")
    assert mail.outbox == []
    with override_settings(ADMINS=["ops@example.com"]):
        request_logger.error("Internal Server Error: /")

    [message] = mail.outbox
    assert message.to == ["ops@example.com"]
    assert "Internal Server Error: /" in message.subject


@pytest.mark.parametrize("environment", ["test", "development"])
def test_development_and_test_log_readable_text(
    clean_environ, monkeypatch, log_to_string, environment
):
    # The defaults, whatever this machine's .env says.
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)
    clean_environ.pop("LOG_LEVEL", None)
    config = settings.LOGGING if environment == "test" else load_settings("development").LOGGING
    stream = log_to_string(config)

    # Written at any LOG_LEVEL.
    logger.critical("plain text")

    line = stream.getvalue()
    assert re.fullmatch(rf"\S+ \S+ CRITICAL \[-\] {__name__}: plain text\n", line), line


def test_log_level_comes_from_the_environment(clean_environ, log_to_string):
    clean_environ.update(PRODUCTION_ENV | {"LOG_LEVEL": "warning"})
    production = load_settings("production")
    stream = log_to_string(production.LOGGING)

    logger.info("not written")
    logger.warning("written")

    assert production.LOG_LEVEL == "WARNING"
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == ["written"]


def test_log_level_defaults_to_info(clean_environ):
    clean_environ.update(PRODUCTION_ENV)
    clean_environ.pop("LOG_LEVEL", None)

    assert load_settings("production").LOGGING["root"]["level"] == "INFO"


@pytest.mark.parametrize("environment", ["production", "development"])
def test_a_bad_log_level_is_refused_in_one_line(clean_environ, environment):
    clean_environ.update(PRODUCTION_ENV | {"LOG_LEVEL": "loud"})

    with pytest.raises(ImproperlyConfigured) as refused:
        load_settings(environment)

    assert str(refused.value) == (
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'loud'"
    )


def test_development_reads_log_level_from_dotenv(clean_environ, monkeypatch, tmp_path):
    # base.py reads the environment before development.py reads .env.
    clean_environ.pop("LOG_LEVEL", None)
    dotenv = tmp_path / ".env"
    dotenv.write_text("LOG_LEVEL=DEBUG\n", encoding="utf-8")
    read_env = environ.Env.read_env
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: read_env(dotenv))

    development = load_settings("development")

    assert development.LOG_LEVEL == "DEBUG"
    assert development.LOGGING["root"]["level"] == "DEBUG"


def test_production_logs_python_warnings_as_json_records(production, log_to_string):
    # A library's warning (Celery's, a deprecation) would otherwise be raw lines on stderr.
    stream = log_to_string(production.LOGGING)
    # As django.setup() applies LOGGING: through LOGGING_CONFIG (logs.apply).
    saved, sys.stderr = sys.stderr, stream
    try:
        import_string(production.LOGGING_CONFIG)(production.LOGGING)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("an old call", DeprecationWarning, stacklevel=1)
    finally:
        sys.stderr = saved
        logging.captureWarnings(False)
    [line] = stream.getvalue().splitlines()
    record = json.loads(line)
    assert (record["logger"], record["level"]) == ("py.warnings", "WARNING")
    assert "DeprecationWarning: an old call" in record["message"]


def test_production_writes_gunicorns_errors_but_not_its_access_lines(production, log_to_string):
    # The app writes its own access line; gunicorn's would repeat it.
    stream = log_to_string(production.LOGGING)
    logging.getLogger("gunicorn.access").info("GET / 200")
    logging.getLogger("gunicorn.error").info("Booting worker")
    # Celery keeps a task's arguments (a mailed link) in `data`: never in a line.
    logger.info("queued", extra={"data": {"link": "secret"}})

    booting, queued = (json.loads(line) for line in stream.getvalue().splitlines())

    assert (booting["logger"], booting["message"]) == ("gunicorn.error", "Booting worker")
    assert queued["message"] == "queued"
    assert "data" not in queued
