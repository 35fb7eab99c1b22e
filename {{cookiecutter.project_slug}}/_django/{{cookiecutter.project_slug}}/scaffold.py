"""Render a module skeleton as a Django app of this project and wire it into settings and URLs.

Standard library only: the bake hook loads this file by path before Django is
installed, and `python manage.py startmodule` uses it to add a module later.
"""

import json
import keyword
import re
from pathlib import Path

KINDS = ("pages", "api", "accounts")

PACKAGE_DIR = Path(__file__).resolve().parent
SKELETONS_DIR = PACKAGE_DIR / "skeletons"
PROJECT_SLUG = PACKAGE_DIR.name

SETTINGS_FILE = Path("config/settings/base.py")
URLS_FILE = Path("config/urls.py")

# The comment lines new entries are inserted above; base.py and urls.py carry them.
APPS_MARKER = "# startmodule: new apps go above this line"
URLS_MARKER = "# startmodule: new URL includes go above this line"
AUTH_MARKER = "# startmodule: an accounts module's settings go above this line"

NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
URL_PREFIX = re.compile(r"/|(/[a-z0-9][a-z0-9_-]*)+")
PLACEHOLDER = re.compile(r"\[\[\s*(\w+)\s*\]\]")
TEMPLATE_SUFFIX = "-tpl"

# Names that would collide with a built-in app label or with the layout itself.
RESERVED_NAMES = frozenset(
    {
        "admin",
        "apps",
        "auth",
        "config",
        "context_processors",
        "contenttypes",
        "health",
        "logs",
        "mail",
        "management",
        "messages",
        "middleware",
        "migrations",
        "scaffold",
        "sessions",
        "skeletons",
        "static",
        "staticfiles",
        "telemetry",
        "templates",
        "tests",
    }
)


class ScaffoldError(ValueError):
    """One-line message naming the bad input."""


def add_module(project_dir: Path, name: str, kind: str, url_prefix: str) -> list[Path]:
    """Render the `kind` skeleton as module `name` and wire it into the project.

    Returns the files written.
    """
    project_dir = Path(project_dir)
    check_module(project_dir, name, kind, url_prefix)
    values = placeholder_values(name, url_prefix) | project_values(project_dir)
    if (project_dir / values["openapi_snapshot"]).exists():
        values["openapi_snapshot"] = f"openapi-{name}.json"
    skeletons = [SKELETONS_DIR / kind]
    if kind == "api" and values["accounts_app"]:
        # Tokens, the signed-in user and notes need the accounts module's users.
        skeletons.append(SKELETONS_DIR / "api_accounts")
    # A later skeleton's file replaces an earlier one's of the same target.
    targets = {
        project_dir / target: source
        for skeleton in skeletons
        for source, target in skeleton_files(skeleton, name, values["openapi_snapshot"])
    }
    plan = [(source, target) for target, source in targets.items()]
    for _, target in plan:
        if target.exists():
            raise ScaffoldError(f"{target}: already exists; refusing to overwrite it")
    rendered = [(render(source, values), target) for source, target in plan]
    edits, missing = wiring_edits(project_dir, name, kind, url_prefix)
    for content, target in rendered:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if missing:
        raise ScaffoldError(f"module {name!r} written but not wired: {'; '.join(missing)}")
    for path, text in edits.items():
        path.write_text(text, encoding="utf-8")
    return [target for _, target in plan]


def check_module(project_dir: Path, name: str, kind: str, url_prefix: str) -> None:
    """Raise ScaffoldError if the module cannot be added as asked."""
    if isinstance(name, str) and keyword.iskeyword(name):
        raise ScaffoldError(f"module name {name!r} is a Python keyword; pick another name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ScaffoldError(
            "module name must be a lowercase identifier (a-z, 0-9, _; at most 40 characters), "
            f"got {name!r}"
        )
    if name in RESERVED_NAMES or name == PROJECT_SLUG:
        raise ScaffoldError(f"module name {name!r} is taken by Django or the project layout")
    if kind not in KINDS:
        raise ScaffoldError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if not isinstance(url_prefix, str) or not URL_PREFIX.fullmatch(url_prefix):
        raise ScaffoldError(
            "url_prefix must be '/' or '/'-separated segments of a-z, 0-9, '-' and '_' "
            f"(no trailing '/'), got {url_prefix!r}"
        )
    if url_prefix == "/admin" or url_prefix.startswith("/admin/"):
        raise ScaffoldError(f"url_prefix {url_prefix!r} is taken by the Django admin")
    package = project_dir / PROJECT_SLUG / name
    for taken in (package, package.with_suffix(".py")):
        if taken.exists():
            raise ScaffoldError(f"{taken}: already exists; pick another module name")
    if not (SKELETONS_DIR / kind).is_dir():
        raise ScaffoldError(f"{SKELETONS_DIR / kind}: no skeleton for kind {kind!r}")


