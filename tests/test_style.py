"""The template's own code is held to the standard it sets for the projects it bakes."""

import subprocess
import sys
from pathlib import Path

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


def test_hooks_pass_mypy_in_strict_mode(tmp_path: Path):
    # The hook scripts as cookiecutter renders them: the answers as a JSON string.
    scripts = []
    for name in ("pre_gen_project.py", "post_gen_project.py"):
        text = (TEMPLATE_DIR / "hooks" / name).read_text()
        rendered = text.replace("{{ cookiecutter | tojson | tojson }}", repr("{}"))
        assert rendered != text, name
        scripts.append(tmp_path / name)
        scripts[-1].write_text(rendered)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "hooks/bakery", *map(str, scripts)],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
