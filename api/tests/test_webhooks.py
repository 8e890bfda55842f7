"""Teams' case events: signed webhooks through the outbox, received by a loopback receiver."""

import json

import pytest

from api import webhooks
from api.models import TeamWebhook
from api.tests.conftest import work
from desk import cases
from desk.cases import CaseError
from desk.models import AuditAction, AuditEntry
from routing.models import Delivery, DeliveryStatus


@pytest.fixture
def hook(webhook, community_team, lead):
    made = webhooks.add(
        community_team, lead, webhook.url, ["report.created", "case.updated", "case.message"], False
    )
    made.secret = webhook.secret  # the receiver checks signatures with its own secret
    made.save()
    return made


def events_received(receiver):
    return [(r.headers["X-IRS-Event"], r.json()) for r in receiver.received()]


def test_an_action_is_posted_signed_once_with_what_changed(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    with django_capture_on_commit_callbacks(execute=True):
        cases.change_status(case, responder, "in-progress")
    work()
    [request] = webhook.received()
    assert request.signature_valid
    assert request.headers["X-IRS-Event"] == "case.updated"
    body = request.json()
    assert body["case"]["reference"] == case.reference
    assert body["data"] == {"change": "status", "previous": "new", "status": "in-progress"}
    assert body["delivery"] == request.headers["X-IRS-Delivery"]
    delivery = Delivery.objects.get(kind="case_event")
    assert delivery.status == DeliveryStatus.SENT


def test_a_payload_never_carries_the_reporters_identity_or_text(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    with django_capture_on_commit_callbacks(execute=True):
        cases.message_reporter(case, responder, "Please send the diff link")
        cases.reporter_reply(case, case.reporter, "Here it is, secret words")
    work()
    raw = b"".join(r.body for r in webhook.received())
    for private in (
        case.reporter_username,
        case.reporter_email,
        case.details,
        "Please send the diff link",
        "secret words",
    ):
        assert private.encode() not in raw
    directions = [
        body["data"]["direction"]
        for name, body in events_received(webhook)
        if name == "case.message"
    ]
    assert directions == ["to-reporter", "from-reporter"]


def test_message_text_is_sent_only_when_the_team_opted_in(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    hook.include_message_text = True
    hook.save()
    with django_capture_on_commit_callbacks(execute=True):
        cases.message_reporter(case, responder, "Please send the diff link")
    work()
    [(name, body)] = events_received(webhook)
    assert body["data"]["text"] == "Please send the diff link"


def test_events_the_team_did_not_choose_and_notes_are_not_sent(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    hook.events = ["report.created"]
    hook.save()
    with django_capture_on_commit_callbacks(execute=True):
        cases.add_note(case, responder, "internal")
        cases.claim(case, responder)
    work()
    assert webhook.received() == []
    assert not Delivery.objects.filter(kind="case_event").exists()


def test_other_teams_hooks_hear_nothing_of_this_teams_cases(
    django_capture_on_commit_callbacks, webhook, other_team, case, responder, lead
):
    from api.models import TeamWebhook

    TeamWebhook.objects.create(
        team=other_team, url=webhook.url, secret=webhook.secret, events=["case.updated"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        cases.claim(case, responder)
    work()
    assert webhook.received() == []


def test_a_receiver_down_then_up_gets_the_event_once(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    webhook.respond_with(503)
    with django_capture_on_commit_callbacks(execute=True):
        cases.claim(case, responder)
    work()
    delivery = Delivery.objects.get(kind="case_event")
    assert delivery.status == DeliveryStatus.PENDING
    assert "503" in delivery.last_error
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.created_at)
    from routing import delivery as routing_delivery

    routing_delivery.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    keys = [r.headers["X-IRS-Delivery"] for r in webhook.received()]
    assert keys == [delivery.idempotency_key, delivery.idempotency_key]  # the far end dedups
    assert len(set(keys)) == 1 and len([r for r in webhook.received() if r.signature_valid]) == 2


def test_a_removed_webhook_stops_its_pending_events(
    django_capture_on_commit_callbacks, hook, webhook, case, responder, lead
):
    with django_capture_on_commit_callbacks(execute=False):
        cases.claim(case, responder)
    webhooks.remove(case.queue.team, lead, hook.pk)
    from routing import delivery as routing_delivery

    delivery = Delivery.objects.get(kind="case_event")
    routing_delivery.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD
    assert webhook.received() == []
    assert AuditEntry.objects.filter(action=AuditAction.WEBHOOK_REMOVE).exists()


def test_a_case_arriving_is_report_created_for_its_team(
    django_capture_on_commit_callbacks, hook, webhook, wiki, reporter, community_queue
):
    from api.tests.conftest import make_report

    report = make_report(wiki, reporter, queue=community_queue)
    with django_capture_on_commit_callbacks(execute=True):
        cases.case_arrived(report)
    work()
    [(name, body)] = events_received(webhook)
    assert name == "report.created"
    assert body["case"]["url"].endswith(f"/desk/cases/{report.reference}")


def test_the_test_button_posts_a_signed_ping(hook, webhook, community_team):
    assert webhooks.test(community_team, hook.pk) == "HTTP 200"
    [request] = webhook.received()
    assert request.signature_valid and request.json()["event"] == "ping"
    webhook.respond_with(404)
    with pytest.raises(CaseError, match="404"):
        webhooks.test(community_team, hook.pk)


@pytest.mark.parametrize(
    "url,events",
    [
        ("", ["case.updated"]),
        ("https://10.0.0.1/hook", ["case.updated"]),
        ("http://example.org/\x00", ["case.updated"]),
        ("WEBHOOK", []),
    ],
)
def test_bad_webhooks_are_refused(community_team, lead, url, events, webhook):
    url = webhook.url if url == "WEBHOOK" else url
    with pytest.raises(CaseError):
        webhooks.add(community_team, lead, url, events, False)
    assert not TeamWebhook.objects.exists()


def test_unknown_events_are_refused(community_team, lead, webhook):
    with pytest.raises(CaseError):
        webhooks.add(community_team, lead, webhook.url, ["case.updated", "case.deleted"], False)


def test_the_page_is_for_the_teams_leads_only(
    client, community_team, lead, responder, other_responder, webhook
):
    url = f"/desk/teams/{community_team.slug}/webhooks"
    client.force_login(other_responder)
    assert client.get(url).status_code == 404
    client.force_login(responder)
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"op": "add", "url": webhook.url, "events": ["case.updated"]}).status_code
        == 403
    )
    assert not TeamWebhook.objects.exists()
    client.force_login(lead)
    answer = client.post(url, {"op": "add", "url": webhook.url, "events": ["case.updated"]})
    assert answer.status_code == 200
    hook = TeamWebhook.objects.get()
    assert hook.secret.encode() in answer.content  # shown once, on this answer
    assert hook.secret.encode() not in client.get(url).content
    assert AuditEntry.objects.filter(action=AuditAction.WEBHOOK_ADD, team=community_team).exists()


def test_a_decision_is_case_decided_with_its_actions_and_ground(
    django_capture_on_commit_callbacks, hook, webhook, case, responder
):
    from desk.tests.test_decisions import form

    hook.events = ["case.decided"]
    hook.save()
    from desk import decisions

    with django_capture_on_commit_callbacks(execute=True):
        decisions.record(case, responder, form())
    work()
    [(name, body)] = events_received(webhook)
    assert name == "case.decided"
    assert body["data"]["actions"] == ["warning"] and body["data"]["ground"] == "ucoc-3.1"
    assert "SECRET-FACTS" not in json.dumps(body)
