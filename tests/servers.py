"""Serve a baked project with gunicorn on loopback, as its production settings would run it."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from conftest import clean_env, run

SECRET_KEY = "a-long-random-production-secret-for-tests-0123456789-abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(project: Path, framework: str, database_url: str) -> dict[str, str]:
    """The variables each framework's production settings require, for a loopback server."""
    if framework == "flask":
        return {
            "FLASK_CONFIG": f"{project.name}.config.ProductionConfig",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
        }
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        # Plain HTTP on loopback: there is no TLS proxy in front here.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(project / "staticfiles"),
    }


def prepare(project: Path, framework: str, env: dict[str, str]) -> None:
    """Create the schema (and, for Django, collect static files) as a deploy would."""
    if framework == "flask":
        run([sys.executable, "-m", "flask", "db", "upgrade"], project, **env)
    else:
        run([sys.executable, "manage.py", "migrate", "--no-input"], project, **env)
        run([sys.executable, "manage.py", "collectstatic", "--no-input"], project, **env)


def wait_for(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{log.read_text()[-4000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url} within {seconds} s")


@contextlib.contextmanager
def gunicorn(project: Path, framework: str, env: dict[str, str], workers: int = 2) -> Iterator[str]:
    """Run the project under gunicorn on a free loopback port; yield its base URL."""
    port = free_port()
    target = "wsgi:app" if framework == "flask" else "config.wsgi:application"
    log = project / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(workers),
                target,
            ],
            cwd=project,
            env=clean_env(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://localhost:{port}"
    try:
        wait_for(f"http://127.0.0.1:{port}/api/health", server, log)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
