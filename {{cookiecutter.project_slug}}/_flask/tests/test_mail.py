{% if cookiecutter.use_celery == "yes" -%}
"""The mail module: send_mail() queues a Celery task, which retries while the server refuses."""

import subprocess
import sys
from smtplib import SMTPServerDisconnected

from flask_mailman.backends.locmem import EmailBackend

from {{ cookiecutter.project_slug }} import mail
from {{ cookiecutter.project_slug }}.tasks import send_email

from .conftest import PROJECT_ROOT, clean_env

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"


# Flask-Mailman ships no types: mypy sees its EmailBackend as Any, a base class
# it refuses ([misc]) unless told.
class FlakyEmailBackend(EmailBackend):  # type: ignore[misc]
    """Flask-Mailman's test outbox behind a server that refuses the first two messages."""

    refusals = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.refusals < 2:
            FlakyEmailBackend.refusals += 1
            raise SMTPServerDisconnected("the server hung up")
        return super().send_messages(messages)
{%- else -%}
"""The mail module: send_mail() hands one message to the mail server, or raises MailError."""

import pytest

from {{ cookiecutter.project_slug }} import mail
{%- endif %}


def test_send_mail_sends_one_plain_text_message_from_the_site(app):
    with app.app_context():
        outbox = app.extensions["mailman"].outbox = []
        mail.send_mail("Hello", "A body with a link: https://example.com/x", "ada@example.com")

    [message] = outbox
    assert message.subject == "Hello"
    assert message.body == "A body with a link: https://example.com/x"
    assert message.to == ["ada@example.com"]
    assert message.from_email == app.config["DEFAULT_FROM_EMAIL"]
{%- if cookiecutter.use_celery == "yes" %}


def test_the_task_retries_until_the_server_takes_the_mail(app):
    app.extensions["mailman"].backend = f"{__name__}.FlakyEmailBackend"
    FlakyEmailBackend.refusals = 0

    with app.app_context():
        result = send_email.apply(("Hello", "Body", "ada@example.com"))
        outbox = app.extensions["mailman"].outbox

    assert result.successful()
    assert FlakyEmailBackend.refusals == 2
    assert [message.to for message in outbox] == [["ada@example.com"]]


def test_a_broker_that_is_down_raises_mail_error():
    # Outside the test config, which runs tasks in-process: a real broker
    # connection, to a port where nothing listens.
    code = (
        "from {{ cookiecutter.project_slug }}.app import create_app\n"
        "from {{ cookiecutter.project_slug }} import mail\n"
        "with create_app().app_context():\n"
        "    try:\n"
        "        mail.send_mail('Hello', 'Body', 'ada@example.com')\n"
        "    except mail.MailError:\n"
        "        print('MailError')\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=clean_env() | {"REDIS_URL": NO_REDIS},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "MailError", result.stderr
{%- else %}


def test_a_mail_server_that_is_down_raises_mail_error(make_app):
    app = make_app(EMAIL_URL="smtp://127.0.0.1:1")

    with app.app_context(), pytest.raises(mail.MailError):
        mail.send_mail("Hello", "Body", "ada@example.com")
{%- endif %}
