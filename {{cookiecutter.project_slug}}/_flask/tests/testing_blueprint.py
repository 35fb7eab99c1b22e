"""A blueprint the loader tests can register whatever modules the project has."""

from flask import Blueprint

bp = Blueprint("sample", __name__)
not_a_blueprint = "just a string"


@bp.get("/")
def index() -> str:
    return "sample index"


@bp.get("/greeting")
def greeting(greeting: str = "hello") -> str:
    # `greeting` comes from the entry's options (url_defaults) when set.
    return greeting


# A blueprint with pages but no `index` view, which a `nav` link needs.
no_index = Blueprint("no_index", __name__)


@no_index.get("/about")
def about() -> str:
    return "about"
