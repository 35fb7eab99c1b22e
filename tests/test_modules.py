"""The module list: names and blueprints files parsed and checked, one line per fault."""

import json
from pathlib import Path

import pytest
from bakery.modules import (
    MAX_FILE_BYTES,
    Module,
    SpecError,
    from_names,
    module_name_problem,
    resolve,
    template_defaults,
)

DEFAULTS = {
    "public": Module("public", "pages", "/"),
    "accounts": Module("accounts", "accounts", "/accounts"),
    "api": Module("api", "api", "/api"),
}


def answers(**overrides: str) -> dict:
    base = {
        "framework": "flask",
        "project_slug": "my_project",
        "blueprints": "public,accounts,api",
        "blueprints_file": "",
    }
    return base | overrides


def problems_of(template_dir: Path, tmp_path: Path, **overrides: str) -> list[str]:
    with pytest.raises(SpecError) as caught:
        resolve(answers(**overrides), template_dir, tmp_path)
    return caught.value.problems


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_template_blueprints_file_gives_the_three_default_modules(template_dir):
    assert template_defaults(template_dir / "blueprints.yaml") == DEFAULTS


def test_default_blueprints_answer_names_exactly_the_template_modules(template_dir):
    cookiecutter_json = json.loads((template_dir / "cookiecutter.json").read_text())
    names = cookiecutter_json["blueprints"].split(",")
    assert names == list(template_defaults(template_dir / "blueprints.yaml"))


def test_known_names_take_their_kind_and_unknown_names_become_pages():
    assert from_names(" public , blog,api ", DEFAULTS) == [
        DEFAULTS["public"],
        Module("blog", "pages", "/blog"),
        DEFAULTS["api"],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "blueprints: expected at least one module name, got ''"),
        (" , ", "blueprints: expected at least one module name, got ' , '"),
        (
            "public,,api",
            "blueprints: expected comma-separated names, got an empty one in 'public,,api'",
        ),
    ],
)
def test_names_answer_without_names_is_refused(text, expected):
    with pytest.raises(SpecError) as caught:
        from_names(text, DEFAULTS)
    assert caught.value.problems == [expected]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Blog", "is not a lowercase ASCII identifier"),
        ("../x", "is not a lowercase ASCII identifier"),
        ("café", "is not a lowercase ASCII identifier"),
        ("2fa", "is not a lowercase ASCII identifier"),
        ("class", "is a Python keyword"),
        ("json", "is the name of a standard-library module"),
        ("flask", "is the import name of a dependency"),
        ("static", "is a name the project layout uses itself"),
        ("migrations", "is a name the project layout uses itself"),
        ("my_project", "is the project's own package name"),
        ("test_app", "starts with 'test', which pytest keeps for test files"),
        ("conftest", "is a name the project layout uses itself"),
        ("x" * 41, "is longer than 40 characters"),
    ],
)
def test_bad_module_names_are_refused_with_the_reason(name, reason):
    assert module_name_problem(name, "flask", "my_project").startswith(reason)


def test_django_builtin_app_labels_are_refused_only_for_django():
    assert module_name_problem("auth", "flask", "my_project") is None
    assert module_name_problem("auth", "django", "my_project") == (
        "is the label of one of Django's built-in apps"
    )


@pytest.mark.parametrize(
    ("framework", "prefix", "served"),
    [
        ("flask", "/static", "static files"),
        ("django", "/static/css", "static files"),
        ("django", "/admin", "Django's admin site"),
    ],
)
def test_url_prefix_where_the_project_serves_something_else_is_refused(
    template_dir, tmp_path, framework, prefix, served
):
    path = write(tmp_path, "m.yaml", f"- {{name: shop, url_prefix: {prefix}}}\n")
    assert problems_of(template_dir, tmp_path, framework=framework, blueprints_file=path) == [
        f"blueprints_file: {path}, entry 1 ('shop'): url_prefix {prefix!r} is where the project "
        f"serves {served}"
    ]


def test_admin_prefix_is_free_in_flask(template_dir, tmp_path):
    path = write(tmp_path, "m.yaml", "- {name: backoffice, url_prefix: /admin}\n")
    assert resolve(answers(blueprints_file=path), template_dir, tmp_path)


def test_every_problem_in_the_names_answer_gets_its_own_line(template_dir, tmp_path):
    assert problems_of(template_dir, tmp_path, blueprints="public,Blog,public,os") == [
        "blueprints, entry 2 ('Blog'): name 'Blog' is not a lowercase ASCII identifier "
        "(a-z, 0-9 and _, starting with a letter)",
        "blueprints, entry 3 ('public'): name 'public' is used twice; names are unique",
        "blueprints, entry 4 ('os'): name 'os' is the name of a standard-library module",
    ]


def test_yaml_and_json_files_give_the_same_modules(template_dir, tmp_path):
    entries = [
        {"name": "home", "kind": "pages", "url_prefix": "/"},
        {"name": "users", "kind": "accounts", "url_prefix": "/users"},
        {"name": "blog"},
    ]
    as_json = write(tmp_path, "mods.json", json.dumps(entries))
    as_yaml = write(
        tmp_path,
        "mods.yml",
        "- {name: home, kind: pages, url_prefix: /}\n"
        "- name: users\n  kind: accounts\n  url_prefix: /users\n"
        "- name: blog\n",
    )
    expected = [
        Module("home", "pages", "/"),
        Module("users", "accounts", "/users"),
        Module("blog", "pages", "/blog"),
    ]
    assert resolve(answers(blueprints_file=as_json), template_dir, tmp_path) == expected
    assert resolve(answers(blueprints_file=as_yaml), template_dir, tmp_path) == expected


