"""Real PostgreSQL and Redis: a Celery worker answers a task, health follows lost services, logs are JSON.

Both need the servers on loopback (.ci/run starts them): PostgreSQL on
127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
"""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from conftest import CHOICES, clean_env, run
from servers import Mailbox, RedisServer, celery_worker, gunicorn, prepare, production_env

# A page that queries the database: an unknown user's profile, a 404 while the database answers.
UNKNOWN_PROFILE = {"flask": "/accounts/profile/nobody", "django": "/accounts/profile/nobody/"}
CHECK_WORKER = {
    "flask": ["-m", "flask", "check-worker"],
    "django": ["manage.py", "checkworker"],
}
CREATE_USER = {
    "flask": ["-m", "flask", "create-user"],
    "django": ["manage.py", "createuser"],
}
LOGIN = {"flask": "/accounts/login", "django": "/accounts/login/"}
PASSWORD_RESET = {"flask": "/accounts/password-reset", "django": "/accounts/password-reset/"}
CSRF_TOKEN = re.compile(r'name="(csrf_token|csrfmiddlewaretoken)"[^>]*value="([^"]+)"')


def get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fetch(url: str, **headers: str):
    """The response to a GET with `headers`, whatever its status (urllib's response object)."""
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def json_lines(log: Path) -> list[dict]:
    """Every line of a log, each parsed as one JSON object; fails on the first that is not."""
    records = []
    for number, line in enumerate(log.read_text().splitlines(), 1):
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"{log.name}, line {number} is not JSON: {line[:300]!r}")
    return records


def access_records(records: list[dict], request_id: str) -> list[dict]:
    return [
        record
        for record in records
        if record["request_id"] == request_id and record["logger"] == "my_project.access"
    ]


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


def health_until(base: str, status: int, seconds: float = 20, path: str = "/api/health") -> dict:
    """Poll `path` until it answers `status`; return its JSON."""
    deadline = time.monotonic() + seconds
    while True:
        code, body = get(base + path)
        if code == status:
            return json.loads(body)
        if time.monotonic() > deadline:
            pytest.fail(f"{path} still answers {code}, not {status}: {body[:300]!r}")
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
    with celery_worker(project, framework, env, log):
        checked = run([sys.executable, *CHECK_WORKER[framework], "--timeout", "60"], project, **env)
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
    ready = {"status": "ok", "checks": {"database": "ok"}}
    with gunicorn(project, framework, env) as base:
        assert health_until(base, 200) == {"status": "ok", "database": "ok"}
        assert health_until(base, 200, path="/health/ready") == ready
        assert get(base + UNKNOWN_PROFILE[framework])[0] == 404
        set_connections_allowed(postgres_url, False)
        try:
            # Every worker, each with its pooled connection gone, answers a 503 problem.
            for _ in range(6):
                assert health_until(base, 503, seconds=5) == {
                    "type": "about:blank",
                    "title": "Service Unavailable",
                    "status": 503,
                    "detail": "The database does not answer.",
                    "database": "unavailable",
                }
                assert health_until(base, 503, seconds=5, path="/health/ready") == {
                    "status": "unavailable",
                    "checks": {"database": "unavailable"},
                }
            # The process itself still serves.
            live = get(f"{base}/health/live")
            assert (live[0], json.loads(live[1])) == (200, {"status": "ok"})
        finally:
            set_connections_allowed(postgres_url, True)
        # Back without a restart: the pools reconnect on their own.
        assert health_until(base, 200) == {"status": "ok", "database": "ok"}
        for _ in range(6):
            assert get(f"{base}/api/health")[0] == 200
            assert health_until(base, 200, seconds=5, path="/health/ready") == ready
        assert get(base + UNKNOWN_PROFILE[framework])[0] == 404
        with fetch(f"{base}/", **{"X-Request-ID": "home-page-1"}) as home:
            assert home.status == 200
            assert home.headers["X-Request-ID"] == "home-page-1"
        with fetch(f"{base}/", **{"X-Request-ID": "two words"}) as home:
            generated = home.headers["X-Request-ID"]
            assert re.fullmatch("[0-9a-f]{32}", generated), generated

    # Production logs: every line gunicorn and the app wrote is one JSON object.
    records = json_lines(project / "gunicorn.log")
    assert any(record["logger"] == "gunicorn.error" for record in records)
    [home_line] = access_records(records, "home-page-1")
    assert home_line["message"].startswith("GET / 200 ")
    assert home_line["level"] == "INFO"
    assert (home_line["method"], home_line["path"], home_line["status"]) == ("GET", "/", 200)
    assert home_line["duration_ms"] >= 0
    assert access_records(records, generated)
    # Probes that pass are not logged at INFO; the failing ones are.
    probes = [record for record in records if record.get("path") == "/health/ready"]
    assert probes
    assert all(record["status"] == 503 for record in probes)


