"""The import rules of the layout, checked on the code (README: "Import rules").

The fixed rules are import-linter contracts in pyproject.toml. The rules about
blueprints depend on which blueprints the project has, so they are derived
from blueprints.yaml here and checked on grimp's import graph.
"""

import multiprocessing
import os
import pkgutil
from contextlib import chdir as working_directory
from itertools import permutations
from unittest.mock import patch

import grimp
import pytest
import yaml
from importlinter.cli import lint_imports

import {{ cookiecutter.project_slug }} as package

from .conftest import PACKAGE, PROJECT_ROOT, clean_env
from .testing_imports import import_alone


def blueprint_packages() -> list[str]:
    entries = yaml.safe_load((PROJECT_ROOT / "blueprints.yaml").read_text()) or []
    modules = {entry["import"].split(":")[0] for entry in entries}
    return sorted(module for module in modules if module.startswith(f"{PACKAGE}."))


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(PACKAGE, cache_dir=None)


def test_the_import_linter_contracts_hold(monkeypatch, restore_logging):
    # restore_logging: lint_imports() sets logging up for its command line,
    # which disables every logger that exists (the project's included).
    monkeypatch.chdir(PROJECT_ROOT)
    assert lint_imports(config_filename="pyproject.toml", no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize("module", ["config", "extensions", "logs"])
def test_config_extensions_and_logs_import_nothing_of_the_project(graph, module):
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
def fresh_imports() -> dict[str, str]:
    """Each module imported in a process of its own that has loaded nothing of the project.

    The processes fork from one server (multiprocessing's forkserver) that
    has imported the third-party packages the project uses (Flask,
    SQLAlchemy, Alembic...) once, rather than each spending most of a second
    on them: a second per module was a third of this suite's time. Nothing
    of the project is loaded before the module under test, which is what
    the rule is about.
    https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods
    """
    imported = grimp.build_graph(PACKAGE, include_external_packages=True, cache_dir=None)
    third_party = sorted(module for module in imported.modules if not module.startswith(PACKAGE))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(third_party)
    # The server and its children run from the project root, as `flask` and gunicorn do.
    environment = {**clean_env(), "FLASK_CONFIG": f"{PACKAGE}.config.TestingConfig"}
    with (
        patch.dict(os.environ, environment, clear=True),
        working_directory(PROJECT_ROOT),
        context.Pool(os.cpu_count(), maxtasksperchild=1) as pool,
    ):
        return dict(zip(MODULES, pool.map(import_alone, MODULES, chunksize=1), strict=True))


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_alone_in_a_fresh_process(fresh_imports, module):
    assert fresh_imports[module] == ""
