"""gunicorn's settings: `gunicorn` in the project root reads this file by itself.

Each value comes from the environment, with a default that suits one machine
behind a reverse proxy. https://docs.gunicorn.org/en/stable/settings.html
"""

import multiprocessing
import os

from {{ cookiecutter.project_slug }} import logs


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
# gunicorn's own lines as one JSON object each on stderr, the shape of the
# app's production logs (logs.py), at LOG_LEVEL; the app's settings take over
# once it is loaded. The process manager keeps stderr.
# https://docs.gunicorn.org/en/stable/settings.html#logconfig-dict
try:
    logconfig_dict = logs.config(logs.log_level(os.environ.get("LOG_LEVEL")), json=True)
except ValueError as error:
    raise SystemExit(str(error)) from None
# No access log of gunicorn's: the app logs one line per request itself, with
# its request ID and duration (logs.log_request), and logs.config() keeps
# gunicorn's access logger quiet.
accesslog = None
