"""Email: one message with text and HTML parts, in the wiki's content language."""

import smtplib
import threading
import time
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from routing.channels import mime
from routing.channels.base import Channel, DeliveryError
from routing.content import content_language, facts, one_line

# One SMTP connection per worker thread, reused while it stays fresh (throughput).
_local = threading.local()
_IDLE_SECONDS = 30


def valid_address(address: str) -> bool:
    if not isinstance(address, str) or one_line(address, 320) != address:
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def message_id(delivery) -> str:
    """Stable across retries, so a re-send after a crash is recognisably the same message."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "irs.invalid"
    return f"<{delivery.idempotency_key}.irs@{one_line(domain, 200)}>"


def _mailer(fresh: bool = False):
    key = repr(getattr(settings, "MAILERS", None))
    cached = getattr(_local, "mailer", None)
    stale = cached is None or cached[0] != key or time.monotonic() - cached[2] > _IDLE_SECONDS
    if fresh or stale or cached is None:
        _drop_mailer()
        connection = mailers.default
        connection.open()
        cached = (key, connection, time.monotonic())
    _local.mailer = (cached[0], cached[1], time.monotonic())
    return cached[1]


def _drop_mailer() -> None:
    cached = getattr(_local, "mailer", None)
    _local.mailer = None
    if cached is not None:
        try:
            cached[1].close()
        except Exception:  # noqa: S110  (closing a broken connection may fail; it is gone)
            pass


def _classify(error: Exception) -> DeliveryError:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        permanent = bool(codes) and all(code >= 500 for code in codes)
        return DeliveryError(f"recipients refused: {error.recipients}", permanent=permanent)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"SMTP authentication failed: {error}", permanent=False)
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryError(
            f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=error.smtp_code >= 500
        )
    if isinstance(error, ValueError):
        return DeliveryError(f"invalid address: {error}", permanent=True)
    return DeliveryError(f"SMTP unavailable: {error.__class__.__name__}: {error}")


class EmailChannel(Channel):
    kind = "email"
    label = pgettext_lazy("routing", "Email")
    recognises_resend = True  # same Message-ID on every attempt
    required = {"to": list}

    @classmethod
    def validate(cls, destination):
        errors = super().validate(destination)
        if errors:
            return errors
        for address in destination["to"]:
            if not valid_address(address):
                errors.append(
                    str(_("“%(address)s” is not a valid email address."))
                    % {"address": one_line(address, 100)}
                )
        return errors

    @classmethod
    def summarize(cls, destination):
        return str(_("Email to %(to)s")) % {"to": ", ".join(destination.get("to", []))}

    def build(self, delivery) -> EmailMultiAlternatives:
        report = delivery.report
        language = content_language(report)
        with translation.override(language):
            report_facts = facts(report, language)
            context = {
                "facts": report_facts,
                "delivery": delivery,
                "language": translation.get_language(),
                "bidi": translation.get_language_bidi(),
            }
            subject = one_line(render_to_string("routing/email/report_subject.txt", context), 250)
            text = render_to_string("routing/email/report.txt", context)
            html = render_to_string("routing/email/report.html", context)
        reply_to = []
        if report_facts.shares_identity and valid_address(report_facts.reporter_email):
            name = one_line(report_facts.reporter_username, 100)
            reply_to = [formataddr((name, report_facts.reporter_email))]
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(self.destination["to"]),
            reply_to=reply_to,
            headers={
                "Message-ID": message_id(delivery),
                "X-IRS-Reference": one_line(report.reference, 32),
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        return send_message(self.build(delivery))


def send_message(message: EmailMultiAlternatives) -> str:
    """Send one built message over this thread's SMTP connection; its Message-ID, or raise
    DeliveryError (permanent or not, from the server's answer). Every email channel uses it."""
    try:
        try:
            _send(_mailer(), message)
        except smtplib.SMTPServerDisconnected:
            # A reused connection the server has since closed: one fresh try, now.
            _send(_mailer(fresh=True), message)
    except (smtplib.SMTPException, OSError, ValueError) as error:
        _drop_mailer()
        raise _classify(error) from error
    return message.extra_headers["Message-ID"]


def _send(mailer, message: EmailMultiAlternatives) -> None:
    """Through Django's SMTP backend, the bytes come from `mime.as_bytes` (a quarter of the
    CPU of Django's own builder) and go out on the backend's open connection, to the
    addresses the backend itself accepts (`prep_address`: no line breaks, IDNA domains).
    Any other backend (the tests' in-memory outbox, a custom one) gets the message itself."""
    if not isinstance(mailer, SMTPBackend) or not mime.supported(message):
        mailer.send_messages([message])
        return
    sender = mailer.prep_address(message.from_email)
    recipients = [mailer.prep_address(address) for address in message.recipients()]
    data = mime.as_bytes(message)
    with mailer._lock:
        if mailer.connection is None:
            mailer.open()
        mailer.connection.sendmail(sender, recipients, data)
