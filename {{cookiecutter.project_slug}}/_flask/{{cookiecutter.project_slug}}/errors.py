"""Error responses: HTML pages, or RFC 9457 problem details under the prefixes of JSON blueprints.

A blueprint that answers in JSON adds its URL prefix to
app.extensions["json_error_prefixes"] when it is registered (see the api
skeleton). The handlers live on the app, not on that blueprint, because a 404
for an unknown URL is raised before any blueprint is chosen:
https://flask.palletsprojects.com/en/stable/errorhandling/#blueprint-error-handlers
"""

import json
from collections.abc import Iterable, Mapping

from flask import Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

JSON_ERROR_PREFIXES = "json_error_prefixes"
# RFC 9457: https://www.rfc-editor.org/rfc/rfc9457
PROBLEM_TYPE = "application/problem+json"


def register_error_handlers(app: Flask) -> None:
    # Outside debug mode, unhandled exceptions arrive here as an
    # InternalServerError: the page says what happened, never how.
    app.register_error_handler(HTTPException, handle_http_error)


def wants_json(path: str) -> bool:
    """Whether `path` lies under the prefix of a blueprint that answers in JSON."""
    prefixes = current_app.extensions.get(JSON_ERROR_PREFIXES, ())
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in prefixes)


def problem(
    status: int,
    detail: str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    **extra: object,
) -> Response:
    """An application/problem+json response: type, title, status, detail and any extra members."""
    body = {
        "type": "about:blank",
        "title": HTTP_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    return Response(json.dumps(body), status, headers, mimetype=PROBLEM_TYPE)


def handle_http_error(error: HTTPException) -> Response | tuple[str, int, list[tuple[str, str]]]:
    code = error.code or 500
    # Keep headers such as Allow (405) but not the HTML content type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json(request.path):
        # The Django variant's words for the errors no view chooses; for 500
        # never the exception, which goes to the log, not to clients.
        detail = PROBLEM_DETAILS.get(code) or error.description or HTTP_TITLES.get(code, "Error")
        return problem(code, detail, headers)
    page = render_template([f"errors/{code}.html", "errors/error.html"], error=error)
    return page, code, headers


PROBLEM_DETAILS = {
    404: "There is nothing at this address.",
    405: "This address does not take this method.",
    413: "The request body is too large.",
    500: "The server could not answer the request; it has been logged.",
}
# The titles of the statuses an API answers with, as RFC 9110 names them.
HTTP_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
