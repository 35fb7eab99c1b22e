"""The application factory: create_app() builds a configured Flask app.

It reads like a table of contents: configuration, request IDs, extensions,
blueprints, health checks, error handlers, security headers, CLI commands,
error reports and traces. No module-level app exists except in wsgi.py;
load_app() builds it for the entry points and sets up their logging.
https://flask.palletsprojects.com/en/stable/patterns/appfactories/
"""

import os
import time

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.utils import ImportStringError, import_string

from . import logs
from .blueprints import BlueprintEntry, BlueprintsFileError, nav_links, register_blueprints
{%- if cookiecutter.use_celery == "yes" %}
from .commands import add_blueprint, check_worker
{%- else %}
from .commands import add_blueprint
{%- endif %}
from .config import ConfigError, DevelopmentConfig, mail_settings
from .errors import register_error_handlers
{%- if cookiecutter.use_celery == "yes" %}
from .extensions import cache, csrf, db, login_manager, mail, migrate, session_interface
{%- else %}
from .extensions import csrf, db, login_manager, mail, migrate, session_interface
{%- endif %}
from .health import bp as health
{%- if cookiecutter.use_celery == "yes" %}
from .tasks import celery_init_app
{%- endif %}
from .telemetry import register_telemetry


def create_app(config: object | str | None = None) -> Flask:
    """Build the app from `config`: a config class or object, or its import path.

    Without one, FLASK_CONFIG names it by import path, for example
    {{ cookiecutter.project_slug }}.config.ProductionConfig, and the default is
    DevelopmentConfig.
    """
    # Named after the package: templates/, static/ and the instance folder are found from it.
    app = Flask(__package__)
    configure(app, config)
    # Before the extensions' hooks, so that every answer carries an ID and
    # has its access line, Flask-WTF's refusal of a form without its CSRF
    # token included.
    register_request_ids(app)
    register_extensions(app)
    # Imported by name from the registry file: the factory knows no blueprint
    # of the registry's. The health checks are the project's own, in every
    # project whatever the file lists: the deployment's probes ask them.
    entries = register_blueprints(app, app.config["BLUEPRINTS_FILE"])
    app.register_blueprint(health)
    register_navigation(app, entries)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    # Sentry and OpenTelemetry, when their variables are set.
    register_telemetry(app)
    return app


def load_app() -> Flask:
    """create_app() for the entry points: `flask`, wsgi.py{% if cookiecutter.use_celery == "yes" %} and make_celery.py{% endif %}, their logging set up.

    A mistake in the configuration or the blueprints file ends the process
    with its one line on stderr and exit status 1: the line names the
    variable or the entry, and a traceback would only bury it. Only these
    entry points set up the process's logging; tests build apps with
    create_app() and keep pytest's capture of the logs.
    """
    try:
        app = create_app()
        configure_logging(app)
    except (ConfigError, BlueprintsFileError) as error:
        raise SystemExit(str(error)) from None
    return app


def configure_logging(app: Flask) -> None:
    # At LOG_LEVEL, as JSON lines (production) or readable text (logs.py).
    try:
        level = logs.log_level(app.config["LOG_LEVEL"])
    except ValueError as error:
        raise ConfigError(str(error)) from None
    logs.apply(logs.config(level, json=app.config["LOG_JSON"]))
    # Flask turns its logger (the package's, the access line's parent) to
    # DEBUG in debug mode unless it has a level: LOG_LEVEL decides here too.
    # https://flask.palletsprojects.com/en/stable/logging/
    app.logger.setLevel(level)


def configure(app: Flask, config: object | str | None) -> None:
    # The config object is named by import path so that one environment
    # variable switches the whole set of settings.
    config = config or os.environ.get("FLASK_CONFIG") or DevelopmentConfig
    if isinstance(config, str):
        try:
            config = import_string(config)
        except ImportStringError as exc:
            raise ConfigError(f"FLASK_CONFIG: cannot import {config!r}") from exc
    # An instance, so that the properties read the environment now.
    if isinstance(config, type):
        config = config()
    app.config.from_object(config)
    # EMAIL_URL and DEFAULT_FROM_EMAIL, in the settings Flask-Mailman reads.
    app.config.update(mail_settings(app.config.get("EMAIL_URL")))
    app.config.setdefault("MAIL_DEFAULT_SENDER", app.config.get("DEFAULT_FROM_EMAIL"))
    # Behind TRUSTED_PROXY_COUNT proxies, the client's address and scheme are
    # read from X-Forwarded-For and X-Forwarded-Proto, as far back as they go.
    # https://flask.palletsprojects.com/en/stable/deploying/proxy_fix/
    hops = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if hops:
        # Wrapping wsgi_app is how that page adds the middleware; mypy refuses
        # any assignment to a method, hence the ignore of that one error.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_navigation(app: Flask, entries: list[BlueprintEntry]) -> None:
    # base.html links to each blueprint whose entry has `nav`, in the file's order.
    @app.context_processor
    def navigation() -> dict[str, object]:
        return {"nav_links": nav_links(entries)}


def register_request_ids(app: Flask) -> None:
    # Each request is handled under an ID (logs.py): the X-Request-ID a proxy
    # or the client sent when it is a plain token, else a new one. Every
    # record logged meanwhile carries it, and the response sends it back.
    @app.before_request
    def start_request() -> None:
        logs.request_id.set(logs.accept_request_id(request.headers.get("X-Request-ID")))
        g.request_started = time.perf_counter()

    # The first registered runs last of the after_request functions: the
    # access line has the status and headers the client gets.
    @app.after_request
    def finish_request(response: Response) -> Response:
        response.headers["X-Request-ID"] = logs.request_id.get() or ""
        logs.log_request(request.method, request.path, response.status_code, g.request_started)
        return response

    # The same thread handles other requests next: no ID outlives its request.
    @app.teardown_request
    def forget_request_id(error: BaseException | None) -> None:
        logs.request_id.set(None)


def register_extensions(app: Flask) -> None:
    # Bound here rather than at import time, so that each app (one per test,
    # say) gets its own settings and database engine.
    app.session_interface = session_interface
    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
{%- if cookiecutter.use_celery == "yes" %}
    cache.init_app(app)
    # Celery, configured from app.config["CELERY"]; make_celery.py hands it to the worker.
    celery_init_app(app)
{%- endif %}


def register_security_headers(app: Flask) -> None:
    # After every response, error pages and static files included: the
    # headers named by the config object, and HSTS where it sets one
    # (production). The table is built once, here: the config is complete.
    headers = dict(app.config.get("SECURITY_HEADERS", {}))
    if app.config.get("STRICT_TRANSPORT_SECURITY"):
        headers["Strict-Transport-Security"] = app.config["STRICT_TRANSPORT_SECURITY"]
    # Lower-cased once, for the comparison below.
    table = [(name.lower(), name, value) for name, value in headers.items()]

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # A view that needs another value (say, a page meant to be framed) sets
        # it itself. The names present are listed once: werkzeug's Headers
        # answers `in` and setdefault() by raising and catching KeyError, which
        # costs more per request than the rest of this hook.
        present = {name.lower() for name, _ in response.headers}
        for lowered, name, value in table:
            if lowered not in present:
                response.headers.add(name, value)
        return response


def register_commands(app: Flask) -> None:
    # `flask db ...` comes with Flask-Migrate; `flask shell` already has db
    # and the models in scope (Flask-SQLAlchemy adds them).
    app.cli.add_command(add_blueprint)
{%- if cookiecutter.use_celery == "yes" %}
    app.cli.add_command(check_worker)
{%- endif %}
