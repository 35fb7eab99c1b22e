"""Fixtures shared by the project-wide tests."""

import copy
import io
import json
import logging.config
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.log import configure_logging

from tests.test_settings import PRODUCTION_ENV, load_settings

# Why the tests of Sentry and OpenTelemetry skip where they do.
OBSERVABILITY_EXTRA = 'the observability extra: pip install -e ".[observability]"'

# What a copy of the project leaves out: environments, caches and generated files.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    "venv",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".import_linter_cache",
    ".coverage*",
    "htmlcov",
    "*.egg-info",
    "staticfiles",
    "media",
    "db.sqlite3*",
)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of this project in a temporary directory, to change without touching the real one."""
    copy = tmp_path / Path(settings.BASE_DIR).name
    shutil.copytree(settings.BASE_DIR, copy, ignore=COPY_IGNORE)
    return copy


@pytest.fixture
def clean_environ():
    """Give back os.environ as it was: settings modules read .env into it."""
    saved = dict(os.environ)
    yield os.environ
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def bare_env() -> dict[str, str]:
    """This process's environment minus settings selection and secrets, for subprocesses."""
    unset = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"}
    return {key: value for key, value in os.environ.items() if key not in unset}


@pytest.fixture
def log_to_string() -> Iterator[Callable[[dict[str, Any]], io.StringIO]]:
    """Apply a LOGGING dict, its stderr a string returned; the test settings' logging after."""

    def apply(config: dict[str, Any]) -> io.StringIO:
        stream = io.StringIO()
        # The handler takes sys.stderr (ext://sys.stderr) when it is made.
        saved, sys.stderr = sys.stderr, stream
        try:
            logging.config.dictConfig(config)
        finally:
            sys.stderr = saved
        return stream

    yield apply
    # As django.setup() did it.
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.fixture
def swap_database() -> Iterator[Callable[..., BaseDatabaseWrapper]]:
    """Swap the default database connection for a new one, its settings changed; the real one after.

    The new connection is outside the test's transaction, and opens when
    first used, with these settings: swap_database(PORT="1") cannot connect.
    """
    real = connections[DEFAULT_DB_ALIAS]
    swapped: list[BaseDatabaseWrapper] = []

    def swap(**changes: str) -> BaseDatabaseWrapper:
        settings_dict = copy.deepcopy(real.settings_dict) | changes
        connection = type(real)(settings_dict, DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = connection
        swapped.append(connection)
        return connection

    yield swap
    connections[DEFAULT_DB_ALIAS] = real
    for connection in swapped:
        # The driver's own close(): Django's leaves an in-memory SQLite one open.
        if connection.connection is not None:
            connection.connection.close()


@pytest.fixture
def production(clean_environ):
    """config.settings.production, imported with the variables it needs, at LOG_LEVEL's default."""
    clean_environ.update(PRODUCTION_ENV)
    clean_environ.pop("LOG_LEVEL", None)
    return load_settings("production")


@pytest.fixture
def json_lines(production, log_to_string):
    """Production's logging applied; a function that returns the lines written so far, parsed."""
    stream = log_to_string(production.LOGGING)
    return lambda: [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def spans():
    """The instrumentations tracing through a provider of the test's; the spans they finished."""
    pytest.importorskip("opentelemetry.sdk", reason=OBSERVABILITY_EXTRA)
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from {{ cookiecutter.project_slug }} import telemetry

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    telemetry.instrument(provider)
    yield exporter.get_finished_spans
    telemetry.uninstrument()
    provider.shutdown()
