"""Fixtures shared by the project-wide tests."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# What a copy of the project leaves out: environments, caches and generated files.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv",
    "venv",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".import_linter_cache",
    ".coverage*",
    "htmlcov",
    "*.egg-info",
    "staticfiles",
    "media",
    "db.sqlite3*",
)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of this project in a temporary directory, to change without touching the real one."""
    copy = tmp_path / Path(settings.BASE_DIR).name
    shutil.copytree(settings.BASE_DIR, copy, ignore=COPY_IGNORE)
    return copy


@pytest.fixture
def clean_environ():
    """Give back os.environ as it was: settings modules read .env into it."""
    saved = dict(os.environ)
    yield os.environ
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def bare_env() -> dict[str, str]:
    """This process's environment minus settings selection and secrets, for subprocesses."""
    unset = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL"}
    return {key: value for key, value in os.environ.items() if key not in unset}
