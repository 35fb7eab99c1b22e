"""A short, bounded load on loopback against each baked project under gunicorn: no errors."""

import http.client
import threading
import time
from urllib.parse import urlsplit

import pytest
from conftest import CHOICES
from servers import gunicorn, prepare, production_env

CLIENTS = 8
SECONDS = 3.0
MAX_REQUESTS = 4000  # per path: the run stops at whichever bound comes first


def load(base: str, path: str) -> dict[str, float]:
    """Keep-alive GETs of `path` from CLIENTS threads; count answers, errors and rate."""
    address = urlsplit(base)
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", address.port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if counts["ok"] + counts["errors"] >= MAX_REQUESTS:
                    break
            try:
                connection.request("GET", path, headers={"Host": address.netloc})
                response = connection.getresponse()
                response.read()
                good = response.status == 200
            except (OSError, http.client.HTTPException):
                good = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", address.port, timeout=10)
            with lock:
                counts["ok" if good else "errors"] += 1
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return counts | {"seconds": elapsed, "per_second": counts["ok"] / elapsed}


@pytest.mark.parametrize("database", CHOICES["database"])
@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_short_load_on_home_and_health_gives_no_errors(
    cookies, request, tmp_path, framework, database
):
    project = cookies.bake(
        extra_context={"framework": framework, "database": database}
    ).project_path
    if database == "postgresql":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = production_env(project, framework, url)
    prepare(project, framework, env)
    with gunicorn(project, framework, env) as base:
        for path in ("/", "/api/health"):
            figures = load(base, path)
            print(
                f"load {framework}/{database} {path}: {figures['ok']} ok, {figures['errors']} errors "
                f"in {figures['seconds']:.1f} s = {figures['per_second']:.0f} req/s"
            )
            assert figures["errors"] == 0
            assert figures["ok"] > 0
