"""Benchmark the template: bake time, zero-to-green, app start-up, request throughput.

    .venv/bin/python bench/run.py            # full run (tens of minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # under 3 minutes on 2 cores

Prints a table and writes bench/results.json. See bench/README.md for what
each figure means. Every server it starts listens on 127.0.0.1 only and is
killed (whole process group) before it exits; its temporary folder is removed.
On failure it exits 1 with one line: `bench: FAILED in <stage>: <reason>`.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TEMPLATE = BENCH.parent
VENV = TEMPLATE / ".venv"
VENV_BIN = VENV / "bin"
# The interpreter a baked project's README asks for (python_version=3.12):
# python3.12 on PATH (.ci/run puts it there), else the one behind this venv.
PY312 = shutil.which("python3.12") or getattr(sys, "_base_executable", sys.executable)
FRAMEWORKS = ("flask", "django")
SLUG = "my_project"
SECRET = "bench-secret-key-" + "k" * 40
sys.path.insert(0, str(BENCH))

import loadgen  # noqa: E402

STAGE = "setup"


class BenchError(RuntimeError):
    """A step failed; the message is the one line printed."""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def spread(samples: list[float]) -> dict:
    s = sorted(samples)
    out = {"median": statistics.median(s), "min": s[0], "max": s[-1], "n": len(s), "samples": s}
    if len(s) >= 4:
        q = statistics.quantiles(s, n=4)
        out["iqr"] = [q[0], q[2]]
    return out


def run(cmd, *, cwd=None, env=None, timeout=600, what=None) -> subprocess.CompletedProcess:
    """Run a command; on failure raise BenchError with the tail of its output."""
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            timeout=timeout,
            capture_output=True,
            text=True,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{what or cmd[0]} timed out after {timeout}s") from exc
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip().splitlines()
        tail = output[-1:] or ["(no output)"]
        # pytest's short summary names each failing test: keep those lines too.
        failed = [line for line in output if line.startswith(("FAILED ", "ERROR "))][:10]
        raise BenchError(
            f"{what or ' '.join(map(str, cmd[:3]))} exited {proc.returncode}: {tail[0]}"
            + "".join(f"\n  {line}" for line in failed)
        )
    return proc


def timed(cmd, **kw) -> float:
    t0 = time.perf_counter()
    run(cmd, **kw)
    return time.perf_counter() - t0


def base_env(**extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLASK_", "DJANGO_", "VIRTUAL_ENV"))
    }
    env.pop("DATABASE_URL", None)
    env.pop("PYTHONPATH", None)
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # start-up runs use .pyc files, as servers do
    env.update(extra)
    return env


def bake(out_dir: Path, framework: str, blueprints: str | None = None) -> Path:
    cmd = [
        str(VENV_BIN / "cookiecutter"),
        str(TEMPLATE),
        "--no-input",
        "-o",
        str(out_dir),
        f"framework={framework}",
    ]
    if blueprints:
        cmd.append(f"blueprints={blueprints}")
    run(cmd, env=base_env(), timeout=300, what=f"cookiecutter ({framework})")
    project = out_dir / SLUG
    if not project.is_dir():
        raise BenchError(f"cookiecutter ({framework}) made no {project}")
    return project


def app_env(framework: str, db: Path) -> dict:
    """Production settings on a SQLite file, over plain HTTP on 127.0.0.1.

    The accounts module requires a mail server and the site's address; no
    mail is sent while the benchmarks run.
    """
    url = f"sqlite:///{db}"
    mail = {"EMAIL_URL": "dummymail://", "SITE_URL": "http://127.0.0.1"}
    if framework == "flask":
        return base_env(
            FLASK_CONFIG=f"{SLUG}.config.ProductionConfig",
            SECRET_KEY=SECRET,
            DATABASE_URL=url,
            **mail,
        )
    return base_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        **mail,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(db.parent / "staticfiles"),
    )


def prepare(framework: str, project: Path, env: dict) -> None:
    """Migrate (and for Django collect static files, which production settings need)."""
    if framework == "flask":
        # DevelopmentConfig here: `flask db` only needs DATABASE_URL.
        menv = {k: v for k, v in env.items() if k != "FLASK_CONFIG"}
        run(
            [str(VENV_BIN / "flask"), "db", "upgrade"],
            cwd=project,
            env=menv,
            timeout=120,
            what="flask db upgrade",
        )
    else:
        py = str(VENV_BIN / "python")
        run(
            [py, "manage.py", "migrate", "--noinput"],
            cwd=project,
            env=env,
            timeout=180,
            what="manage.py migrate",
        )
        run(
            [py, "manage.py", "collectstatic", "--noinput"],
            cwd=project,
            env=env,
            timeout=180,
            what="manage.py collectstatic",
        )


# ---------------------------------------------------------------- 1. bake
def bench_bake(tmp: Path, framework: str, n: int) -> dict:
    samples = []
    for i in range(n):
        out = tmp / f"bake-{framework}-{i}"
        samples.append(
            timed(
                [
                    str(VENV_BIN / "cookiecutter"),
                    str(TEMPLATE),
                    "--no-input",
                    "-o",
                    str(out),
                    f"framework={framework}",
                ],
                env=base_env(),
                timeout=300,
                what=f"cookiecutter ({framework})",
            )
        )
        shutil.rmtree(out, ignore_errors=True)
    return spread(samples)


# ---------------------------------------------------------------- 2. zero to green
def venv_stats(venv: Path) -> dict:
    site = next((venv / "lib").glob("python3*/site-packages"))
    packages = sum(1 for p in site.iterdir() if p.name.endswith(".dist-info"))
    size = sum(f.lstat().st_size for f in venv.rglob("*") if f.is_file() or f.is_symlink())
    return {"packages": packages, "venv_mb": round(size / 1e6, 1)}


def run_tests(framework: str, project: Path, venv: Path) -> tuple[float, str]:
    env = base_env()
    env["PATH"] = f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    env["VIRTUAL_ENV"] = str(venv)
    t0 = time.perf_counter()
    proc = run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        env=env,
        timeout=900,
        what=f"pytest of the baked {framework} project",
    )
    summary = next((ln for ln in reversed(proc.stdout.splitlines()) if " passed" in ln), "passed")
    return time.perf_counter() - t0, summary.strip("= ")


def zero_to_green_pip(tmp: Path, framework: str) -> dict:
    root = tmp / f"z2g-pip-{framework}"
    steps = {}
    t_all = time.perf_counter()
    t0 = time.perf_counter()
    project = bake(root, framework)
    steps["bake"] = time.perf_counter() - t0
    venv = root / "venv"
    steps["venv"] = timed([PY312, "-m", "venv", str(venv)], timeout=120, what="python -m venv")
    pip = str(venv / "bin" / "pip")
    steps["pip_upgrade"] = timed(
        [pip, "install", "-q", "-U", "pip"], env=base_env(), timeout=300, what="pip install -U pip"
    )
    steps["install"] = timed(
        [pip, "install", "-q", "-e", ".", "--group", "dev"],
        cwd=project,
        env=base_env(),
        timeout=900,
        what=f"pip install ({framework})",
    )
    steps["tests"], summary = run_tests(framework, project, venv)
    total = time.perf_counter() - t_all
    result = {
        "installer": "pip (pip's cache as found on this machine)",
        "seconds": total,
        "steps": steps,
        "tests": summary,
        **venv_stats(venv),
    }
    shutil.rmtree(root, ignore_errors=True)
    return result


def get_uv(tmp: Path) -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    tools = tmp / "uv-tool"
    try:
        run([PY312, "-m", "venv", str(tools)], timeout=120)
        run(
            [str(tools / "bin" / "pip"), "install", "-q", "uv"],
            env=base_env(),
            timeout=300,
            what="pip install uv",
        )
    except BenchError as exc:
        log(f"uv not available ({exc}); zero_to_green with uv skipped")
        return None
    return str(tools / "bin" / "uv")


def uv_install_command(uv: str, venv: Path) -> list[str]:
    """uv's command installing the baked project (from its root) and its dev group into venv."""
    python = str(venv / "bin" / "python")
    return [uv, "pip", "install", "-q", "--python", python, "-e", ".", "--group", "dev"]


