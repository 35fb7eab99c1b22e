"""The import rules of the layout, checked on the code (README: "Import rules").

The fixed rules are import-linter contracts in pyproject.toml. The rules about
blueprints depend on which blueprints the project has, so they are derived
from blueprints.yaml here and checked on grimp's import graph.
"""

import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from itertools import permutations

import grimp
import pytest
import yaml
from importlinter.cli import lint_imports

import {{ cookiecutter.project_slug }} as package

from .conftest import PACKAGE, PROJECT_ROOT, clean_env


def blueprint_packages() -> list[str]:
    entries = yaml.safe_load((PROJECT_ROOT / "blueprints.yaml").read_text()) or []
    modules = {entry["import"].split(":")[0] for entry in entries}
    return sorted(module for module in modules if module.startswith(f"{PACKAGE}."))


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(PACKAGE, cache_dir=None)


def test_the_import_linter_contracts_hold(monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
    assert lint_imports(config_filename="pyproject.toml", no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize("module", ["config", "extensions"])
def test_config_and_extensions_import_nothing_of_the_project(graph, module):
    assert graph.find_modules_directly_imported_by(f"{PACKAGE}.{module}") == set()


def test_a_blueprint_never_imports_the_factory(graph):
    factory = f"{PACKAGE}.app"
    blueprints = blueprint_packages()
    chains = [bp for bp in blueprints if graph.chain_exists(bp, factory, as_packages=True)]
    assert chains == []


def test_nothing_imports_a_blueprint_only_the_loader_does_by_name(graph):
    importers = {
        blueprint: sorted(graph.find_downstream_modules(blueprint, as_package=True))
        for blueprint in blueprint_packages()
    }
    assert {blueprint: found for blueprint, found in importers.items() if found} == {}


def test_blueprints_do_not_import_each_other(graph):
    pairs = permutations(blueprint_packages(), 2)
    chains = [(a, b) for a, b in pairs if graph.chain_exists(a, b, as_packages=True)]
    assert chains == []


MODULES = [
    PACKAGE,
    *(info.name for info in pkgutil.walk_packages(package.__path__, f"{PACKAGE}.")),
    "wsgi",
]


@pytest.fixture(scope="module")
def fresh_imports() -> dict[str, subprocess.CompletedProcess]:
    """`import <module>` for each module, in an interpreter of its own, one per core at a time.

    Each interpreter spends most of a second importing Flask, SQLAlchemy and
    Alembic; run one after the other they were half of this suite's time.
    """
    env = clean_env() | {"FLASK_CONFIG": f"{PACKAGE}.config.TestingConfig"}

    def import_alone(module: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", f"import {module}"]
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)

    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return dict(zip(MODULES, pool.map(import_alone, MODULES), strict=True))


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_alone_in_a_fresh_interpreter(fresh_imports, module):
    result = fresh_imports[module]
    assert result.returncode == 0, result.stderr
