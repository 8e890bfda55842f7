"""The email bytes the SMTP path builds itself (routing/channels/mime.py) against Django's own
builder: the same message as a mail client reads it, and the same refusals."""

import email
import email.policy

import pytest
from django.core.mail import EmailMultiAlternatives

from desk.models import TeamMembership  # noqa: F401  (personas need the desk app)
from routing.channels import mime
from routing.channels.email import EmailChannel
from routing.models import Delivery
from routing.tests.conftest import make_report, set_wiki_facts

pytestmark = pytest.mark.django_db

HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Message-ID", "X-IRS-Reference")


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def read(message) -> dict:
    """What a mail client shows: decoded headers and the text of each part."""
    shown = {name: str(message[name]) if message[name] is not None else None for name in HEADERS}
    shown["Auto-Submitted"] = message["Auto-Submitted"]
    shown["parts"] = [
        (part.get_content_type(), part.get_content())
        for part in message.walk()
        if not part.is_multipart()
    ]
    return shown


def both(message: EmailMultiAlternatives):
    ours = parsed(mime.as_bytes(message))
    django = parsed(message.message(policy=email.policy.SMTP).as_bytes())
    return ours, django


def test_a_report_email_reads_the_same_as_djangos_in_a_non_latin_script(wiki, reporter, settings):
    settings.DEFAULT_FROM_EMAIL = "Служба IRS <irs@irs.example.org>"
    set_wiki_facts(wiki, content_language="uk", name="Вікіпедія")
    report = make_report(
        wiki,
        reporter,
        reporter_username='Анна "Q" <x>, Smith',
        reported_user="Зловмисник",
        details="Рядок 1\nРядок 2 " + "довгий " * 40 + "\n.\nfrom here",
    )
    delivery = Delivery.objects.create(
        report=report, kind="email", destination={"kind": "email", "to": ["r@приклад.укр"]}
    )
    message = EmailChannel(delivery.destination).build(delivery)
    message.cc = ["copy@example.org"]

    ours, django = both(message)

    # Exactly what was meant, where Django's builder (the header registry's folding) loses
    # the space at a fold of a long Cyrillic subject and the quotes of a display name.
    assert str(ours["Subject"]) == message.subject and "Вікіпедія" in message.subject
    (reply_to,) = ours["Reply-To"].addresses
    assert reply_to.display_name == 'Анна "Q" <x>, Smith'
    assert reply_to.addr_spec == "reporter@example.org"
    mine, theirs = read(ours), read(django)
    for name in ("Subject", "Reply-To"):
        mine.pop(name), theirs.pop(name)
    assert mine == theirs  # every other header and every part reads the same
    assert str(ours["To"]) == "r@xn--80aikifvh.xn--j1amh"  # IDNA, as Django writes it
    assert ours["Date"] is not None and ours["MIME-Version"] == "1.0"
    assert mime.as_bytes(message).isascii()  # encoded words and quoted-printable bodies


def test_a_text_only_notice_reads_the_same_as_djangos():
    message = EmailMultiAlternatives(
        subject="Ваш звіт",
        body="Дякуємо.\n",
        from_email="irs@example.org",
        to=["a@example.org"],
        headers={"Message-ID": "<k.irs@example.org>", "Auto-Submitted": "auto-generated"},
    )

    ours, django = both(message)

    assert read(ours) == read(django)
    assert ours.get_content_type() == "text/plain"


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject", "Hello\r\nBcc: evil@example.org"),
        ("subject", "Hello\nX-Evil: yes"),
        ("to", ["a@example.org\r\nBcc: evil@example.org"]),
        ("reply_to", ["Name\n <a@example.org>"]),
        ("headers", {"X-IRS-Reference": "R-1\r\nBcc: evil@example.org"}),
        ("headers", {"Bcc": "evil@example.org"}),
        ("to", ["ánna@example.org"]),  # a non-ASCII local part cannot be written without SMTPUTF8
        ("to", ["no-domain"]),
    ],
)
def test_line_breaks_in_headers_and_unwritable_addresses_are_refused(field, value):
    fields = {"subject": "Hi", "body": "x", "from_email": "irs@example.org", "to": ["a@x.org"]}
    fields[field] = value
    message = EmailMultiAlternatives(**fields)
    with pytest.raises(ValueError):
        mime.as_bytes(message)


def test_attachments_and_other_alternatives_go_through_django():
    message = EmailMultiAlternatives(subject="Hi", body="x", to=["a@example.org"])
    assert mime.supported(message)
    message.attach_alternative("<p>x</p>", "text/html")
    assert mime.supported(message)
    message.attach_alternative("x", "text/enriched")
    assert not mime.supported(message)
    attached = EmailMultiAlternatives(subject="Hi", body="x", to=["a@example.org"])
    attached.attach("a.txt", "data", "text/plain")
    assert not mime.supported(attached)
