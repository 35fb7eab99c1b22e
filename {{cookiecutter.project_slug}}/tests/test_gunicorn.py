"""gunicorn.conf.py: what gunicorn runs with, read as gunicorn reads it (--print-config)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VARIABLES = (
    "GUNICORN_BIND",
    "WEB_CONCURRENCY",
    "GUNICORN_TIMEOUT",
    "GUNICORN_CMD_ARGS",
    "LOG_LEVEL",
)


def gunicorn_config(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "--print-config"],
        cwd=PROJECT_ROOT,
        env=env | variables,
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(output: str, name: str) -> str:
    found = re.search(rf"^{name}\s+= (.*)$", output, re.M)
    assert found, f"{name} is not in gunicorn's configuration:\n{output}"
    return found.group(1)


def test_defaults_serve_the_app_on_loopback_and_leave_the_access_line_to_the_app():
    result = gunicorn_config()
    assert result.returncode == 0, result.stderr
{%- if cookiecutter.framework == "flask" %}
    assert setting(result.stdout, "wsgi_app") == "wsgi:app"
{%- else %}
    assert setting(result.stdout, "wsgi_app") == "config.wsgi:application"
{%- endif %}
    assert setting(result.stdout, "bind") == "['127.0.0.1:8000']"
    assert int(setting(result.stdout, "workers")) == (os.cpu_count() or 1) * 2 + 1
    # The app logs each request itself, with its ID (logs.log_request).
    assert setting(result.stdout, "accesslog") == "None"


def test_bind_workers_and_timeout_come_from_the_environment():
    result = gunicorn_config(
        GUNICORN_BIND="0.0.0.0:9000", WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="120"
    )
    assert result.returncode == 0, result.stderr
    assert setting(result.stdout, "bind") == "['0.0.0.0:9000']"
    assert setting(result.stdout, "workers") == "3"
    assert setting(result.stdout, "timeout") == "120"


# gunicorn itself reads WEB_CONCURRENCY first and rejects what int() cannot parse.
@pytest.mark.parametrize(
    ("variable", "value"), [("WEB_CONCURRENCY", "0"), ("GUNICORN_TIMEOUT", "soon")]
)
def test_a_bad_number_is_refused_with_the_variable_named(variable, value):
    result = gunicorn_config(**{variable: value})
    assert result.returncode != 0
    assert f"{variable} must be a whole number of at least 1, got '{value}'" in result.stderr


def test_gunicorn_logs_json_lines_at_log_level():
    result = gunicorn_config(LOG_LEVEL="warning")
    assert result.returncode == 0, result.stderr
    logconfig = setting(result.stdout, "logconfig_dict")
    assert "'formatter': 'json'" in logconfig
    assert "'root': {'level': 'WARNING'" in logconfig


def test_a_bad_log_level_is_refused_with_the_variable_named():
    result = gunicorn_config(LOG_LEVEL="loud")
    assert result.returncode != 0
    assert (
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'loud'"
        in result.stderr
    )
