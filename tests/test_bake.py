"""Every combination of answers bakes a project that is clean, complete and passes its own tests."""

import itertools
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from bakery import finish
from bakery.modules import LAYOUT_NAMES, module_name_problem
from conftest import CHOICES, bake_cli, python_for, run
from packaging.requirements import Requirement

COMBINATIONS = [
    dict(zip(CHOICES, values, strict=True)) for values in itertools.product(*CHOICES.values())
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
    r"\[\[\s*(app_name|app_class|app_title|project_slug|url_prefix)\s*\]\]"
)
# A long description: no generated line may break ruff's line length with it.
LONG_DESCRIPTION = "An application whose description runs on " + "and on " * 20 + "for a while."


def ident(answers: dict) -> str:
    return "-".join(answers.values())


def text_files(project: Path):
    for path in sorted(project.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue


def check_baked_project(project: Path, answers: dict) -> None:
    """What every bake must satisfy: complete, no leftovers, lint-clean, own suite green."""
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
    python = python_for(answers.get("python_version", CHOICES["python_version"][0]))
    run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"], project)


@pytest.mark.parametrize("answers", COMBINATIONS, ids=ident)
def test_every_combination_bakes_a_clean_project_that_passes_its_tests(cookies, answers):
    result = cookies.bake(extra_context=answers | {"description": LONG_DESCRIPTION})
    assert result.exit_code == 0, result.exception
    check_baked_project(result.project_path, answers)
    license_file = result.project_path / "LICENSE"
    if answers["open_source_license"] == "Not open source":
        assert not license_file.exists()
    else:
        assert (
            "Your Name" in license_file.read_text()
            or answers["open_source_license"] == "Apache-2.0"
        )


@pytest.mark.parametrize("framework", CHOICES["framework"])
@pytest.mark.parametrize("modules", MODULE_LISTS, ids=str)
def test_other_module_lists_bake_projects_that_pass_their_tests(
    cookies, tmp_path, framework, modules
):
    (tmp_path / "users.yaml").write_text(USERS_YAML)
    extra = {
        key: str(tmp_path / value) if key == "blueprints_file" else value
        for key, value in MODULE_LISTS[modules].items()
    }
    result = cookies.bake(extra_context={"framework": framework, **extra})
    assert result.exit_code == 0, result.exception
    check_baked_project(result.project_path, {"framework": framework})


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
def test_bake_prints_the_readme_quick_start_as_next_steps(framework, tmp_path):
    result = bake_cli(tmp_path, f"framework={framework}")
    assert result.returncode == 0, result.stderr
    readme = (tmp_path / "my_project" / "README.md").read_text()
    assert "Next steps:\n    cd my_project\n" in result.stdout
    commands = result.stdout.split("cd my_project\n")[1].splitlines()[:2]
    assert len(commands) == 2
    for command in commands:
        assert command.strip() in readme


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_baked_dependencies_are_what_the_template_test_environment_installs(cookies, framework):
    """The bakes' suites run in this environment, so it must hold what they declare."""
    result = cookies.bake(extra_context={"framework": framework, "database": "postgresql"})
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


def test_name_with_nothing_to_slugify_still_bakes_a_package(cookies):
    result = cookies.bake(extra_context={"project_name": "!!!"})
    assert result.exit_code == 0, result.exception
    assert result.project_path.name == "my_project"


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_bake_checks_refuse_every_name_the_projects_scaffold_refuses(cookies, framework):
    """Else a name would pass the answers check and fail halfway through the bake."""
    result = cookies.bake(extra_context={"framework": framework})
    scaffold = finish.load_scaffold(result.project_path, "my_project")
    for name in scaffold.RESERVED_NAMES:
        assert module_name_problem(name, framework, "my_project"), name
