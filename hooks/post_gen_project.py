"""Shape the baked project: prune, add the modules, write .env and the answers, say what next."""

import json
import os
import sys
from pathlib import Path

ANSWERS = json.loads({{ cookiecutter | tojson | tojson }})
# cookiecutter runs this from the new project folder; relative paths in the
# answers (the template's own, a blueprints_file) mean the folder it was run
# from, which the shell keeps in PWD.
USER_DIR = Path(os.environ.get("PWD") or os.getcwd())
if "_repo_dir" in ANSWERS:
    TEMPLATE_DIR = USER_DIR / ANSWERS["_repo_dir"]
else:
    # cruft bakes without _repo_dir; cookiecutter's process, this hook's
    # parent, works in the template's folder while hooks run (Linux shows it).
    TEMPLATE_DIR = Path(f"/proc/{os.getppid()}/cwd").resolve()
if not (TEMPLATE_DIR / "hooks" / "bakery").is_dir():
    sys.exit(f"cannot find the template's hooks/bakery (looked in {TEMPLATE_DIR})")
sys.path.insert(0, str(TEMPLATE_DIR / "hooks"))

from bakery import finish, manifest, modules  # noqa: E402

project_dir = Path.cwd()
chosen = modules.resolve(ANSWERS, TEMPLATE_DIR, USER_DIR)
manifest.apply(manifest.load(TEMPLATE_DIR / "hooks" / "manifest.yaml"), ANSWERS, project_dir)
try:
    finish.add_modules(project_dir, ANSWERS["project_slug"], chosen)
except ValueError as error:  # the project's ScaffoldError: one line, no traceback
    print(f"blueprints: {error}", file=sys.stderr)
    sys.exit(1)
print(finish.complete(project_dir, ANSWERS, chosen))
