"""What lands in a baked repository besides the code, checked by the tools that use it.

The CI workflow and compose.yaml against their JSON schemas (check-jsonschema's
vendored copies), the Dockerfile with hadolint, the pre-commit config with
pre-commit, .env.example against what the code reads; then the repository
itself: the first commit, the saved answers, `uv sync`, and cruft.
"""

import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CHOICES, NOT_AGAIN, TEMPLATE_DIR, bake_cli, clean_env, run

BIN = Path(sys.executable).parent
# The answers that change these files; the others do not touch them.
SERVICE_COMBINATIONS = [
    dict(zip(("framework", "database", "use_celery"), values, strict=True))
    for values in itertools.product(
        CHOICES["framework"], CHOICES["database"], CHOICES["use_celery"]
    )
]
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")
# How the baked code reads a variable: django-environ, os.environ, gunicorn.conf.py's helper.
READS = re.compile(
    r"""(?:\benv(?:\.\w+)?|os\.environ\.get|whole_number|flag|required|environ\.(?:get|setdefault))\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def ident(answers: dict) -> str:
    return "-".join(answers.values())


def tool(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a tool installed beside this Python; fail the test with its output if it fails."""
    return run([str(BIN / name), *args], cwd)


@pytest.mark.parametrize("answers", SERVICE_COMBINATIONS, ids=ident)
def test_workflow_compose_dockerfile_and_pre_commit_pass_their_checks(cookies, answers):
    result = cookies.bake(extra_context=answers | {"use_docker": "yes", "init_git": "no"})
    assert result.exit_code == 0, result.exception
    project = result.project_path
    workflow_file = project / ".github" / "workflows" / "ci.yml"

    tool(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        str(workflow_file),
        cwd=project,
    )
    tool("check-jsonschema", "--builtin-schema", "vendor.compose-spec", "compose.yaml", cwd=project)
    linted = tool("hadolint", "Dockerfile", cwd=project)
    assert linted.stdout.strip() == "", linted.stdout
    tool("pre-commit", "validate-config", ".pre-commit-config.yaml", cwd=project)

    workflow = yaml.safe_load(workflow_file.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(PINNED.match(action) for action in uses), uses
    services = set(job.get("services", {}))
    assert ("postgres" in services) == (answers["database"] == "postgresql")
    assert ("redis" in services) == (answers["use_celery"] == "yes")
    assert f'python-version: "{CHOICES["python_version"][0]}"' in workflow_file.read_text()

    compose = yaml.safe_load((project / "compose.yaml").read_text())
    expected = {"web"} | {
        name
        for name, wanted in (
            ("db", answers["database"] == "postgresql"),
            ("redis", answers["use_celery"] == "yes"),
            ("worker", answers["use_celery"] == "yes"),
        )
        if wanted
    }
    assert set(compose["services"]) == expected
    ignored = (project / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored and ".git" in ignored


@pytest.mark.parametrize("answers", SERVICE_COMBINATIONS, ids=ident)
def test_env_example_documents_every_variable_the_project_reads(cookies, answers):
    result = cookies.bake(extra_context=answers | {"init_git": "no"})
    project = result.project_path
    read = set()
    for path in project.rglob("*.py"):
        if "skeletons" in path.parts or "tests" in path.parts:
            continue
        read |= set(READS.findall(path.read_text(encoding="utf-8")))
    assert {"SECRET_KEY", "DATABASE_URL", "GUNICORN_BIND"} <= read
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (project / ".env.example").read_text(), re.M)
    )
    assert read <= documented, f"not in .env.example: {sorted(read - documented)}"
    run(["git", "init", "-q"], project)
    assert run(["git", "check-ignore", ".env"], project).stdout.strip() == ".env"
    # .env.example itself is meant to be committed.
    assert (
        subprocess.run(["git", "check-ignore", "-q", ".env.example"], cwd=project).returncode == 1
    )


def test_without_use_docker_there_are_no_container_files(cookies):
    project = cookies.bake(extra_context={"init_git": "no"}).project_path
    for name in ("Dockerfile", "compose.yaml", ".dockerignore"):
        assert not (project / name).exists(), name


@pytest.mark.parametrize("use_docker", CHOICES["use_docker"])
def test_dependabot_updates_each_kind_of_dependency_the_project_has(cookies, use_docker):
    project = cookies.bake(extra_context={"use_docker": use_docker, "init_git": "no"}).project_path
    config = project / ".github" / "dependabot.yml"
    tool("check-jsonschema", "--builtin-schema", "vendor.dependabot", str(config), cwd=project)
    updates = yaml.safe_load(config.read_text())["updates"]
    expected = {"pip", "github-actions"} | ({"docker"} if use_docker == "yes" else set())
    assert sorted(update["package-ecosystem"] for update in updates) == sorted(expected)
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        # One pull request per ecosystem and week, not one per package.
        assert [group["patterns"] for group in update["groups"].values()] == [["*"]]


def test_init_git_commits_the_whole_project_but_not_the_env_file(tmp_path):
    result = bake_cli(tmp_path, "framework=django")
    assert result.returncode == 0, result.stderr
    assert "Made a git repository with a first commit of the project." in result.stdout
    project = tmp_path / "my_project"
    log = run(["git", "log", "--format=%s"], project).stdout.splitlines()
    assert log == ["Bake the project from the template"]
    assert run(["git", "status", "--porcelain", "--ignored"], project).stdout.strip() == "!! .env"
    committed = run(["git", "ls-files"], project).stdout.splitlines()
    assert ".cookiecutter.json" in committed and "manage.py" in committed


def test_without_git_the_bake_still_succeeds_and_says_so(tmp_path):
    # No git on PATH (cookiecutter runs the hooks with this same Python).
    empty = tmp_path / "bin"
    empty.mkdir()
    env = clean_env(PATH=str(empty), PWD=str(tmp_path))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(TEMPLATE_DIR),
            "--no-input",
            "-o",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "git is not installed: no repository made" in result.stdout
    assert not (tmp_path / "my_project" / ".git").exists()


def test_saved_answers_bake_the_same_project_again(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    answers = [
        "framework=flask",
        "database=postgresql",
        "use_celery=yes",
        "blueprints=public,api,blog",
        "init_git=no",
    ]
    assert bake_cli(first, *answers).returncode == 0
    saved = json.loads((first / "my_project" / ".cookiecutter.json").read_text())
    assert saved["cookiecutter"]["blueprints"] == "public,api,blog"
    assert not any(key.startswith("_") for key in saved["cookiecutter"])

    again = tmp_path / "again"
    replayed = subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(TEMPLATE_DIR),
            "-o",
            str(again),
            "--replay-file",
            str(first / "my_project" / ".cookiecutter.json"),
        ],
        cwd=tmp_path,
        env=clean_env(PWD=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert replayed.returncode == 0, replayed.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(root)): path.read_bytes()
            for path in root.rglob("*")
            if path.is_file() and path.name != ".env"
        }

    assert files(again / "my_project") == files(first / "my_project")


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_uv_sync_installs_the_project_and_its_dev_group(tmp_path, framework):
    assert bake_cli(tmp_path, f"framework={framework}", "init_git=no").returncode == 0
    project = tmp_path / "my_project"
    # The Python running these tests, never one uv would download.
    uv_env = {"UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": sys.executable}
    run([str(BIN / "uv"), "sync", "--quiet"], project, **uv_env)
    # What the environment must run; test_bake.py runs the same bake's suite in
    # full (its schemathesis run, its coverage floor).
    python = str(project / ".venv" / "bin" / "python")
    tests = run([python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *NOT_AGAIN], project)
    assert re.search(r"\d+ passed", tests.stdout)


