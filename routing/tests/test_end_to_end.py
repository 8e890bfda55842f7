"""From the reporter's submission to the responders' inboxes, through a real worker process."""

import pytest

from reports.location import Location
from reports.models import Flow
from reports.submission import Submission, submit
from routing.models import DeliveryStatus
from routing.outbox import place_locally
from routing.tests.conftest import run_worker, set_routes, worker_env

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_emergency_submission_reaches_the_safety_desk_and_inbox(wiki, reporter, smtp, settings):
    settings.IRS_SAFETY_EMAIL = "safety@example.org"
    report = submit(
        reporter,
        wiki,
        Submission(
            flow=Flow.EMERGENCY,
            token="e2e-emergency-token-1",
            harm_subtype="self-harm",
            location=Location(page="User talk:Someone", revid=42, thread="c-x"),
            reported_user="Someone",
            details="They said they would hurt themselves tonight.",
        ),
    )
    place_locally(report)  # what the reporter's confirmation page does first

    report.refresh_from_db()
    assert (report.queue.team.slug, report.queue.slug) == (settings.IRS_SAFETY_TEAM, "emergency")
    run_worker(worker_env(IRS_SAFETY_EMAIL="safety@example.org", **smtp.env()))

    (message,) = smtp.captured()
    assert message.rcpt_tos == ["safety@example.org"]
    assert "EMERGENCY" in message.message["Subject"]
    assert message.message["Reply-To"] == "Reporter <reporter@example.org>"
    assert "They said they would hurt themselves tonight." in message.text()
    assert {d.status for d in report.deliveries.routes()} == {DeliveryStatus.SENT}


def test_a_direct_report_reaches_its_email_and_webhook_destinations(
    wiki, reporter, smtp, webhook, community_team
):
    set_routes(
        wiki,
        "intimidation",
        [
            {"kind": "email", "to": ["responders@example.org"]},
            {"kind": "webhook", "url": webhook.url, "secret": "test-hook"},
            {"kind": "desk", "team": community_team.slug, "queue": "reports"},
        ],
    )
    report = submit(
        reporter,
        wiki,
        Submission(
            flow=Flow.NON_EMERGENCY,
            token="e2e-direct-token-12",
            incident_type="intimidation",
            reported_user="Bully",
            direct_report_text="Three reverts and a threat on my talk page.",
        ),
    )
    place_locally(report)  # what the reporter's confirmation page does first

    run_worker(
        worker_env(
            IRS_ROUTING_ALLOW_INSECURE_URLS=1,
            IRS_SECRET_TEST_HOOK=webhook.secret,
            IRS_SECRET_TEST_HOOK_WIKIS=wiki.slug,
            **smtp.env(),
        )
    )

    assert [m.rcpt_tos for m in smtp.captured()] == [["responders@example.org"]]
    (hook,) = webhook.received()
    assert hook.signature_valid and hook.json()["reference"] == report.reference
    report.refresh_from_db()
    assert report.queue.team == community_team
    assert {d.status for d in report.deliveries.routes()} == {DeliveryStatus.SENT}
