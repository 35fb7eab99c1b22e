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
    # A name starting with a digit proposes project_2048_game (test_bake.py);
    # a slug given that way is still refused.
    "slug-digit-first": (
        ["project_slug=2048_game"],
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


# Malformed and hostile blueprints files: (file name, content, what follows the file's path).
FILE_CASES = {
    "yaml-syntax": (
        "m.yaml",
        "- name: [a\n",
        ": invalid YAML at line 2, column 1: expected ',' or ']', but got '<stream end>'",
    ),
    "yaml-tab": (
        "m.yaml",
        "- name: a\n\tkind: api\n",
        ": invalid YAML at line 2, column 1: found character '\\t' that cannot start any token",
    ),
    "json-syntax": (
        "m.json",
        '[{"name": "a",]',
        ": invalid JSON at line 1, column 15: Expecting property name enclosed in double quotes",
    ),
    "not-a-list": (
        "m.yaml",
        "name: a\nkind: pages\n",
        ": expected a non-empty list of modules, got dict",
    ),
    "empty": ("m.yaml", "", ": expected a non-empty list of modules, got an empty file"),
    "empty-json-list": ("m.json", "[]", ": expected a non-empty list of modules, got list"),
    "entry-string": (
        "m.yaml",
        "- blog\n",
        ", entry 1: expected a mapping with name, kind and url_prefix, got str",
    ),
    "entry-list": (
        "m.json",
        "[[1, 2]]",
        ", entry 1: expected a mapping with name, kind and url_prefix, got list",
    ),
    "unknown-key": (
        "m.yaml",
        "- {name: a, import: 'x:bp'}\n",
        ", entry 1 ('a'): unknown key 'import'; expected name, kind, url_prefix",
    ),
    "missing-name": ("m.yaml", "- {kind: pages}\n", ", entry 1: missing key 'name'"),
    "name-int": ("m.json", '[{"name": 7}]', ", entry 1: name must be a string, got int"),
    "name-path-like": (
        "m.yaml",
        "- {name: ../x}\n",
        ", entry 1 ('../x'): name '../x' is not a lowercase ASCII identifier (a-z, 0-9 and _, starting with a letter)",
    ),
    "name-non-ascii": (
        "m.yaml",
        "- {name: café}\n",
        ", entry 1 ('café'): name 'café' is not a lowercase ASCII identifier (a-z, 0-9 and _, starting with a letter)",
    ),
    "name-keyword": (
        "m.yaml",
        "- {name: class}\n",
        ", entry 1 ('class'): name 'class' is a Python keyword",
    ),
    "name-reserved": (
        "m.yaml",
        "- {name: templates}\n",
        ", entry 1 ('templates'): name 'templates' is a name the project layout uses itself",
    ),
    "name-duplicate": (
        "m.yaml",
        "- {name: a}\n- {name: a, url_prefix: /b}\n",
        ", entry 2 ('a'): name 'a' is used twice; names are unique",
    ),
    "kind-unknown": (
        "m.yaml",
        "- {name: a, kind: blog}\n",
        ", entry 1 ('a'): kind must be one of pages, api, accounts, got 'blog'",
    ),
    "prefix-no-slash": (
        "m.yaml",
        "- {name: a, url_prefix: a}\n",
        ", entry 1 ('a'): url_prefix must start with '/', got 'a'",
    ),
    "prefix-trailing-slash": (
        "m.yaml",
        "- {name: a, url_prefix: /a/}\n",
        ", entry 1 ('a'): url_prefix must be '/' or '/'-separated segments of a-z, 0-9, '-' and '_' (no trailing '/'), got '/a/'",
    ),
    "prefix-static": (
        "m.yaml",
        "- {name: a, url_prefix: /static}\n",
        ", entry 1 ('a'): url_prefix '/static' is where the project serves static files",
    ),
    "two-accounts": (
        "m.yaml",
        "- {name: a, kind: accounts}\n- {name: b, kind: accounts}\n",
        ": expected at most one module of kind 'accounts', got 'a', 'b'",
    ),
    "huge": ("m.yaml", "- name: a\n" * 7000, ": expected at most 65536 bytes, got 70000"),
    "wrong-extension": (
        "m.txt",
        "- name: a\n",
        ": expected a .yaml, .yml or .json file, got '.txt'",
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


@pytest.mark.parametrize("case", FILE_CASES)
def test_bad_blueprints_file_stops_the_bake_with_one_line_naming_file_and_entry(tmp_path, case):
    filename, content, expected = FILE_CASES[case]
    (tmp_path / filename).write_text(content, encoding="utf-8")
    output = tmp_path / "out"
    output.mkdir()
    template_before = files_under(TEMPLATE_DIR)

    result = bake_cli(output, f"blueprints_file={filename}", cwd=tmp_path)

    assert result.returncode != 0
    ours = result.stderr.split("ERROR: Stopping generation")[0].strip().splitlines()
    assert ours == [f"blueprints_file: {tmp_path / filename}{expected}"]
    assert "Traceback" not in result.stderr.split("ERROR: Stopping generation")[0]
    assert list(output.iterdir()) == []
    assert files_under(TEMPLATE_DIR) == template_before


def test_non_utf8_blueprints_file_stops_the_bake(tmp_path):
    (tmp_path / "latin.yaml").write_bytes("- name: caf\xe9\n".encode("latin-1"))
    result = bake_cli(tmp_path / "out", "blueprints_file=latin.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert (
        result.stderr.splitlines()[0]
        == f"blueprints_file: {tmp_path}/latin.yaml: expected UTF-8 text"
    )


def test_every_problem_is_reported_in_one_run(tmp_path):
    result = bake_cli(tmp_path, "project_slug=class", "email=nobody", "blueprints=public,Blog")
    ours = result.stderr.split("ERROR: Stopping generation")[0].strip().splitlines()
    assert [line.split(":")[0].split(",")[0] for line in ours] == [
        "project_slug",
        "email",
        "blueprints",
    ]


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
