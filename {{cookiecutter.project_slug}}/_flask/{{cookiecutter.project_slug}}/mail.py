{% if cookiecutter.use_celery == "yes" -%}
"""Outgoing mail: send_mail() queues one message for a Celery worker to send (tasks.send_email).

The request that asks for a mail never waits on the mail server: a worker
sends it and retries while the server refuses or is down. EMAIL_URL (in the
config) says which server; DEFAULT_FROM_EMAIL is the sender.
https://waynerv.github.io/flask-mailman/
"""

import logging

from kombu.exceptions import OperationalError

from .tasks import send_email
{%- else -%}
"""Outgoing mail: send_mail() hands one message to the mail server EMAIL_URL names.

DEFAULT_FROM_EMAIL is the sender; MAIL_TIMEOUT (config.py) bounds how long a
request waits on a server that does not answer.
https://waynerv.github.io/flask-mailman/
"""

import logging
from smtplib import SMTPException

from flask_mailman import EmailMessage
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
        EmailMessage(subject, body, to=[to]).send()
    except (SMTPException, OSError) as error:
        logger.error("could not send the mail %r: %s", subject, error)
{%- endif %}
        raise MailError(str(error)) from error
