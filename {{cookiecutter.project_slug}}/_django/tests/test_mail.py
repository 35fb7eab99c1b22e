{% if cookiecutter.use_celery == "yes" -%}
"""The mail module: send_mail() queues a Celery task, which retries while the server refuses."""

import io
import subprocess
import sys
from smtplib import SMTPServerDisconnected

from django.conf import settings
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend

from {{ cookiecutter.project_slug }} import mail
from {{ cookiecutter.project_slug }}.tasks import send_email

# Nothing listens on port 1: connecting is refused at once.
NO_REDIS = "redis://127.0.0.1:1/0"


class FlakyBackend(EmailBackend):
    """Django's test outbox behind a server that refuses the first two messages."""

    refusals = 0

    def send_messages(self, messages):
        if FlakyBackend.refusals < 2:
            FlakyBackend.refusals += 1
            raise SMTPServerDisconnected("the server hung up")
        return super().send_messages(messages)
{%- else -%}
"""The mail module: send_mail() hands one message to the mail server, or raises MailError."""

import io

import pytest
from django.core import mail as django_mail

from {{ cookiecutter.project_slug }} import mail
{%- endif %}


def test_the_console_prints_long_links_whole(settings):
    printed = io.StringIO()
    link = "https://example.com/accounts/confirm-email/" + "x" * 120 + "/"
    settings.MAILERS = {
        "default": {
            "BACKEND": "{{ cookiecutter.project_slug }}.mail.ConsoleBackend",
            "OPTIONS": {"stream": printed},
        }
    }

    django_mail.send_mail("Hello", f"Open this link:\n\n{link}\n", None, ["ada@example.com"])

    assert f"\n{link}\n" in printed.getvalue()
    assert "To: ada@example.com\nSubject: Hello\n" in printed.getvalue()


def test_send_mail_sends_one_plain_text_message_from_the_site(mailoutbox, settings):
    mail.send_mail("Hello", "A body with a link: https://example.com/x", "ada@example.com")

    [message] = mailoutbox
    assert message.subject == "Hello"
    assert message.body == "A body with a link: https://example.com/x"
    assert message.to == ["ada@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
{%- if cookiecutter.use_celery == "yes" %}


def test_the_task_retries_until_the_server_takes_the_mail(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    FlakyBackend.refusals = 0

    result = send_email.apply(("Hello", "Body", "ada@example.com"))

    assert result.successful()
    assert FlakyBackend.refusals == 2
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]


def test_a_broker_that_is_down_raises_mail_error(bare_env):
    # Outside the test settings, which run tasks in-process: a real broker
    # connection, to a port where nothing listens.
    code = (
        "import django; django.setup()\n"
        "from {{ cookiecutter.project_slug }} import mail\n"
        "try:\n"
        "    mail.send_mail('Hello', 'Body', 'ada@example.com')\n"
        "except mail.MailError:\n"
        "    print('MailError')\n"
    )
    env = {**bare_env, "DJANGO_SETTINGS_MODULE": "config.settings.development"}

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env | {"REDIS_URL": NO_REDIS},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "MailError", result.stderr
{%- else %}


def test_a_mail_server_that_is_down_raises_mail_error(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }

    with pytest.raises(mail.MailError):
        mail.send_mail("Hello", "Body", "ada@example.com")
{%- endif %}
