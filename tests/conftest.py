"""Shared fixtures: the template's paths and the hook logic on the import path."""

import sys
from pathlib import Path

import pytest

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TEMPLATE_DIR / "hooks"))


@pytest.fixture
def template_dir() -> Path:
    return TEMPLATE_DIR
