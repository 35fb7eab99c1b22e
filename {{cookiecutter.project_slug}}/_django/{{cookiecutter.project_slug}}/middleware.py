"""The project's middleware: each request's ID and access line; the health checks' answers.

RequestIdMiddleware comes first in settings.MIDDLEWARE, so that it sees every
answer, those of the middleware below it included; HealthCheckMiddleware second.
https://docs.djangoproject.com/en/6.1/topics/http/middleware/
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.log import log_response

from . import health, logs


class RequestIdMiddleware:
    """Handles each request under its ID: the one X-Request-ID brought when sane, else a new one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        request_id = logs.accept_request_id(request.headers.get("X-Request-ID"))
        # Every record logged from here to the reset carries the ID.
        token = logs.request_id.set(request_id)
        try:
            # Django turns a view's exception into a 500 response below this
            # middleware: that answer gets the ID and its access line too.
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if response.status_code >= 400:
                # Django logs an error answer that nothing logged yet (a 404,
                # a 503) once every middleware has returned, when the ID is
                # gone: its same line, written here, carries the ID, and
                # Django then sees it written (BaseHandler.get_response). Were
                # that to change, the line would appear twice, not go missing.
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    # django-stubs asks for an HttpResponse; Django passes any.
                    response=response,  # type: ignore[arg-type]
                    request=request,
                    # A failing probe (503) is a warning, as in the Flask
                    # variant: health.py has logged why, and as an error it
                    # would mail ADMINS every few seconds while it lasts.
                    level="warning" if request.path_info in health.PROBES else None,
                )
            logs.log_request(request.method or "", request.path, response.status_code, started)
        finally:
            logs.request_id.reset(token)
        return response


class HealthCheckMiddleware:
    """Answers /health/live and /health/ready itself, before the rest of MIDDLEWARE looks.

    An orchestrator probes each instance at its own address (a pod's IP, say),
    a Host that ALLOWED_HOSTS rightly refuses further down (CommonMiddleware
    answers 400), and over plain HTTP, which SecurityMiddleware would redirect
    to HTTPS; a probe needs neither a session nor the page headers. Below
    RequestIdMiddleware, so that the answers still carry a request ID.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = health.PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
