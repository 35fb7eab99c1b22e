{% if cookiecutter.use_celery == "yes" -%}
"""Outgoing mail: send_mail() queues one message for a Celery worker to send (tasks.send_email).

The request that asks for a mail never waits on the mail server: a worker
sends it and retries while the server refuses or is down. EMAIL_URL (in the
settings) says which server; DEFAULT_FROM_EMAIL is the sender.
https://docs.djangoproject.com/en/6.1/topics/email/
"""

import logging

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
from kombu.exceptions import OperationalError

from .tasks import send_email
{%- else -%}
"""Outgoing mail: send_mail() hands one message to the mail server EMAIL_URL names.

DEFAULT_FROM_EMAIL is the sender; a request waits at most 10 seconds on a
server that does not answer (config/settings/base.py).
https://docs.djangoproject.com/en/6.1/topics/email/
"""

import logging
from smtplib import SMTPException

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend
{%- endif %}

logger = logging.getLogger(__name__)


class MailError(Exception):
    """The message could not be handed over; callers tell the user it was not sent."""


def send_mail(subject: str, body: str, to: str) -> None:
    """Send a plain-text message to one address, or raise MailError."""
    try:
{%- if cookiecutter.use_celery == "yes" %}
        # No publishing retries: a broker that is down is reported at once.
        send_email.apply_async((subject, body, to), retry=False)
    except OperationalError as error:
        logger.error("could not queue the mail %r: %s", subject, error)
{%- else %}
        mail.send_mail(subject, body, None, [to])
    except (SMTPException, OSError) as error:
        logger.error("could not send the mail %r: %s", subject, error)
{%- endif %}
        raise MailError(str(error)) from error


class ConsoleBackend(DjangoConsoleBackend):
    """Django's console backend (EMAIL_URL=consolemail://), printing each text as it was written.

    Django prints the MIME message, where quoted-printable encoding breaks a
    line longer than 78 characters (the link in an account's mail) with "="
    line ends that spoil copying it from the terminal.
    """

    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(
            f"From: {message.from_email}\n"
            f"To: {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n"
            f"{message.body}\n{'-' * 79}\n"
        )