def submit(base: str, path: str, fields: dict[str, str], **headers: str) -> int:
    """Post a form as a browser of its own would, on a connection of its own; the status.

    The form's page is fetched first for its CSRF token and cookies, which are
    passed by hand: production marks them Secure, which urllib's cookie jar
    keeps from plain HTTP, and a browser does not for localhost.
    """
    with urllib.request.urlopen(base + path, timeout=10) as page:
        field, token = CSRF_TOKEN.search(page.read().decode()).groups()
        cookies = [header.split(";", 1)[0] for header in page.headers.get_all("Set-Cookie")]
    form = urllib.parse.urlencode({field: token, **fields})
    request = urllib.request.Request(base + path, data=form.encode(), method="POST")
    request.add_header("Cookie", "; ".join(cookies))
    for name, value in headers.items():
        request.add_header(name, value)
    # Not followed: the status of the post itself.
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sign_in(base: str, framework: str, password: str) -> int:
    """Sign in as ada; the status."""
    return submit(base, LOGIN[framework], {"username": "ada", "password": password})


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_sign_in_limits_hold_across_gunicorn_workers_and_a_restart(cookies, tmp_path, framework):
    result = cookies.bake(extra_context={"framework": framework})
    assert result.exit_code == 0, result.exception
    project = result.project_path
    env = production_env(project, framework, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    prepare(project, framework, env)
    password = "correct horse battery staple"
    run(
        [sys.executable, *CREATE_USER[framework], "ada", "ada@example.com"],
        project,
        **env,
        PASSWORD=password,
    )

    # Two workers, a new connection per request: the failures land on both.
    with gunicorn(project, framework, env, workers=2) as base:
        assert sign_in(base, framework, password) == 302  # signed in
        for _ in range(5):
            assert sign_in(base, framework, "wrong") == 200  # the form again, with the error
        assert sign_in(base, framework, password) == 429
    # A restart forgets nothing: the counts are in the database.
    with gunicorn(project, framework, env, workers=2) as base:
        assert sign_in(base, framework, password) == 429


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_a_request_id_reaches_the_task_it_queues_and_readiness_follows_redis(
    cookies, tmp_path, framework
):
    """Production settings, gunicorn and a worker on a Redis of the test's own, stopped midway."""
    result = cookies.bake(extra_context={"framework": framework, "use_celery": "yes"})
    assert result.exit_code == 0, result.exception
    project = result.project_path
    redis = RedisServer().start()
    mailbox = Mailbox().start()
    try:
        env = production_env(
            project, framework, f"sqlite:///{tmp_path / 'site.sqlite3'}", email_url=mailbox.url
        ) | {"REDIS_URL": redis.url}
        prepare(project, framework, env)
        run(
            [sys.executable, *CREATE_USER[framework], "ada", "ada@example.com"],
            project,
            **env,
            PASSWORD="correct horse battery staple",
        )
        worker_log, worker_errors = tmp_path / "worker.log", tmp_path / "worker-stderr.log"
        with (
            celery_worker(project, framework, env, worker_log, worker_errors),
            gunicorn(project, framework, env) as base,
        ):
            ready = {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}
            assert health_until(base, 200, path="/health/ready") == ready
            # The reset mail leaves through a task, which the worker runs.
            posted = submit(
                base,
                PASSWORD_RESET[framework],
                {"email": "ada@example.com"},
                **{"X-Request-ID": "reset-for-ada.1"},
            )
            assert posted == 302
            mailbox.wait_for("ada@example.com")

            redis.stop()
            assert health_until(base, 503, path="/health/ready") == {
                "status": "unavailable",
                "checks": {"database": "ok", "redis": "unavailable"},
            }
            redis.start()
            assert health_until(base, 200, path="/health/ready") == ready
    finally:
        redis.stop()
        mailbox.stop()

    # The worker's log records are JSON too, and those of the task carry the
    # ID of the request that queued it.
    task_records = [
        record for record in json_lines(worker_errors) if record["request_id"] == "reset-for-ada.1"
    ]
    assert any("succeeded" in record["message"] for record in task_records), (
        worker_errors.read_text()[-3000:]
    )
    # Celery hands each task's arguments to its records (`data`): the mailed
    # link, which works as a password, and the address stay out of the logs.
    assert "ada@example.com" not in worker_errors.read_text()
    [posted_line] = access_records(json_lines(project / "gunicorn.log"), "reset-for-ada.1")
    assert (posted_line["method"], posted_line["status"]) == ("POST", 302)
