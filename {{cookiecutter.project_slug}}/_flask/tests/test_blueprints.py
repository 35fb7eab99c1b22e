"""The declarative blueprint loader: what it registers, and one clear error per mistake."""

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from flask import Flask

from {{ cookiecutter.project_slug }}.blueprints import (
    BlueprintsFileError,
    load_blueprints,
    register_blueprints,
)

from .conftest import PROJECT_ROOT, START_UPS, clean_env

SAMPLE = {"name": "sample", "import": "tests.testing_blueprint:bp", "url_prefix": "/sample"}


def write(tmp_path: Path, entries: object, name: str = "blueprints.yaml") -> Path:
    path = tmp_path / name
    text = entries if isinstance(entries, str) else yaml.safe_dump(entries, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def routes(app: Flask) -> list[tuple[str, str]]:
    return sorted((rule.rule, rule.endpoint) for rule in app.url_map.iter_rules())


def test_the_project_registry_loads_then_the_health_checks(app):
    names = [
        entry["name"]
        for entry in yaml.safe_load(PROJECT_ROOT.joinpath("blueprints.yaml").read_text()) or []
    ]
    assert list(app.blueprints) == [*names, "health"]


def test_json_registry_gives_the_same_routes_as_yaml(make_app, tmp_path):
    entries = [*(yaml.safe_load((PROJECT_ROOT / "blueprints.yaml").read_text()) or []), SAMPLE]
    as_yaml = write(tmp_path, entries)
    as_json = tmp_path / "blueprints.json"
    as_json.write_text(json.dumps(entries, indent=2))
    from_yaml = make_app(BLUEPRINTS_FILE=str(as_yaml))
    from_json = make_app(BLUEPRINTS_FILE=str(as_json))
    assert routes(from_json) == routes(from_yaml)
    assert ("/sample/", "sample.index") in routes(from_json)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("", "blueprints.yaml"),
        ("# only comments\n", "blueprints.yaml"),
        ("null\n", "blueprints.yaml"),
        ("[]\n", "blueprints.yaml"),
        ("", "blueprints.json"),
        ("[]", "blueprints.json"),
    ],
)
def test_a_registry_without_entries_is_refused(tmp_path, text, name):
    # Else every page would be a 404, and nothing would say why.
    app = Flask(__name__)
    with pytest.raises(BlueprintsFileError, match=r"blueprints\.(yaml|json): lists no blueprints;"):
        register_blueprints(app, write(tmp_path, text, name))
    assert app.blueprints == {}


def test_a_disabled_entry_is_neither_imported_nor_registered(tmp_path):
    disabled = {
        "name": "gone",
        "import": "no_such_module:bp",
        "url_prefix": "/gone",
        "enabled": False,
    }
    entries = load_blueprints(write(tmp_path, [SAMPLE, disabled]))
    assert [entry.name for entry in entries] == ["sample"]


def test_options_are_passed_to_register_blueprint(make_app, tmp_path):
    defaults = {"greeting": "bonjour"}
    entry = SAMPLE | {"options": {"url_defaults": defaults}}
    app = make_app(BLUEPRINTS_FILE=str(write(tmp_path, [entry])))
    assert app.test_client().get("/sample/greeting").text == "bonjour"


def test_the_entry_name_is_the_registered_name(make_app, tmp_path):
    app = make_app(BLUEPRINTS_FILE=str(write(tmp_path, [SAMPLE | {"name": "other"}])))
    assert ("/sample/", "other.index") in routes(app)


def test_a_relative_path_is_relative_to_the_working_directory(make_app, tmp_path, monkeypatch):
    write(tmp_path, [SAMPLE], "custom.yml")
    monkeypatch.chdir(tmp_path)
    app = make_app(BLUEPRINTS_FILE="custom.yml")
    assert list(app.blueprints) == ["sample", "health"]


def test_nothing_is_registered_when_a_later_entry_is_wrong(tmp_path):
    app = Flask(__name__)
    path = write(tmp_path, [SAMPLE, SAMPLE | {"name": "broken", "import": "tests.nothing_here:bp"}])
    with pytest.raises(BlueprintsFileError):
        register_blueprints(app, path)
    assert app.blueprints == {}


def entry(**changes: object) -> dict[str, object]:
    return {key: value for key, value in (SAMPLE | changes).items() if value is not None}


