"""Outgoing email for invitations and password resets, over plain SMTP (standard library).

Without MAIL_SERVER nothing is sent and the pages show links to copy instead. Tests (and a
dry run) set MAIL_OUTBOX to a list: messages land there instead of on the network.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


def is_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER")) or isinstance(current_app.config.get("MAIL_OUTBOX"), list)


def _message(to: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config.get("MAIL_DEFAULT_SENDER") or config.get("MAIL_USERNAME") or "no-reply@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def _deliver(settings: dict, message: EmailMessage) -> None:
    if settings["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=20,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings["MAIL_SERVER"], settings["MAIL_PORT"], timeout=20)
    with smtp:
        if settings["MAIL_USE_TLS"] and not settings["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if settings["MAIL_USERNAME"]:
            smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def send(to: str, subject: str, body: str, *, background: bool = False) -> bool:
    """Send one message; True when it was handed over (or queued, with `background`).

    `background` sends from a thread, so that a page answering "if the address is known, we
    sent a link" takes the same time whether or not a message went out.
    """
    if not is_configured():
        return False
    message = _message(to, subject, body)
    outbox = current_app.config.get("MAIL_OUTBOX")
    if isinstance(outbox, list):
        outbox.append(message)
        return True
    settings = {key: current_app.config.get(key) for key in
                ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_USE_SSL")}

    def deliver_logging_errors() -> bool:
        try:
            _deliver(settings, message)
            return True
        except (OSError, smtplib.SMTPException) as error:
            log.warning("could not send email to %s: %s", to, error)
            return False

    if background:
        threading.Thread(target=deliver_logging_errors, daemon=True).start()
        return True
    return deliver_logging_errors()
