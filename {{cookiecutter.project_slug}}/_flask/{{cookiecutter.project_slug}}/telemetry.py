"""Error reports to Sentry and traces to OpenTelemetry, each off until its variable is set.

Both come with the observability extra: pip install -e ".[observability]".
SENTRY_DSN sends unhandled errors to that Sentry project; the SDK enables its
Flask{% if cookiecutter.use_celery == "yes" %}, Celery{% endif %} and SQLAlchemy integrations by itself.
OTEL_EXPORTER_OTLP_ENDPOINT sends a trace of each request{% if cookiecutter.use_celery == "yes" %} and Celery task{% endif %} to that
collector, with a span per database statement. Unset, neither library is
even imported. https://docs.sentry.io/platforms/python/integrations/flask/
https://opentelemetry-python-contrib.readthedocs.io/en/latest/instrumentation/flask/flask.html
"""

from typing import TYPE_CHECKING, Any

from flask import Flask

from .config import ConfigError
from .extensions import db

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

INSTALL = 'pip install -e ".[observability]"'


def register_telemetry(app: Flask) -> None:
    """Start error reports and tracing for `app`, each when its variable is set."""
    if app.config.get("SENTRY_DSN"):
        start_sentry(app.config["SENTRY_DSN"])
    if app.config.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        start_tracing(app)


def start_sentry(dsn: str, **options: Any) -> None:
    """Report errors to the Sentry project `dsn`; tests pass their own transport in `options`."""
    try:
        import sentry_sdk
    except ImportError:
        raise ConfigError(
            f"SENTRY_DSN is set, but sentry-sdk is not installed: {INSTALL}"
        ) from None
    # The SDK's defaults send no personal data (cookies, credentials, client
    # addresses, user IDs): kept as they are. It reads SENTRY_ENVIRONMENT and
    # SENTRY_RELEASE itself.
    # https://docs.sentry.io/platforms/python/data-management/data-collected/
    sentry_sdk.init(dsn=dsn, **options)


def start_tracing(app: Flask) -> None:
    """Send the app's spans to OTEL_EXPORTER_OTLP_ENDPOINT, in batches."""
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        raise ConfigError(
            f"OTEL_EXPORTER_OTLP_ENDPOINT is set, but opentelemetry-sdk is not installed: {INSTALL}"
        ) from None
    provider = tracer_provider(app.config["OTEL_SERVICE_NAME"], OTLPSpanExporter())
    # Global as well, for code that asks OpenTelemetry for a tracer itself.
    trace.set_tracer_provider(provider)
    instrument(app, provider)


def tracer_provider(service_name: str, exporter: "SpanExporter") -> "TracerProvider":
    """Spans filed under `service_name`, sent to `exporter` in batches by a thread of their own."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def instrument(app: Flask, provider: "TracerProvider") -> None:
    """Spans of the app's requests, database statements{% if cookiecutter.use_celery == "yes" %} and Celery tasks{% endif %}, through `provider`."""
{%- if cookiecutter.use_celery == "yes" %}
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
{%- endif %}
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FlaskInstrumentor().instrument_app(app, tracer_provider=provider)
    with app.app_context():
        # The instrumentation declares SQLAlchemy below 2.1 and would refuse
        # later releases without a look; tests/test_telemetry.py checks that
        # statements are traced with the SQLAlchemy installed.
        SQLAlchemyInstrumentor().instrument(
            engine=db.engine, tracer_provider=provider, skip_dep_check=True
        )
{%- if cookiecutter.use_celery == "yes" %}
    CeleryInstrumentor().instrument(tracer_provider=provider)
{%- endif %}


def uninstrument(app: Flask) -> None:
    """Undo instrument(): the tests instrument one app after another in one process."""
{%- if cookiecutter.use_celery == "yes" %}
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
{%- endif %}
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    FlaskInstrumentor().uninstrument_app(app)
    SQLAlchemyInstrumentor().uninstrument()
{%- if cookiecutter.use_celery == "yes" %}
    CeleryInstrumentor().uninstrument()
{%- endif %}
