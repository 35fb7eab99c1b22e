"""Lighthouse at 100 for accessibility, best practices and SEO on every page of each framework.

Each framework's default bake runs under gunicorn with its production
settings on SQLite, its mail going to a real SMTP server on loopback. A
confirmed account made with the project's own command signs in over HTTP;
the mail the site sends gives the real links of the confirm-email and
set-password pages. tests/lighthouse/audit.js then audits every page in one
Chromium. Lighthouse refuses a page with an error status, so the pages that
answer one (404, an unusable link) are left to test_browser.py.
"""

import html.parser
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import CHOICES, TEMPLATE_DIR, clean_env, run, unavailable
from servers import Mailbox, free_port, gunicorn, prepare, production_env, require_chromium

LIGHTHOUSE_DIR = TEMPLATE_DIR / "tests" / "lighthouse"
USERNAME = "ada"
EMAIL = "ada@example.com"
PASSWORD = "correct horse battery staple"
CATEGORIES = ("accessibility", "best-practices", "seo")


class Forms(html.parser.HTMLParser):
    """The forms of a page: each one's action and its inputs' (name, type, value)."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "inputs": []})
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["inputs"].append(
                (
                    attributes["name"],
                    attributes.get("type") or "text",
                    attributes.get("value") or "",
                )
            )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """A browser's share of HTTP for one person: cookies kept, redirects left to the caller.

    The cookies are kept by hand: production marks them Secure, which
    browsers send to http://localhost but http.cookiejar does not.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    @property
    def cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def request(self, url: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, Location, body) of a GET, or of a POST of `form`."""
        url = urllib.parse.urljoin(self.base + "/", url)
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers=self.cookie_header)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value.strip()
            location = urllib.parse.urljoin(url, response.headers.get("Location") or "")
            return response.status, location, response.read().decode()

    def submit(self, page_url: str, action_ends: str, fields: dict[str, str]) -> str:
        """Fill the page's form whose action ends with `action_ends` by input type; its redirect.

        Hidden inputs (the CSRF token) keep their values; `fields` maps an
        input type (text, email, password) to what goes in every input of it.
        """
        page_url = urllib.parse.urljoin(self.base + "/", page_url)
        status, _, page = self.request(page_url)
        assert status == 200, f"{page_url}: {status}"
        # A form without an action posts to its own page.
        forms = [(urllib.parse.urljoin(page_url, f["action"]), f) for f in Forms(page).forms]
        [(action, form)] = [(a, f) for a, f in forms if a.rstrip("/").endswith(action_ends)]
        data = {
            name: value if kind == "hidden" else fields[kind]
            for name, kind, value in form["inputs"]
        }
        status, location, body = self.request(action, data)
        assert status in (302, 303), f"{action}: {status}\n{body[-3000:]}"
        return location


@pytest.fixture(scope="module")
def lighthouse():
    """audit(pages): one JSON result per page from tests/lighthouse/audit.js, in one Chromium."""
    node = shutil.which("node")
    if node is None:
        unavailable("node is missing: apt-get install nodejs npm (.ci/run does)")
    if not (LIGHTHOUSE_DIR / "node_modules" / "lighthouse").is_dir():
        unavailable("Lighthouse is not installed: npm ci --prefix tests/lighthouse (.ci/run does)")
    chromium = require_chromium()

    def audit(pages: list[dict]) -> list[dict]:
        result = subprocess.run(
            [node, "audit.js"],
            cwd=LIGHTHOUSE_DIR,
            input=json.dumps(pages),
            env=clean_env(CHROME_PATH=chromium),
            capture_output=True,
            text=True,
            timeout=60 * len(pages),
        )
        assert result.returncode == 0, f"audit.js failed:\n{result.stdout}\n{result.stderr}"
        return [json.loads(line) for line in result.stdout.splitlines()]

    return audit


def account_url(framework: str, path: str) -> str:
    """A page of the accounts module: Django's URLs end with a slash, Flask's do not."""
    return f"/accounts/{path}" + ("/" if framework == "django" and not path.endswith("/") else "")


def create_user(project: Path, framework: str, env: dict[str, str]) -> None:
    """A confirmed account, made with the project's own command."""
    if framework == "flask":
        command = ["-m", "flask", "create-user", USERNAME, EMAIL]
    else:
        command = ["manage.py", "createuser", USERNAME, EMAIL]
    run([sys.executable, *command], project, **env, PASSWORD=PASSWORD)


