"""Health checks for an orchestrator or a load balancer: /health/live and /health/ready.

Plain views, answered by middleware.HealthCheckMiddleware at these exact paths
(no trailing slash, as in the Flask variant of this template, so that one
probe configuration fits both), before the host check, the HTTPS redirect and
the session: no cookie, never cached. Their successful answers are logged at
DEBUG only (logs.log_request), so that probes polling them do not fill the logs.
https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
"""

import logging
from collections.abc import Callable

{% if cookiecutter.use_celery == "yes" %}from django.conf import settings
{% endif %}from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe
{%- if cookiecutter.use_celery == "yes" %}
from redis import Redis
from redis.exceptions import RedisError
{%- endif %}

logger = logging.getLogger(__name__)
# Never stored by a cache between the probe and the app.
NO_STORE = {"Cache-Control": "no-store"}


@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """200 while the process serves requests; it touches nothing else (a liveness probe)."""
    return JsonResponse({"status": "ok"}, headers=NO_STORE)


@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """200 when what requests need answers, else 503, naming each check (a readiness probe)."""
    checks = {
        "database": check_database(),
{%- if cookiecutter.use_celery == "yes" %}
        "redis": check_redis(),
{%- endif %}
    }
    ok = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
        headers=NO_STORE,
    )


# The paths HealthCheckMiddleware answers, and their views.
PROBES: dict[str, Callable[[HttpRequest], JsonResponse]] = {
    "/health/live": live,
    "/health/ready": ready,
}


def check_database() -> str:
    """The default database's state: "ok" when it answers a query, else "unavailable"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # One line per failed check: probes come every few seconds.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        logger.warning("Health check: the database does not answer: %s", reason)
        # Not kept for the next request (or check) to fail on: that one
        # opens a new connection, which works again once the database is back.
        connection.close()
        return "unavailable"
    return "ok"
{%- if cookiecutter.use_celery == "yes" %}


def check_redis() -> str:
    """Redis's state: "ok" when Celery's broker (REDIS_URL) answers a ping, else "unavailable".

    A second to connect and a second to answer: a probe gets its answer
    before it gives up.
    """
    client = Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (RedisError, OSError) as error:
        logger.warning("Health check: Redis does not answer: %s", error)
        return "unavailable"
    finally:
        client.close()
    return "ok"
{%- endif %}
