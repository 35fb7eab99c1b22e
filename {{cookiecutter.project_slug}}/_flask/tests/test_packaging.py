"""The package runs away from its source tree, as when installed from a wheel."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import PACKAGE, PROJECT_ROOT, clean_env

# Run in a fresh interpreter: the app must find its templates, static files
# and blueprints with the package in site-packages and the registry in the
# working directory.
CHECK = f"""
import sys
from {PACKAGE}.app import create_app
from {PACKAGE}.config import TestingConfig
app = create_app(TestingConfig)
client = app.test_client()
assert app.root_path.startswith(sys.argv[1]), app.root_path
assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200
assert "navbar" in client.get("/no/such/page").text
print(" ".join(app.blueprints))
"""


BUILD_WHEEL = "import sys; from setuptools import build_meta; build_meta.build_wheel(sys.argv[1])"


def run_installed(site: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    shutil.copy(PROJECT_ROOT / "blueprints.yaml", workdir)
    command = [sys.executable, "-c", CHECK, str(site)]
    return subprocess.run(command, cwd=workdir, env=clean_env(site), capture_output=True, text=True)


def expected_blueprints() -> str:
    """The registry's enabled blueprints, then the health checks every project has."""
    entries = yaml.safe_load((PROJECT_ROOT / "blueprints.yaml").read_text()) or []
    names = [entry["name"] for entry in entries if entry.get("enabled", True)]
    return " ".join([*names, "health"])


def test_the_package_works_outside_the_project_root(tmp_path):
    site = tmp_path / "site-packages"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(PROJECT_ROOT / PACKAGE, site / PACKAGE, ignore=ignore)
    result = run_installed(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected_blueprints()


def test_the_wheel_carries_templates_static_files_and_skeletons(project_copy, tmp_path):
    # The build backend's own PEP 517 hook, as pip or uv would call it, but
    # offline and without pip (a `uv sync` environment has none).
    pytest.importorskip("setuptools")
    dist = tmp_path / "dist"
    dist.mkdir()
    build = [sys.executable, "-c", BUILD_WHEEL, str(dist)]
    result = subprocess.run(build, cwd=project_copy, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = dist.glob("*.whl")
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert f"{PACKAGE}/templates/base.html" in names
    assert f"{PACKAGE}/static/vendor/bootstrap/bootstrap.min.css" in names
    assert any(name.startswith(f"{PACKAGE}/skeletons/accounts/") for name in names)
    result = run_installed(site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected_blueprints()
