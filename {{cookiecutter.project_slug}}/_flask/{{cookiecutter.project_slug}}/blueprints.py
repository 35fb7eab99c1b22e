"""The declarative blueprint loader: reads blueprints.yaml (or .json), validates it, registers it.

Each entry of the file is a mapping:

    - name: blog                      # unique Python identifier; the endpoint prefix
      # "package.module:attribute" of a flask.Blueprint
      import: {{ cookiecutter.project_slug }}.blog:bp
      url_prefix: /blog               # starts with "/"
      enabled: true                   # optional, default true
      options: {}                     # optional, passed to app.register_blueprint()
      nav: Blog                       # optional, a navigation bar link to blog.index

The whole file is validated (and every enabled blueprint imported) before the
first one is registered, so a mistake never leaves a half-built app. Every
problem raises BlueprintsFileError, whose message names the file, the entry
and what was expected.

A relative path is resolved against the current working directory, the
project root under `flask`, `gunicorn wsgi:app` and `pytest`, like .env,
.flaskenv and migrations/. It never depends on where the package is
installed, so the same rule holds for a wheel in site-packages.
"""

import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Flask, url_for

# PyYAML's safe loader in C (libyaml, in its wheels) when it was built with it:
# the same documents, parsed about ten times faster than in Python.
try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

REQUIRED_KEYS = ("name", "import", "url_prefix")
OPTIONAL_KEYS = ("enabled", "options", "nav")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
IMPORT_STRING = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*")
# Flask forbids dots in blueprint names; an identifier also reads well in url_for().
NAME = re.compile(r"[A-Za-z_]\w*")


class BlueprintsFileError(ValueError):
    """The blueprints file cannot be used; the message says where and what was expected."""


@dataclass(frozen=True)
class BlueprintEntry:
    """One validated, enabled entry, its blueprint imported."""

    name: str
    blueprint: Blueprint
    url_prefix: str
    options: dict[str, Any] = field(default_factory=dict)
    # The navigation bar's link text for the blueprint's `index` view, if any.
    nav: str | None = None
    # How messages name the entry: "blueprints.yaml, entry 2 ('blog')".
    where: str = ""


def resolve_path(path: str | Path) -> Path:
    """`path` as an absolute path; relative ones are relative to the working directory."""
    return Path.cwd() / Path(path).expanduser()


def register_blueprints(app: Flask, path: str | Path) -> list[BlueprintEntry]:
    """Register every enabled blueprint listed in `path`, after validating them all."""
    entries = load_blueprints(path)
    for entry in entries:
        app.register_blueprint(
            entry.blueprint, name=entry.name, url_prefix=entry.url_prefix, **entry.options
        )
        # Known only once registered; the app is not returned, so not half-built.
        if entry.nav is not None and f"{entry.name}.index" not in app.view_functions:
            raise BlueprintsFileError(
                f"{entry.where}: nav links to {entry.name}.index, "
                "which the blueprint does not have; add an index view or remove nav"
            )
    return entries


def nav_links(entries: list[BlueprintEntry]) -> list[tuple[str, str]]:
    """(text, URL) of each entry's navigation link, in the file's order; needs a request."""
    return [(entry.nav, url_for(f"{entry.name}.index")) for entry in entries if entry.nav]


def load_blueprints(path: str | Path) -> list[BlueprintEntry]:
    """The enabled entries of `path`, validated and imported; nothing is registered."""
    label = str(path)
    raw_entries = read_entries(resolve_path(path), label)
    if not raw_entries:
        # An app without blueprints would answer 404 to every request, silently.
        raise BlueprintsFileError(
            f"{label}: lists no blueprints; add one, e.g. flask add-blueprint pages --url-prefix /"
        )
    seen: dict[str, int] = {}
    checked = [check_entry(raw, index, label, seen) for index, raw in enumerate(raw_entries, 1)]
    return [import_entry(*item) for item in checked if item[0]["enabled"]]


