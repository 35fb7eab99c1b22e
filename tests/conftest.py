"""Shared fixtures and helpers: the template's paths, baking, running commands in a bake."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TEMPLATE_DIR / "hooks"))

COOKIECUTTER_JSON = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
# The answers with a fixed set of values, and those values (first is the default).
CHOICES = {
    key: value
    for key, value in COOKIECUTTER_JSON.items()
    if isinstance(value, list) and not key.startswith("_")
}

# pytest options for a baked suite whose schemathesis run and coverage floor
# another test already checks on the same framework and database.
NOT_AGAIN = ["--no-cov", "-k", "not test_contract"]

# Variables a developer's shell may hold that would change how a baked
# project behaves under test.
LEAKY_VARIABLES = ("FLASK_APP", "FLASK_CONFIG", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS")


@pytest.fixture
def template_dir() -> Path:
    return TEMPLATE_DIR


def unavailable(message: str) -> None:
    """A service the test needs is missing: a failure under CI, else a skip saying what to do."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def python_for(version: str) -> str:
    """The interpreter that runs a bake's own suite: the Python version the bake asks for.

    The test command makes .venv/py<version> beside the main environment for
    the versions other than its own, with the dependencies baked projects declare.
    """
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        return sys.executable
    python = TEMPLATE_DIR / ".venv" / f"py{version}" / "bin" / "python"
    if not python.exists():
        unavailable(f"{python} is missing; the README's test command makes it")
    return str(python)


def clean_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in LEAKY_VARIABLES}
    env.pop("SECRET_KEY", None)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # Keep bakes free of bytecode and coverage files from this environment.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env | extra


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a command in `cwd`; fail the test with its output if it fails."""
    result = subprocess.run(
        command, cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} failed in {cwd} ({result.returncode}):\n"
        f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    )
    return result


def bake_cli(
    output_dir: Path, *overrides: str, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """Run cookiecutter as a user does, from `cwd`, answers as key=value."""
    cwd = cwd or output_dir
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(TEMPLATE_DIR),
            "--no-input",
            "-o",
            str(output_dir),
            *overrides,
        ],
        cwd=cwd,
        env=clean_env(PWD=str(cwd)),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def redis_url() -> str:
    """A Redis database on the local server for this test alone, emptied before and after.

    Each pytest-xdist worker gets its own database number, so two bakes' Celery
    workers never take each other's tasks.
    """
    redis = pytest.importorskip("redis")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1")
    url = f"redis://127.0.0.1:6379/{(int(worker.removeprefix('gw')) + 2) % 16}"
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.flushdb()
    except redis.ConnectionError as error:
        unavailable(f"no Redis at 127.0.0.1:6379 ({error}); .ci/run starts it")
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def postgres_url(request) -> str:
    """A fresh, empty database on the local PostgreSQL server, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    server = "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        unavailable(f"no PostgreSQL at 127.0.0.1:5432 ({error}); .ci/run starts it")
    name = (
        "bake_"
        + "".join(char if char.isalnum() else "_" for char in request.node.name)[:50].lower()
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
