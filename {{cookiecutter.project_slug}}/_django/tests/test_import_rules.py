"""Import rules: every module imports cleanly, no cycles, and the import-linter contracts hold."""

import importlib
import logging
import pkgutil

import grimp
import pytest
from django.conf import settings
from django.utils.log import configure_logging
from importlinter.cli import lint_imports

# The project's two top-level packages: the app package and the configuration.
ROOTS = ("{{ cookiecutter.project_slug }}", "config")
# Settings modules other than the test one read the environment when imported;
# tests/test_settings.py imports them with the environment they need.
ENVIRONMENT_SETTINGS = {"config.settings.development", "config.settings.production"}


def project_modules():
    for name in ROOTS:
        yield name
        root = importlib.import_module(name)
        for module in pkgutil.walk_packages(root.__path__, prefix=f"{name}."):
            yield module.name


@pytest.mark.parametrize("name", sorted(set(project_modules()) - ENVIRONMENT_SETTINGS))
def test_module_imports_cleanly(name):
    module = importlib.import_module(name)

    assert (module.__doc__ or "").strip(), f"{name} has no docstring saying its role"


def test_no_import_cycles():
    graph = grimp.build_graph(*ROOTS, cache_dir=None)

    cycles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )

    assert not cycles, f"modules importing each other, directly or not: {cycles}"


@pytest.fixture
def logging_kept():
    """The logging setup kept: import-linter's CLI sets up its own, disabling every logger."""
    enabled = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.disabled
    ]
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    for logger in enabled:
        logger.disabled = False


def test_import_linter_contracts_hold(capsys, logging_kept):
    exit_code = lint_imports(
        config_filename=str(settings.BASE_DIR / "pyproject.toml"), no_cache=True, no_logo=True
    )

    assert exit_code == 0, capsys.readouterr().out
