"""The scaffold behind `startmodule` and the bake: rendering skeletons and wiring modules in."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from {{ cookiecutter.project_slug }} import scaffold
from {{ cookiecutter.project_slug }}.scaffold import ScaffoldError, add_module

SLUG = scaffold.PROJECT_SLUG


def placeholder(name: str, spaces: str = " ") -> str:
    """A skeleton placeholder, built so this file has none a leftover check would flag."""
    return "[" * 2 + spaces + name + spaces + "]" * 2


@pytest.fixture
def bare_project(tmp_path: Path) -> Path:
    """The two files the wiring edits, with their markers and no module yet."""
    settings_file = tmp_path / scaffold.SETTINGS_FILE
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        f"PROJECT_APPS = [\n    {scaffold.APPS_MARKER}\n]\n\n{scaffold.AUTH_MARKER}\n",
        encoding="utf-8",
    )
    (tmp_path / scaffold.URLS_FILE).write_text(
        f'urlpatterns = [\n    path("admin/", admin.site.urls),\n    {scaffold.URLS_MARKER}\n]\n',
        encoding="utf-8",
    )
    return tmp_path


def test_this_project_carries_the_wiring_markers():
    base = (settings.BASE_DIR / scaffold.SETTINGS_FILE).read_text(encoding="utf-8")
    urls = (settings.BASE_DIR / scaffold.URLS_FILE).read_text(encoding="utf-8")

    assert scaffold.APPS_MARKER in base
    assert scaffold.AUTH_MARKER in base
    assert scaffold.URLS_MARKER in urls


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_add_module_renders_every_file_of_the_skeleton(bare_project, kind):
    written = add_module(bare_project, "extra", kind, "/extra")

    assert written
    for path in written:
        assert path.is_file()
        # An api module's schema snapshot is committed at the project's root.
        assert path.is_relative_to(bare_project / SLUG / "extra") or path == (
            bare_project / "openapi.json"
        )
        assert not path.name.endswith("-tpl")
        text = path.read_text(encoding="utf-8")
        assert "[[" not in text
        if path.suffix == ".py":
            compile(text, str(path), "exec")
    assert (bare_project / SLUG / "extra" / "urls.py") in written


def test_add_module_wires_the_app_and_its_urls_above_the_markers(bare_project):
    add_module(bare_project, "blog", "pages", "/blog")
    add_module(bare_project, "public", "pages", "/")

    base = (bare_project / scaffold.SETTINGS_FILE).read_text(encoding="utf-8")
    urls = (bare_project / scaffold.URLS_FILE).read_text(encoding="utf-8")
    assert f'    "{SLUG}.blog",\n    "{SLUG}.public",\n    {scaffold.APPS_MARKER}' in base
    assert (
        f'    path("blog/", include("{SLUG}.blog.urls")),\n'
        f'    path("", include("{SLUG}.public.urls")),\n'
        f"    {scaffold.URLS_MARKER}"
    ) in urls
    assert "AUTH_USER_MODEL" not in base


def test_accounts_module_sets_the_user_model_and_login_urls(bare_project):
    add_module(bare_project, "users", "accounts", "/users")

    base = (bare_project / scaffold.SETTINGS_FILE).read_text(encoding="utf-8")
    assert 'AUTH_USER_MODEL = "users.User"' in base
    assert 'LOGIN_URL = "users:login"' in base
    assert 'LOGIN_REDIRECT_URL = "users:profile"' in base
    assert 'LOGOUT_REDIRECT_URL = "users:login"' in base
    backends = f'AUTHENTICATION_BACKENDS = [\n    "{SLUG}.users.backends.LimitedModelBackend",\n]\n'
    assert f"{backends}{scaffold.AUTH_MARKER}" in base


def test_an_api_module_gets_tokens_and_notes_when_there_are_accounts(bare_project):
    settings_file = bare_project / scaffold.SETTINGS_FILE
    settings_file.write_text('SITE_NAME = "Zoo"\n' + settings_file.read_text(encoding="utf-8"))
    bare = add_module(bare_project, "bare_api", "api", "/bare")
    add_module(bare_project, "members", "accounts", "/members")
    add_module(bare_project, "api", "api", "/api")

    assert not (bare_project / SLUG / "bare_api" / "auth.py").exists()
    assert (bare_project / SLUG / "api" / "migrations" / "0001_initial.py").is_file()
    # Each api module commits its schema: the first as openapi.json, the next by name.
    assert bare_project / "openapi.json" in bare
    assert '"title": "Zoo API"' in (bare_project / "openapi.json").read_text(encoding="utf-8")
    views = (bare_project / SLUG / "api" / "views.py").read_text(encoding="utf-8")
    assert 'SNAPSHOT = "openapi-api.json"' in views
    assert '"/api/tokens"' in (bare_project / "openapi-api.json").read_text(encoding="utf-8")


def test_a_second_accounts_module_is_refused(bare_project):
    add_module(bare_project, "users", "accounts", "/users")

    message = "the project already has an accounts module ('users'); at most one is supported"
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        add_module(bare_project, "members", "accounts", "/members")
    assert not (bare_project / SLUG / "members").exists()


def test_placeholders_are_derived_from_the_name():
    values = scaffold.placeholder_values("blog_posts", "/posts")

    assert values["app_class"] == "BlogPosts"
    assert values["app_title"] == "Blog Posts"
    assert values["url_prefix"] == "/posts"
    assert values["project_slug"] == SLUG


@pytest.mark.parametrize(
    ("prefix", "route"), [("/", ""), ("/blog", "blog/"), ("/api/v1", "api/v1/")]
)
def test_url_prefix_becomes_a_path_route(prefix, route):
    assert scaffold.route(prefix) == route


@pytest.mark.parametrize(
    ("name", "kind", "prefix", "message"),
    [
        ("Blog", "pages", "/blog", "lowercase identifier"),
        ("class", "pages", "/class", "module name 'class' is a Python keyword; pick another name"),
        ("x" * 41, "pages", "/x", "at most 40 characters"),
        ("admin", "pages", "/x", "taken by Django or the project layout"),
        (SLUG, "pages", "/x", "taken by Django or the project layout"),
        ("blog", "shop", "/blog", "kind must be one of pages, api, accounts"),
        ("blog", "pages", "blog", "url_prefix must be '/'"),
        ("blog", "pages", "/blog/", "url_prefix must be '/'"),
        ("blog", "pages", "/admin", "taken by the Django admin"),
    ],
)
def test_bad_input_is_refused_with_one_line(bare_project, name, kind, prefix, message):
    with pytest.raises(ScaffoldError, match=message) as error:
        add_module(bare_project, name, kind, prefix)

    assert "\n" not in str(error.value)


def test_a_name_taken_by_a_module_file_is_refused(bare_project):
    (bare_project / SLUG).mkdir()
    (bare_project / SLUG / "signals.py").write_text('"""Signals."""\n', encoding="utf-8")

    with pytest.raises(ScaffoldError, match=r"signals\.py: already exists"):
        add_module(bare_project, "signals", "pages", "/signals")


def test_an_existing_module_is_never_overwritten(bare_project):
    add_module(bare_project, "blog", "pages", "/blog")

    with pytest.raises(ScaffoldError, match="already exists"):
        add_module(bare_project, "blog", "api", "/other")


def test_an_existing_file_is_never_overwritten(bare_project, monkeypatch):
    # A skeleton file whose target already exists outside the module's package.
    skeleton = bare_project / "skeletons"
    (skeleton / "pages" / "project_slug").mkdir(parents=True)
    (skeleton / "pages" / "project_slug" / "taken.txt").write_text("new", encoding="utf-8")
    (bare_project / SLUG).mkdir()
    (bare_project / SLUG / "taken.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setattr(scaffold, "SKELETONS_DIR", skeleton)

    with pytest.raises(ScaffoldError, match=r"taken\.txt: already exists"):
        add_module(bare_project, "blog", "pages", "/blog")
    assert (bare_project / SLUG / "taken.txt").read_text(encoding="utf-8") == "mine"


def test_an_already_routed_prefix_is_refused(bare_project):
    add_module(bare_project, "blog", "pages", "/blog")

    with pytest.raises(ScaffoldError, match="'/blog' is already routed"):
        add_module(bare_project, "news", "pages", "/blog")


def test_missing_markers_leave_the_files_and_name_the_lines_to_add(bare_project):
    (bare_project / scaffold.URLS_FILE).write_text("urlpatterns = []\n", encoding="utf-8")
    base_before = (bare_project / scaffold.SETTINGS_FILE).read_text(encoding="utf-8")

    with pytest.raises(ScaffoldError) as error:
        add_module(bare_project, "blog", "pages", "/blog")

    message = str(error.value)
    assert f'path("blog/", include("{SLUG}.blog.urls")),' in message
    assert "config/urls.py" in message
    assert "\n" not in message
    assert (bare_project / SLUG / "blog" / "urls.py").is_file()
    # Nothing is half-wired: the settings keep their text until both files can be edited.
    assert (bare_project / scaffold.SETTINGS_FILE).read_text(encoding="utf-8") == base_before


@pytest.fixture
def own_skeleton(tmp_path, monkeypatch):
    """An empty pages skeleton the scaffold reads instead of the shipped ones."""
    skeletons = tmp_path / "own-skeletons"
    (skeletons / "pages" / "project_slug" / "app_name").mkdir(parents=True)
    monkeypatch.setattr(scaffold, "SKELETONS_DIR", skeletons)
    return skeletons / "pages" / "project_slug" / "app_name"


def test_an_unknown_placeholder_is_refused(bare_project, own_skeleton):
    text = f"{placeholder('app_name')} {placeholder('nope')}\n"
    (own_skeleton / "notes.txt-tpl").write_text(text, encoding="utf-8")

    with pytest.raises(ScaffoldError, match=r"notes\.txt-tpl: unknown placeholder \[\[ nope \]\]"):
        add_module(bare_project, "extra", "pages", "/extra")
    assert not (bare_project / SLUG / "extra").exists()


def test_files_without_the_tpl_suffix_are_copied_as_they_are(bare_project, own_skeleton):
    verbatim = f"{placeholder('app_name')} stays\n"
    (own_skeleton / "static.txt").write_text(verbatim, encoding="utf-8")
    named = f"{placeholder('app_name', '')}/{placeholder('app_class')}\n"
    (own_skeleton / "named.txt-tpl").write_text(named, encoding="utf-8")

    add_module(bare_project, "blog_posts", "pages", "/blog")

    module = bare_project / SLUG / "blog_posts"
    assert (module / "static.txt").read_text(encoding="utf-8") == verbatim
    assert (module / "named.txt").read_text(encoding="utf-8") == "blog_posts/BlogPosts\n"


def test_scaffold_needs_only_the_standard_library(tmp_path):
    """The bake hook loads it before Django is installed: a bare interpreter must import it."""
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('s', {str(Path(scaffold.__file__))!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "third_party = {'django', 'environ', 'whitenoise'} & set(sys.modules)\n"
        "assert not third_party, third_party\n"
    )

    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_rendered_modules_pass_ruff(project_copy, kind):
    """A module with a long name still passes the project's lint and format rules."""
    name = "a_rather_long_module_name_for_line_lengths"[: 40 - len(kind)] + kind
    text = (project_copy / scaffold.SETTINGS_FILE).read_text(encoding="utf-8")
    installed = re.search(r"^AUTH_USER_MODEL", text, re.M)
    if kind == "accounts" and installed:
        # The accounts module's lines, from AUTH_USER_MODEL to its backends' "]".
        start = installed.start()
        end = text.index("]\n", text.index("AUTHENTICATION_BACKENDS")) + 2
        text = text[:start] + text[end:]
        (project_copy / scaffold.SETTINGS_FILE).write_text(text, encoding="utf-8")
    add_module(project_copy, name, kind, f"/{name}")

    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, f"{SLUG}/{name}"],
            cwd=project_copy,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
