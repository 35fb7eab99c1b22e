"""Shared fixtures: apps built with TestingConfig or started as servers do; client, runner, session.

The suite runs on SQLite in memory. With DATABASE_URL naming a PostgreSQL
server, it runs on a database of its own on that server, test_<name>, created
for the run and dropped after it; the database DATABASE_URL names is never
touched (Django's test runner does the same).
"""

import logging
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from jinja2 import FileSystemBytecodeCache
from sqlalchemy import create_engine, make_url, text

from {{ cookiecutter.project_slug }} import logs
from {{ cookiecutter.project_slug }}.app import create_app, load_app
from {{ cookiecutter.project_slug }}.config import TestingConfig, database_url
from {{ cookiecutter.project_slug }}.extensions import db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "{{ cookiecutter.project_slug }}"
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# What a copy of the project leaves out: environments, caches, local state.
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "instance", "__pycache__", "*.sqlite3", ".*_cache", ".coverage*", "htmlcov"
)
# A SECRET_KEY that ProductionConfig takes.
STRONG_KEY = "k" * 50
# Every variable the config objects read; tests set what they need.
SETTINGS = (
    "FLASK_CONFIG",
    "FLASK_DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "BLUEPRINTS_FILE",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "TRUSTED_PROXY_COUNT",
    "LOG_LEVEL",
    "SENTRY_DSN",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_SERVICE_NAME",
)


@pytest.fixture(scope="session")
def test_database_url():
    """The database URL the suite's apps use: see the module's docstring."""
    url = database_url(os.environ.get("DATABASE_URL", "").strip())
    if not url or url.startswith("sqlite"):
        yield TestingConfig.SQLALCHEMY_DATABASE_URI
        return
    server = make_url(url)
    if server.get_backend_name() != "postgresql":
        pytest.exit(f"DATABASE_URL: the tests run on SQLite or PostgreSQL, got {server.drivername}")
    name = f"test_{server.database}"
    # Connected to the server's maintenance database, as createdb is.
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory):
    """Jinja's compiled templates, kept for the whole run rather than per app.

    Every test builds an app of its own; without this, each one compiles
    the templates it renders again, a fifth of the accounts tests' time.
    https://jinja.palletsprojects.com/en/stable/api/#bytecode-cache
    """
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("templates")))


def dispose_engines(apps) -> None:
    """Close every pooled connection of `apps`, so that none outlives its test."""
    for app in apps:
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture
def make_app(test_database_url, compiled_templates):
    """Build apps from TestingConfig with some settings changed: make_app(DEBUG=True).

    The registry is the project's blueprints.yaml wherever pytest runs from.
    Every engine is disposed of afterwards, so no connection outlives its test.
    """
    apps = []

    def make(**settings):
        settings.setdefault("BLUEPRINTS_FILE", str(PROJECT_ROOT / "blueprints.yaml"))
        settings.setdefault("SQLALCHEMY_DATABASE_URI", test_database_url)
        app = create_app(type("Config", (TestingConfig,), settings))
        app.jinja_env.bytecode_cache = compiled_templates
        apps.append(app)
        return app

    yield make
    dispose_engines(apps)


@pytest.fixture
def app(make_app):
    """The project's app on the test database with every table created, dropped afterwards."""
    app = make_app()
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    """The app's database session, for tests that look behind the views."""
    with app.app_context():
        yield db.session


@pytest.fixture
def post_form(client):
    """POST `data` to the form at `path` with its CSRF token, as a browser does.

    The token is read from the page at `form_page` (default: `path` itself).
    """

    def post(path, data, *, form_page=None, **kwargs):
        page = client.get(form_page or path)
        token = CSRF_TOKEN.search(page.text)
        assert token, f"no CSRF token in the page at {form_page or path}"
        return client.post(path, data={"csrf_token": token.group(1), **data}, **kwargs)

    return post


@pytest.fixture
def environ(monkeypatch):
    """A clean environment: only what a test sets is there, and what production needs."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BLUEPRINTS_FILE", str(PROJECT_ROOT / "blueprints.yaml"))
    # An accounts blueprint needs these in production (its tests check it).
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://site:secret@smtp.example.com:587")
    monkeypatch.setenv("SITE_URL", "https://example.com")
{%- if cookiecutter.use_celery == "yes" %}
    # Production needs it too; tests/test_tasks.py checks it is required.
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
{%- endif %}
    return monkeypatch


@pytest.fixture
def restore_logging():
    """The process's logging put back after a test that sets it up (load_app(), import-linter)."""
    loggers = [logging.root, *logging.root.manager.loggerDict.values()]
    saved = {
        logger: (logger.level, logger.handlers[:], logger.propagate, logger.disabled)
        for logger in loggers
        if isinstance(logger, logging.Logger)
    }
    yield
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and logger not in saved:
            saved[logger] = (logging.NOTSET, [], True, False)
    for logger, (level, handlers, propagate, disabled) in saved.items():
        logger.setLevel(level)
        logger.propagate = propagate
        logger.disabled = disabled
        if logger is not logging.root:
            logger.handlers[:] = handlers
    # pytest adds and removes its own capture handlers on the root logger
    # around each phase of a test: only those of logs.config() are removed.
    for handler in logging.root.handlers[:]:
        if any(isinstance(found, logs.RequestIdFilter) for found in handler.filters):
            logging.root.removeHandler(handler)
    # logs.apply() routes warnings to logging: pytest shows them itself.
    logging.captureWarnings(False)


@pytest.fixture
def start_app(environ, restore_logging, tmp_path):
    """Start the app as an entry point does (load_app()) under the config object `name`.

    Its logs go to sys.stderr as it is at the start: capsys reads them.
    Every engine is disposed of afterwards, and the logging put back.
    """
    apps = []

    def start(name="ProductionConfig", **variables):
        environ.setenv("FLASK_CONFIG", f"{PACKAGE}.config.{name}")
        environ.setenv("SECRET_KEY", STRONG_KEY)
        environ.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'started.sqlite3'}")
        for variable, value in variables.items():
            environ.setenv(variable, value)
        app = load_app()
        apps.append(app)
        return app

    yield start
    dispose_engines(apps)


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project (sources, registry, migrations, tests) to change freely."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT, copy, ignore=NOT_COPIED)
    return copy


# The ways the app starts: gunicorn (gunicorn.conf.py, wsgi.py), and the
# flask command (.flaskenv: flask run, flask db upgrade...), which loads it
# before running the command.
START_UPS = {
    "gunicorn": [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0"],
    "flask routes": [sys.executable, "-m", "flask", "routes"],
}


def clean_env(pythonpath: Path = PROJECT_ROOT) -> dict[str, str]:
    """The environment for a subprocess: ours without the app's settings, the project importable."""
    env = {key: value for key, value in os.environ.items() if key not in ("FLASK_APP", *SETTINGS)}
    env["PYTHONPATH"] = str(pythonpath)
    return env
