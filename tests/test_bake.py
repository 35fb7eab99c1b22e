"""Every combination of answers bakes a project that is clean, complete and passes its own tests."""

import itertools
import json
import re
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from bakery import finish
from bakery.answers import check as check_answers
from bakery.modules import LAYOUT_NAMES, module_name_problem
from conftest import CHOICES, NOT_AGAIN, bake_cli, python_for, run
from openapi_spec_validator import validate as validate_openapi
from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement

# The answers that change what a project runs: every combination bakes and
# runs its own suite, on the Python it asks for, against real PostgreSQL and
# Redis when it asks for them. The licence changes one file and one field of
# pyproject.toml; test_each_licence checks those instead of running suites.
RUNTIME_ANSWERS = ("framework", "database", "use_celery", "python_version")
COMBINATIONS = [
    dict(zip(RUNTIME_ANSWERS, values, strict=True))
    for values in itertools.product(*(CHOICES[key] for key in RUNTIME_ANSWERS))
]

# Other module lists, each baked with both frameworks.
MODULE_LISTS = {
    "api-only": {"blueprints": "api"},
    "pages-only": {"blueprints": "public,blog,about"},
    "users-file": {"blueprints_file": "users.yaml"},
}
USERS_YAML = """\
- name: home
  kind: pages
  url_prefix: /
- name: users
  kind: accounts
  url_prefix: /members
- name: api
  kind: api
  url_prefix: /api/v1
"""

# Files that only one framework's project has.
MARKERS = {
    "flask": [
        "wsgi.py",
        "blueprints.yaml",
        "{slug}/app.py",
        "{slug}/config.py",
        "migrations/env.py",
    ],
    "django": ["manage.py", "config/settings/base.py", "config/urls.py", "config/wsgi.py"],
}
SKELETON_PLACEHOLDER = re.compile(
    r"\[\[\s*(app_name|app_class|app_title|project_slug|url_prefix|path_prefix|site_name"
    r"|accounts_app|openapi_snapshot)\s*\]\]"
)
BUILD_WHEEL = (
    "import pathlib, sys; from setuptools import build_meta; "
    "pathlib.Path(sys.argv[1]).mkdir(); build_meta.build_wheel(sys.argv[1])"
)
# A long description: no generated line may break ruff's line length with it.
LONG_DESCRIPTION = "An application whose description runs on " + "and on " * 20 + "for a while."
# The longest name the checks take, with what HTML escapes (each framework its
# own way), and the longest package name: every line, page and test holds.
LONG_NAMES = {
    "project_name": "Tom & Jerry's <Shop> for cats, mice and everyone else, 2026!",
    "project_slug": "shop_for_cats_mice_and_everyone_else_too",
}


def ident(answers: dict) -> str:
    return "-".join(answers.values())


def text_files(project: Path):
    for path in sorted(project.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def migrate(project: Path, framework: str, **env: str) -> None:
    """Create the schema as the README says, on the database DATABASE_URL names."""
    if framework == "flask":
        run([sys.executable, "-m", "flask", "db", "upgrade"], project, **env)
    else:
        run([sys.executable, "manage.py", "migrate", "--no-input"], project, **env)


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory) -> Path:
    """One mypy cache per test process, shared by its bakes: each checks only what differs."""
    return tmp_path_factory.mktemp("mypy-cache")


def check_baked_project(
    project: Path, answers: dict, mypy_cache: Path, *, full: bool = True, **env: str
) -> None:
    """What every bake must satisfy: complete, no leftovers, lint- and type-clean, own suite green.

    `env` reaches the suite: DATABASE_URL and REDIS_URL point it at real servers.
    `full=False` leaves out the suite's schemathesis run (test_contract.py) and
    its coverage floor, both of which the same framework and database check in
    another combination.
    """
    slug = project.name
    framework = answers["framework"]
    other = "django" if framework == "flask" else "flask"
    for marker in MARKERS[framework]:
        assert (project / marker.format(slug=slug)).is_file(), marker
    for marker in MARKERS[other]:
        assert not (project / marker.format(slug=slug)).exists(), marker
    for leftover in ("_flask", "_django", "_licenses"):
        assert not (project / leftover).exists()

    for path, text in text_files(project):
        relative = path.relative_to(project)
        in_skeletons = "skeletons" in relative.parts
        assert "{{ cookiecutter" not in text and "{{cookiecutter" not in text, relative
        if not in_skeletons:
            assert not path.name.endswith("-tpl"), relative
            assert not SKELETON_PLACEHOLDER.search(text), relative
        if "vendor" not in relative.parts:
            assert "\n\n\n\n" not in text, f"{relative}: a run of blank lines left by Jinja"
        if path.suffix == ".py" and not in_skeletons:
            assert not re.search(rf"^\s*(import|from) {other}\b", text, re.M), relative

    run([sys.executable, "-m", "ruff", "check", "."], project)
    run([sys.executable, "-m", "ruff", "format", "--check", "."], project)
    # The API modules' committed schemas: valid OpenAPI 3.1, which their own
    # suites hold equal to what the code generates.
    for snapshot in project.glob("openapi*.json"):
        validate_openapi(json.loads(snapshot.read_text()))
    python = python_for(answers.get("python_version", CHOICES["python_version"][0]))
    # The bake's own [tool.mypy] (strict), on the Python it asks for; an error
    # fails the test with mypy's file:line report.
    run([python, "-m", "mypy", "--cache-dir", str(mypy_cache / framework)], project)
    # What `pip install .` runs first: the build backend makes a wheel from
    # pyproject.toml (metadata, licence expression, package data).
    # A copy, so that build/ and *.egg-info stay out of the project under test.
    copy = project.parent / f"{project.name}-build"
    shutil.copytree(project, copy)
    run([python, "-c", BUILD_WHEEL, str(copy / "dist")], copy)
    assert len(list((copy / "dist").glob("*.whl"))) == 1
    shutil.rmtree(copy)
    suite = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"]
    tests = run(suite if full else [*suite, *NOT_AGAIN], project, **env)
    # Every test runs in every bake the template tests: a skipped one is a
    # check that cannot fail there (the suite's -ra lists it with its reason).
    assert not re.search(r"\d+ skipped", tests.stdout), tests.stdout[-3000:]


