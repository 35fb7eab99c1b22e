"""Check the answers before anything is rendered: one line per problem, exit 1."""

import json
import os
import sys
from pathlib import Path

ANSWERS = json.loads({{ cookiecutter | tojson | tojson }})
TEMPLATE_DIR = Path(ANSWERS["_repo_dir"])
sys.path.insert(0, str(TEMPLATE_DIR / "hooks"))

from bakery import answers, modules  # noqa: E402

# Relative paths in the answers mean the folder cookiecutter was run from;
# this hook runs inside the new project folder, so ask the shell.
user_dir = Path(os.environ.get("PWD") or os.getcwd())

problems = answers.check(ANSWERS)
try:
    modules.resolve(ANSWERS, TEMPLATE_DIR, user_dir)
except modules.SpecError as error:
    problems += error.problems
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
