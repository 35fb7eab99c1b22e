"""Bad answers stop the bake: exit non-zero, our one clear line, nothing left on disk."""

from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR, bake_cli

CASES = {
    "slug-keyword": (["project_slug=class"], "project_slug: 'class' is a Python keyword"),
    "slug-stdlib": (
        ["project_slug=json"],
        "project_slug: 'json' is the name of a standard-library module",
    ),
    "slug-dependency": (
        ["project_slug=flask"],
        "project_slug: 'flask' is the import name of a dependency",
    ),
    "slug-test": (
        ["project_slug=test"],
        "project_slug: 'test' is the name of a standard-library module",
    ),
    "slug-uppercase": (
        ["project_slug=MyProject"],
        "project_slug: 'MyProject' is not a lowercase ASCII identifier",
    ),
    "slug-config-django": (
        ["framework=django", "project_slug=config"],
        "project_slug: 'config' is a name the django project layout uses itself",
    ),
    "name-digit-first": (
        ["project_name=2048 Game"],
        "project_slug: '2048_game' is not a lowercase ASCII identifier",
    ),
    "email": (["email=nobody"], "email: expected an address like name@example.com, got 'nobody'"),
    "author-quote": (
        ['author_name=Ada "A" L'],
        "author_name: expected one line without '\"' or '\\'",
    ),
    "module-reserved": (
        ["blueprints=public,static"],
        "blueprints, entry 2 ('static'): name 'static' is a name the project layout uses itself",
    ),
    "module-path-like": (
        ["blueprints=../x"],
        "blueprints, entry 1 ('../x'): name '../x' is not a lowercase ASCII identifier",
    ),
    "module-duplicate": (
        ["blueprints=api,api"],
        "blueprints, entry 2 ('api'): name 'api' is used twice; names are unique",
    ),
    "module-django-label": (
        ["framework=django", "blueprints=auth"],
        "blueprints, entry 1 ('auth'): name 'auth' is the label of one of Django's built-in apps",
    ),
    "module-empty": (["blueprints= "], "blueprints: expected at least one module name, got ' '"),
    "file-missing": (
        ["blueprints_file=nope.yaml"],
        "blueprints_file: {cwd}/nope.yaml: no such file",
    ),
}


def files_under(root: Path) -> set[Path]:
    return {
        path
        for path in root.rglob("*")
        if ".venv" not in path.parts and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("case", CASES)
def test_bad_answer_stops_the_bake_with_one_clear_line(tmp_path, case):
    overrides, expected = CASES[case]
    output = tmp_path / "out"
    output.mkdir()
    template_before = files_under(TEMPLATE_DIR)

    result = bake_cli(output, *overrides, cwd=tmp_path)

    assert result.returncode != 0
    assert result.stderr.splitlines()[0].startswith(expected.format(cwd=tmp_path))
    # Our hook says its piece before cookiecutter's own report; nothing of ours raises.
    ours = result.stderr.split("ERROR: Stopping generation")[0]
    assert "Traceback" not in ours
    assert len(ours.strip().splitlines()) == 1
    assert list(output.iterdir()) == []
    assert files_under(TEMPLATE_DIR) == template_before


def test_every_problem_is_reported_in_one_run(tmp_path):
    result = bake_cli(tmp_path, "project_slug=class", "email=nobody", "blueprints=public,Blog")
    ours = result.stderr.split("ERROR: Stopping generation")[0].strip().splitlines()
    assert [line.split(":")[0].split(",")[0] for line in ours] == [
        "project_slug",
        "email",
        "blueprints",
    ]


def test_bad_blueprints_file_names_file_entry_and_reason(tmp_path):
    (tmp_path / "mods.yaml").write_text("- name: blog\n  url_prefix: blog\n")
    result = bake_cli(tmp_path / "out", "blueprints_file=mods.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (
        f"blueprints_file: {tmp_path}/mods.yaml, entry 1 ('blog'): url_prefix must start with '/', got 'blog'"
    )
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_good_bake_from_the_command_line_exits_zero(tmp_path):
    result = bake_cli(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "my_project" / "README.md").is_file()


def test_cookiecutter_refuses_a_value_outside_the_choices(tmp_path):
    result = bake_cli(tmp_path, "framework=rails")
    assert result.returncode != 0
    assert "framework" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_hook_scripts_stay_thin():
    for hook in ("pre_gen_project.py", "post_gen_project.py"):
        lines = [
            line
            for line in (TEMPLATE_DIR / "hooks" / hook).read_text().splitlines()
            if line.strip()
        ]
        assert len(lines) <= 30, hook
