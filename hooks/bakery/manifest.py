"""Prune and merge the baked project's files as hooks/manifest.yaml says."""

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


class ManifestError(RuntimeError):
    """The template itself is inconsistent: a bug of the template, not of the answers."""


def load(path: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return manifest


def matches(when: Mapping[str, object], answers: Mapping[str, object]) -> bool:
    """Whether every answer named in `when` has the value (or one of the values) it lists."""
    for key, wanted in when.items():
        choices = wanted if isinstance(wanted, list) else [wanted]
        if str(answers.get(key)) not in {str(choice) for choice in choices}:
            return False
    return True


def merge_tree(source: Path, target: Path) -> None:
    """Move every file under `source` to the same relative place under `target`."""
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(source)
        if destination.exists():
            raise ManifestError(f"overlay {source.name} would overwrite {destination}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        path.replace(destination)


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def remove_empty_parents(path: Path, stop: Path) -> None:
    """Remove the folders above `path` up to `stop` that the removal left empty."""
    for parent in path.parents:
        if parent == stop or not parent.is_relative_to(stop) or any(parent.iterdir()):
            return
        parent.rmdir()


def apply(manifest: Mapping[str, Any], answers: Mapping[str, object], project_dir: Path) -> None:
    """Merge the chosen overlays, drop the others, then drop the paths the answers exclude."""
    for overlay in manifest.get("overlays", []):
        source = project_dir / overlay["path"]
        if not source.is_dir():
            raise ManifestError(f"manifest names overlay {overlay['path']}, which is not there")
        if matches(overlay["when"], answers):
            merge_tree(source, project_dir)
        remove(source)
        remove_empty_parents(source, project_dir)
    for rule in manifest.get("paths", []):
        path = project_dir / rule["path"].format(project_slug=answers["project_slug"])
        # A rule may name a file that only one framework's overlay has.
        if not matches(rule["when"], answers) and path.exists():
            remove(path)
            remove_empty_parents(path, project_dir)
