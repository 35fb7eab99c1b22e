"""The project's module list: read from the `blueprints` names or a `blueprints_file`, validated."""

import json
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KINDS = ("pages", "api", "accounts")
ENTRY_KEYS = frozenset({"name", "kind", "url_prefix"})

# A blueprints file is a short list; anything larger is a mistake or an attack.
MAX_FILE_BYTES = 64 * 1024
MAX_NAME_LENGTH = 40

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
URL_PREFIX = re.compile(r"/|(/[a-z0-9][a-z0-9_-]*)+")

# sys.stdlib_module_names leaves out the standard library's own `test` package.
STDLIB_NAMES = sys.stdlib_module_names | {"test"}

# Names the baked layout uses for its own files and folders, at the project
# root or inside the package: a module of that name would shadow or collide.
LAYOUT_NAMES = frozenset(
    {
        "admin",
        "app",
        "apps",
        "asgi",
        "blueprints",
        "commands",
        "config",
        "conftest",
        "context_processors",
        "errors",
        "extensions",
        "forms",
        "health",
        "instance",
        "logs",
        "mail",
        "make_celery",
        "manage",
        "management",
        "middleware",
        "migrations",
        "models",
        "scaffold",
        "settings",
        "skeletons",
        "static",
        "staticfiles",
        "tasks",
        "telemetry",
        "templates",
        "tests",
        "urls",
        "vendor",
        "views",
        "wsgi",
    }
)

# Import names of what a baked project installs; a package or module of the
# same name would shadow the dependency.
DEPENDENCY_NAMES = frozenset(
    {
        "alembic",
        "asgiref",
        "billiard",
        "blinker",
        "cachelib",
        "celery",
        "click",
        "coverage",
        "django",
        "dotenv",
        "environ",
        "flask",
        "flask_caching",
        "flask_login",
        "flask_migrate",
        "flask_sqlalchemy",
        "flask_wtf",
        "grimp",
        "gunicorn",
        "importlinter",
        "itsdangerous",
        "jinja2",
        "kombu",
        "mako",
        "markupsafe",
        "packaging",
        "pip",
        "pluggy",
        "psycopg",
        "psycopg_binary",
        "pytest",
        "pytest_cov",
        "pytest_django",
        "redis",
        "ruff",
        "setuptools",
        "sqlalchemy",
        "sqlparse",
        "typing_extensions",
        "vine",
        "werkzeug",
        "whitenoise",
        "wtforms",
        "yaml",
    }
)

# App labels Django's contrib apps already take in INSTALLED_APPS.
DJANGO_APP_LABELS = frozenset(
    {"admin", "auth", "contenttypes", "messages", "sessions", "staticfiles"}
)


# URL prefixes the baked project already serves something at, by framework.
TAKEN_PREFIXES = {
    "flask": {"/static": "static files"},
    "django": {"/static": "static files", "/admin": "Django's admin site"},
}


def taken_by(framework: str, url_prefix: str) -> str | None:
    """What the project already serves under the first segment of `url_prefix`, if anything."""
    first_segment = "/" + url_prefix.split("/")[1]
    served = TAKEN_PREFIXES.get(framework, {}).get(first_segment)
    return f"the project serves {served}" if served else None


class SpecError(ValueError):
    """A module list that cannot be baked; `problems` holds one line per fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def shown(value: object, limit: int = 60) -> str:
    """repr() of a user's value, cut short so a hostile one still gives one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


@dataclass(frozen=True)
class Module:
    name: str
    kind: str
    url_prefix: str


def identifier_problem(name: str) -> str | None:
    """Why `name` cannot be a top-level or sub-package name, or None if it can."""
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
        return "is not a lowercase ASCII identifier (a-z, 0-9 and _, starting with a letter)"
    if len(name) > MAX_NAME_LENGTH:
        return f"is longer than {MAX_NAME_LENGTH} characters"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in STDLIB_NAMES:
        return "is the name of a standard-library module"
    if name in DEPENDENCY_NAMES:
        return "is the import name of a dependency"
    return None


def module_name_problem(name: str, framework: str, project_slug: str) -> str | None:
    """Why `name` cannot name a module of this project, or None if it can."""
    problem = identifier_problem(name)
    if problem:
        return problem
    if name in LAYOUT_NAMES:
        return "is a name the project layout uses itself"
    if name.startswith("test"):
        # A module's tests go in tests/<name>/ (Flask) beside the project's own
        # test_*.py files; pytest cannot tell a package and a module apart there.
        return "starts with 'test', which pytest keeps for test files"
    if name == project_slug:
        return "is the project's own package name"
    if framework == "django" and name in DJANGO_APP_LABELS:
        return "is the label of one of Django's built-in apps"
    return None


