"""The post-gen steps after pruning: modules, a secret .env, saved answers, git, next steps."""

import importlib.util
import json
import re
import secrets
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

from .modules import Module


def load_scaffold(project_dir: Path, project_slug: str) -> ModuleType:
    """The baked project's own scaffold module, loaded by path.

    The project ships it so that its "add a module" command and the bake
    render skeletons the same way; it needs only the standard library, so it
    loads here before any of the project's dependencies are installed.
    """
    path = project_dir / project_slug / "scaffold.py"
    spec = importlib.util.spec_from_file_location(f"{project_slug}_scaffold", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    scaffold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaffold)
    return scaffold


def add_modules(project_dir: Path, project_slug: str, modules: list[Module]) -> None:
    """Render each module into the project; api modules last.

    An api module gets its token, user and notes endpoints only when the
    project already has an accounts module, whatever the answer's order.
    """
    scaffold = load_scaffold(project_dir, project_slug)
    for module in sorted(modules, key=lambda module: module.kind == "api"):
        scaffold.add_module(project_dir, module.name, module.kind, module.url_prefix)


def env_file_text(answers: dict[str, Any], secret_key: str) -> str:
    lines = [
        "# Settings for this machine; git-ignored, never commit it.",
        "# Written at bake time with a random SECRET_KEY of its own.",
        f"SECRET_KEY={secret_key}",
    ]
    if answers["database"] == "postgresql":
        lines.append(f"DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{answers['project_slug']}")
    return "\n".join(lines) + "\n"


def write_env(project_dir: Path, answers: dict[str, Any]) -> Path:
    """Write .env with a fresh secret; readable by its owner only."""
    path = project_dir / ".env"
    path.write_text(env_file_text(answers, secrets.token_urlsafe(50)), encoding="utf-8")
    path.chmod(0o600)
    return path


# The answers, in the shape of cookiecutter's replay files, so that
# `cookiecutter --replay-file .cookiecutter.json <template>` bakes the project again.
ANSWERS_FILE = ".cookiecutter.json"


def write_answers(project_dir: Path, answers: dict[str, Any]) -> Path:
    """Save the answers the user gave (not cookiecutter's own `_` entries) in ANSWERS_FILE."""
    public = {key: value for key, value in answers.items() if not key.startswith("_")}
    path = project_dir / ANSWERS_FILE
    path.write_text(json.dumps({"cookiecutter": public}, indent=2) + "\n", encoding="utf-8")
    return path


COMMIT_MESSAGE = "Bake the project from the template"


def init_git(project_dir: Path, answers: dict[str, Any]) -> str:
    """`git init` and a first commit of everything the bake wrote; say what happened.

    Never fails the bake: without git, or when a git command fails, it says so
    and leaves the files as they are.
    """
    git = shutil.which("git")
    if git is None:
        return "git is not installed: no repository made; run `git init` once you have it."
    # Commit as the project's author when this machine has no git identity yet.
    configured = subprocess.run([git, "config", "user.email"], cwd=project_dir, capture_output=True)
    identity = (
        []
        if configured.returncode == 0
        else ["-c", f"user.name={answers['author_name']}", "-c", f"user.email={answers['email']}"]
    )
    steps = {
        "git init": [git, "init", "--quiet"],
        "git add": [git, "add", "--all"],
        "git commit": [git, *identity, "commit", "--quiet", "--no-verify", "-m", COMMIT_MESSAGE],
    }
    for name, command in steps.items():
        result = subprocess.run(command, cwd=project_dir, capture_output=True, text=True)
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
            return f"{name} failed ({reason}); the files are all there to commit yourself."
    return "Made a git repository with a first commit of the project."


QUICK_START = re.compile(r"^## Quick start\n.*?```(?:bash|sh|console)\n(.*?)```", re.S | re.M)


def next_steps(project_dir: Path, answers: dict[str, Any], modules: list[Module]) -> str:
    """What to type next: the commands of the baked README's quick start, after a cd."""
    readme = (project_dir / "README.md").read_text(encoding="utf-8")
    found = QUICK_START.search(readme)
    commands = found.group(1).rstrip() if found else "see README.md"
    listed = ", ".join(f"{module.name} ({module.url_prefix})" for module in modules)
    indented = "\n".join(f"    {line}" for line in commands.splitlines())
    return (
        f"Baked {answers['project_name']} ({answers['framework']}, {answers['database']}) "
        f"in {project_dir}\n"
        f"Modules: {listed}\n"
        f"Next steps:\n"
        f"    cd {project_dir.name}\n"
        f"{indented}\n"
        f"README.md explains the layout and how to add a module."
    )


def complete(project_dir: Path, answers: dict[str, Any], modules: list[Module]) -> str:
    """The last steps once the files are in place: .env, the answers, git; what to say."""
    write_env(project_dir, answers)
    write_answers(project_dir, answers)
    said = next_steps(project_dir, answers, modules)
    if answers["init_git"] == "yes":
        # Last, so that the first commit holds everything the bake wrote.
        said += "\n" + init_git(project_dir, answers)
    return said