def placeholder_values(name: str, url_prefix: str) -> dict[str, str]:
    """What each `[[ placeholder ]]` in a skeleton becomes."""
    return {
        "app_name": name,
        "app_class": "".join(part.capitalize() for part in name.split("_")),
        "app_title": name.replace("_", " ").title(),
        "project_slug": PROJECT_SLUG,
        "url_prefix": url_prefix,
        # The prefix to put before a path: '' for '/'.
        "path_prefix": url_prefix.rstrip("/"),
    }


def project_values(project_dir: Path) -> dict[str, str]:
    """What a skeleton needs to know of the project around it, read from settings.

    accounts_app: the accounts module, named by AUTH_USER_MODEL ('' without
    one); site_name: SITE_NAME; openapi_snapshot: where an api module's
    schema snapshot goes.
    """
    path = project_dir / SETTINGS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    user_model = re.search(r'^AUTH_USER_MODEL = "(\w+)\.\w+"', text, re.M)
    site_name = re.search(r'^SITE_NAME = (".*")$', text, re.M)
    return {
        "accounts_app": user_model.group(1) if user_model else "",
        "site_name": json.loads(site_name.group(1)) if site_name else PROJECT_SLUG,
        "openapi_snapshot": "openapi.json",
    }


def skeleton_files(
    skeleton: Path, name: str, snapshot: str = "openapi.json"
) -> list[tuple[Path, Path]]:
    """(source, target relative to the project root) for every file of a skeleton."""
    segments = {
        "project_slug": PROJECT_SLUG,
        "app_name": name,
        "openapi.json-tpl": snapshot + TEMPLATE_SUFFIX,
    }
    files = []
    for source in sorted(skeleton.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        parts = [segments.get(part, part) for part in source.relative_to(skeleton).parts]
        parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
        files.append((source, Path(*parts)))
    return files


def render(source: Path, values: dict[str, str]) -> bytes:
    """A skeleton file's content: `-tpl` files get their placeholders replaced."""
    if not source.name.endswith(TEMPLATE_SUFFIX):
        return source.read_bytes()
    text = source.read_text(encoding="utf-8")

    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise ScaffoldError(
                f"{source}: unknown placeholder [[ {key} ]]; "
                f"expected one of {', '.join(sorted(values))}"
            )
        return values[key]

    return PLACEHOLDER.sub(substitute, text).encode("utf-8")


def route(url_prefix: str) -> str:
    """The path() route of a prefix: '/' -> '', '/blog' -> 'blog/'."""
    return "" if url_prefix == "/" else url_prefix.strip("/") + "/"


def wiring_lines(name: str, kind: str, url_prefix: str) -> dict[Path, list[tuple[str, str]]]:
    """The lines a module adds, per file, each as (marker, line)."""
    app = f"{PROJECT_SLUG}.{name}"
    lines = {
        SETTINGS_FILE: [(APPS_MARKER, f'    "{app}",')],
        URLS_FILE: [(URLS_MARKER, f'    path("{route(url_prefix)}", include("{app}.urls")),')],
    }
    if kind == "accounts":
        lines[SETTINGS_FILE] += [
            (AUTH_MARKER, f'AUTH_USER_MODEL = "{name}.User"'),
            (AUTH_MARKER, f'LOGIN_URL = "{name}:login"'),
            (AUTH_MARKER, f'LOGIN_REDIRECT_URL = "{name}:profile"'),
            (AUTH_MARKER, f'LOGOUT_REDIRECT_URL = "{name}:login"'),
            # Django's ModelBackend behind the sign-in limits (backends.py).
            (AUTH_MARKER, "AUTHENTICATION_BACKENDS = ["),
            (AUTH_MARKER, f'    "{app}.backends.LimitedModelBackend",'),
            (AUTH_MARKER, "]"),
        ]
    return lines


def wiring_edits(
    project_dir: Path, name: str, kind: str, url_prefix: str
) -> tuple[dict[Path, str], list[str]]:
    """The new text of settings and urls, and what to add by hand where a marker is missing."""
    edits: dict[Path, str] = {}
    missing: list[str] = []
    for relative, entries in wiring_lines(name, kind, url_prefix).items():
        path = project_dir / relative
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if kind == "accounts" and relative == SETTINGS_FILE:
            existing = re.search(r"^AUTH_USER_MODEL\s*=\s*[\"']([^.\"']+)", text, re.M)
            if existing:
                # One user model: the first accounts module's.
                raise ScaffoldError(
                    f"the project already has an accounts module ({existing.group(1)!r}); "
                    "at most one is supported"
                )
        if relative == URLS_FILE and f'path("{route(url_prefix)}", include(' in text:
            raise ScaffoldError(f"{relative}: url_prefix {url_prefix!r} is already routed")
        lines = text.splitlines(keepends=True)
        for marker, line in entries:
            index = next((i for i, current in enumerate(lines) if current.strip() == marker), None)
            if index is None:
                missing.append(f"add {line.strip()!r} to {relative} (marker {marker!r} not found)")
                continue
            lines.insert(index, line + "\n")
        edits[path] = "".join(lines)
    return ({} if missing else edits), missing
