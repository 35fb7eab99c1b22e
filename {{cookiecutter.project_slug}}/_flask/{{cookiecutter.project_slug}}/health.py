"""Health checks for load balancers and orchestrators: GET /health/live and /health/ready.

create_app() registers this blueprint itself, whatever blueprints.yaml lists:
every deployment needs its probes, at the same paths and with the same
bodies as in the Django variant of this template. live answers while the
process serves requests; ready also asks what requests need,
{%- if cookiecutter.use_celery == "yes" %}
the database and Redis, and answers 503 naming what does not answer, so
{%- else %}
the database, and answers 503 naming it when it does not answer, so
{%- endif %}
that a balancer sends no traffic here meanwhile. Neither view reads the
session or the signed-in user, so neither sets a cookie; their successful
answers are logged at DEBUG (logs.py), as probes come every few seconds.
https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
"""

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
{%- if cookiecutter.use_celery == "yes" %}
from redis import Redis
from redis.exceptions import RedisError
{%- endif %}
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

bp = Blueprint("health", __name__, url_prefix="/health")
# Never stored by a cache between the probe and the app.
NO_STORE = {"Cache-Control": "no-store"}
{%- if cookiecutter.use_celery == "yes" %}
# Seconds Redis has to connect, then to answer: well within a probe's own timeout.
REDIS_TIMEOUT = 1
{%- endif %}


@bp.get("/live")
def live() -> ResponseReturnValue:
    """200 while the process serves; nothing else is checked, so an outage restarts nothing."""
    return jsonify(status="ok"), NO_STORE


@bp.get("/ready")
def ready() -> ResponseReturnValue:
    """200 when every check answers "ok", else 503; the body names each check and its state."""
{%- if cookiecutter.use_celery == "yes" %}
    checks = {"database": check_database(), "redis": check_redis()}
{%- else %}
    checks = {"database": check_database()}
{%- endif %}
    ok = all(state == "ok" for state in checks.values())
    body = {"status": "ok" if ok else "unavailable", "checks": checks}
    return jsonify(body), 200 if ok else 503, NO_STORE


def check_database() -> str:
    """The database's state: "ok" when it answers SELECT 1, else "unavailable"."""
    try:
        # A pooled connection rather than the ORM session: no unit of work to
        # set up. A connection the failure broke is discarded by SQLAlchemy,
        # not returned to the pool for the next request.
        # https://docs.sqlalchemy.org/en/20/core/pooling.html#dealing-with-disconnects
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        # One line per failed check: probes come every few seconds.
        reason = str(error).splitlines()[0]
        current_app.logger.warning("Health check: the database does not answer: %s", reason)
        return "unavailable"
    return "ok"
{%- if cookiecutter.use_celery == "yes" %}


def check_redis() -> str:
    """Redis's state: "ok" when REDIS_URL (broker and cache) answers PING, else "unavailable"."""
    client = Redis.from_url(
        current_app.config["REDIS_URL"],
        socket_connect_timeout=REDIS_TIMEOUT,
        socket_timeout=REDIS_TIMEOUT,
    )
    try:
        client.ping()
    except (RedisError, OSError) as error:
        current_app.logger.warning("Health check: Redis does not answer: %s", error)
        return "unavailable"
    finally:
        client.close()
    return "ok"
{%- endif %}
