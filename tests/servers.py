"""Serve a baked project on loopback as production would run it: gunicorn, a Celery worker, SMTP."""

import contextlib
import email
import email.policy
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

from conftest import clean_env, run, unavailable

SECRET_KEY = "a-long-random-production-secret-for-tests-0123456789-abcdefghijklmnop"
# Debian's package (.ci/run installs it); elsewhere any Chromium-based browser
# linked as `chromium` on PATH (the template's GitHub workflow links Chrome).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium reaches for Google's services at start-up, which
# this closed network refuses. tests/lighthouse/audit.js passes the same ones.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    """The browser the browser and Lighthouse tests drive; a skip (a failure under CI) without it."""
    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(
    project: Path, framework: str, database_url: str, email_url: str = "dummymail://"
) -> dict[str, str]:
    """The variables each framework's production settings require, for a loopback server.

    gunicorn() sets SITE_URL to the address it serves on.
    """
    shared = {
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "EMAIL_URL": email_url,
        "SITE_URL": "http://localhost",
        "DEFAULT_FROM_EMAIL": "site@example.com",
        # Browsers and test clients reach gunicorn directly: no proxy in front.
        "TRUSTED_PROXY_COUNT": "0",
    }
    if framework == "flask":
        return shared | {"FLASK_CONFIG": f"{project.name}.config.ProductionConfig"}
    return shared | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
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
def gunicorn(
    project: Path, framework: str, env: dict[str, str], workers: int = 2, port: int | None = None
) -> Iterator[str]:
    """Run the project under gunicorn on a loopback port; yield its base URL, also its SITE_URL."""
    port = port or free_port()
    target = "wsgi:app" if framework == "flask" else "config.wsgi:application"
    base = f"http://localhost:{port}"
    env = env | {"SITE_URL": base}
    log = project / "gunicorn.log"
    with log.open("a") as output:
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
    try:
        wait_for(f"http://127.0.0.1:{port}/health/live", server, log)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


# How each framework's README starts a worker.
WORKER = {
    "flask": ["-m", "celery", "-A", "make_celery", "worker"],
    "django": ["-m", "celery", "-A", "config", "worker"],
}


@contextlib.contextmanager
def celery_worker(
    project: Path, framework: str, env: dict[str, str], log: Path, errors: Path | None = None
) -> Iterator[None]:
    """A Celery worker of the project, as its README starts one, until the block ends.

    Its output goes to `log`; its stderr (the log records) to `errors` when given.
    """
    with log.open("w") as output, (errors or log).open("a") as error_output:
        worker = subprocess.Popen(
            [sys.executable, *WORKER[framework], "--pool", "solo", "--loglevel", "INFO"],
            cwd=project,
            env=clean_env(**env),
            stdout=output,
            stderr=error_output if errors else subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


class RedisServer:
    """A Redis server of the test's own on a loopback port, to stop and start again.

    The shared one on 6379 serves every other test, so it never goes away.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        server = shutil.which("redis-server")
        if server is None:
            unavailable("redis-server is missing: apt-get install redis-server")
        self.process = subprocess.Popen(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"redis-server did not listen on {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) and the messages it has received."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.received = threading.Condition()
        self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    # aiosmtpd calls this, by this name, for each message it receives.
    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.received:
            self.messages.append(message)
            self.received.notify_all()
        return "250 Message accepted for delivery"

    def start(self) -> "Mailbox":
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, to: str, seconds: float = 30) -> EmailMessage:
        """The next message to `to` not yet taken; fail after `seconds`."""
        deadline = time.monotonic() + seconds
        with self.received:
            while True:
                for message in self.messages:
                    if message["To"] == to:
                        self.messages.remove(message)
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {to} within {seconds} s")
                self.received.wait(left)

    @staticmethod
    def link(message: EmailMessage) -> str:
        """The one link in a message's text."""
        [link] = re.findall(r"https?://\S+", message.get_content())
        return link
