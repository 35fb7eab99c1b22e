"""The post-gen steps: the .env file, the saved answers, the first commit, the next steps."""

import json
import stat
import subprocess

from bakery.finish import env_file_text, init_git, next_steps, write_answers, write_env
from bakery.modules import Module

ANSWERS = {
    "project_name": "Shop",
    "project_slug": "shop",
    "framework": "flask",
    "database": "sqlite",
    "author_name": "Ada Lovelace",
    "email": "ada@example.com",
}


def test_env_file_holds_the_secret_and_no_database_url_for_sqlite():
    text = env_file_text(ANSWERS, "s3cret")
    assert "SECRET_KEY=s3cret\n" in text
    assert "DATABASE_URL" not in text


def test_env_file_points_postgresql_bakes_at_the_local_server():
    text = env_file_text(ANSWERS | {"database": "postgresql"}, "s3cret")
    assert "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop\n" in text


def test_env_file_is_readable_by_its_owner_only(tmp_path):
    path = write_env(tmp_path, ANSWERS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_env_file_gets_a_fresh_secret(tmp_path):
    first = write_env(tmp_path, ANSWERS).read_text()
    assert write_env(tmp_path, ANSWERS).read_text() != first


def test_next_steps_quote_the_readme_quick_start(tmp_path):
    (tmp_path / "README.md").write_text(
        "# Shop\n\n## Quick start\n\nInstall:\n\n```bash\nmake install\nmake test\n```\n"
    )
    text = next_steps(tmp_path, ANSWERS, [Module("api", "api", "/api")])
    assert "Modules: api (/api)\n" in text
    assert f"    cd {tmp_path.name}\n    make install\n    make test\n" in text


def test_next_steps_point_at_the_readme_when_it_has_no_quick_start(tmp_path):
    (tmp_path / "README.md").write_text("# Shop\n")
    assert "    see README.md\n" in next_steps(tmp_path, ANSWERS, [])


def test_saved_answers_are_a_replay_file_without_cookiecutters_own_entries(tmp_path):
    path = write_answers(tmp_path, ANSWERS | {"_template": "/x", "_output_dir": "/y"})
    assert path.name == ".cookiecutter.json"
    assert json.loads(path.read_text()) == {"cookiecutter": ANSWERS}


def test_first_commit_is_authored_by_the_answers_when_git_knows_nobody(tmp_path, monkeypatch):
    # No global or system git configuration: no identity to commit with.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    project = tmp_path / "shop"
    project.mkdir()
    (project / "app.py").write_text("print('hi')\n")
    assert init_git(project, ANSWERS) == "Made a git repository with a first commit of the project."
    author = subprocess.run(
        ["git", "log", "--format=%an <%ae>"], cwd=project, capture_output=True, text=True
    ).stdout.strip()
    assert author == "Ada Lovelace <ada@example.com>"


def test_a_failing_git_step_is_reported_not_raised(tmp_path):
    project = tmp_path / "shop"
    project.mkdir()
    # A .git file that is not a repository: git init refuses it.
    (project / ".git").write_text("not a repository\n")
    message = init_git(project, ANSWERS)
    assert message.startswith("git init failed (")
    assert message.endswith("the files are all there to commit yourself.")
