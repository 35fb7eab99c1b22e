"""bandit finds nothing of medium or high severity in any baked package."""

import json
import subprocess
import sys

import pytest
from conftest import CHOICES


@pytest.mark.parametrize("database", CHOICES["database"])
@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_baked_package_has_no_medium_or_high_bandit_findings(cookies, framework, database):
    result = cookies.bake(extra_context={"framework": framework, "database": database})
    project = result.project_path
    # The package holds the generated modules too; config/ and the entry points are Django's or Flask's glue.
    targets = [
        name
        for name in ("my_project", "config", "manage.py", "wsgi.py")
        if (project / name).exists()
    ]
    scan = subprocess.run(
        [
            sys.executable,
            "-m",
            "bandit",
            "-r",
            *targets,
            "--severity-level",
            "medium",
            "--format",
            "json",
            "--quiet",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    report = json.loads(scan.stdout)
    findings = [
        f"{item['filename']}:{item['line_number']} {item['test_id']} {item['issue_text']}"
        for item in report["results"]
    ]
    assert findings == []
    assert report["metrics"]["_totals"]["loc"] > 500, "bandit scanned too little to mean anything"