def test_the_long_names_are_the_longest_the_checks_take():
    taken = {"email": "you@example.com", "framework": "django"} | LONG_NAMES
    assert check_answers(taken) == []
    longer = {key: value + "x" for key, value in LONG_NAMES.items()}
    assert [problem.split(":")[0] for problem in check_answers(taken | longer)] == [
        "project_name",
        "project_slug",
    ]


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ident)
def test_every_combination_bakes_a_clean_project_that_passes_its_tests(
    cookies, request, mypy_cache, answers
):
    result = cookies.bake(extra_context=answers | LONG_NAMES | {"description": LONG_DESCRIPTION})
    assert result.exit_code == 0, result.exception
    env = {}
    if answers["database"] == "postgresql":
        # A fresh database: the migrations run on it, and the suite makes its
        # own test_ database beside it on the same server.
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
        migrate(result.project_path, answers["framework"], **env)
    if answers["use_celery"] == "yes":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
    # schemathesis and the coverage floor once per framework and database:
    # Celery and the Python version change nothing they check.
    full = answers["use_celery"] == "no" and answers["python_version"] == "3.12"
    check_baked_project(result.project_path, answers, mypy_cache, full=full, **env)


@pytest.mark.parametrize("framework", CHOICES["framework"])
@pytest.mark.parametrize("license_id", CHOICES["open_source_license"])
def test_each_licence_gives_its_file_and_a_valid_pyproject_field(cookies, framework, license_id):
    result = cookies.bake(extra_context={"framework": framework, "open_source_license": license_id})
    assert result.exit_code == 0, result.exception
    project = result.project_path
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    if license_id == "Not open source":
        assert not (project / "LICENSE").exists()
        assert "license" not in pyproject
        return
    text = (project / "LICENSE").read_text()
    assert "{{" not in text
    assert ("Your Name" in text) == (license_id != "Apache-2.0")
    # PEP 639: an SPDX expression, which packaging can check.
    assert canonicalize_license_expression(pyproject["license"]) == license_id


@pytest.mark.parametrize("framework", CHOICES["framework"])
@pytest.mark.parametrize("modules", MODULE_LISTS, ids=str)
def test_other_module_lists_bake_projects_that_pass_their_tests(
    cookies, tmp_path, mypy_cache, framework, modules
):
    (tmp_path / "users.yaml").write_text(USERS_YAML)
    extra = {
        key: str(tmp_path / value) if key == "blueprints_file" else value
        for key, value in MODULE_LISTS[modules].items()
    }
    result = cookies.bake(extra_context={"framework": framework, **extra})
    assert result.exit_code == 0, result.exception
    check_baked_project(result.project_path, {"framework": framework}, mypy_cache)


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_each_module_becomes_a_package_of_its_own(cookies, framework):
    result = cookies.bake(
        extra_context={"framework": framework, "blueprints": "public,accounts,api,blog"}
    )
    package = result.project_path / "my_project"
    for name in ("public", "accounts", "api", "blog"):
        assert (package / name / "__init__.py").is_file(), name
    if framework == "flask":
        registry = (result.project_path / "blueprints.yaml").read_text()
        for name in ("public", "accounts", "api", "blog"):
            assert f"import: my_project.{name}:bp" in registry


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_each_bake_gets_its_own_secret_key_in_a_git_ignored_env_file(cookies, framework):
    secrets = []
    for _ in range(2):
        result = cookies.bake(extra_context={"framework": framework})
        project = result.project_path
        [line] = [
            line
            for line in (project / ".env").read_text().splitlines()
            if line.startswith("SECRET_KEY=")
        ]
        secret = line.removeprefix("SECRET_KEY=")
        assert len(secret) >= 50
        secrets.append(secret)
        run(["git", "init", "-q"], project)
        assert run(["git", "check-ignore", ".env"], project).stdout.strip() == ".env"
        for path, text in text_files(project):
            if path.name != ".env":
                assert secret not in text, path
    assert secrets[0] != secrets[1]


