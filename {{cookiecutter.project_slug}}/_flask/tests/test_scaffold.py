"""The scaffold: rendering skeletons into a project and wiring them into the registry."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from {{ cookiecutter.project_slug }} import scaffold
from {{ cookiecutter.project_slug }}.scaffold import ScaffoldError, add_module

from .conftest import PACKAGE


@pytest.fixture
def project(tmp_path):
    """An empty project directory: add_module needs nothing else."""
    (tmp_path / "blueprints.yaml").write_text("# The blueprints.\n")
    return tmp_path


def registry(project: Path) -> Any:
    return yaml.safe_load((project / "blueprints.yaml").read_text())


def text_of(path: Path) -> str:
    """A file's text; '' for a binary file (the accounts module's password list)."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_add_module_renders_the_skeleton_and_appends_the_entry(project, kind):
    written = add_module(project, "my_blog", kind, "/my-blog")
    package = project / PACKAGE / "my_blog"
    assert package / "__init__.py" in written
    assert project / "tests" / "my_blog" / "test_views.py" in written
    leftovers = [path for path in written if "-tpl" in path.name or "[[" in text_of(path)]
    assert not leftovers
    assert 'Blueprint("my_blog"' in (package / "views.py").read_text()
    entry = {"name": "my_blog", "import": f"{PACKAGE}.my_blog:bp", "url_prefix": "/my-blog"}
    # A page module has a link in the navigation bar, as Django's nav_url gives it.
    if kind == "pages":
        entry["nav"] = "My Blog"
    assert registry(project) == [entry]


def test_a_second_accounts_module_is_refused(project):
    add_module(project, "users", "accounts", "/users")
    message = "the project already has an accounts module ('users'); at most one is supported"
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        add_module(project, "members", "accounts", "/members")
    assert not (project / PACKAGE / "members").exists()


def test_an_api_module_gets_tokens_and_notes_when_there_are_accounts(project):
    (project / PACKAGE).mkdir()
    (project / PACKAGE / "config.py").write_text('class BaseConfig:\n    SITE_NAME = "Zoo"\n')
    bare = add_module(project, "bare_api", "api", "/bare")
    add_module(project, "members", "accounts", "/members")
    add_module(project, "api", "api", "/api")

    assert not (project / PACKAGE / "bare_api" / "auth.py").exists()
    models = (project / PACKAGE / "api" / "models.py").read_text()
    assert '"members_user.id"' in models
    assert (project / "migrations" / "versions" / "create_api_tables.py").is_file()
    # Each api module commits its schema: the first as openapi.json, the next by name.
    assert project / "openapi.json" in bare
    assert '"title": "Zoo API"' in (project / "openapi.json").read_text()
    assert 'SNAPSHOT = "openapi-api.json"' in (project / PACKAGE / "api" / "views.py").read_text()
    assert '"/api/tokens"' in (project / "openapi-api.json").read_text()


def test_add_module_keeps_comments_and_earlier_entries(project):
    add_module(project, "blog", "pages", "/blog")
    add_module(project, "api", "api", "/api")
    text = (project / "blueprints.yaml").read_text()
    assert text.startswith("# The blueprints.\n")
    assert [entry["name"] for entry in registry(project)] == ["blog", "api"]


def test_add_module_keeps_the_entries_of_a_file_without_a_final_newline(project):
    (project / "blueprints.yaml").write_text("- name: blog\n  import: x.blog:bp\n  url_prefix: /b")
    add_module(project, "api", "api", "/api")
    assert [entry["name"] for entry in registry(project)] == ["blog", "api"]


def test_add_module_appends_to_a_json_registry(project):
    path = project / "blueprints.json"
    path.write_text('[{"name": "blog", "import": "x.blog:bp", "url_prefix": "/blog"}]')
    add_module(project, "api", "api", "/api", registry=path)
    add_module(project, "team_news", "pages", "/news", registry=path)
    entries = json.loads(path.read_text())
    assert [entry["name"] for entry in entries] == ["blog", "api", "team_news"]
    assert "nav" not in entries[1]
    assert entries[2]["nav"] == "Team News"


@pytest.mark.parametrize("name", ["yes", "no", "on", "off", "true", "false", "null", "y", "n"])
def test_a_nav_text_yaml_would_read_as_a_boolean_or_null_stays_text(project, name):
    add_module(project, name, "pages", f"/{name}")
    assert registry(project)[0]["nav"] == name.capitalize()


