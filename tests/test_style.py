"""The template's own code is held to the standard it sets for the projects it bakes."""

import subprocess
import sys

from conftest import TEMPLATE_DIR

# Only these folders: the project folder holds Jinja-templated TOML ruff cannot read.
OWN_CODE = ["hooks", "tests", "bench"]


def test_template_code_passes_ruff_check_and_format():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *OWN_CODE],
            cwd=TEMPLATE_DIR,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
