"""The two frameworks draw the same pages: the same elements, classes and text.

A default bake of each renders its pages with its own test client, in its
own process (both packages are named my_project); the outlines are compared
page by page. The only differences allowed are Django's trailing slash in a
URL shown as text and the name of the home page's view, which the page names.
"""

import difflib
import json
import sys
from html.parser import HTMLParser

import pytest
from conftest import bake_cli, run

PASSWORD = "a-long-enough-passphrase"
ANONYMOUS = {
    "home": "/",
    "sign-in": "/accounts/login",
    "register": "/accounts/register",
    "password reset": "/accounts/password-reset",
    "resend confirmation": "/accounts/confirm-email",
    "not found": "/no/such/page",
}
SIGNED_IN = {
    "home, signed in": "/",
    "own profile": "/accounts/profile",
    "public profile": "/accounts/profile/ada",
    "settings": "/accounts/settings",
}

# Each script prints {page: html} as JSON; ada, confirmed, is signed in for SIGNED_IN.
FLASK_PAGES = f"""
import json, re
from my_project.accounts.models import User
from my_project.app import create_app
from my_project.config import TestingConfig
from my_project.extensions import db

app = create_app(TestingConfig)
with app.app_context():
    db.create_all()
    ada = User(username="ada", email="ada@example.com", email_confirmed=True)
    ada.set_password({PASSWORD!r})
    db.session.add(ada)
    db.session.commit()
client = app.test_client()
pages = {{name: client.get(path).text for name, path in {ANONYMOUS!r}.items()}}
token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', pages["sign-in"]).group(1)
data = {{"username": "ada", "password": {PASSWORD!r}, "csrf_token": token}}
assert client.post("/accounts/login", data=data).status_code == 302
for name, path in {SIGNED_IN!r}.items():
    pages[name] = client.get(path, follow_redirects=True).text
print(json.dumps(pages))
"""
DJANGO_PAGES = f"""
import json, logging, os
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
logging.disable(logging.CRITICAL)
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.runner import DiscoverRunner
from django.test.utils import setup_test_environment

setup_test_environment()
DiscoverRunner(verbosity=0).setup_databases()
client = Client()
pages = {{
    name: client.get(path.rstrip("/") + "/", follow=True).content.decode()
    for name, path in {ANONYMOUS!r}.items()
}}
ada = get_user_model().objects.create_user("ada", "ada@example.com", {PASSWORD!r})
ada.email_confirmed = True
ada.save()
assert client.login(username="ada", password={PASSWORD!r})
for name, path in {SIGNED_IN!r}.items():
    pages[name] = client.get(path.rstrip("/") + "/", follow=True).content.decode()
print(json.dumps(pages))
"""


class Outline(HTMLParser):
    """Each element as <tag class>, and each run of text, in document order.

    Hidden inputs (the CSRF tokens, named differently) and what scripts and
    styles hold are left out; attributes other than class are not compared.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "input" and attributes.get("type") == "hidden":
            return
        classes = attributes.get("class") or ""
        self.lines.append(f"<{tag} {classes}>" if classes else f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self.hidden:
            # Django's URLs end in a slash; the view is a class there.
            text = text.replace("/ada/", "/ada").replace("IndexView", "index")
            self.lines.append(text)


def outline(html: str) -> list[str]:
    parser = Outline()
    parser.feed(html)
    return parser.lines


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{framework: {page: html}} of a default bake of each framework."""
    rendered = {}
    for framework, script in (("flask", FLASK_PAGES), ("django", DJANGO_PAGES)):
        output = tmp_path_factory.mktemp(framework)
        bake = bake_cli(output, f"framework={framework}", "init_git=no")
        assert bake.returncode == 0, bake.stderr
        project = output / "my_project"
        result = run([sys.executable, "-c", script], project, PYTHONPATH=str(project))
        rendered[framework] = json.loads(result.stdout)
    return rendered


@pytest.mark.parametrize("page", [*ANONYMOUS, *SIGNED_IN])
def test_both_frameworks_draw_the_page_alike(pages, page):
    flask, django = outline(pages["flask"][page]), outline(pages["django"][page])
    assert len(flask) > 20, pages["flask"][page]
    difference = "\n".join(difflib.unified_diff(flask, django, "flask", "django", lineterm=""))
    assert flask == django, f"{page} differs:\n{difference}"
