"""The template README's two commands stay true: CI runs the test one, the generate one bakes."""

import re
import subprocess
import sys

from conftest import TEMPLATE_DIR, clean_env

README = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")


def command_under(heading: str) -> str:
    found = re.search(rf"^## {heading}\n.*?```bash\n(.*?)\n```", README, re.S | re.M)
    assert found, heading
    return found.group(1)


def test_ci_runs_the_readme_test_command_word_for_word():
    ci = (TEMPLATE_DIR / ".ci" / "run").read_text(encoding="utf-8")
    assert command_under("Run the template's tests") == ci.rstrip().splitlines()[-1]


def test_readme_generate_command_bakes_a_project_from_a_local_clone(tmp_path):
    command = command_under("Generate a project")
    # The published address stands for this clone; the rest runs as written.
    local = command.replace("gh:OWNER/python-web-template", f"{TEMPLATE_DIR} --no-input")
    local = local.replace("python3 -m", f"{sys.executable} -m")
    result = subprocess.run(
        ["bash", "-c", local],
        cwd=tmp_path,
        env=clean_env(PWD=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "my_project" / "pyproject.toml").is_file()
