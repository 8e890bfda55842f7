"""The report email's envelope as it arrives at a real SMTP server on loopback (written
against the mutants bin/mutants found in routing/channels/email.py): the headers mail
filters and responders rely on, the sender, and right-to-left wikis."""

import pytest

from desk.models import TeamMembership  # noqa: F401  (personas need the desk app)
from routing.delivery import attempt
from routing.models import Delivery
from routing.tests.conftest import make_report, set_wiki_facts

pytestmark = pytest.mark.django_db


def send(report):
    delivery = Delivery.objects.create(
        report=report, kind="email", destination={"kind": "email", "to": ["r@example.org"]}
    )
    assert attempt(delivery.pk).status == "sent"
    return delivery


def test_the_headers_say_what_the_message_is_and_who_sends_it(wiki, reporter, smtp, settings):
    settings.DEFAULT_FROM_EMAIL = "IRS <irs@irs.example.org>"
    report = make_report(wiki, reporter)
    send(report)
    (received,) = smtp.captured()
    message = received.message
    assert message["X-IRS-Reference"] == report.reference
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["From"] == "IRS <irs@irs.example.org>"
    assert message["Message-ID"].endswith("@irs.example.org>")


@pytest.mark.parametrize("language", ["ar", "he"])
def test_a_right_to_left_wiki_gets_a_right_to_left_email(wiki, reporter, smtp, language):
    set_wiki_facts(wiki, content_language=language)
    send(make_report(wiki, reporter))
    (received,) = smtp.captured()
    assert f'<html lang="{language}" dir="rtl">' in received.html()


def test_a_left_to_right_wiki_gets_a_left_to_right_email(wiki, reporter, smtp):
    send(make_report(wiki, reporter))
    (received,) = smtp.captured()
    assert '<html lang="en" dir="ltr">' in received.html()
