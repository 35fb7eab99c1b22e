"""Checks of the scalar answers (name, slug, email, ...): one line per problem."""

import re
from typing import Any

from .modules import DJANGO_APP_LABELS, LAYOUT_NAMES, identifier_problem, shown

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

# Free-text answers land in TOML strings, docstrings, Markdown and Python
# string literals ("..." around the name as it is); a quote, a backslash or a
# line break there would break the file they land in.
TEXT_FIELDS = ("project_name", "description", "author_name")
UNSAFE_TEXT = re.compile(r'["\\\x00-\x1f\x7f]')
MAX_TEXT_LENGTH = 200
# The name is the site's: the navigation bar, every page's title, and lines of
# Python (SITE_NAME, a docstring) that must stay within the line length.
MAX_NAME_LENGTH = 60

# The Django layout puts the settings package `config` beside the project
# package; Flask has no such folder.
SLUG_RESERVED = {
    "flask": LAYOUT_NAMES - {"config"},
    "django": LAYOUT_NAMES | DJANGO_APP_LABELS,
}


def slug_problem(slug: str, framework: str) -> str | None:
    problem = identifier_problem(slug)
    if problem:
        return problem
    if slug in SLUG_RESERVED.get(framework, LAYOUT_NAMES):
        return f"is a name the {framework} project layout uses itself"
    return None


def check(answers: dict[str, Any]) -> list[str]:
    """Every problem with the scalar answers, one line each, naming the field and the value."""
    problems = []
    for field in TEXT_FIELDS:
        value = answers.get(field, "")
        if field == "project_name" and not value.strip():
            problems.append(f"project_name: expected a name, got {shown(value)}")
        elif UNSAFE_TEXT.search(value):
            problems.append(f"{field}: expected one line without '\"' or '\\', got {shown(value)}")
        else:
            limit = MAX_NAME_LENGTH if field == "project_name" else MAX_TEXT_LENGTH
            if len(value) > limit:
                problems.append(f"{field}: expected at most {limit} characters, got {len(value)}")
    slug = answers.get("project_slug", "")
    problem = slug_problem(slug, answers.get("framework", ""))
    if problem:
        problems.append(
            f"project_slug: {shown(slug)} {problem}; pass another, e.g. project_slug=my_project"
        )
    email = answers.get("email", "")
    if not EMAIL.fullmatch(email):
        problems.append(f"email: expected an address like name@example.com, got {shown(email)}")
    return problems
