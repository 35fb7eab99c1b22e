"""Error responses: HTML pages, or JSON under the URL prefixes of JSON blueprints.

A blueprint that answers in JSON adds its URL prefix to
app.extensions["json_error_prefixes"] when it is registered (see the api
skeleton). The handlers live on the app, not on that blueprint, because a 404
for an unknown URL is raised before any blueprint is chosen:
https://flask.palletsprojects.com/en/stable/errorhandling/#blueprint-error-handlers
"""

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

JSON_ERROR_PREFIXES = "json_error_prefixes"


def register_error_handlers(app: Flask) -> None:
    # Outside debug mode, unhandled exceptions arrive here as an
    # InternalServerError: the page says what happened, never how.
    app.register_error_handler(HTTPException, handle_http_error)


def wants_json(path: str) -> bool:
    """Whether `path` lies under the prefix of a blueprint that answers in JSON."""
    prefixes = current_app.extensions.get(JSON_ERROR_PREFIXES, ())
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in prefixes)


def handle_http_error(error: HTTPException):
    code = error.code or 500
    # Keep headers such as Allow (405) but not the HTML content type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json(request.path):
        body = jsonify(error=error.name, status=code, message=error.description)
        return body, code, headers
    page = render_template([f"errors/{code}.html", "errors/error.html"], error=error)
    return page, code, headers
