"""The migrations build the models' schema: upgrade on a fresh database, then no drift."""

from .conftest import PROJECT_ROOT

MIGRATIONS = str(PROJECT_ROOT / "migrations")
# Down to base at the end too: the database is left as the test found it.
STEPS = (
    ["upgrade"],
    ["check"],
    ["downgrade", "base"],
    ["upgrade"],
    ["check"],
    ["downgrade", "base"],
)


def test_upgrade_on_a_fresh_database_leaves_no_drift(make_app, test_database_url, tmp_path):
    # The suite's PostgreSQL database when it has one (empty between tests), else
    # a SQLite file: an in-memory database would not outlive one connection.
    if test_database_url == "sqlite://":
        test_database_url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=test_database_url)
    runner = app.test_cli_runner()
    for command in STEPS:
        result = runner.invoke(args=["db", *command, "--directory", MIGRATIONS])
        assert result.exit_code == 0, f"flask db {' '.join(command)}:\n{result.output}"