def copy_template(target: Path) -> Path:
    """A git repository holding the template as it is now (as cruft wants a template)."""
    shutil.copytree(
        TEMPLATE_DIR,
        target,
        ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", ".*_cache", "results.json"),
    )
    commit_all(target, "Template")
    return target


def commit_all(repo: Path, message: str) -> None:
    if not (repo / ".git").exists():
        run(["git", "init", "-q"], repo)
    run(["git", "add", "--all"], repo)
    run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "commit",
            "-qm",
            message,
        ],
        repo,
    )


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_cruft_create_then_update_brings_a_template_change_in(tmp_path, framework):
    template = copy_template(tmp_path / "template")
    out = tmp_path / "out"
    out.mkdir()
    cruft_env = {"PWD": str(out)}
    answers = json.dumps({"framework": framework, "database": "postgresql", "use_docker": "yes"})
    run(
        [
            str(BIN / "cruft"),
            "create",
            "--no-input",
            str(template),
            "--output-dir",
            str(out),
            "--extra-context",
            answers,
        ],
        out,
        **cruft_env,
    )
    project = out / "my_project"
    assert json.loads((project / ".cruft.json").read_text())["template"] == str(template)
    # The answers reached the bake: the framework's entry point, the container files.
    assert (project / ("manage.py" if framework == "django" else "wsgi.py")).is_file()
    assert (project / "Dockerfile").is_file()
    # The bake's first commit came before cruft wrote .cruft.json: commit it, as a user would.
    commit_all(project, "Track the template with cruft")
    run([str(BIN / "cruft"), "check"], project, **cruft_env)

    # The template changes: a new line in the baked gunicorn.conf.py.
    conf = template / "{{cookiecutter.project_slug}}" / "gunicorn.conf.py"
    conf.write_text(conf.read_text() + "# Keep-alive for the proxy in front.\nkeepalive = 5\n")
    commit_all(template, "gunicorn: keep-alive")
    stale = subprocess.run(
        [str(BIN / "cruft"), "check"],
        cwd=project,
        env=clean_env(**cruft_env),
        capture_output=True,
        text=True,
    )
    assert stale.returncode != 0

    run(
        [str(BIN / "cruft"), "update", "--skip-apply-ask", "--allow-untracked-files"],
        project,
        **cruft_env,
    )
    assert "keepalive = 5" in (project / "gunicorn.conf.py").read_text()
    run([str(BIN / "cruft"), "check"], project, **cruft_env)
    # .env keeps the secret this bake made.
    assert (project / ".env").read_text().count("SECRET_KEY=") == 1


def test_the_template_workflow_is_valid_pinned_and_runs_ci_run():
    workflow_file = TEMPLATE_DIR / ".github" / "workflows" / "ci.yml"
    tool(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        str(workflow_file),
        cwd=TEMPLATE_DIR,
    )
    workflow = yaml.safe_load(workflow_file.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert set(job["services"]) == {"postgres", "redis"}
    assert all(PINNED.match(step["uses"]) for step in job["steps"] if "uses" in step)
    assert job["steps"][-1]["run"] == "bash .ci/run"
