"""Renders a module skeleton into the project and wires it in (bake and `flask add-blueprint`).

Standard library only: the bake hook loads this file by path before any
dependency is installed.

A skeleton (skeletons/<kind>/) mirrors the project root. Path segments named
exactly `project_slug` or `app_name` become the package and module names;
files ending in `-tpl` lose the suffix and have their `[[ placeholder ]]`s
replaced; other files are copied as they are. Wiring = one entry appended to
the blueprints file (YAML or JSON); a migration that starts a new history
(`down_revision = None`) is chained after the project's current head.
"""

import json
import keyword
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
PROJECT_SLUG = PACKAGE_DIR.name
SKELETONS_DIR = PACKAGE_DIR / "skeletons"
KINDS = ("pages", "api", "accounts")

TEMPLATE_SUFFIX = "-tpl"
PLACEHOLDER = re.compile(r"\[\[\s*(\w+)\s*\]\]")
NAME = re.compile(r"[a-z][a-z0-9_]*")
URL_PREFIX = re.compile(r"/|(/[A-Za-z0-9][A-Za-z0-9_.~-]*)+")
# The package's own modules and folders: a blueprint of that name would shadow them.
RESERVED_NAMES = frozenset(
    {
        "app",
        "blueprints",
        "commands",
        "config",
        "errors",
        "extensions",
        "health",
        "logs",
        "mail",
        "migrations",
        "scaffold",
        "skeletons",
        "static",
        "tasks",
        "telemetry",
        "templates",
        "tests",
    }
)
ROOT_REVISION = re.compile(r"^down_revision = None$", re.M)
REVISION = re.compile(r"^revision\b[^=]*=\s*['\"]([^'\"]+)['\"]", re.M)
DOWN_REVISION = re.compile(r"^down_revision\b[^=]*=(.*)$", re.M)
# Words YAML 1.1 (PyYAML) reads as booleans or null: a `nav` text like these is quoted.
YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


class ScaffoldError(ValueError):
    """One-line message naming the bad input."""


def add_module(
    project_dir: Path, name: str, kind: str, url_prefix: str, *, registry: Path | None = None
) -> list[Path]:
    """Render the `kind` skeleton as module `name` and wire it into the project.

    Returns the files written, the blueprints file last. `registry` is the
    blueprints file to append to (default: blueprints.yaml in `project_dir`).
    Nothing is written unless every check passes.
    """
    project_dir = Path(project_dir)
    registry = project_dir / (registry or "blueprints.yaml")
    check_name(project_dir, name)
    if kind not in KINDS:
        raise ScaffoldError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if not URL_PREFIX.fullmatch(url_prefix):
        raise ScaffoldError(f"url_prefix must look like '/' or '/{name}', got {url_prefix!r}")
    check_not_registered(registry, name)

    context = placeholders(name, url_prefix) | project_placeholders(project_dir)
    if kind == "accounts" and context["accounts_app"]:
        # One user model: the first accounts module's.
        raise ScaffoldError(
            f"the project already has an accounts module ({context['accounts_app']!r}); "
            "at most one is supported"
        )
    if (project_dir / context["openapi_snapshot"]).exists():
        context["openapi_snapshot"] = f"openapi-{name}.json"
    skeletons = [SKELETONS_DIR / kind]
    if kind == "api" and context["accounts_app"]:
        # Tokens, the signed-in user and notes need the accounts module's users.
        skeletons.append(SKELETONS_DIR / "api_accounts")
    files = {
        target: render(source, context)
        if source.name.endswith(TEMPLATE_SUFFIX)
        else source.read_bytes()
        for skeleton in skeletons
        for source, target in skeleton_files(skeleton, project_dir, name, context)
    }
    for target in files:
        if target.exists():
            raise ScaffoldError(f"refusing to overwrite {target.relative_to(project_dir)}")
    files = chain_migrations(files, project_dir / "migrations" / "versions")

    for target, content in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    # A page module gets a link in the navigation bar, as in the Django variant.
    nav = context["app_title"] if kind == "pages" else None
    append_entry(registry, name, f"{PROJECT_SLUG}.{name}:bp", url_prefix, nav)
    return [*files, registry]


def check_name(project_dir: Path, name: str) -> None:
    if keyword.iskeyword(name):
        raise ScaffoldError(f"module name {name!r} is a Python keyword; pick another name")
    if not NAME.fullmatch(name):
        raise ScaffoldError(
            f"module name must be a lowercase Python identifier (a-z, 0-9, _), got {name!r}"
        )
    if name in RESERVED_NAMES:
        raise ScaffoldError(f"module name {name!r} is taken by the project's own layout")
    if name.startswith("test"):
        # Its tests/<name>/ package would clash with the test modules beside it.
        raise ScaffoldError(f"module name must not start with 'test', got {name!r}")
    if (project_dir / PROJECT_SLUG / name).exists():
        raise ScaffoldError(f"module {name!r} already exists: {PROJECT_SLUG}/{name}")