ERRORS = {
    "syntax": ("- name: [unclosed\n", "invalid YAML at line 2"),
    "not a list": ({"name": "sample"}, "expected a list of blueprint entries, got a mapping"),
    "entry not a mapping": (
        ["sample"],
        "entry 1: expected a mapping with keys name, import, url_prefix, got a string",
    ),
    "unknown key": (
        [entry(prefix="/x")],
        "entry 1 ('sample'): unknown key 'prefix', expected one of",
    ),
    "missing key": ([entry(url_prefix=None)], "entry 1 ('sample'): missing key 'url_prefix'"),
    "bad name": (
        [entry(name="my-blog")],
        "entry 1 ('my-blog'): name must be a Python identifier, got 'my-blog'",
    ),
    "bad import string": (
        [entry(**{"import": "tests/sample"})],
        "import must look like 'package.module:attribute', got 'tests/sample'",
    ),
    "module not found": (
        [entry(**{"import": "tests.nothing_here:bp"})],
        "module 'tests.nothing_here' not found",
    ),
    "attribute missing": (
        [entry(**{"import": "tests.testing_blueprint:nope"})],
        "module 'tests.testing_blueprint' has no attribute 'nope'",
    ),
    "not a blueprint": (
        [entry(**{"import": "tests.testing_blueprint:not_a_blueprint"})],
        "must be a flask.Blueprint, got str",
    ),
    "duplicate name": (
        [SAMPLE, SAMPLE],
        "entry 2 ('sample'): duplicate name 'sample', already used by entry 1",
    ),
    "the health checks' name": (
        [entry(name="health")],
        "entry 1 ('health'): name 'health' is taken by the health checks (health.py)",
    ),
    "url_prefix without slash": (
        [SAMPLE, entry(name="blog", url_prefix="blog")],
        "entry 2 ('blog'): url_prefix must start with '/', got 'blog'",
    ),
    "enabled not a boolean": ([entry(enabled="yes")], "enabled must be true or false, got 'yes'"),
    "options not a mapping": ([entry(options=["x"])], "options must be a mapping, got a list"),
    "options repeat a key": (
        [entry(options={"url_prefix": "/x"})],
        "options must not repeat 'url_prefix'",
    ),
    "nav not text": (
        [entry(nav=True)],
        "entry 1 ('sample'): nav must be the link's text, a non-empty string, got True",
    ),
    "nav blank": ([entry(nav=" ")], "nav must be the link's text, a non-empty string, got ' '"),
}


@pytest.mark.parametrize("content, message", ERRORS.values(), ids=ERRORS.keys())
def test_each_mistake_raises_one_error_naming_file_entry_and_expectation(
    tmp_path, content, message
):
    path = write(tmp_path, content)
    with pytest.raises(BlueprintsFileError) as raised:
        load_blueprints(path)
    assert str(raised.value).startswith(f"{path}: ") or str(raised.value).startswith(
        f"{path}, entry "
    )
    assert message in str(raised.value)


def test_nav_needs_an_index_view_in_the_blueprint(tmp_path):
    app = Flask(__name__)
    path = write(tmp_path, [entry(nav="About", **{"import": "tests.testing_blueprint:no_index"})])
    with pytest.raises(BlueprintsFileError) as raised:
        register_blueprints(app, path)
    assert str(raised.value) == (
        f"{path}, entry 1 ('sample'): nav links to sample.index, which the blueprint "
        "does not have; add an index view or remove nav"
    )


def test_the_navigation_bar_links_the_entries_with_nav_in_the_files_order(make_app, tmp_path):
    entries = [
        SAMPLE | {"name": "second", "url_prefix": "/second", "nav": "Second"},
        SAMPLE | {"nav": "Sample"},
        SAMPLE | {"name": "plain", "url_prefix": "/plain"},
    ]
    app = make_app(BLUEPRINTS_FILE=str(write(tmp_path, entries)))
    # The not-found page is drawn on the shared layout.
    page = app.test_client().get("/no/such/page").text
    module_links = page.split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    links = re.findall(r'<a class="nav-link" href="([^"]*)">([^<]*)</a>', module_links)
    assert links == [("/second/", "Second"), ("/sample/", "Sample")]


def test_invalid_json_names_the_line(tmp_path):
    path = write(tmp_path, '[\n  {"name": "sample",}\n]\n', "blueprints.json")
    with pytest.raises(BlueprintsFileError, match=r"invalid JSON at line 2"):
        load_blueprints(path)


@pytest.mark.parametrize("name", ["blueprints.toml", "blueprints"])
def test_an_unsupported_extension_is_refused(tmp_path, name):
    with pytest.raises(BlueprintsFileError, match=r"expected \.yaml, \.yml or \.json"):
        load_blueprints(write(tmp_path, [SAMPLE], name))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BlueprintsFileError, match=r"missing\.yaml: cannot read the file"):
        load_blueprints(tmp_path / "missing.yaml")


def test_a_missing_dependency_inside_a_blueprint_is_not_hidden(tmp_path, monkeypatch):
    (tmp_path / "needs_dependency.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(tmp_path)
    path = write(tmp_path, [entry(**{"import": "needs_dependency:bp"})])
    with pytest.raises(ModuleNotFoundError, match="no_such_dependency_xyz"):
        load_blueprints(path)


@pytest.mark.parametrize("command", START_UPS.values(), ids=START_UPS.keys())
def test_a_broken_registry_stops_the_start_up_with_one_line(tmp_path, command):
    path = write(tmp_path, [SAMPLE, entry(name="blog", url_prefix="blog")])
    env = clean_env() | {"BLUEPRINTS_FILE": str(path)}
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    # That line alone: no traceback, no "Worker failed to boot".
    reason = "url_prefix must start with '/', got 'blog'"
    assert result.stderr == f"{path}, entry 2 ('blog'): {reason}\n"
