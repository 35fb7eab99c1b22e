"""Migrations: shipped for every model, and applying cleanly to an empty database."""

import pytest
from django.core.management import call_command
from django.db import connections

FRESH = "fresh"


@pytest.fixture
def fresh_database(tmp_path, django_db_blocker):
    """A second connection alias to an empty SQLite file, removed afterwards."""
    fresh = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "fresh.sqlite3")}
    # configure_settings fills in the defaults Django gives every alias (it needs "default" too).
    connections.settings[FRESH] = connections.configure_settings(
        {"default": connections.settings["default"], FRESH: fresh}
    )[FRESH]
    try:
        with django_db_blocker.unblock():
            yield FRESH
    finally:
        connections[FRESH].close()
        del connections[FRESH]
        del connections.settings[FRESH]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with status 1 (SystemExit) if a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrate_builds_an_empty_database(fresh_database):
    call_command("migrate", database=fresh_database, interactive=False, verbosity=0)

    # --check exits with status 1 if any migration is left unapplied.
    call_command("migrate", "--check", database=fresh_database, verbosity=0)
    tables = connections[fresh_database].introspection.table_names()
    assert "django_migrations" in tables
    assert "django_session" in tables
