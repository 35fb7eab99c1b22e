"""A real browser, a real mail server: an account's whole life on a baked project under gunicorn.

Each framework on SQLite without Celery, where the request sends the mail,
and on PostgreSQL with Celery, where a real worker sends it. The mail server
(aiosmtpd on loopback) is down when the person registers: the first project
says so and is asked for the link again; the second project's worker retries
until the server is up.
"""

import contextlib
import re

import pytest
from conftest import CHOICES
from servers import (
    CHROMIUM_ARGS,
    Mailbox,
    celery_worker,
    free_port,
    gunicorn,
    prepare,
    production_env,
    require_chromium,
)

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a new and longer passphrase"
# The database and use_celery answers the journey runs with, for each framework.
SETUPS = [("sqlite", "no"), ("postgresql", "yes")]


@pytest.fixture(scope="module")
def browser():
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def alerts(page) -> str:
    return " ".join(page.locator("main [role=alert]").all_inner_texts())


def submit(page, form) -> None:
    """Press the form's button and wait for the page it leads to."""
    with page.expect_navigation():
        form.locator("[type=submit]").click()


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    submit(page, page.locator("main form"))


def try_the_api_docs(page, base: str) -> None:
    """The API docs page, under its Content-Security-Policy, calls the API with the session.

    Swagger UI (vendored) lists every operation; "Try it out" on PATCH
    /api/users/me sends the page's CSRF token (static/js/api-docs.js), which
    a session needs for anything but GET.
    """
    page.goto(base + "/api/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == 10
    operation = page.locator("#operations-users-patch_me")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("textarea.body-param__text").fill('{"username": "ada"}')
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tr.response .response-col_status")
    assert status.inner_text().strip() == "200"
    page.goto(base + "/")


@pytest.mark.parametrize(("database", "use_celery"), SETUPS, ids=["-".join(s) for s in SETUPS])
@pytest.mark.parametrize("framework", CHOICES["framework"])
def test_an_account_from_registration_to_deletion(
    cookies, browser, request, tmp_path, framework, database, use_celery
):
    answers = {"framework": framework, "database": database, "use_celery": use_celery}
    project = cookies.bake(extra_context=answers).project_path
    if database == "postgresql":
        database_url = request.getfixturevalue("postgres_url")
    else:
        database_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    mailbox = Mailbox(free_port())
    env = production_env(project, framework, database_url, email_url=mailbox.url)
    # Where gunicorn will serve: links in mail start there, whoever sends them.
    port = free_port()
    env["SITE_URL"] = f"http://localhost:{port}"
    worker = contextlib.nullcontext()
    if use_celery == "yes":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
        worker = celery_worker(project, framework, env, tmp_path / "worker.log")
    prepare(project, framework, env)
    page = browser.new_page()
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    # The Content-Security-Policy of every page the journey loads.
    policies = {}
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and policies.setdefault(response.url, response.headers.get("content-security-policy"))
        ),
    )

    with gunicorn(project, framework, env, port=port) as base, worker:
        page.goto(base + "/")
        assert page.title().endswith("My Project")
        # Bootstrap is vendored and served by the project itself.
        assert page.eval_on_selector("nav", "element => getComputedStyle(element).display") == (
            "flex"
        )

        # Register while the mail server is down.
        page.get_by_role("link", name="Register").click()
        page.get_by_label("Username", exact=True).fill("ada")
        page.get_by_label("Email address", exact=True).fill("ada@example.com")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password", exact=True).fill(PASSWORD)
        submit(page, page.locator("main form"))
        assert "/accounts/login" in page.url
        try:
            mailbox.start()
            if use_celery == "yes":
                # The worker's task retries until the server takes the mail.
                assert "We have sent a link to ada@example.com" in alerts(page)
            else:
                assert "we could not send the confirmation mail just now" in alerts(page)
                # Unconfirmed: sign-in is refused, and says why.
                sign_in(page, base, "ada", PASSWORD)
                assert "Confirm your email address first" in alerts(page)
                page.get_by_role("link", name="Have it sent again").click()
                page.get_by_label("Email address", exact=True).fill("ada@example.com")
                submit(page, page.locator("main form"))
            link = mailbox.link(mailbox.wait_for("ada@example.com", seconds=60))
            assert link.startswith(base + "/accounts/confirm-email/")

            # Confirm from the mail, then sign in and out.
            page.goto(link)
            submit(page, page.locator("main form"))
            assert "Your email address ada@example.com is confirmed." in alerts(page)
            sign_in(page, base, "ada", PASSWORD)
            assert page.url.rstrip("/").endswith("/accounts/profile")
            assert "Signed in as ada" in page.locator("nav").inner_text()
            page.locator("nav form [type=submit]").click()
            page.wait_for_url(re.compile(r".*/accounts/login/?$"))

            # Reset the password from the mail, then sign in with the new one.
            page.get_by_role("link", name=re.compile("^Forgot")).click()
            page.get_by_label("Email address", exact=True).fill("ada@example.com")
            submit(page, page.locator("main form"))
            assert "we have sent it a link to choose a new password" in alerts(page)
            page.goto(mailbox.link(mailbox.wait_for("ada@example.com")))
            assert "/set-password" in page.url
            page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
            page.get_by_label("Repeat the new password", exact=True).fill(NEW_PASSWORD)
            submit(page, page.locator("main form"))
            assert "Your password is changed. Sign in with the new one." in alerts(page)
            sign_in(page, base, "ada", PASSWORD)
            assert "Wrong username or password." in alerts(page)
            sign_in(page, base, "ada", NEW_PASSWORD)
            assert "Signed in as ada" in page.locator("nav").inner_text()
            try_the_api_docs(page, base)

            # Change the address; the new one takes over once confirmed.
            page.locator("nav").get_by_role("link", name="Settings").click()
            email_form = page.get_by_role("region", name="Email address", exact=True).locator(
                "form"
            )
            email_form.get_by_label("New email address", exact=True).fill("ada@new.example")
            email_form.get_by_label("Current password", exact=True).fill(NEW_PASSWORD)
            submit(page, email_form)
            assert "Your address stays ada@example.com until you follow it." in alerts(page)
            page.goto(mailbox.link(mailbox.wait_for("ada@new.example")))
            submit(page, page.locator("main form"))
            assert "Your email address ada@new.example is confirmed." in alerts(page)
            assert "Now ada@new.example" in page.locator("main").inner_text()
        finally:
            mailbox.stop()

        # Delete the account: gone, and signed out.
        delete_form = page.get_by_role("region", name="Delete the account", exact=True)
        delete_form.get_by_label("Current password", exact=True).fill(NEW_PASSWORD)
        submit(page, delete_form)
        assert "Your account is deleted." in alerts(page)
        page.goto(base + "/accounts/profile/")
        assert "/accounts/login" in page.url
        sign_in(page, base, "ada", NEW_PASSWORD)
        assert "Wrong username or password." in alerts(page)

        # An error page: the same layout, under the same policy. Chromium
        # logs the 404 status itself as a console error; nothing else may be.
        seen = len(console_errors)
        page.goto(base + "/no/such/page")
        assert page.title().startswith("Page not found")
        assert page.eval_on_selector("nav", "element => getComputedStyle(element).display") == (
            "flex"
        )
        assert [text for text in console_errors[seen:] if "status of 404" not in text] == []
        del console_errors[seen:]

    # Every page was sent the strict policy, and none broke it: Chromium
    # logs each refused script, style or request as a console error.
    assert len(policies) > 10
    for url, policy in policies.items():
        assert policy and "script-src 'self';" in policy, url
        assert "unsafe-inline" not in policy, url
    violations = [text for text in console_errors if "Content Security Policy" in text]
    assert violations == []
    assert console_errors == []