def project_placeholders(project_dir: Path) -> dict[str, str]:
    """What a skeleton needs to know of the project around it.

    accounts_app: the accounts module, found by its AccountsService ('' without one);
    site_name: SITE_NAME of config.py; openapi_snapshot: where an api module's
    schema snapshot goes (add_module names it after the module when another
    api module has openapi.json).
    """
    accounts = [
        path.parent.name
        for path in sorted((project_dir / PROJECT_SLUG).glob("*/auth.py"))
        if "class AccountsService" in path.read_text(encoding="utf-8")
    ]
    config = project_dir / PROJECT_SLUG / "config.py"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    found = re.search(r'^\s*SITE_NAME = (".*")$', text, re.M)
    return {
        "accounts_app": accounts[0] if accounts else "",
        "site_name": json.loads(found.group(1)) if found else PROJECT_SLUG,
        "openapi_snapshot": "openapi.json",
    }


def placeholders(name: str, url_prefix: str) -> dict[str, str]:
    words = name.split("_")
    return {
        "app_name": name,
        "app_class": "".join(word.capitalize() for word in words),
        "app_title": " ".join(word.capitalize() for word in words if word),
        "project_slug": PROJECT_SLUG,
        "url_prefix": url_prefix,
        # The prefix to put before a path: '' for '/'.
        "path_prefix": url_prefix.rstrip("/"),
    }


def skeleton_files(
    skeleton: Path, project_dir: Path, name: str, context: dict[str, str]
) -> Iterator[tuple[Path, Path]]:
    """(source, target) for every file of the skeleton, target paths renamed.

    "app_name" in a path becomes the module's name, so that two api modules
    have migrations of their own. A later skeleton's file (the api module's
    api_accounts) replaces an earlier one's of the same target.
    """
    segments = {
        "project_slug": PROJECT_SLUG,
        "openapi.json-tpl": context["openapi_snapshot"] + TEMPLATE_SUFFIX,
    }
    for source in sorted(skeleton.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        parts = [
            segments.get(part, part).replace("app_name", name)
            for part in source.relative_to(skeleton).parts
        ]
        parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
        yield source, project_dir.joinpath(*parts)


def render(source: Path, context: dict[str, str]) -> bytes:
    def substitute(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in context:
            raise ScaffoldError(f"{source}: unknown placeholder [[ {key} ]]")
        return context[key]

    return PLACEHOLDER.sub(substitute, source.read_text(encoding="utf-8")).encode()


def chain_migrations(files: dict[Path, bytes], versions_dir: Path) -> dict[Path, bytes]:
    """Point a skeleton's root migration at the project's current head, keeping one history."""
    head = current_head(versions_dir)
    if head is None:
        return files
    chained = {}
    for target, content in files.items():
        if target.parent == versions_dir and target.suffix == ".py":
            content = ROOT_REVISION.sub(f'down_revision = "{head}"', content.decode()).encode()
        chained[target] = content
    return chained


def current_head(versions_dir: Path) -> str | None:
    """The one revision no other revision points at; None for an empty history."""
    revisions, parents = set(), set()
    for path in versions_dir.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions.update(REVISION.findall(text))
        for value in DOWN_REVISION.findall(text):
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", value))
    heads = sorted(revisions - parents)
    if len(heads) > 1:
        raise ScaffoldError(
            f"migrations have several heads ({', '.join(heads)}); "
            "merge them first: flask db merge heads"
        )
    return heads[0] if heads else None


def check_not_registered(registry: Path, name: str) -> None:
    if registry.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise ScaffoldError(f"{registry.name}: blueprints file must end in .yaml, .yml or .json")
    if registry.exists():
        # "- name: blog" in YAML, '"name": "blog",' in JSON (\x7b and \x7d are braces).
        entry = rf"""^[\s\x7b-]*["']?name["']?\s*:\s*["']?{name}["']?\s*([,#\x7d].*)?$"""
        if re.search(entry, registry.read_text(encoding="utf-8"), re.M):
            raise ScaffoldError(f"{registry.name} already lists a blueprint named {name!r}")


def append_entry(
    registry: Path, name: str, target: str, url_prefix: str, nav: str | None = None
) -> None:
    """Add the entry at the end of the file, leaving its comments and entries as they are."""
    text = registry.read_text(encoding="utf-8") if registry.exists() else ""
    entry = {"name": name, "import": target, "url_prefix": url_prefix}
    if nav:
        entry["nav"] = nav
    if registry.suffix.lower() == ".json":
        entries = json.loads(text) if text.strip() else []
        if not isinstance(entries, list):
            raise ScaffoldError(f"{registry.name}: expected a JSON list of blueprint entries")
        entries.append(entry)
        registry.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
        return
    if text and not text.endswith("\n"):
        text += "\n"
    if nav and nav.lower() in YAML_WORDS:
        entry["nav"] = json.dumps(nav)  # a JSON string is a YAML string
    text += "- " + "\n  ".join(f"{key}: {value}" for key, value in entry.items()) + "\n"
    registry.write_text(text, encoding="utf-8")
