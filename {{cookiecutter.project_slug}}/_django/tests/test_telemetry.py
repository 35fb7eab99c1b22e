"""Error reporting and tracing (telemetry.py): off and not imported while unset, on when set.

The tests that send an error to Sentry or trace a request need the
observability extra, and skip without it.
"""

import gzip
import importlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from {{ cookiecutter.project_slug }} import telemetry

# Why the Sentry test skips without the extra (conftest.py's spans says the same).
OBSERVABILITY_EXTRA = 'the observability extra: pip install -e ".[observability]"'
# The top modules of the extra's packages.
LIBRARIES = ("sentry_sdk", "opentelemetry")
REQUEST_ID_MIDDLEWARE = "{{ cookiecutter.project_slug }}.middleware.RequestIdMiddleware"


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


# This module doubles as a URLconf for the test that needs a view that raises.
urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def without_the_extra(monkeypatch):
    """As if the extra were not installed: importing sentry_sdk or opentelemetry fails."""
    for name in list(sys.modules):
        if name.partition(".")[0] in LIBRARIES:
            monkeypatch.setitem(sys.modules, name, None)
    for name in LIBRARIES:
        monkeypatch.setitem(sys.modules, name, None)


def test_nothing_is_started_or_imported_while_the_variables_are_unset(without_the_extra, settings):
    settings.SENTRY_DSN = ""
    settings.OTEL_EXPORTER_OTLP_ENDPOINT = ""

    # What Django runs at start-up: any import of either library would fail.
    apps.get_app_config("{{ cookiecutter.project_slug }}").ready()


@pytest.mark.parametrize(
    ("variable", "package"),
    [("SENTRY_DSN", "sentry-sdk"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "opentelemetry-sdk")],
)
def test_a_variable_set_without_the_extra_stops_start_up_in_one_line(
    without_the_extra, settings, variable, package
):
    setattr(settings, variable, "http://127.0.0.1:1/0")

    with pytest.raises(ImproperlyConfigured) as refused:
        apps.get_app_config("{{ cookiecutter.project_slug }}").ready()

    assert str(refused.value) == (
        f'{variable} is set, but {package} is not installed: pip install -e ".[observability]"'
    )


class Ingest(BaseHTTPRequestHandler):
    """Sentry's ingest or a collector, as far as the SDKs see them: keeps each body posted."""

    bodies: ClassVar[list[bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            # sentry-sdk's choice when the brotli package is installed.
            body = importlib.import_module("brotli").decompress(body)
        self.bodies.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        """Quiet: the tests read the bodies."""


@pytest.fixture
def ingest():
    """A local Ingest server; its URL."""
    Ingest.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def sentry_events(ingest):
    """Sentry started with a DSN that points at the ingest; the events it received."""
    sentry_sdk = pytest.importorskip("sentry_sdk", reason=OBSERVABILITY_EXTRA)
    # A DSN is http://PUBLIC_KEY@HOST/PROJECT_ID.
    telemetry.start_sentry(ingest.replace("//", "//public@", 1) + "/1")

    def events():
        sentry_sdk.flush(timeout=5)
        # Each body an envelope: a header line, then an item header and its payload per item.
        items = [body.splitlines()[1:] for body in Ingest.bodies]
        return [
            json.loads(payload)
            for lines in items
            for header, payload in zip(lines[::2], lines[1::2], strict=True)
            if json.loads(header)["type"] == "event"
        ]

    yield events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@override_settings(ROOT_URLCONF=__name__)
def test_an_unhandled_error_is_reported_to_sentry(sentry_events):
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    [event] = sentry_events()
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "the view broke"
    assert event["transaction"] == "/broken/"


def test_a_requests_span_covers_its_id_and_access_line(spans, settings):
    # DjangoInstrumentor's middleware goes first, above RequestIdMiddleware.
    assert settings.MIDDLEWARE[0].startswith("opentelemetry.instrumentation.django.")
    assert settings.MIDDLEWARE[1] == REQUEST_ID_MIDDLEWARE


@pytest.mark.django_db
def test_a_request_is_traced_with_its_database_query(spans, swap_database):
    from opentelemetry.trace import SpanKind

    # A connection made once tracing is on, as every connection of a process
    # that starts it with Django: the driver's instrumentation traces those.
    swap_database()

    response = Client().get("/health/ready")

    assert response.status_code == 200
    [request] = [span for span in spans() if span.kind is SpanKind.SERVER]
    [query] = [span for span in spans() if span.attributes.get("db.statement") == "SELECT 1"]
    assert request.name == "GET health/ready"
    assert request.attributes["http.status_code"] == 200
    assert query.attributes["db.system"] == connection.vendor
    # The query's span is inside the request's.
    assert query.context.trace_id == request.context.trace_id
    assert query.parent.span_id == request.context.span_id


@pytest.mark.django_db
def test_traces_go_to_the_collector_under_the_service_name(ingest, monkeypatch, settings):
    pytest.importorskip("opentelemetry.sdk", reason=OBSERVABILITY_EXTRA)
    from opentelemetry import trace
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    # The one test that sets the process's tracer provider, as start-up does.
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", ingest)
    settings.OTEL_EXPORTER_OTLP_ENDPOINT = ingest
    settings.OTEL_SERVICE_NAME = "shop-web"
    apps.get_app_config("{{ cookiecutter.project_slug }}").ready()
    provider = trace.get_tracer_provider()
    try:
        Client().get("/health/live")
        provider.force_flush()
    finally:
        telemetry.uninstrument()
        provider.shutdown()

    [body] = Ingest.bodies
    [resource_spans] = ExportTraceServiceRequest.FromString(body).resource_spans
    resource = {item.key: item.value.string_value for item in resource_spans.resource.attributes}
    assert resource["service.name"] == "shop-web"
    names = [span.name for scope in resource_spans.scope_spans for span in scope.spans]
    assert names == ["GET health/live"]
