"""Error reporting (Sentry) and tracing (OpenTelemetry), each on only when its variable is set.

apps.py starts them once Django is set up, in every process: the web
server, manage.py{% if cookiecutter.use_celery == "yes" %} and the Celery worker{% endif %}. Both libraries come with the
`observability` extra and are imported here only when their variable is
set; set without the extra, start-up stops with one line saying what to
install.
https://docs.sentry.io/platforms/python/integrations/django/
https://opentelemetry-python-contrib.readthedocs.io/en/latest/instrumentation/django/django.html
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

INSTALL = 'pip install -e ".[observability]"'


def start() -> None:
    """Sentry when SENTRY_DSN is set; tracing when OTEL_EXPORTER_OTLP_ENDPOINT is."""
    if settings.SENTRY_DSN:
        start_sentry(settings.SENTRY_DSN)
    if settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        start_tracing(settings.OTEL_SERVICE_NAME)


def start_sentry(dsn: str) -> None:
    """Unhandled errors to Sentry, which turns on its Django{% if cookiecutter.use_celery == "yes" %} and Celery{% endif %} integration by itself.

    sentry-sdk reads SENTRY_ENVIRONMENT and SENTRY_RELEASE itself.
    https://docs.sentry.io/platforms/python/configuration/options/
    """
    try:
        import sentry_sdk
    except ImportError:
        raise ImproperlyConfigured(
            f"SENTRY_DSN is set, but sentry-sdk is not installed: {INSTALL}"
        ) from None
    # Events carry no personal data (users, addresses, cookies): the SDK's
    # default, left as it is. Saying send_default_pii=False is deprecated.
    # https://docs.sentry.io/platforms/python/data-management/data-collected/
    sentry_sdk.init(dsn=dsn)


def start_tracing(service_name: str) -> None:
    """Traces of requests, database queries{% if cookiecutter.use_celery == "yes" %} and tasks{% endif %}, sent in batches over OTLP/HTTP.

    The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and the SDK's other
    OTEL_* variables) itself.
    https://opentelemetry.io/docs/languages/python/exporters/#otlp
    """
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        tracers = instrumentors()
    except ImportError:
        raise ImproperlyConfigured(
            f"OTEL_EXPORTER_OTLP_ENDPOINT is set, but opentelemetry-sdk is not installed: {INSTALL}"
        ) from None
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    for instrumentor in tracers:
        instrumentor.instrument(tracer_provider=provider)


def instrument(provider: "TracerProvider") -> None:
    """Trace through `provider`: start_tracing()'s, or a test's that keeps the spans."""
    for instrumentor in instrumentors():
        instrumentor.instrument(tracer_provider=provider)


def uninstrument() -> None:
    """Undo instrument(): tests trace with a provider of their own, then stop."""
    for instrumentor in instrumentors():
        instrumentor.uninstrument()


# Any: BaseInstrumentor, their class, is untyped (a "type: ignore" module).
def instrumentors() -> list[Any]:
    """What is traced: Django's requests, the database driver's queries{% if cookiecutter.use_celery == "yes" %}, Celery's tasks{% endif %}.

    DjangoInstrumentor puts its middleware first in settings.MIDDLEWARE, above
    RequestIdMiddleware: a request's span then covers the whole request, and
    every record logged for it, its access line included, is logged inside it.
    """
{%- if cookiecutter.use_celery == "yes" %}
    from opentelemetry.instrumentation.celery import CeleryInstrumentor
{%- endif %}
    from opentelemetry.instrumentation.django import DjangoInstrumentor
{%- if cookiecutter.database == "postgresql" %}
    from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor

    return [DjangoInstrumentor(), PsycopgInstrumentor(){% if cookiecutter.use_celery == "yes" %}, CeleryInstrumentor(){% endif %}]
{%- else %}
    from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor

    return [DjangoInstrumentor(), SQLite3Instrumentor(){% if cookiecutter.use_celery == "yes" %}, CeleryInstrumentor(){% endif %}]
{%- endif %}