def template_defaults(path: Path) -> dict[str, Module]:
    """The template's own blueprints.yaml, by name: the kinds and prefixes of known names."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {entry["name"]: Module(**entry) for entry in entries}


def from_names(text: str, defaults: dict[str, Module]) -> list[Module]:
    """Modules from a comma-separated answer; unknown names become pages at /<name>."""
    names = [part.strip() for part in text.split(",")]
    if not any(names):
        raise SpecError([f"blueprints: expected at least one module name, got {shown(text)}"])
    if "" in names:
        raise SpecError(
            [f"blueprints: expected comma-separated names, got an empty one in {shown(text)}"]
        )
    return [defaults.get(name) or Module(name, "pages", f"/{name}") for name in names]


def read_file(path: Path) -> object:
    """Parse a blueprints file as YAML or JSON, chosen by its extension."""
    label = f"blueprints_file: {path}"
    suffix = path.suffix.lower()
    if suffix not in {".yaml", ".yml", ".json"}:
        raise SpecError(
            [f"{label}: expected a .yaml, .yml or .json file, got {suffix or 'no extension'!r}"]
        )
    if not path.is_file():
        raise SpecError([f"{label}: no such file"])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SpecError([f"{label}: expected at most {MAX_FILE_BYTES} bytes, got {size}"])
    try:
        text = path.read_text(encoding="utf-8")
        if suffix == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except UnicodeDecodeError:
        raise SpecError([f"{label}: expected UTF-8 text"]) from None
    except json.JSONDecodeError as error:
        raise SpecError(
            [f"{label}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        reason = getattr(error, "problem", None) or "not valid YAML"
        raise SpecError([f"{label}: invalid YAML{at}: {reason}"]) from None


def from_file(path: Path) -> list[Module]:
    """Modules from a YAML or JSON file in the shape of the template's blueprints.yaml."""
    data = read_file(path)
    label = f"blueprints_file: {path}"
    if not isinstance(data, list) or not data:
        got = type(data).__name__ if data is not None else "an empty file"
        raise SpecError([f"{label}: expected a non-empty list of modules, got {got}"])
    problems: list[str] = []
    modules: list[Module] = []
    for index, entry in enumerate(data, start=1):
        where = f"{label}, entry {index}"
        if not isinstance(entry, dict):
            problems.append(
                f"{where}: expected a mapping with name, kind and url_prefix, "
                f"got {type(entry).__name__}"
            )
            continue
        name = entry.get("name")
        if isinstance(name, str):
            where += f" ({shown(name)})"
        unknown = sorted(str(key) for key in entry if key not in ENTRY_KEYS)
        if unknown:
            problems.append(
                f"{where}: unknown key {', '.join(map(shown, unknown))}; "
                "expected name, kind, url_prefix"
            )
            continue
        if "name" not in entry:
            problems.append(f"{where}: missing key 'name'")
            continue
        kind = entry.get("kind", "pages")
        prefix = entry.get("url_prefix", f"/{name}")
        if not (isinstance(name, str) and isinstance(kind, str) and isinstance(prefix, str)):
            field, value = next(
                (field, value)
                for field, value in (("name", name), ("kind", kind), ("url_prefix", prefix))
                if not isinstance(value, str)
            )
            problems.append(f"{where}: {field} must be a string, got {type(value).__name__}")
            continue
        modules.append(Module(name=name, kind=kind, url_prefix=prefix))
    if problems:
        raise SpecError(problems)
    return modules


def check(modules: list[Module], framework: str, project_slug: str, source: str) -> list[str]:
    """One line per fault in an already parsed module list; `source` prefixes each line."""
    problems: list[str] = []
    seen_names: set[str] = set()
    prefixes: dict[str, str] = {}
    accounts: list[str] = []
    for index, module in enumerate(modules, start=1):
        where = f"{source}, entry {index} ({shown(module.name)})"
        problem = module_name_problem(module.name, framework, project_slug)
        if problem:
            # The other checks would only echo a bad name (a prefix made from it, say).
            problems.append(f"{where}: name {shown(module.name)} {problem}")
            continue
        if module.name in seen_names:
            problems.append(f"{where}: name {shown(module.name)} is used twice; names are unique")
            continue
        seen_names.add(module.name)
        if module.kind not in KINDS:
            problems.append(
                f"{where}: kind must be one of {', '.join(KINDS)}, got {shown(module.kind)}"
            )
        if module.kind == "accounts":
            accounts.append(module.name)
        if not module.url_prefix.startswith("/"):
            problems.append(
                f"{where}: url_prefix must start with '/', got {shown(module.url_prefix)}"
            )
        elif not URL_PREFIX.fullmatch(module.url_prefix):
            problems.append(
                f"{where}: url_prefix must be '/' or '/'-separated segments of "
                f"a-z, 0-9, '-' and '_' (no trailing '/'), got {shown(module.url_prefix)}"
            )
        elif taken := taken_by(framework, module.url_prefix):
            problems.append(f"{where}: url_prefix {shown(module.url_prefix)} is where {taken}")
        elif module.url_prefix in prefixes:
            problems.append(
                f"{where}: url_prefix {shown(module.url_prefix)} is already used by "
                f"{shown(prefixes[module.url_prefix])}"
            )
        prefixes.setdefault(module.url_prefix, module.name)
    if len(accounts) > 1:
        problems.append(
            f"{source}: expected at most one module of kind 'accounts', "
            f"got {', '.join(map(shown, accounts))}"
        )
    return problems


def resolve(answers: dict[str, Any], template_dir: Path, cwd: Path) -> list[Module]:
    """The validated module list the answers ask for; SpecError lists every fault."""
    file_answer = answers.get("blueprints_file", "").strip()
    if file_answer:
        path = Path(file_answer).expanduser()
        if not path.is_absolute():
            path = cwd / path
        modules = from_file(path)
        source = f"blueprints_file: {path}"
    else:
        modules = from_names(
            answers.get("blueprints", ""), template_defaults(template_dir / "blueprints.yaml")
        )
        source = "blueprints"
    problems = check(modules, answers["framework"], answers["project_slug"], source)
    if problems:
        raise SpecError(problems)
    return modules
