"""gunicorn's settings: `gunicorn` in the project root reads this file by itself.

Each value comes from the environment, with a default that suits one machine
behind a reverse proxy. https://docs.gunicorn.org/en/stable/settings.html
"""

import multiprocessing
import os


def whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, got {value!r}")
    return int(value)


{% if cookiecutter.framework == "flask" %}# What to serve: the app built by wsgi.py.
wsgi_app = "wsgi:app"
{% else %}# What to serve: config/wsgi.py's application (production settings by default).
wsgi_app = "config.wsgi:application"
{% endif %}# Loopback, for a proxy (nginx, a load balancer) on the same host; set
# GUNICORN_BIND=0.0.0.0:8000 in a container or behind a remote balancer.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Processes, each with its own database connection pool. gunicorn's docs
# suggest (2 x cores) + 1; WEB_CONCURRENCY is the name hosting platforms set.
workers = whole_number("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
# A request running longer than this kills its worker (which is then replaced).
timeout = whole_number("GUNICORN_TIMEOUT", 30)
# The app is built once, in the master process, before the workers fork: a
# configuration mistake then stops gunicorn with its one line (rather than
# each worker failing to boot), and the workers share the loaded code.
# https://docs.gunicorn.org/en/stable/settings.html#preload-app
preload_app = True
# Requests and errors to stdout/stderr: the process manager keeps the logs.
accesslog = "-"
errorlog = "-"
