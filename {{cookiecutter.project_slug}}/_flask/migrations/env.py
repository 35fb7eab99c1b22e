"""Alembic's environment under Flask-Migrate: runs the migrations on the app's database.

Flask-Migrate's own env.py, trimmed. The app (hence its models, imported with
the blueprints by create_app) comes from the flask command:
https://flask-migrate.readthedocs.io/en/latest/
"""

import logging
from logging.config import fileConfig

from alembic import context
from alembic.operations import MigrationScript
from alembic.runtime.migration import MigrationContext
from flask import current_app

config = context.config
if config.config_file_name is not None:
    # Keep the loggers that exist (the app's, the test runner's) working.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

migrate = current_app.extensions["migrate"]
engine = migrate.db.engine
metadata = migrate.db.metadata
url = engine.url.render_as_string(hide_password=False)
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))


def run_migrations_offline() -> None:
    """Print the SQL instead of running it: `flask db upgrade --sql`."""
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def process_revision_directives(
        migration_context: MigrationContext, revision: object, directives: list[MigrationScript]
    ) -> None:
        # `flask db migrate` with no model change writes no empty revision.
        autogenerate = getattr(config.cmd_opts, "autogenerate", False)
        upgrade_ops = directives[0].upgrade_ops
        if autogenerate and upgrade_ops is not None and upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    options = {"process_revision_directives": process_revision_directives} | migrate.configure_args
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy a table and drop the old one; SQLite must not
            # apply foreign keys (extensions.py turns them on) to that drop.
            # https://alembic.sqlalchemy.org/en/latest/batch.html#dealing-with-referencing-foreign-keys
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            # Ends the transaction SQLAlchemy began for it, so Alembic's own commits.
            connection.commit()
        context.configure(connection=connection, target_metadata=metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
