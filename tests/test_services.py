"""Real PostgreSQL and Redis: a Celery worker answers a task, and health survives a lost database.

Both need the servers on loopback (.ci/run starts them): PostgreSQL on
127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from conftest import CHOICES, clean_env, run
from servers import gunicorn, prepare, production_env

# How each framework's README starts a worker, and the command that checks one.
WORKER = {
    "flask": ["-m", "celery", "-A", "make_celery", "worker"],
    "django": ["-m", "celery", "-A", "config", "worker"],
}
# A page that queries the database: an unknown user's profile, a 404 while the database answers.
UNKNOWN_PROFILE = {"flask": "/accounts/profile/nobody", "django": "/accounts/profile/nobody/"}
CHECK_WORKER = {
    "flask": ["-m", "flask", "check-worker"],
    "django": ["manage.py", "checkworker"],
}


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def set_connections_allowed(database_url: str, allowed: bool) -> None:
    """Let clients into the database or shut them out, dropping every open connection.

    The server keeps running for every other database: this is the database
    going away as an application sees it.
    """
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )


def health_until(base: str, status: int, seconds: float = 20) -> dict:
    """Poll /api/health until it answers `status`; return its JSON."""
    deadline = time.monotonic() + seconds
    while True:
        code, body = get(f"{base}/api/health")
        if code == status:
            return json.loads(body)
        if time.monotonic() > deadline:
            pytest.fail(f"/api/health still answers {code}, not {status}: {body[:300]!r}")
        time.sleep(0.2)


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_a_worker_answers_a_task_through_redis_with_database_and_cache(
    cookies, tmp_path, framework, postgres_url, redis_url
):
    result = cookies.bake(
        extra_context={"framework": framework, "database": "postgresql", "use_celery": "yes"}
    )
    assert result.exit_code == 0, result.exception
    project = result.project_path
    env = {"DATABASE_URL": postgres_url, "REDIS_URL": redis_url}
    if framework == "django":
        # As the README starts the worker: the settings module named.
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.development"
    prepare(project, framework, env)

    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, *WORKER[framework], "--pool", "solo", "--loglevel", "INFO"],
            cwd=project,
            env=clean_env(**env),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        checked = run([sys.executable, *CHECK_WORKER[framework], "--timeout", "60"], project, **env)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    answer = checked.stdout.strip()
    assert answer.startswith("worker celery@"), answer + log.read_text()[-3000:]
    assert answer.endswith(": database ok, cache ok"), answer
    assert "succeeded in" in log.read_text()


def test_without_a_worker_the_check_says_how_to_start_one(cookies, redis_url):
    result = cookies.bake(extra_context={"framework": "flask", "use_celery": "yes"})
    project = result.project_path
    checked = subprocess.run(
        [sys.executable, *CHECK_WORKER["flask"], "--timeout", "1"],
        cwd=project,
        env=clean_env(REDIS_URL=redis_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 1
    assert checked.stderr.strip() == (
        "Error: no worker answered within 1 s; start one with: "
        "celery -A make_celery worker --loglevel INFO"
    )


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_health_answers_503_while_the_database_is_away_and_recovers_without_a_restart(
    cookies, framework, postgres_url
):
    result = cookies.bake(extra_context={"framework": framework, "database": "postgresql"})
    assert result.exit_code == 0, result.exception
    project: Path = result.project_path
    env = production_env(project, framework, postgres_url)
    prepare(project, framework, env)
    with gunicorn(project, framework, env) as base:
        assert health_until(base, 200) == {"status": "ok", "database": "ok"}
        assert get(base + UNKNOWN_PROFILE[framework])[0] == 404
        set_connections_allowed(postgres_url, False)
        try:
            # Every worker, each with its pooled connection gone, answers 503 in JSON.
            for _ in range(6):
                assert health_until(base, 503, seconds=5) == {
                    "status": "error",
                    "database": "unavailable",
                }
        finally:
            set_connections_allowed(postgres_url, True)
        # Back without a restart: the pools reconnect on their own.
        assert health_until(base, 200) == {"status": "ok", "database": "ok"}
        for _ in range(6):
            assert get(f"{base}/api/health")[0] == 200
        assert get(base + UNKNOWN_PROFILE[framework])[0] == 404
        assert get(f"{base}/")[0] == 200
