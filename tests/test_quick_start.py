"""The baked README's commands, run as a new user would: fresh venv, install, serve, test.

While the development server runs, the README's API example (curl) runs against it too.
"""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import bake_cli, clean_env, run, unavailable

# The development server each framework's quick start ends with, and its address.
SERVED_AT = {"flask": "http://127.0.0.1:5000", "django": "http://127.0.0.1:8000"}
QUICK_START = re.compile(r"^## Quick start\n.*?```bash\n(.*?)```", re.S | re.M)
API_EXAMPLE = re.compile(r"^## API\n.*?```bash\n(.*?)```", re.S | re.M)


def quick_start_commands(project: Path) -> list[str]:
    found = QUICK_START.search((project / "README.md").read_text())
    assert found, "README.md has no '## Quick start' section with a bash block"
    commands = found.group(1).strip().splitlines()
    assert len(commands) == 2, commands
    return commands


def require_python(version: str) -> None:
    works = (
        subprocess.run(["bash", "-c", f"python{version} -c ''"], capture_output=True).returncode
        == 0
    )
    if not works:
        message = f"python{version} is not on PATH; .ci/run puts it there"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_served(url: str, server: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the quick start stopped early:\n{log.read_text()[-5000:]}"
        try:
            get(url)
            return
        except (ConnectionError, urllib.error.URLError, TimeoutError):
            time.sleep(1)
    pytest.fail(f"nothing answered at {url} within {seconds} s")


def reset_database(name: str, *, create: bool) -> None:
    """Drop the database `name` on the local server, then create it empty if `create`."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except psycopg.OperationalError as error:
        unavailable(f"no PostgreSQL at 127.0.0.1:5432 ({error}); .ci/run starts it")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')


# Flask on SQLite (the default), Django on PostgreSQL: the database its .env names.
@pytest.mark.parametrize(
    ("framework", "python_version", "database"),
    [("flask", "3.12", "sqlite"), ("django", "3.13", "postgresql")],
)
def test_readme_quick_start_installs_serves_and_tests_the_project(
    tmp_path, framework, python_version, database
):
    require_python(python_version)
    # A name of its own: the PostgreSQL case creates (and drops) a database of that name.
    result = bake_cli(
        tmp_path,
        "project_name=Quick Start Check",
        f"framework={framework}",
        f"python_version={python_version}",
        f"database={database}",
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "quick_start_check"
    if database == "postgresql":
        # None yet: the README's first command creates it (createdb), as a user's would.
        reset_database(project.name, create=False)
    try:
        check_quick_start(project, framework, python_version, tmp_path / "quick-start.log")
    finally:
        if database == "postgresql":
            reset_database(project.name, create=False)


def assert_port_free(url: str) -> None:
    """Fail at once if another server already answers where the quick start serves."""
    parts = urllib.parse.urlsplit(url)
    with socket.socket() as probe:
        busy = probe.connect_ex((parts.hostname, parts.port)) == 0
    assert not busy, f"something already listens on {parts.netloc}; stop it first"


def check_quick_start(project: Path, framework: str, python_version: str, log: Path) -> None:
    install_and_serve, run_tests = quick_start_commands(project)
    assert f"python{python_version} -m venv" in install_and_serve
    assert_port_free(SERVED_AT[framework])

    # Output goes to a file: pip's alone could fill a pipe and stall the server.
    with log.open("w") as output:
        server = subprocess.Popen(
            ["bash", "-c", install_and_serve],
            cwd=project,
            env=clean_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = SERVED_AT[framework]
        wait_until_served(base + "/", server, log, seconds=420)
        status, body = get(base + "/")
        assert status == 200
        assert b"Quick Start Check" in body
        status, body = get(base + "/api/health")
        assert (status, json.loads(body)["database"]) == (200, "ok")
        status, _ = get(base + "/static/vendor/bootstrap/bootstrap.min.css")
        assert status == 200
        check_api_example(project)
        if framework == "flask":
            check_development_server(project, base, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    tests = subprocess.run(
        ["bash", "-c", run_tests],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-3000:]
    assert re.search(r"\d+ passed", tests.stdout)


def check_development_server(project: Path, base: str, log: Path) -> None:
    """`flask run` has its debugger and reloader, and serves a module added while it runs."""
    assert "Debug mode: on" in log.read_text()
    run([str(project / ".venv" / "bin" / "flask"), "add-blueprint", "hello"], project)
    # The reloader watches blueprints.yaml (.flaskenv): no restart by hand.
    deadline = time.monotonic() + 30
    status = None
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.3)
        try:
            status, _ = get(base + "/hello/")
        except OSError:  # the server restarting
            status = None
    assert status == 200, log.read_text()[-3000:]


def check_api_example(project: Path) -> None:
    """The README's curl commands: an account, a token, a note written and listed, the token revoked."""
    found = API_EXAMPLE.search((project / "README.md").read_text())
    assert found, "README.md has no '## API' section with a bash block"
    example = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", found.group(1)],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert example.returncode == 0, example.stdout[-3000:] + example.stderr[-3000:]
    decoder = json.JSONDecoder()
    # The note written, then the page listing it; the revocation answers with no body.
    output = example.stdout[example.stdout.index("{") :]  # after create-user's own line
    note, end = decoder.raw_decode(output)
    page, _ = decoder.raw_decode(output[end:].lstrip())
    assert note["title"] == "First note"
    assert (page["total"], page["items"]) == (1, [note])
