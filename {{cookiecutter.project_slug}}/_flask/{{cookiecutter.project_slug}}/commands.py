{% if cookiecutter.use_celery == "yes" -%}
"""CLI commands that create_app() registers: `flask add-blueprint`, `flask check-worker`."""
{%- else -%}
"""CLI commands that create_app() registers: `flask add-blueprint`."""
{%- endif %}

from pathlib import Path

import click
{%- if cookiecutter.use_celery == "yes" %}
from celery.exceptions import TimeoutError as TaskTimeoutError
{%- endif %}
from flask import current_app
from flask.cli import with_appcontext
{%- if cookiecutter.use_celery == "yes" %}
from kombu.exceptions import OperationalError as BrokerError
{%- endif %}

from .blueprints import resolve_path
from .scaffold import KINDS, ScaffoldError, add_module
{%- if cookiecutter.use_celery == "yes" %}
from .tasks import check_services
{%- endif %}


@click.command("add-blueprint")
@click.argument("name")
@click.option("--kind", type=click.Choice(KINDS), default="pages", show_default=True)
@click.option("--url-prefix", help="Where its URLs start.  [default: /NAME]")
@with_appcontext
def add_blueprint(name: str, kind: str, url_prefix: str | None) -> None:
    """Create the blueprint NAME from a skeleton and list it in the blueprints file.

    Run it from the project root: files are written under the working directory.
    """
    project_dir = Path.cwd()
    registry = resolve_path(current_app.config["BLUEPRINTS_FILE"])
    try:
        written = add_module(project_dir, name, kind, url_prefix or f"/{name}", registry=registry)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        shown = path.relative_to(project_dir) if path.is_relative_to(project_dir) else path
        click.echo(f"wrote {shown}")
    if kind == "accounts":
        click.echo("Its table comes with a migration: run `flask db upgrade`.")
{%- if cookiecutter.use_celery == "yes" %}


@click.command("check-worker")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a worker's answer.",
)
@with_appcontext
def check_worker(timeout: float) -> None:
    """Send a task through Redis and wait for a Celery worker to answer it.

    The answer says what that worker reaches: the database and the cache.
    """
    try:
        # One attempt: a broker that is down is reported now, not after minutes
        # of retries. The message expires with the wait, so no worker runs it later.
        with check_services.app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0)
        result = check_services.apply_async(retry=False, expires=timeout)
    except BrokerError as exc:
        raise click.ClickException(f"cannot reach the broker at REDIS_URL: {exc}") from exc
    try:
        answer = result.get(timeout=timeout)
    except TaskTimeoutError as exc:
        raise click.ClickException(
            f"no worker answered within {timeout:g} s; start one with: "
            "celery -A make_celery worker --loglevel INFO"
        ) from exc
    finally:
        result.forget()
    click.echo(f"worker {answer['worker']}: database {answer['database']}, cache {answer['cache']}")
{%- endif %}
