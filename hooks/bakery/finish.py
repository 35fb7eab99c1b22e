"""The post-gen steps after pruning: modules from skeletons, a secret .env, the next steps."""

import importlib.util
import re
import secrets
from pathlib import Path
from types import ModuleType

from .modules import Module


def load_scaffold(project_dir: Path, project_slug: str) -> ModuleType:
    """The baked project's own scaffold module, loaded by path.

    The project ships it so that its "add a module" command and the bake
    render skeletons the same way; it needs only the standard library, so it
    loads here before any of the project's dependencies are installed.
    """
    path = project_dir / project_slug / "scaffold.py"
    spec = importlib.util.spec_from_file_location(f"{project_slug}_scaffold", path)
    scaffold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaffold)
    return scaffold


def add_modules(project_dir: Path, project_slug: str, modules: list[Module]) -> None:
    scaffold = load_scaffold(project_dir, project_slug)
    for module in modules:
        scaffold.add_module(project_dir, module.name, module.kind, module.url_prefix)


def env_file_text(answers: dict, secret_key: str) -> str:
    lines = [
        "# Settings for this machine; git-ignored, never commit it.",
        "# Written at bake time with a random SECRET_KEY of its own.",
        f"SECRET_KEY={secret_key}",
    ]
    if answers["database"] == "postgresql":
        lines.append(f"DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{answers['project_slug']}")
    return "\n".join(lines) + "\n"


def write_env(project_dir: Path, answers: dict) -> Path:
    """Write .env with a fresh secret; readable by its owner only."""
    path = project_dir / ".env"
    path.write_text(env_file_text(answers, secrets.token_urlsafe(50)), encoding="utf-8")
    path.chmod(0o600)
    return path


QUICK_START = re.compile(r"^## Quick start\n.*?```(?:bash|sh|console)\n(.*?)```", re.S | re.M)


def next_steps(project_dir: Path, answers: dict, modules: list[Module]) -> str:
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
