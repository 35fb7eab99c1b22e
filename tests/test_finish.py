"""The post-gen steps: the .env file and the next-steps message."""

import stat

from bakery.finish import env_file_text, next_steps, write_env
from bakery.modules import Module

ANSWERS = {
    "project_name": "Shop",
    "project_slug": "shop",
    "framework": "flask",
    "database": "sqlite",
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
