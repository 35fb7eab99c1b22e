"""`python manage.py startmodule`, end to end on a copy of the project."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from {{ cookiecutter.project_slug }}.scaffold import PROJECT_SLUG, URLS_MARKER


def startmodule(*args):
    out = StringIO()
    call_command("startmodule", *args, stdout=out)
    return out.getvalue()


def test_startmodule_adds_a_module_the_project_then_serves(project_copy, settings, bare_env):
    settings.BASE_DIR = project_copy

    output = startmodule("probe_pages")

    assert f"created {PROJECT_SLUG}/probe_pages/urls.py" in output
    assert "Module 'probe_pages' added at /probe_pages" in output
    assert (
        f'"{PROJECT_SLUG}.probe_pages",' in (project_copy / "config/settings/base.py").read_text()
    )
    assert 'path("probe_pages/", include(' in (project_copy / "config/urls.py").read_text()
    # The copy, in a fresh interpreter: the new app is installed, routed and its tests pass.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "--no-cov",
            "-p",
            "no:cacheprovider",
            f"{PROJECT_SLUG}/probe_pages",
        ],
        cwd=project_copy,
        env=bare_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_startmodule_takes_a_kind_and_a_url_prefix(project_copy, settings):
    settings.BASE_DIR = project_copy

    startmodule("probe_api", "--kind", "api", "--url-prefix", "/probe-api")

    assert (project_copy / PROJECT_SLUG / "probe_api" / "views.py").is_file()
    urls = (project_copy / "config/urls.py").read_text()
    assert f'path("probe-api/", include("{PROJECT_SLUG}.probe_api.urls")),' in urls


def test_startmodule_reports_scaffold_errors_as_command_errors(project_copy, settings):
    settings.BASE_DIR = project_copy

    with pytest.raises(CommandError, match="lowercase identifier"):
        startmodule("Probe")


def test_startmodule_warns_that_an_accounts_module_changes_the_user_model(tmp_path, settings):
    # A project without an accounts module: only the files the wiring edits.
    (tmp_path / "config/settings").mkdir(parents=True)
    base = (settings.BASE_DIR / "config/settings/base.py").read_text()
    base = "\n".join(
        line for line in base.splitlines() if not line.startswith(("AUTH_USER_MODEL", "LOG"))
    )
    (tmp_path / "config/settings/base.py").write_text(base)
    (tmp_path / "config/urls.py").write_text(f"urlpatterns = [\n    {URLS_MARKER}\n]\n")
    settings.BASE_DIR = tmp_path

    output = startmodule("probe_accounts", "--kind", "accounts")

    assert "AUTH_USER_MODEL changed" in output
    assert (
        'AUTH_USER_MODEL = "probe_accounts.User"'
        in (tmp_path / "config/settings/base.py").read_text()
    )
