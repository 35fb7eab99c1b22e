"""CLI commands that create_app() registers: `flask add-blueprint`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .blueprints import resolve_path
from .scaffold import KINDS, ScaffoldError, add_module


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
