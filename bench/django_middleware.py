"""What each middleware of the baked Django project costs per /api/health request.

    .venv/bin/python bench/django_middleware.py    # under half a minute on 2 cores

Bakes a Django project (default answers) into a temporary folder, migrates it
and collects its static files, then, in this one process, builds one WSGI
handler per variant of its MIDDLEWARE setting: all of it, none of it, and all
but one middleware (sessions, auth and messages only together: auth and
messages need the session). The variants answer the same GET /api/health
(production settings, a SQLite file), in turns, several rounds; the table
gives the fastest round's microseconds per request (the least disturbed by
the rest of the machine) and what leaving a middleware out saves.

In-process figures leave out gunicorn and the network: they show where the
time goes inside Django, not the req/s that bench/run.py measures.
"""

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent
VENV_BIN = TEMPLATE / ".venv" / "bin"
ROUNDS, REQUESTS = 7, 2000
# Dropped together: AuthenticationMiddleware and MessageMiddleware need the session.
SESSION_GROUP = ("sessions", "auth.middleware", "messages")


def run(cmd: list[str], **kwargs) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["(no output)"]
        raise SystemExit(
            f"bench: FAILED: {Path(cmd[0]).name} {cmd[1]} exited {proc.returncode}: {tail[0]}"
        )


def bake(tmp: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FLASK_"))}
    cmd = [str(VENV_BIN / "cookiecutter"), str(TEMPLATE), "--no-input", "-o", str(tmp)]
    run([*cmd, "framework=django", "init_git=no"], env=env)
    project = tmp / "my_project"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="bench-secret-key-" + "k" * 40,
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp / "staticfiles"),
        # The accounts module requires them; no mail is sent.
        EMAIL_URL="dummymail://",
        SITE_URL="http://127.0.0.1",
    )
    for command in ("migrate", "collectstatic"):
        run([sys.executable, "manage.py", command, "--noinput", "-v0"], cwd=project)
    return project


def variants(full: list[str]) -> dict[str, list[str]]:
    out = {"all of MIDDLEWARE": full, "none": []}
    for name in full:
        if not any(part in name for part in SESSION_GROUP):
            out[f"without {name.rsplit('.', 1)[1]}"] = [m for m in full if m != name]
    grouped = [m for m in full if not any(part in m for part in SESSION_GROUP)]
    out["without Session+Authentication+Message"] = grouped
    return out


def main() -> int:
    if not (VENV_BIN / "cookiecutter").exists():
        raise SystemExit(
            f"bench: FAILED: {VENV_BIN / 'cookiecutter'} missing (make .venv as README.md says)"
        )
    tmp = Path(tempfile.mkdtemp(prefix="bench-mw-"))
    try:
        sys.path.insert(0, str(bake(tmp)))
        warnings.simplefilter("ignore")  # WhiteNoise warns once per handler if a folder is absent
        import django
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler

        django.setup()
        full = list(settings.MIDDLEWARE)
        handlers = {}
        for label, middleware in variants(full).items():
            settings.MIDDLEWARE = middleware
            handlers[label] = WSGIHandler()
        settings.MIDDLEWARE = full
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/api/health",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }

        def per_request(handler, n: int) -> float:
            statuses = []
            t0 = time.perf_counter()
            for _ in range(n):
                body = handler(
                    {**environ, "wsgi.input": io.BytesIO()}, lambda s, h: statuses.append(s)
                )
                b"".join(body)
                body.close()
            elapsed = time.perf_counter() - t0
            if set(statuses) != {"200 OK"}:
                raise SystemExit(f"bench: FAILED: /api/health answered {sorted(set(statuses))}")
            return elapsed / n * 1e6

        for handler in handlers.values():
            per_request(handler, 200)  # warm-up: connection opened, caches filled
        best = dict.fromkeys(handlers, float("inf"))
        for _ in range(ROUNDS):
            for label, handler in handlers.items():
                best[label] = min(best[label], per_request(handler, REQUESTS))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = best["all of MIDDLEWARE"]
    width = max(map(len, best))
    print(f"{'variant':{width}}  µs/request  saves µs")
    for label, micros in best.items():
        print(f"{label:{width}}  {micros:10.1f}  {base - micros:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
