"""The bytes of an email, built with the standard library's compat32 classes (`email.mime`).

Django's `EmailMessage.message()` builds the message with the modern email API, whose header
registry parses every header it is given: about three quarters of a worker's CPU per email
went there (docs/performance.md, "Delivery worker"). This builds the same message (same
headers, text part, optional HTML alternative, UTF-8 bodies) from a Django
`EmailMultiAlternatives` for the SMTP backend in a fraction of that time, and keeps what the
header registry gave: a header value with a line break is refused (`ValueError`, as Django
refuses it), non-ASCII words in headers become RFC 2047 encoded words, non-ASCII domains are
IDNA-encoded and an address with a non-ASCII local part is refused (`ValueError`).

Messages with attachments, or with alternatives other than one HTML part, are not built
here (`supported` says which are): they go through Django as before.
"""

from datetime import UTC, datetime
from email import charset as charsets
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, getaddresses

from django.conf import settings
from django.utils import timezone

# Bodies as quoted-printable (readable, 7-bit safe), header words as base64 encoded words.
_UTF8 = charsets.Charset("utf-8")
_UTF8.body_encoding = charsets.QP
_POLICY = compat32.clone(linesep="\r\n")
_ADDRESS_HEADERS = ("From", "To", "Cc", "Reply-To")


def supported(message) -> bool:
    """Whether `as_bytes` builds this message (else send it through Django)."""
    alternatives = getattr(message, "alternatives", [])
    return not message.attachments and (
        not alternatives or (len(alternatives) == 1 and alternatives[0][1] == "text/html")
    )


def as_bytes(message) -> bytes:
    """The message as it goes on the wire (CRLF line ends)."""
    # (typeshed says the charset is a str; the standard library takes a Charset too)
    text = MIMEText(str(message.body), "plain", _UTF8)  # type: ignore[arg-type]
    alternatives = getattr(message, "alternatives", [])
    root: MIMEMultipart | MIMEText
    if alternatives:
        root = MIMEMultipart("alternative")
        root.attach(text)
        root.attach(MIMEText(str(alternatives[0][0]), "html", _UTF8))  # type: ignore[arg-type]
    else:
        root = text
    extra = {str(name): value for name, value in message.extra_headers.items()}
    names = {name.lower() for name in extra}
    if "bcc" in names:
        raise ValueError("Bcc is not a valid email header")
    _set(root, "Subject", str(message.subject))
    _set_addresses(root, "From", [str(extra.get("From", message.from_email))])
    for name, values in (("To", message.to), ("Cc", message.cc), ("Reply-To", message.reply_to)):
        if values:
            _set_addresses(root, name, [str(value) for value in values])
    if "date" not in names:
        zone = timezone.get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
        _set(root, "Date", format_datetime(datetime.now(zone)))
    for name, value in extra.items():
        if name.lower() not in {"from", "to", "cc", "reply-to"}:
            _set(root, name, str(value))
    return root.as_bytes(policy=_POLICY)


def _set(root, name: str, value: str) -> None:
    _refuse_line_breaks(name, value)
    if value.isascii():
        root[name] = value
    else:
        root[name] = Header(value, _UTF8, header_name=name)


def _set_addresses(root, name: str, values: list[str]) -> None:
    for value in values:
        _refuse_line_breaks(name, value)
    pairs = getaddresses(values)
    if not pairs or any(not address for _display, address in pairs):
        raise ValueError(f"invalid address in {name}: {values!r}")
    root[name] = ", ".join(
        formataddr((display, _ascii_address(address))) for display, address in pairs
    )


def _ascii_address(address: str) -> str:
    local, at, domain = address.rpartition("@")
    if not at or not local.isascii():
        raise ValueError(f"invalid address (non-ASCII or no domain): {address!r}")
    return f"{local}@{domain.encode('idna').decode('ascii')}" if not domain.isascii() else address


def _refuse_line_breaks(name: str, value: str) -> None:
    if "\r" in value or "\n" in value:
        raise ValueError(f"Header values may not contain linefeed or carriage return: {name}")
