"""`flask add-blueprint`, end to end on a copy of the project."""

import json
import subprocess
import sys

import yaml

from .conftest import PACKAGE, clean_env


def test_add_blueprint_creates_a_module_the_app_serves(make_app, project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    app = make_app(BLUEPRINTS_FILE="blueprints.yaml")
    args = ["add-blueprint", "team_news", "--url-prefix", "/news"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert f"wrote {PACKAGE}/team_news/views.py" in result.output
    entries = yaml.safe_load((project_copy / "blueprints.yaml").read_text())
    assert entries[-1] == {
        "name": "team_news",
        "import": f"{PACKAGE}.team_news:bp",
        "url_prefix": "/news",
        "nav": "Team News",
    }
    # The copy is a project of its own: its app serves the new module and
    # the tests the skeleton wrote for it pass.
    tests = project_copy / "tests" / "team_news"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        str(tests),
    ]
    run = subprocess.run(
        command, cwd=project_copy, env=clean_env(project_copy), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_add_blueprint_appends_to_a_json_registry(make_app, project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    entries = yaml.safe_load((project_copy / "blueprints.yaml").read_text()) or []
    (project_copy / "blueprints.json").write_text(json.dumps(entries))
    app = make_app(BLUEPRINTS_FILE="blueprints.json")
    result = app.test_cli_runner().invoke(args=["add-blueprint", "status", "--kind", "api"])
    assert result.exit_code == 0, result.output
    entries = json.loads((project_copy / "blueprints.json").read_text())
    assert entries[-1] == {
        "name": "status",
        "import": f"{PACKAGE}.status:bp",
        "url_prefix": "/status",
    }


def test_add_blueprint_refuses_a_bad_name_with_one_line(make_app, project_copy, monkeypatch):
    monkeypatch.chdir(project_copy)
    app = make_app(BLUEPRINTS_FILE="blueprints.yaml")
    result = app.test_cli_runner().invoke(args=["add-blueprint", "config"])
    assert result.exit_code == 1
    assert result.output == "Error: module name 'config' is taken by the project's own layout\n"
