"""Request IDs and logs: an ID per request, in each record and X-Request-ID; JSON in production."""

import json
import logging
import re
import warnings
from datetime import datetime

import pytest

from {{ cookiecutter.project_slug }} import logs

from .conftest import PACKAGE

# What accept_request_id() makes when it keeps nothing of the request's.
NEW_ID = re.compile(r"[0-9a-f]{32}")
ACCESS = f"{PACKAGE}.access"
# The fields of every JSON line, and those the access line adds.
FIELDS = {"time", "level", "logger", "message", "request_id"}
ACCESS_FIELDS = FIELDS | {"method", "path", "status", "duration_ms"}


def capture_with_request_ids(caplog) -> None:
    """caplog from here on, each record with the request ID production's handler gives it."""
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(logs.RequestIdFilter())


def log_and_answer() -> str:
    logging.getLogger(f"{PACKAGE}.work").info("working")
    return "done"


def fail() -> str:
    raise RuntimeError("secret detail")


@pytest.mark.parametrize(
    "given", ["abc", "0f8fad5b-d9cb-469f-a165-70867728950e", "edge.v1_2", "x" * 128]
)
def test_a_sane_request_id_is_kept_and_sent_back(client, given):
    response = client.get("/health/live", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given


def test_a_request_without_an_id_gets_a_new_one_each_time(client):
    first, second = (client.get("/health/live").headers["X-Request-ID"] for _ in range(2))
    assert NEW_ID.fullmatch(first)
    assert NEW_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "given",
    ["x" * 129, "two words", "line\nbreak", 'a"quote'],
    ids=["too long", "space", "newline", "quote"],
)
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, given):
    # Set in the WSGI environment: the test client would refuse a newline in a header.
    response = client.get("/health/live", environ_overrides={"HTTP_X_REQUEST_ID": given})
    assert NEW_ID.fullmatch(response.headers["X-Request-ID"])


def test_the_views_records_and_the_access_line_carry_the_request_id(app, caplog):
    app.add_url_rule("/work", "work", log_and_answer)
    capture_with_request_ids(caplog)
    response = app.test_client().get("/work?page=2", headers={"X-Request-ID": "trace-1"})
    assert response.headers["X-Request-ID"] == "trace-1"
    [work] = [record for record in caplog.records if record.name == f"{PACKAGE}.work"]
    [access] = [record for record in caplog.records if record.name == ACCESS]
    assert work.request_id == access.request_id == "trace-1"
    assert (access.levelname, access.method, access.path, access.status) == (
        "INFO",
        "GET",
        "/work",
        200,
    )
    assert access.getMessage() == f"GET /work 200 {access.duration_ms:.1f} ms"


def test_refusals_before_any_view_have_an_id_and_an_access_line(app, caplog):
    # Flask-WTF refuses a form without its CSRF token in a before_request
    # function; routing refuses the others before any view runs.
    app.add_url_rule("/form", "form", lambda: "posted", methods=["POST"])
    client = app.test_client()
    capture_with_request_ids(caplog)
    answers = [client.post("/form"), client.get("/no/such/page"), client.delete("/health/live")]
    assert [answer.status_code for answer in answers] == [400, 404, 405]
    access = [(r.status, r.request_id) for r in caplog.records if r.name == ACCESS]
    assert access == [(answer.status_code, answer.headers["X-Request-ID"]) for answer in answers]


def test_no_request_id_outlives_its_request(client):
    client.get("/health/live", headers={"X-Request-ID": "trace-1"})
    assert logs.request_id.get() is None


def test_production_logs_one_json_object_per_line(start_app, capsys):
    app = start_app("ProductionConfig")
    app.add_url_rule("/work", "work", log_and_answer)
    capsys.readouterr()
    app.test_client().get("/work", headers={"X-Request-ID": "trace-json"})
    lines = capsys.readouterr().err.splitlines()
    work, access = (json.loads(line) for line in lines)
    assert set(work) == FIELDS
    assert work | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": f"{PACKAGE}.work",
        "message": "working",
        "request_id": "trace-json",
    }
    assert datetime.fromisoformat(work["time"]).tzinfo is not None
    assert set(access) == ACCESS_FIELDS
    assert (access["logger"], access["request_id"]) == (ACCESS, "trace-json")
    assert (access["method"], access["path"], access["status"]) == ("GET", "/work", 200)
    assert isinstance(access["duration_ms"], float)


