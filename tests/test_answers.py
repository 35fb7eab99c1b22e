"""The scalar answers: each bad one refused with a line naming the field and the value."""

import pytest
from bakery.answers import check

GOOD = {
    "project_name": "My Project",
    "project_slug": "my_project",
    "description": "A web application.",
    "author_name": "Ada Lovelace",
    "email": "ada@example.com",
    "framework": "flask",
}


def test_good_answers_pass():
    assert check(GOOD) == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "project_slug",
            "My-Project",
            "project_slug: 'My-Project' is not a lowercase ASCII identifier",
        ),
        ("project_slug", "import", "project_slug: 'import' is a Python keyword"),
        ("project_slug", "test", "project_slug: 'test' is the name of a standard-library module"),
        ("project_slug", "json", "project_slug: 'json' is the name of a standard-library module"),
        ("project_slug", "os", "project_slug: 'os' is the name of a standard-library module"),
        ("project_slug", "django", "project_slug: 'django' is the import name of a dependency"),
        ("project_slug", "flask", "project_slug: 'flask' is the import name of a dependency"),
        ("project_slug", "tests", "project_slug: 'tests' is a name the flask project layout uses"),
        ("project_slug", "", "project_slug: '' is not a lowercase ASCII identifier"),
        ("email", "ada", "email: expected an address like name@example.com, got 'ada'"),
        (
            "email",
            "ada@example",
            "email: expected an address like name@example.com, got 'ada@example'",
        ),
        ("email", "a b@example.com", "email: expected an address like name@example.com"),
        ("project_name", "  ", "project_name: expected a name, got '  '"),
        ("project_name", 'Say "hi"', "project_name: expected one line without '\"' or '\\'"),
        (
            "author_name",
            "Ada\nLovelace",
            "author_name: expected one line without '\"' or '\\', got 'Ada\\nLovelace'",
        ),
        ("description", "x" * 201, "description: expected at most 200 characters, got 201"),
        ("project_name", "x" * 61, "project_name: expected at most 60 characters, got 61"),
    ],
)
def test_bad_answer_is_refused_naming_field_and_value(field, value, expected):
    problems = check(GOOD | {field: value})
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_config_is_refused_as_slug_only_for_django():
    assert check(GOOD | {"project_slug": "config"}) == []
    assert check(GOOD | {"project_slug": "config", "framework": "django"}) == [
        "project_slug: 'config' is a name the django project layout uses itself; "
        "pass another, e.g. project_slug=my_project"
    ]


def test_every_bad_answer_is_reported_at_once():
    problems = check(GOOD | {"project_slug": "class", "email": "nope"})
    assert [line.split(":")[0] for line in problems] == ["project_slug", "email"]
