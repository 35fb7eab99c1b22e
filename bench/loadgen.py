"""A small HTTP load generator for 127.0.0.1 only, bounded by time and by count.

Each connection is one process (no GIL sharing) looping GET requests over
http.client. gunicorn's sync workers close the connection after every reply,
and http.client then reconnects by itself, so the loop works with keep-alive
servers and with closing ones alike.

    python bench/loadgen.py http://127.0.0.1:8000/api/health --seconds 3
"""

import argparse
import http.client
import json
import multiprocessing as mp
import time
from urllib.parse import urlsplit

ALLOWED_HOSTS = {"127.0.0.1", "localhost"}
SOCKET_TIMEOUT = 5.0


def _worker(host: str, port: int, path: str, deadline: float, max_requests: int, out) -> None:
    ok = errors = 0
    conn = http.client.HTTPConnection(host, port, timeout=SOCKET_TIMEOUT)
    try:
        while ok + errors < max_requests and time.monotonic() < deadline:
            try:
                conn.request("GET", path, headers={"Host": host})
                resp = conn.getresponse()
                resp.read()
                if resp.status == 200:
                    ok += 1
                else:
                    errors += 1
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
    finally:
        conn.close()
        out.put((ok, errors))


def measure(url: str, seconds: float, connections: int = 4, max_requests: int = 1_000_000) -> dict:
    """Requests per second (200 replies only) over `seconds`, from `connections` processes."""
    parts = urlsplit(url)
    if parts.hostname not in ALLOWED_HOSTS:
        raise ValueError(f"loadgen only talks to 127.0.0.1, not {parts.hostname!r}")
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    per_conn = max(1, max_requests // connections)
    start = time.monotonic()
    deadline = start + seconds
    procs = [
        ctx.Process(
            target=_worker,
            args=(parts.hostname, parts.port or 80, parts.path or "/", deadline, per_conn, out),
            daemon=True,
        )
        for _ in range(connections)
    ]
    for p in procs:
        p.start()
    ok = errors = 0
    try:
        for _ in procs:
            o, e = out.get(timeout=seconds + SOCKET_TIMEOUT + 10)
            ok += o
            errors += e
    finally:
        for p in procs:
            p.join(timeout=2)
            if p.is_alive():
                p.kill()
                p.join()
    elapsed = time.monotonic() - start
    return {"rps": ok / elapsed, "ok": ok, "errors": errors, "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    args = parser.parse_args()
    print(json.dumps(measure(args.url, args.seconds, args.connections, args.max_requests)))


if __name__ == "__main__":
    main()