def zero_to_green_uv(tmp: Path, framework: str, uv: str) -> dict:
    def once(root: Path) -> dict:
        steps = {}
        t_all = time.perf_counter()
        t0 = time.perf_counter()
        project = bake(root, framework)
        steps["bake"] = time.perf_counter() - t0
        venv = root / "venv"
        steps["venv"] = timed(
            [uv, "venv", "-q", "--python", PY312, str(venv)],
            env=base_env(),
            timeout=120,
            what="uv venv",
        )
        steps["install"] = timed(
            uv_install_command(uv, venv),
            cwd=project,
            env=base_env(),
            timeout=900,
            what=f"uv pip install ({framework})",
        )
        steps["tests"], summary = run_tests(framework, project, venv)
        return {
            "seconds": time.perf_counter() - t_all,
            "steps": steps,
            "tests": summary,
            **venv_stats(venv),
        }

    warm_root = tmp / f"z2g-uvwarm-{framework}"
    log(f"  uv cache warm-up ({framework}, not timed)")
    # The warm-up installs only: it fills uv's cache with every wheel the timed run needs.
    project = bake(warm_root, framework)
    run(
        [uv, "venv", "-q", "--python", PY312, str(warm_root / "venv")],
        env=base_env(),
        timeout=120,
    )
    run(
        uv_install_command(uv, warm_root / "venv"),
        cwd=project,
        env=base_env(),
        timeout=900,
        what="uv pip install (warm-up)",
    )
    shutil.rmtree(warm_root, ignore_errors=True)
    root = tmp / f"z2g-uv-{framework}"
    result = {
        "installer": "uv (warm uv cache; uv venv, so no pip in the venv)",
        **once(root),
    }
    shutil.rmtree(root, ignore_errors=True)
    return result


