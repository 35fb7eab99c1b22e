"""The migrations build the models' schema: upgrade on a fresh database, then no drift."""

from .conftest import PROJECT_ROOT

MIGRATIONS = str(PROJECT_ROOT / "migrations")


def test_upgrade_on_a_fresh_database_leaves_no_drift(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    runner = app.test_cli_runner()
    for command in (["upgrade"], ["check"], ["downgrade", "base"], ["upgrade"], ["check"]):
        result = runner.invoke(args=["db", *command, "--directory", MIGRATIONS])
        assert result.exit_code == 0, f"flask db {' '.join(command)}:\n{result.output}"