def pages_of(framework: str, base: str, mailbox: Mailbox) -> list[dict]:
    """Every page the site answers with 200, and the cookies each one is asked with."""
    signed_in = Visitor(base)
    signed_in.submit(
        account_url(framework, "login"), "login", {"text": USERNAME, "password": PASSWORD}
    )
    # The signed-in pages are audited as they are before the change of address
    # below leaves its message for the next one.
    signed_in_cookies = signed_in.cookie_header
    # The set-password page: the mailed link moves its token into the session.
    # The sign-in page the request leads to says where the link went: it is
    # audited with that message.
    asking = Visitor(base)
    asking.submit(account_url(framework, "password-reset"), "password-reset", {"email": EMAIL})
    resetting = Visitor(base)
    status, set_password, _ = resetting.request(mailbox.link(mailbox.wait_for(EMAIL)))
    assert status == 302 and "set-password" in set_password, (status, set_password)
    # The confirm-email page: a new address's mailed link.
    signed_in.submit(
        account_url(framework, "settings"),
        "settings/email",
        {"email": "ada@new.example", "password": PASSWORD},
    )
    confirm_email = mailbox.link(mailbox.wait_for("ada@new.example"))

    def page(name: str, url: str, cookies: dict[str, str] | None = None) -> dict:
        return {
            "name": name,
            "url": urllib.parse.urljoin(base + "/", url),
            "headers": cookies or {},
        }

    return [
        page("home", "/"),
        page("sign in", account_url(framework, "login"), asking.cookie_header),
        page("register", account_url(framework, "register")),
        page("password reset", account_url(framework, "password-reset")),
        page("set password", set_password, resetting.cookie_header),
        page("resend confirmation", account_url(framework, "confirm-email")),
        page("confirm email", confirm_email),
        page("profile", account_url(framework, f"profile/{USERNAME}")),
        page("own profile", account_url(framework, "profile/"), signed_in_cookies),
        page("settings", account_url(framework, "settings"), signed_in_cookies),
        page("API docs", "/api/docs"),
    ]


def failures(result: dict) -> list[str]:
    """What keeps a page below 100, one line per category, its failing audits under it."""
    if "error" in result:
        return [f"{result['name']} ({result['url']}): not audited: {result['error']}"]
    if result["finalUrl"] != result["url"]:
        # A signed-in page that sends to the sign-in page would pass as that page.
        return [f"{result['name']} ({result['url']}): redirected to {result['finalUrl']}"]
    if result["name"] == "API docs" and not any(h.startswith("#/") for h in result["links"]):
        # Swagger UI draws the page from the schema: audited before that, it would pass empty.
        return [f"{result['name']} ({result['url']}): audited before Swagger UI drew it"]
    lines = []
    for category in CATEGORIES:
        score = result["scores"][category]
        if score == 100:
            continue
        lines.append(f"{result['name']} ({result['url']}): {category} {score}")
        for audit in result["failing"]:
            if audit["category"] == category:
                lines.append(f"  {audit['id']}: {audit['title']}")
                lines.extend(f"    {json.dumps(item)}" for item in audit["items"])
    return lines


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_every_page_scores_100(cookies, lighthouse, tmp_path, framework):
    started = time.monotonic()
    project = cookies.bake(extra_context={"framework": framework}).project_path
    mailbox = Mailbox().start()
    env = production_env(
        project, framework, f"sqlite:///{tmp_path / 'site.sqlite3'}", email_url=mailbox.url
    )
    # Where gunicorn will serve: the links in the mail start there.
    port = free_port()
    env["SITE_URL"] = f"http://localhost:{port}"
    prepare(project, framework, env)
    create_user(project, framework, env)
    try:
        with gunicorn(project, framework, env, port=port) as base:
            pages = pages_of(framework, base, mailbox)
            audits_started = time.monotonic()
            results = lighthouse(pages)
            audited = time.monotonic() - audits_started
    finally:
        mailbox.stop()

    print(
        f"\n{framework}: ready to audit in {audits_started - started:.1f} s, "
        f"{len(pages)} pages audited in {audited:.1f} s ({audited / len(pages):.1f} s a page)"
    )
    for result in results:
        scores = " ".join(f"{c} {result.get('scores', {}).get(c)}" for c in CATEGORIES)
        print(f"  {result['name']}: {scores} ({result.get('seconds')} s)")
    assert [result["name"] for result in results] == [page["name"] for page in pages]
    problems = [line for result in results for line in failures(result)]
    assert not problems, "\n" + "\n".join(problems)


def test_the_audit_script_pins_lighthouse():
    manifest = json.loads((LIGHTHOUSE_DIR / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((LIGHTHOUSE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    assert manifest["dependencies"] == {"lighthouse": "12.2.3"}
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"
    assert re.search(
        r"^npm ci --prefix tests/lighthouse\b",
        (TEMPLATE_DIR / ".ci" / "run").read_text(encoding="utf-8"),
        re.M,
    )
