"""Pruning by manifest: overlays merged for the chosen answers, the rest removed."""

from pathlib import Path

import pytest
from bakery import manifest


def tree(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def make(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)


RULES = {
    "overlays": [
        {"path": "_flask", "when": {"framework": "flask"}},
        {"path": "_django", "when": {"framework": "django"}},
        {"path": "_licenses/MIT", "when": {"open_source_license": "MIT"}},
    ],
    "paths": [{"path": "{project_slug}/pg.py", "when": {"database": ["postgresql"]}}],
}
ANSWERS = {
    "framework": "flask",
    "open_source_license": "MIT",
    "database": "sqlite",
    "project_slug": "shop",
}


def test_chosen_overlay_is_merged_and_the_others_are_removed(tmp_path):
    make(
        tmp_path,
        "README.common",
        "_flask/wsgi.py",
        "_flask/shop/app.py",
        "_django/manage.py",
        "_licenses/MIT/LICENSE",
        "shop/pg.py",
        "shop/static/x.css",
    )
    manifest.apply(RULES, ANSWERS, tmp_path)
    assert tree(tmp_path) == {
        "README.common",
        "wsgi.py",
        "shop/app.py",
        "LICENSE",
        "shop/static/x.css",
    }
    assert (tmp_path / "shop/app.py").read_text() == "_flask/shop/app.py"
    assert not (tmp_path / "_licenses").exists()


def test_path_rule_keeps_its_file_when_the_answer_matches(tmp_path):
    make(tmp_path, "_flask/a", "_django/b", "_licenses/MIT/LICENSE", "shop/pg.py")
    manifest.apply(RULES, ANSWERS | {"database": "postgresql"}, tmp_path)
    assert "shop/pg.py" in tree(tmp_path)


def test_path_rule_removes_its_file_and_emptied_folders_when_the_answer_differs(tmp_path):
    make(tmp_path, "_flask/a", "_django/b", "_licenses/MIT/LICENSE", "shop/pg.py")
    manifest.apply(RULES, ANSWERS | {"database": "sqlite"}, tmp_path)
    assert tree(tmp_path) == {"a", "LICENSE"}


def test_path_rule_naming_a_file_the_chosen_framework_lacks_is_skipped(tmp_path):
    make(tmp_path, "_flask/a", "_django/shop/pg.py", "_licenses/MIT/LICENSE")
    manifest.apply(RULES, ANSWERS | {"database": "sqlite"}, tmp_path)
    assert tree(tmp_path) == {"a", "LICENSE"}


def test_overlay_that_would_overwrite_a_common_file_is_a_template_bug(tmp_path):
    make(tmp_path, "_flask/README.md", "README.md", "_django/x", "_licenses/MIT/LICENSE")
    with pytest.raises(manifest.ManifestError, match="would overwrite"):
        manifest.apply(RULES, ANSWERS, tmp_path)


def test_manifest_naming_a_missing_overlay_is_a_template_bug(tmp_path):
    with pytest.raises(manifest.ManifestError, match="_flask, which is not there"):
        manifest.apply(RULES, ANSWERS, tmp_path)


def test_every_overlay_in_the_template_manifest_exists(template_dir):
    rules = manifest.load(template_dir / "hooks" / "manifest.yaml")
    project = template_dir / "{{cookiecutter.project_slug}}"
    assert rules["overlays"]
    for overlay in rules["overlays"]:
        assert (project / overlay["path"]).is_dir(), overlay["path"]


def test_every_path_rule_of_the_template_manifest_names_a_file_it_ships(template_dir):
    """Rules may name files of one overlay only, so a typo would go unnoticed at bake time."""
    rules = manifest.load(template_dir / "hooks" / "manifest.yaml")
    project = template_dir / "{{cookiecutter.project_slug}}"
    roots = [project] + [project / overlay["path"] for overlay in rules["overlays"]]
    for rule in rules["paths"]:
        relative = rule["path"].format(project_slug="{{cookiecutter.project_slug}}")
        assert any((root / relative).exists() for root in roots), rule["path"]


def test_matches_takes_a_value_or_a_list_of_values():
    assert manifest.matches({"framework": "flask"}, ANSWERS)
    assert manifest.matches({"framework": ["django", "flask"]}, ANSWERS)
    assert not manifest.matches({"framework": "flask", "database": "postgresql"}, ANSWERS)