def test_postgresql_answer_points_the_env_file_at_postgresql(cookies):
    result = cookies.bake(extra_context={"database": "postgresql", "project_name": "Shop"})
    assert (
        "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop\n"
        in (result.project_path / ".env").read_text()
    )


@pytest.mark.parametrize("framework", CHOICES["framework"])
@pytest.mark.parametrize("database", CHOICES["database"])
def test_bake_prints_the_readme_quick_start_as_next_steps(framework, database, tmp_path):
    result = bake_cli(tmp_path, f"framework={framework}", f"database={database}", "init_git=no")
    assert result.returncode == 0, result.stderr
    readme = (tmp_path / "my_project" / "README.md").read_text()
    assert "Next steps:\n    cd my_project\n" in result.stdout
    commands = result.stdout.split("cd my_project\n")[1].splitlines()[:2]
    assert len(commands) == 2
    for command in commands:
        assert command.strip() in readme
    # The database .env names exists before the first command that needs it.
    creates = "createdb --host 127.0.0.1 --username postgres my_project && "
    assert commands[0].strip().startswith(creates) == (database == "postgresql")


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_the_mutation_testing_setup_names_what_the_bake_has(cookies, framework):
    """[tool.mutmut] stays true to the layout: each path it copies and test it leaves out exists.

    The run itself (25 to 35 minutes a framework) is the README's, not this suite's.
    """
    result = cookies.bake(extra_context={"framework": framework, "use_celery": "yes"})
    project = result.project_path
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    [tool] = pyproject["dependency-groups"]["mutation"]
    assert Requirement(tool).name == "mutmut"
    mutmut = pyproject["tool"]["mutmut"]
    for path in [*mutmut["source_paths"], *mutmut["also_copy"]]:
        assert (project / path).exists(), path
    arguments = mutmut["pytest_add_cli_args"]
    left_out = [arguments[i + 1] for i, arg in enumerate(arguments) if arg == "--deselect"]
    for node in left_out:
        file, _, name = node.partition("::")
        assert f"def {name}(" in (project / file).read_text(), node
    assert "mutants/" in (project / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_baked_dependencies_are_what_the_template_test_environment_installs(cookies, framework):
    """The bakes' suites run in this environment, so it must hold what they declare."""
    result = cookies.bake(
        extra_context={"framework": framework, "database": "postgresql", "use_celery": "yes"}
    )
    pyproject = tomllib.loads((result.project_path / "pyproject.toml").read_text())
    declared = pyproject["project"]["dependencies"] + pyproject["dependency-groups"]["dev"]
    for line in declared:
        requirement = Requirement(line)
        installed = metadata.version(requirement.name)
        assert requirement.specifier.contains(installed, prereleases=True), (line, installed)


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_no_module_name_can_collide_with_a_file_the_layout_ships(cookies, framework):
    """A module is <slug>/<name>/ and, in Flask, tests/<name>/: what else is there is reserved."""
    result = cookies.bake(extra_context={"framework": framework, "blueprints": "api"})
    project = result.project_path
    in_package = {path.stem for path in (project / "my_project").iterdir()}
    assert in_package - {"__init__", "__pycache__", "api"} <= LAYOUT_NAMES
    # Test files start with "test", which module names may not; the rest is reserved.
    in_tests = {path.stem for path in (project / "tests").iterdir()}
    assert {name for name in in_tests if not name.startswith("test")} <= {
        "__init__",
        "__pycache__",
        "api",
        "conftest",
    }


@pytest.mark.parametrize(
    ("name", "slug"), [("!!!", "my_project"), ("123 Go", "project_123_go"), ("Shop 2", "shop_2")]
)
def test_the_proposed_slug_is_one_the_checks_accept(cookies, name, slug):
    # A package name cannot start with a digit, nor be empty.
    result = cookies.bake(extra_context={"project_name": name, "init_git": "no"})
    assert result.exit_code == 0, result.exception
    assert result.project_path.name == slug


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_bake_checks_refuse_every_name_the_projects_scaffold_refuses(cookies, framework):
    """Else a name would pass the answers check and fail halfway through the bake."""
    result = cookies.bake(extra_context={"framework": framework})
    scaffold = finish.load_scaffold(result.project_path, "my_project")
    for name in scaffold.RESERVED_NAMES:
        assert module_name_problem(name, framework, "my_project"), name