# ---------------------------------------------------------------- 3. startup
STARTUP_CODE = {
    "flask": f"""
import json, time
t0 = time.perf_counter()
from {SLUG}.app import create_app
app = create_app()
t1 = time.perf_counter()
# Every project also has the health checks' blueprint: not a module of the registry.
print(json.dumps({{"seconds": t1 - t0, "modules": len(app.blueprints) - 1}}))
""",
    "django": """
import json, time
t0 = time.perf_counter()
import django
django.setup()
from django.urls import get_resolver
patterns = get_resolver().url_patterns
t1 = time.perf_counter()
from django.conf import settings
print(json.dumps({"seconds": t1 - t0, "modules": len(settings.PROJECT_APPS)}))
""",
}


def module_names(n: int) -> str:
    return ",".join(f"page{i:03d}" for i in range(1, n + 1))


def bench_startup(tmp: Path, framework: str, sizes: tuple[int, ...], n: int) -> dict:
    result = {}
    for size in sizes:
        project = bake(tmp / f"startup-{framework}-{size}", framework, module_names(size))
        env = app_env(framework, project / "bench.sqlite3")
        cmd = [str(VENV_BIN / "python"), "-c", STARTUP_CODE[framework]]
        samples = []
        for i in range(n + 1):  # the first run writes the .pyc files: not counted
            out = json.loads(
                run(
                    cmd,
                    cwd=project,
                    env=env,
                    timeout=120,
                    what=f"{framework} start-up with {size} modules",
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            if out["modules"] != size:
                raise BenchError(
                    f"{framework} start-up: expected {size} modules, the app has {out['modules']}"
                )
            if i:
                samples.append(out["seconds"])
        result[str(size)] = spread(samples)
        shutil.rmtree(project.parent, ignore_errors=True)
    xs = [float(s) for s in sizes]
    ys = [result[str(s)]["median"] for s in sizes]
    slope, intercept = statistics.linear_regression(xs, ys)
    result["slope_ms_per_module"] = slope * 1000
    result["intercept_ms"] = intercept * 1000
    return result


# ---------------------------------------------------------------- 4. throughput
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """gunicorn processes, each in its own process group, all killed on exit."""

    def __init__(self, logdir: Path):
        self.procs: list[subprocess.Popen] = []
        self.logdir = logdir

    def start(self, name: str, app: str, cwd: Path, env: dict, workers: int) -> int:
        port = free_port()
        # The same (empty) gunicorn config for both apps: a baked project's
        # gunicorn.conf.py, read from its folder otherwise, logs every request.
        config = self.logdir / "gunicorn.conf.py"
        config.write_text("# gunicorn's defaults; the command line sets the rest.\n")
        logf = open(self.logdir / f"{name}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                str(config),
                "-w",
                str(workers),
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=cwd,
            env=env,
            stdout=logf,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        logf.close()
        self.procs.append(proc)
        deadline = time.monotonic() + 60
        url = f"http://127.0.0.1:{port}/api/health"
        while True:
            if proc.poll() is not None:
                tail = (
                    (self.logdir / f"{name}.log")
                    .read_text(errors="replace")
                    .strip()
                    .splitlines()[-1:]
                )
                raise BenchError(
                    f"gunicorn {name} exited {proc.returncode}: {tail[0] if tail else ''}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        return port
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn {name}: {url} not answering 200 after 60s")
            time.sleep(0.2)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        self.procs.clear()


def wrk_available() -> str | None:
    return shutil.which("wrk")


def load(url: str, seconds: float, connections: int, use_wrk: str | None) -> dict:
    if use_wrk:
        proc = run(
            [use_wrk, "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", url],
            timeout=seconds + 30,
            what="wrk",
        )
        out = proc.stdout
        rps = float(
            next(ln.split()[1] for ln in out.splitlines() if ln.startswith("Requests/sec:"))
        )
        errors = next((int(ln.split()[-1]) for ln in out.splitlines() if "Non-2xx" in ln), 0)
        for ln in out.splitlines():  # "Socket errors: connect 0, read 0, write 0, timeout 0"
            if ln.strip().startswith("Socket errors:"):
                errors += sum(int(part.split()[1]) for part in ln.split(":", 1)[1].split(","))
        return {"rps": rps, "errors": errors}
    return loadgen.measure(url, seconds, connections)


def bench_throughput(
    tmp: Path,
    framework: str,
    rounds: int,
    seconds: float,
    workers: int,
    connections: int,
    use_wrk: str | None,
) -> dict:
    root = tmp / f"throughput-{framework}"
    project = bake(root, framework)
    db = root / "bench.sqlite3"
    env = app_env(framework, db)
    prepare(framework, project, env)
    servers = Servers(root)
    try:
        ours_app = "wsgi:app" if framework == "flask" else "config.wsgi:application"
        ours = servers.start(f"{framework}-ours", ours_app, project, env, workers)
        bare_apps = {"bare": "flask_app:app"}
        if framework == "django":
            # Django ships a middleware stack (startproject's settings); Flask ships none.
            bare_apps = {
                "bare": "django_app:make_app()",
                "stock": "django_app:make_app(stock=True)",
            }
        targets = {"ours": f"http://127.0.0.1:{ours}/api/health"}
        for name, app in bare_apps.items():
            port = servers.start(
                f"{framework}-{name}",
                app,
                BENCH / "bare",
                base_env(DATABASE_URL=f"sqlite:///{db}"),
                workers,
            )
            targets[name] = f"http://127.0.0.1:{port}/api/health"
        targets["home"] = f"http://127.0.0.1:{ours}/"
        for (
            name,
            url,
        ) in targets.items():  # warm-up: every worker opens its connection, fills caches
            w = loadgen.measure(url, 0.5, connections, max_requests=200)
            if w["ok"] == 0 or w["errors"]:
                raise BenchError(
                    f"{framework} {name} {url}: {w['errors']} errors in warm-up, {w['ok']} ok"
                )
        samples = {name: [] for name in targets}
        errors = 0
        for _ in range(rounds):  # alternate: ours, bare, (stock,) home, ours, bare...
            for name, url in targets.items():
                r = load(url, seconds, connections, use_wrk)
                samples[name].append(r["rps"])
                errors += r["errors"]
        if errors:
            raise BenchError(f"{framework} throughput: {errors} failed requests")
    finally:
        servers.stop()
    shutil.rmtree(root, ignore_errors=True)
    ours_s, bare_s, home_s = (
        spread(samples["ours"]),
        spread(samples["bare"]),
        spread(samples["home"]),
    )
    ratios = [o / b for o, b in zip(samples["ours"], samples["bare"], strict=True)]
    out = {
        "health_rps": ours_s,
        "bare_rps": bare_s,
        "home_rps": home_s,
        "throughput_ratio": ours_s["median"] / bare_s["median"],
        "ratio_per_round": spread(ratios),
        "workers": workers,
        "connections": connections,
        "seconds_per_sample": seconds,
    }
    if "stock" in samples:
        stock_s = spread(samples["stock"])
        per_round = [o / s for o, s in zip(samples["ours"], samples["stock"], strict=True)]
        out |= {
            "stock_rps": stock_s,
            "stock_ratio": ours_s["median"] / stock_s["median"],
            "stock_ratio_per_round": spread(per_round),
        }
    return out


# ---------------------------------------------------------------- report
def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def template_revision() -> str:
    """The commit baked, marked "+dirty" when the working tree has changes (they are baked too)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(TEMPLATE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(TEMPLATE), "status", "--porcelain", "--", ".", ":!bench"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def fmt(s: dict, scale: float = 1.0, digits: int = 2) -> str:
    med, lo, hi = (f"{s[k] * scale:.{digits}f}" for k in ("median", "min", "max"))
    return f"{med} [{lo}-{hi}]"


def table(results: dict) -> str:
    rows = [("figure (median [min-max])", *FRAMEWORKS)]

    def add(label, fn):
        vals = []
        for fw in FRAMEWORKS:
            try:
                vals.append(fn(results[fw]))
            except (KeyError, TypeError):
                vals.append("-")
        rows.append((label, *vals))

    add("bake s", lambda r: fmt(r["bake"]))
    for key in ("pip", "uv"):
        add(f"zero_to_green s ({key})", lambda r, k=key: f"{r['zero_to_green'][k]['seconds']:.1f}")
        add(
            f"  install s ({key})",
            lambda r, k=key: f"{r['zero_to_green'][k]['steps']['install']:.1f}",
        )
        add(f"  tests s ({key})", lambda r, k=key: f"{r['zero_to_green'][k]['steps']['tests']:.1f}")
        add(
            f"  packages / venv MB ({key})",
            lambda r, k=key: (
                f"{r['zero_to_green'][k]['packages']} / {r['zero_to_green'][k]['venv_mb']:.0f}"
            ),
        )
    for size in ("1", "10", "100"):
        add(f"startup ms, {size} modules", lambda r, s=size: fmt(r["startup"][s], 1000, 0))
    add("startup ms per module (fit)", lambda r: f"{r['startup']['slope_ms_per_module']:.2f}")
    add("/api/health req/s (ours)", lambda r: fmt(r["throughput"]["health_rps"], 1, 0))
    add("/api/health req/s (bare)", lambda r: fmt(r["throughput"]["bare_rps"], 1, 0))
    add("throughput_ratio ours/bare", lambda r: f"{r['throughput']['throughput_ratio']:.2f}")
    add("/api/health req/s (bare+stock)", lambda r: fmt(r["throughput"]["stock_rps"], 1, 0))
    add("stock_ratio ours/bare+stock", lambda r: f"{r['throughput']['stock_ratio']:.2f}")
    add("/ req/s (ours)", lambda r: fmt(r["throughput"]["home_rps"], 1, 0))
    rows = [row for row in rows if any(v != "-" for v in row[1:])]  # e.g. no uv in --quick
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def section(results: dict, name: str, fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    results["meta"]["section_seconds"][name] = round(time.perf_counter() - t0, 1)
    return out


def main() -> int:
    global STAGE
    parser = argparse.ArgumentParser(description="Benchmark the template (see bench/README.md).")
    parser.add_argument(
        "--quick", action="store_true", help="fewer samples, pip only: under 3 minutes"
    )
    parser.add_argument("--only", choices=FRAMEWORKS, help="one framework only")
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    parser.add_argument(
        "--loadgen",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="auto (default): wrk when it is on PATH, else bench/loadgen.py",
    )
    parser.add_argument(
        "--table", type=Path, metavar="JSON", help="print the table of a results file"
    )
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())))
        return 0

    def on_term(signum, frame):
        raise SystemExit(f"bench: FAILED in {STAGE}: killed by signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    p = (
        dict(bake_n=3, startup_n=3, rounds=3, seconds=1.5, uv=False)
        if args.quick
        else dict(bake_n=9, startup_n=9, rounds=7, seconds=5.0, uv=True)
    )
    workers, connections = 2, 4
    use_wrk = None if args.loadgen == "python" else wrk_available()
    if use_wrk:  # wrk takes whole seconds only
        p["seconds"] = float(max(1, round(p["seconds"])))
    if args.loadgen == "wrk" and not use_wrk:
        print("bench: FAILED in setup: --loadgen wrk but no wrk on PATH", file=sys.stderr)
        return 1
    for exe in ("cookiecutter", "gunicorn", "python", "flask"):
        if not (VENV_BIN / exe).exists():
            print(
                f"bench: FAILED in setup: {VENV_BIN / exe} missing (make .venv as README.md says)",
                file=sys.stderr,
            )
            return 1
    if not PY312 or not Path(PY312).exists():
        print(f"bench: FAILED in setup: {PY312} missing", file=sys.stderr)
        return 1
    started = time.perf_counter()
    results: dict = {
        "meta": {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "mode": "quick" if args.quick else "full",
            "machine": machine(),
            "template_revision": template_revision(),
            "loadgen": "wrk -t2 (duration rounded to whole seconds)"
            if use_wrk
            else "bench/loadgen.py (Python, one process per connection)",
            "gunicorn_workers": workers,
            "connections": connections,
            "params": p,
            "loadavg_start": [round(x, 2) for x in os.getloadavg()],
            "section_seconds": {},
        }
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        uv = None
        if p["uv"]:
            STAGE = "uv setup"
            uv = get_uv(tmp)
        for fw in (args.only,) if args.only else FRAMEWORKS:
            r = results[fw] = {}
            STAGE = f"{fw} bake"
            log(f"{fw}: bake x{p['bake_n']}")
            r["bake"] = section(results, f"{fw} bake", bench_bake, tmp, fw, p["bake_n"])
            STAGE = f"{fw} startup"
            log(f"{fw}: startup 1/10/100 modules x{p['startup_n']}")
            r["startup"] = section(
                results, f"{fw} startup", bench_startup, tmp, fw, (1, 10, 100), p["startup_n"]
            )
            STAGE = f"{fw} throughput"
            log(f"{fw}: throughput {p['rounds']} rounds x {p['seconds']:g}s")
            r["throughput"] = section(
                results,
                f"{fw} throughput",
                bench_throughput,
                tmp,
                fw,
                p["rounds"],
                p["seconds"],
                workers,
                connections,
                use_wrk,
            )
            STAGE = f"{fw} zero_to_green (pip)"
            log(f"{fw}: zero_to_green with pip")
            r["zero_to_green"] = {
                "pip": section(results, f"{fw} zero_to_green pip", zero_to_green_pip, tmp, fw)
            }
            if uv:
                STAGE = f"{fw} zero_to_green (uv)"
                log(f"{fw}: zero_to_green with uv")
                r["zero_to_green"]["uv"] = section(
                    results, f"{fw} zero_to_green uv", zero_to_green_uv, tmp, fw, uv
                )
        results["meta"]["elapsed_s"] = round(time.perf_counter() - started, 1)
        results["meta"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        args.output.write_text(json.dumps(results, indent=2) + "\n")
    except BenchError as exc:
        print(f"bench: FAILED in {STAGE}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"bench: FAILED in {STAGE}: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # one line, whatever broke
        print(f"bench: FAILED in {STAGE}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    m = results["meta"]
    print(
        f"{m['mode']} run {m['date']} of {m['template_revision']}, "
        f"{m['machine']['nproc']} cpu {m['machine']['cpu']}, "
        f"load: {m['loadgen']}, {workers} gunicorn sync workers, {connections} connections, "
        f"took {m['elapsed_s']}s, load average {m['loadavg_start'][0]} -> {m['loadavg_end'][0]}"
    )
    print(table(results))
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
