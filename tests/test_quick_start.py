"""The baked README's two commands, run as a new user would: fresh venv, install, serve, test."""

import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import bake_cli, clean_env

# The development server each framework's quick start ends with, and its address.
SERVED_AT = {"flask": "http://127.0.0.1:5000", "django": "http://127.0.0.1:8000"}
QUICK_START = re.compile(r"^## Quick start\n.*?```bash\n(.*?)```", re.S | re.M)


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


@pytest.mark.parametrize(("framework", "python_version"), [("flask", "3.12"), ("django", "3.13")])
def test_readme_quick_start_installs_serves_and_tests_the_project(
    tmp_path, framework, python_version
):
    require_python(python_version)
    result = bake_cli(tmp_path, f"framework={framework}", f"python_version={python_version}")
    assert result.returncode == 0, result.stderr
    project = tmp_path / "my_project"
    install_and_serve, run_tests = quick_start_commands(project)
    assert f"python{python_version} -m venv" in install_and_serve

    # Output goes to a file: pip's alone could fill a pipe and stall the server.
    log = tmp_path / "quick-start.log"
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
        assert b"My Project" in body
        status, body = get(base + "/api/health")
        assert (status, json.loads(body)["database"]) == (200, "ok")
        status, _ = get(base + "/static/vendor/bootstrap/bootstrap.min.css")
        assert status == 200
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
