"""A real browser against a baked project under gunicorn: render, register, log in, profile, log out."""

import shutil

import pytest
from conftest import CHOICES, unavailable
from servers import gunicorn, prepare, production_env

# Debian's package (.ci/run installs it); elsewhere any Chromium-based browser
# linked as `chromium` on PATH (the template's GitHub workflow links Chrome).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium reaches for Google's services at start-up, which
# this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_a_person_registers_sees_their_profile_logs_out_and_in_again(
    cookies, browser, framework, tmp_path
):
    project = cookies.bake(extra_context={"framework": framework}).project_path
    env = production_env(project, framework, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    prepare(project, framework, env)
    page = browser.new_page()
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )

    with gunicorn(project, framework, env) as base:
        page.goto(base + "/")
        assert page.title().endswith("My Project")
        # Bootstrap is vendored and served by the project itself.
        nav_display = page.eval_on_selector("nav", "element => getComputedStyle(element).display")
        assert nav_display == "flex"

        page.get_by_role("link", name="Register").click()
        page.fill("input[name=username]", "ada")
        passwords = page.locator("input[type=password]")
        passwords.nth(0).fill(PASSWORD)
        passwords.nth(1).fill(PASSWORD)
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state()

        page.goto(base + "/accounts/profile/")
        assert page.url.rstrip("/").endswith("/accounts/profile")
        assert page.locator("h1").inner_text() == "ada"

        page.locator("nav form [type=submit]").click()
        page.wait_for_load_state()
        page.goto(base + "/accounts/profile/")
        assert "/accounts/login" in page.url and "next=" in page.url

        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith("/accounts/profile")
        assert "ada" in page.locator("nav").inner_text()

    assert console_errors == []