def test_an_unhandled_error_answers_500_with_its_id_and_logs_its_traceback_in_one_line(
    start_app, capsys
):
    app = start_app("ProductionConfig")
    app.add_url_rule("/fail", "fail", fail)
    capsys.readouterr()
    response = app.test_client().get("/fail", headers={"X-Request-ID": "trace-500"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "trace-500"
    error, access = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert (error["level"], error["logger"], error["request_id"]) == ("ERROR", PACKAGE, "trace-500")
    assert error["message"] == "Exception on /fail [GET]"
    assert error["exception"].startswith("Traceback (most recent call last):\n")
    assert error["exception"].endswith("RuntimeError: secret detail")
    assert (access["status"], access["request_id"]) == (500, "trace-500")


@pytest.mark.parametrize("name", ["DevelopmentConfig", "TestingConfig"])
def test_development_and_testing_log_readable_lines(start_app, capsys, name):
    app = start_app(name)
    capsys.readouterr()
    app.test_client().get("/no/such/page", headers={"X-Request-ID": "trace-text"})
    [line] = capsys.readouterr().err.splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \[trace-text\] "
        rf"{PACKAGE}\.access: GET /no/such/page 404 \d+\.\d ms",
        line,
    ), line


@pytest.mark.parametrize(
    ("level", "path", "logged"),
    [
        (None, "/no/such/page", True),
        (None, "/health/live", False),
        ("WARNING", "/no/such/page", False),
        ("debug", "/health/live", True),
    ],
    ids=["unset, a 404", "unset, a probe", "WARNING, a 404", "debug, a probe"],
)
def test_log_level_sets_which_records_are_written(start_app, capsys, level, path, logged):
    # Successful probes are logged at DEBUG, a 404 at INFO; the default is INFO.
    app = start_app("DevelopmentConfig", **({"LOG_LEVEL": level} if level else {}))
    capsys.readouterr()
    app.test_client().get(path)
    assert bool(capsys.readouterr().err) is logged


def test_a_log_level_that_is_not_a_level_stops_the_start_with_one_line(start_app):
    with pytest.raises(SystemExit) as stopped:
        start_app("ProductionConfig", LOG_LEVEL="loud")
    assert str(stopped.value) == (
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'loud'"
    )


def test_production_logs_python_warnings_as_json_records(start_app, capsys):
    # A library's warning (Celery's, a deprecation) would otherwise be raw lines on stderr.
    start_app("ProductionConfig")
    capsys.readouterr()
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("an old call", DeprecationWarning, stacklevel=1)
    [line] = capsys.readouterr().err.splitlines()
    record = json.loads(line)
    assert (record["logger"], record["level"]) == ("py.warnings", "WARNING")
    assert "DeprecationWarning: an old call" in record["message"]


def test_production_writes_gunicorns_errors_but_not_its_access_lines(start_app, capsys):
    # The app writes its own access line; gunicorn's would repeat it.
    start_app("ProductionConfig")
    capsys.readouterr()
    logging.getLogger("gunicorn.access").info("GET / 200")
    logging.getLogger("alembic.runtime.plugins").info("setting up a plugin")
    logging.getLogger("gunicorn.error").info("Booting worker")
    # Celery keeps a task's arguments (a mailed link) in `data`: never in a line.
    logging.getLogger(f"{PACKAGE}.work").info("queued", extra={"data": {"link": "secret"}})

    booting, queued = (json.loads(line) for line in capsys.readouterr().err.splitlines())

    assert (booting["logger"], booting["message"]) == ("gunicorn.error", "Booting worker")
    assert set(queued) == FIELDS