def test_the_app_title_and_class_come_from_the_name(project):
    add_module(project, "team_news", "pages", "/news")
    template = project / PACKAGE / "team_news" / "templates" / "team_news" / "index.html"
    assert "Team News" in template.read_text()
    assert scaffold.placeholders("team_news", "/")["app_class"] == "TeamNews"


def test_the_accounts_migration_starts_the_history_of_an_empty_project(project):
    add_module(project, "users", "accounts", "/users")
    migration = project / "migrations" / "versions" / "create_account_tables.py"
    assert 'revision = "users_0001"' in migration.read_text()
    assert "down_revision = None" in migration.read_text()


def test_the_accounts_migration_follows_the_current_head(project):
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "a.py").write_text('revision = "aaa"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "bbb"\ndown_revision = "aaa"\n')
    add_module(project, "users", "accounts", "/users")
    assert 'down_revision = "bbb"' in (versions / "create_account_tables.py").read_text()


def test_several_migration_heads_are_refused(project):
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "a.py").write_text('revision = "aaa"\ndown_revision = None\n')
    (versions / "b.py").write_text('revision = "bbb"\ndown_revision = None\n')
    message = "migrations have several heads (aaa, bbb); merge them first: flask db merge heads"
    with pytest.raises(ScaffoldError, match=f"^{re.escape(message)}$"):
        add_module(project, "users", "accounts", "/users")


@pytest.mark.parametrize(
    ("name", "kind", "url_prefix", "message"),
    [
        ("Blog", "pages", "/blog", "lowercase Python identifier (a-z, 0-9, _), got 'Blog'"),
        ("class", "pages", "/class", "module name 'class' is a Python keyword; pick another name"),
        ("config", "pages", "/config", "'config' is taken by the project's own layout"),
        ("test_app", "pages", "/t", "must not start with 'test', got 'test_app'"),
        ("blog", "wiki", "/blog", "kind must be one of pages, api, accounts, got 'wiki'"),
        ("blog", "pages", "blog", "url_prefix must look like '/' or '/blog', got 'blog'"),
    ],
)
def test_bad_input_is_refused_with_one_line(project, name, kind, url_prefix, message):
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        add_module(project, name, kind, url_prefix)
    assert not (project / PACKAGE).exists()


def test_an_existing_module_is_refused(project):
    add_module(project, "blog", "pages", "/blog")
    with pytest.raises(ScaffoldError, match="module 'blog' already exists"):
        add_module(project, "blog", "pages", "/blog")


def test_a_name_already_in_the_registry_is_refused(project):
    (project / "blueprints.yaml").write_text(
        "- name: blog\n  import: x.blog:bp\n  url_prefix: /b\n"
    )
    with pytest.raises(ScaffoldError, match="already lists a blueprint named 'blog'"):
        add_module(project, "blog", "pages", "/blog")


def test_an_existing_file_is_never_overwritten(project):
    mine = project / "tests" / "blog" / "test_views.py"
    mine.parent.mkdir(parents=True)
    mine.write_text("# mine\n")
    with pytest.raises(ScaffoldError, match=r"refusing to overwrite tests/blog/test_views\.py"):
        add_module(project, "blog", "pages", "/blog")
    assert mine.read_text() == "# mine\n"
    assert not (project / PACKAGE / "blog").exists()


def test_an_unknown_placeholder_is_refused(project, tmp_path, monkeypatch):
    skeleton = tmp_path / "skeletons" / "pages"
    skeleton.mkdir(parents=True)
    (skeleton / "README.md-tpl").write_text("by [[ author ]]\n")
    monkeypatch.setattr(scaffold, "SKELETONS_DIR", tmp_path / "skeletons")
    with pytest.raises(ScaffoldError, match=r"unknown placeholder \[\[ author \]\]"):
        add_module(project, "blog", "pages", "/blog")
    assert not (project / "README.md").exists()


def test_the_scaffold_imports_only_the_standard_library():
    # The bake hook loads it by path before any dependency is installed.
    code = (
        "import sys, importlib.util as u;"
        "before = set(sys.modules);"
        f"s = u.spec_from_file_location('by_path', {str(scaffold.__file__)!r});"
        "m = u.module_from_spec(s); s.loader.exec_module(m);"
        "new = set(sys.modules) - before;"
        "print(sorted(n for n in new if n.split('.')[0] not in sys.stdlib_module_names))"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