def read_entries(path: Path, label: str) -> list[Any]:
    """The list of raw entries in the file; an empty file or one of comments is an empty list."""
    parse = PARSERS.get(path.suffix.lower())
    if parse is None:
        raise BlueprintsFileError(
            f"{label}: unsupported file type {path.suffix or '(none)'!r}, "
            f"expected .yaml, .yml or .json"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BlueprintsFileError(f"{label}: cannot read the file ({exc.strerror})") from exc
    data = parse(text, label)
    if data is None:
        return []
    if not isinstance(data, list):
        raise BlueprintsFileError(
            f"{label}: expected a list of blueprint entries, got {type_name(data)}"
        )
    return data


def parse_yaml(text: str, label: str) -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise BlueprintsFileError(f"{label}: invalid YAML{where}: {problem}") from exc


def parse_json(text: str, label: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BlueprintsFileError(f"{label}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc


PARSERS = {".yaml": parse_yaml, ".yml": parse_yaml, ".json": parse_json}


def check_entry(
    raw: Any, index: int, label: str, seen: dict[str, int]
) -> tuple[dict[str, Any], str]:
    """The entry with its defaults filled in, and how to name it in messages."""
    where = f"{label}, entry {index}"
    if not isinstance(raw, dict):
        raise BlueprintsFileError(
            f"{where}: expected a mapping with keys {', '.join(REQUIRED_KEYS)}, "
            f"got {type_name(raw)}"
        )
    if isinstance(raw.get("name"), str):
        where += f" ({raw['name']!r})"

    def fail(problem: str) -> BlueprintsFileError:
        return BlueprintsFileError(f"{where}: {problem}")

    unknown = [str(key) for key in raw if key not in ALLOWED_KEYS]
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}, expected one of {', '.join(ALLOWED_KEYS)}")
    missing = [key for key in REQUIRED_KEYS if key not in raw]
    if missing:
        raise fail(f"missing key {missing[0]!r}")

    name, target, url_prefix = raw["name"], raw["import"], raw["url_prefix"]
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise fail(f"name must be a Python identifier, got {name!r}")
    if name in seen:
        raise fail(f"duplicate name {name!r}, already used by entry {seen[name]}")
    if name == "health":
        # create_app() registers health.py's blueprint in every project.
        raise fail("name 'health' is taken by the health checks (health.py), choose another")
    seen[name] = index
    if not isinstance(target, str) or not IMPORT_STRING.fullmatch(target):
        raise fail(f"import must look like 'package.module:attribute', got {target!r}")
    if not isinstance(url_prefix, str) or not url_prefix.startswith("/"):
        raise fail(f"url_prefix must start with '/', got {url_prefix!r}")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail(f"enabled must be true or false, got {enabled!r}")
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise fail(f"options must be a mapping, got {type_name(options)}")
    clashing = [key for key in options if key in ("name", "url_prefix")]
    if clashing:
        raise fail(f"options must not repeat {clashing[0]!r}, set it on the entry itself")
    nav = raw.get("nav")
    if nav is not None and (not isinstance(nav, str) or not nav.strip()):
        raise fail(f"nav must be the link's text, a non-empty string, got {nav!r}")
    entry = {"name": name, "import": target, "url_prefix": url_prefix}
    return entry | {"enabled": enabled, "options": options, "nav": nav}, where


def import_entry(entry: dict[str, Any], where: str) -> BlueprintEntry:
    """Import the entry's blueprint; a missing module or attribute is the file's fault."""
    module_name, attribute = entry["import"].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the module named in the file (or a parent package) counts as
        # "not found"; a missing dependency inside it is a real bug: re-raise.
        if exc.name is None or not f"{module_name}.".startswith(f"{exc.name}."):
            raise
        raise BlueprintsFileError(
            f"{where}: module {module_name!r} not found (import {entry['import']!r})"
        ) from exc
    blueprint = getattr(module, attribute, None)
    if blueprint is None:
        raise BlueprintsFileError(f"{where}: module {module_name!r} has no attribute {attribute!r}")
    if not isinstance(blueprint, Blueprint):
        raise BlueprintsFileError(
            f"{where}: {entry['import']!r} must be a flask.Blueprint, "
            f"got {type(blueprint).__name__}"
        )
    return BlueprintEntry(
        entry["name"], blueprint, entry["url_prefix"], entry["options"], entry["nav"], where
    )


def type_name(value: Any) -> str:
    """How a YAML/JSON value reads in a message: 'a string', 'a mapping'..."""
    names = {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
