"""Sentry and OpenTelemetry: off, and not even imported, until their variables are set."""

import json
import sys
from typing import Any

import pytest

from {{ cookiecutter.project_slug }} import telemetry
from {{ cookiecutter.project_slug }}.config import ProductionConfig, TestingConfig

from .conftest import PACKAGE

EXTRA = 'the observability extra: pip install -e ".[observability]"'
# The top-level packages of sentry-sdk and of OpenTelemetry's distributions.
PACKAGES = ("sentry_sdk", "opentelemetry")
DSN = "https://public@sentry.example.com/1"
ENDPOINT = "http://collector.example.com:4318"


@pytest.fixture
def not_installed(monkeypatch):
    """As if the extra were not installed: any import of its modules fails, loaded before or not."""
    loaded = [name for name in sys.modules if name.partition(".")[0] in PACKAGES]
    for name in {*PACKAGES, *loaded}:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def sentry_events():
    """The events Sentry would send, kept by the test's own transport; the client closed after."""
    sentry_sdk = pytest.importorskip("sentry_sdk", reason=EXTRA)
    from sentry_sdk.transport import Transport

    class Kept(Transport):
        def __init__(self) -> None:
            super().__init__()
            self.events: list[dict[str, Any]] = []

        def capture_envelope(self, envelope: Any) -> None:
            if (event := envelope.get_event()) is not None:
                self.events.append(event)

    transport = Kept()
    telemetry.start_sentry(DSN, transport=transport)
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@pytest.fixture
def finished_spans(app):
    """The app's spans, kept in memory by the test's own provider rather than the global one."""
    pytest.importorskip("opentelemetry.sdk", reason=EXTRA)
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = telemetry.tracer_provider(PACKAGE, exporter)
    telemetry.instrument(app, provider)

    def finished():
        provider.force_flush()
        return exporter.get_finished_spans()

    yield finished
    telemetry.uninstrument(app)
    provider.shutdown()


def test_neither_is_imported_while_its_variable_is_unset(start_app, not_installed):
    app = start_app("ProductionConfig")
    assert app.config["SENTRY_DSN"] is None
    assert app.config["OTEL_EXPORTER_OTLP_ENDPOINT"] is None


@pytest.mark.parametrize(
    ("variable", "value", "package"),
    [
        ("SENTRY_DSN", DSN, "sentry-sdk"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT, "opentelemetry-sdk"),
    ],
)
def test_a_variable_set_without_the_extra_stops_the_start_with_one_line(
    start_app, not_installed, variable, value, package
):
    with pytest.raises(SystemExit) as stopped:
        start_app("ProductionConfig", **{variable: value})
    assert str(stopped.value) == (
        f'{variable} is set, but {package} is not installed: pip install -e ".[observability]"'
    )


def test_the_suite_reports_nothing_whatever_the_shell_sets(monkeypatch):
    monkeypatch.setenv("SENTRY_DSN", DSN)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ENDPOINT)
    production, testing = ProductionConfig(), TestingConfig()
    assert production.SENTRY_DSN == DSN
    assert production.OTEL_EXPORTER_OTLP_ENDPOINT == ENDPOINT
    assert testing.SENTRY_DSN is None
    assert testing.OTEL_EXPORTER_OTLP_ENDPOINT is None


def test_traces_are_filed_under_otel_service_name_or_the_project(monkeypatch):
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    assert ProductionConfig().OTEL_SERVICE_NAME == PACKAGE
    monkeypatch.setenv("OTEL_SERVICE_NAME", "shop-web")
    assert ProductionConfig().OTEL_SERVICE_NAME == "shop-web"


def test_an_unhandled_error_reaches_sentry_with_its_type_and_no_personal_data(app, sentry_events):
    def fail():
        raise RuntimeError("secret detail")

    app.add_url_rule("/fail", "fail", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production
    client = app.test_client()
    client.set_cookie("visitor", "private-cookie")
    response = client.get("/fail", headers={"Authorization": "Bearer private-token"})
    assert response.status_code == 500
    [event] = sentry_events
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    # The request is described, without its credentials or the client's address.
    assert event["request"]["url"] == "http://localhost/fail"
    assert "private" not in json.dumps(event["request"])
    assert "user" not in event


def test_a_request_is_traced_with_a_span_for_its_database_statement(client, finished_spans):
    from opentelemetry.trace import SpanKind

    client.get("/health/ready")
    spans = finished_spans()
    [server] = [span for span in spans if span.kind is SpanKind.SERVER]
    [statement] = [span for span in spans if span.attributes.get("db.statement") == "SELECT 1"]
    assert server.name == "GET /health/ready"
    assert server.resource.attributes["service.name"] == PACKAGE
    assert statement.parent is not None
    assert statement.parent.span_id == server.context.span_id