def test_blueprints_file_overrides_the_names_answer(template_dir, tmp_path):
    path = write(tmp_path, "one.yaml", "- name: api\n  kind: api\n  url_prefix: /api\n")
    modules = resolve(
        answers(blueprints="public,blog", blueprints_file=path), template_dir, tmp_path
    )
    assert modules == [Module("api", "api", "/api")]


def test_relative_blueprints_file_is_found_from_the_users_folder(template_dir, tmp_path):
    write(tmp_path, "mine.yaml", "- name: shop\n")
    modules = resolve(answers(blueprints_file="mine.yaml"), template_dir, tmp_path)
    assert modules == [Module("shop", "pages", "/shop")]


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("m.txt", "- name: a\n", "expected a .yaml, .yml or .json file, got '.txt'"),
        (
            "m.yaml",
            "- name: [a\n",
            "invalid YAML at line 2, column 1: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "m.json",
            '[{"name": "a",]',
            "invalid JSON at line 1, column 15: Expecting property name enclosed in double quotes",
        ),
        ("m.yaml", "", "expected a non-empty list of modules, got an empty file"),
        ("m.yaml", "name: a\n", "expected a non-empty list of modules, got dict"),
        ("m.json", "[]", "expected a non-empty list of modules, got list"),
        (
            "m.yaml",
            "- blog\n",
            "entry 1: expected a mapping with name, kind and url_prefix, got str",
        ),
        ("m.yaml", "- kind: pages\n", "entry 1: missing key 'name'"),
        (
            "m.yaml",
            "- {name: a, import: 'x:bp'}\n",
            "entry 1 ('a'): unknown key 'import'; expected name, kind, url_prefix",
        ),
        ("m.yaml", "- {name: 7}\n", "entry 1: name must be a string, got int"),
        (
            "m.yaml",
            "- {name: a, url_prefix: [x]}\n",
            "entry 1 ('a'): url_prefix must be a string, got list",
        ),
        (
            "m.yaml",
            "- {name: a, kind: blog}\n",
            "entry 1 ('a'): kind must be one of pages, api, accounts, got 'blog'",
        ),
        (
            "m.yaml",
            "- {name: a, url_prefix: a}\n",
            "entry 1 ('a'): url_prefix must start with '/', got 'a'",
        ),
        (
            "m.yaml",
            "- {name: a, url_prefix: /a/}\n",
            "entry 1 ('a'): url_prefix must be '/' or '/'-separated segments",
        ),
        (
            "m.yaml",
            "- {name: a, url_prefix: '/a b'}\n",
            "entry 1 ('a'): url_prefix must be '/' or '/'-separated segments",
        ),
        (
            "m.yaml",
            "- {name: a, kind: accounts}\n- {name: b, kind: accounts}\n",
            "expected at most one module of kind 'accounts', got 'a', 'b'",
        ),
        ("m.yaml", "- name: a\n\tkind: api\n", "invalid YAML at line 2, column 1"),
        (
            "m.yaml",
            "- {name: a, url_prefix: /x}\n- {name: b, url_prefix: /x}\n",
            "entry 2 ('b'): url_prefix '/x' is already used by 'a'",
        ),
    ],
)
def test_bad_blueprints_file_is_refused_naming_file_entry_and_reason(
    template_dir, tmp_path, filename, text, expected
):
    path = write(tmp_path, filename, text)
    problems = problems_of(template_dir, tmp_path, blueprints_file=path)
    assert len(problems) == 1
    assert problems[0].startswith(f"blueprints_file: {path}")
    assert expected in problems[0]


def test_missing_blueprints_file_is_refused(template_dir, tmp_path):
    missing = tmp_path / "nope.yaml"
    assert problems_of(template_dir, tmp_path, blueprints_file=str(missing)) == [
        f"blueprints_file: {missing}: no such file"
    ]


def test_non_utf8_blueprints_file_is_refused(template_dir, tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("- name: caf\xe9\n".encode("latin-1"))
    assert problems_of(template_dir, tmp_path, blueprints_file=str(path)) == [
        f"blueprints_file: {path}: expected UTF-8 text"
    ]


def test_huge_blueprints_file_is_refused_before_it_is_parsed(template_dir, tmp_path):
    path = write(tmp_path, "big.yaml", "- name: a\n" * (MAX_FILE_BYTES // 10 + 1))
    [problem] = problems_of(template_dir, tmp_path, blueprints_file=path)
    assert problem.startswith(f"blueprints_file: {path}: expected at most {MAX_FILE_BYTES} bytes")


def test_hostile_long_value_is_shown_cut_short_on_one_line(template_dir, tmp_path):
    [problem] = problems_of(template_dir, tmp_path, blueprints="a" * 5000 + "\n")
    assert "\n" not in problem
    assert len(problem) < 200
