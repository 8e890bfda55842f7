"""Email through a real SMTP server (aiosmtpd) on loopback."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.models import TeamMembership  # noqa: F401  (personas need the desk app)
from reports.models import Flow
from routing.delivery import attempt
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report, set_routes, set_wiki_facts

pytestmark = pytest.mark.django_db


def email_delivery(report, to=("responders@example.org",)) -> Delivery:
    return Delivery.objects.create(
        report=report, kind="email", destination={"kind": "email", "to": list(to)}
    )


def test_it_sends_the_report_with_text_and_html_parts_and_records_the_message_id(
    wiki, reporter, smtp, settings
):
    settings.SITE_URL = "https://irs.example.org"
    report = make_report(wiki, reporter)
    delivery = email_delivery(report)

    assert attempt(delivery.pk).status == "sent"

    (received,) = smtp.captured()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_ref == received.message_id
    assert received.rcpt_tos == ["responders@example.org"]
    message = received.message
    assert report.reference in message["Subject"]
    assert "Intimidation or aggressive behavior, about Troublemaker" in message["Subject"]
    assert message["Reply-To"] == "Reporter <reporter@example.org>"
    text = received.text()
    for expected in (
        "Reporter <reporter@example.org>",
        "Troublemaker",
        "https://demowiki.example.org/w/index.php?oldid=12345#c-Troublemaker-20260101",
        "They keep following me around.",
        "Please look at this.",
        f"https://irs.example.org/desk/cases/{report.reference}",
    ):
        assert expected in text
    assert f'href="https://irs.example.org/desk/cases/{report.reference}"' in received.html()


@pytest.mark.parametrize(
    "language, reported, subject",
    [
        ("pt", "Utilizador denunciado", "Denúncia em"),
        ("uk", "Користувач, на якого скаржаться", "Скарга у"),
    ],
)
def test_it_writes_in_the_wikis_content_language(wiki, reporter, smtp, language, reported, subject):
    set_wiki_facts(wiki, content_language=language)
    report = make_report(wiki, reporter)

    attempt(email_delivery(report).pk)

    (received,) = smtp.captured()
    assert reported in received.text() and reported in received.html()
    assert subject in received.message["Subject"]
    assert f'<html lang="{language}"' in received.html()


def test_an_emergency_email_says_so_in_the_subject(wiki, reporter, smtp):
    report = make_report(wiki, reporter, flow=Flow.EMERGENCY, harm_subtype="self-harm")

    attempt(email_delivery(report).pk)

    assert "EMERGENCY" in smtp.captured()[0].message["Subject"]


def test_user_text_cannot_inject_headers_or_html(wiki, reporter, smtp):
    set_routes(wiki, "intimidation", [], label={"en": "Bad\r\nBcc: label@evil.example"})
    report = make_report(
        wiki,
        reporter,
        reporter_username="Evil\r\nBcc: name@evil.example",
        reported_user="X\nCc: reported@evil.example",
        details="<script>alert(1)</script>\r\n\r\nFake-Header: yes",
    )

    assert attempt(email_delivery(report).pk).status == "sent"

    (received,) = smtp.captured()
    assert received.rcpt_tos == ["responders@example.org"]
    headers = received.data.split(b"\r\n\r\n", 1)[0].decode()
    assert "evil.example" not in "".join(
        line for line in headers.splitlines() if line.lower().startswith(("bcc", "cc"))
    )
    assert not received.message.get_all("Bcc") and not received.message.get_all("Cc")
    assert received.message["Fake-Header"] is None
    assert "\n" not in received.message["Subject"] and "\n" not in received.message["Reply-To"]
    assert "<script>" not in received.html()
    assert "&lt;script&gt;" in received.html()


def test_a_reporter_without_an_email_gets_no_reply_to(wiki, reporter, smtp):
    report = make_report(wiki, reporter, reporter_email="")

    attempt(email_delivery(report).pk)

    assert smtp.captured()[0].message["Reply-To"] is None


def test_a_refused_address_is_a_permanent_failure(wiki, reporter, smtp):
    delivery = email_delivery(make_report(wiki, reporter), to=["nobody@refused.invalid"])

    assert attempt(delivery.pk).status == "dead"

    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "550" in delivery.last_error
    assert smtp.captured() == []


def test_a_busy_server_is_a_temporary_failure(wiki, reporter, smtp):
    delivery = email_delivery(make_report(wiki, reporter), to=["someone@busy.invalid"])

    outcome = attempt(delivery.pk)

    assert outcome.status == "retry"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and "451" in delivery.last_error
    assert delivery.next_attempt_at == outcome.retry_at


def test_smtp_down_then_up_is_retried_and_delivered_once(wiki, reporter, smtp, settings):
    settings.IRS_DELIVERY_BACKOFF_BASE = 0
    delivery = email_delivery(make_report(wiki, reporter))
    smtp.stop()

    assert attempt(delivery.pk).status == "retry"
    smtp.start()
    assert attempt(delivery.pk).status == "sent"
    assert attempt(delivery.pk).status == "skipped"

    assert len(smtp.captured()) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_error == ""


def test_a_configuration_saved_between_two_deliveries_is_in_force_for_the_second(
    wiki, reporter, smtp
):
    """The worker keeps the configurations it has read, by revision: a small query says
    which revision is the newest, so a change is used at once, and an unchanged one is not
    read again."""
    set_wiki_facts(wiki, content_language="pt")
    first = email_delivery(make_report(wiki, reporter))
    assert attempt(first.pk).status == "sent"
    again = email_delivery(make_report(wiki, reporter))
    with CaptureQueriesContext(connection) as queries:
        assert attempt(again.pk).status == "sent"
    reads = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in reads if '"wikis_configrevision"."data"' in sql]
    set_wiki_facts(wiki, content_language="uk")
    changed = email_delivery(make_report(wiki, reporter))
    assert attempt(changed.pk).status == "sent"
    subjects = [received.message["Subject"] for received in smtp.captured()]
    assert ["Denúncia em" in s for s in subjects] == [True, True, False]
    assert "Скарга у" in subjects[2]
