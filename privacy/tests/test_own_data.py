"""A person's own data: the download (JSON and HTML) and the erasure request."""

import json
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from desk import cases, decisions
from desk.models import Appeal, AuditAction, AuditEntry, CaseEvent, EventKind
from privacy import erasure, holds, purge
from privacy.models import ErasureKeep, ErasureRequest, ErasureStatus, Tombstone
from privacy.tests.conftest import SECRET, make_report
from reports.models import Report, Status
from routing.models import Delivery

MESSAGE = "MESSAGE-TO-REPORTER: could you tell us the date?"
REPLY = "REPLY-FROM-REPORTER: it was on Monday"
NOTE = "INTERNAL-NOTE: the reporter seems credible"
FACTS = "INTERNAL-FACTS: two insults"
FOR_REPORTER = "TEXT-FOR-REPORTER: we warned the user"
OTHER_SECRET = "OTHER-REPORTER-SECRET: the same troll"

PERSONAS = [
    "reporter",
    "other_reporter",
    "newcomer",
    "responder",
    "lead",
    "safety_responder",
    "other_responder",
    "wiki_admin",
    "operator",
    "outsider",
]


def decide(report, user, actions=("warning",)):
    data = QueryDict(mutable=True)
    data.setlist("actions", list(actions))
    for key, value in {
        "ground": "ucoc-3.1",
        "facts": FACTS,
        "reporter_text": FOR_REPORTER,
        "well_founded": "founded",
    }.items():
        data[key] = value
    return decisions.record(report, user, decisions.DecisionForm.from_post(data))


@pytest.fixture
def story(wiki, reporter, other_reporter, responder, community_queue):
    """The reporter's case with a conversation, a note, a decision; another reporter's
    report merged into it; the reporter's undecided second report."""
    case = make_report(wiki, reporter, queue=community_queue, details=SECRET)
    cases.case_arrived(case)
    cases.message_reporter(case, responder, MESSAGE)
    cases.reporter_reply(case, reporter, REPLY)
    cases.add_note(case, responder, NOTE)
    duplicate = make_report(wiki, other_reporter, queue=community_queue, details=OTHER_SECRET)
    cases.merge_into(duplicate, responder, case.reference, Report.objects.all())
    decide(case, responder)
    pending = make_report(wiki, reporter, queue=community_queue, details="PENDING-REPORT")
    return {"case": case, "duplicate": duplicate, "pending": pending}


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="irs-my-data.json"'
    return json.loads(response.content), response.content.decode()


def test_the_reporter_gets_their_reports_messages_decisions_and_emails(client, story, reporter):
    data, raw = download(client, reporter)
    references = [r["reference"] for r in data["reports"]]
    assert references == [story["case"].reference, story["pending"].reference]
    case = data["reports"][0]
    assert case["additional_information"] == SECRET
    assert [e.get("text") for e in case["conversation"] if e["kind"] != "status"] == [
        MESSAGE,
        REPLY,
    ]
    assert case["decisions"][0]["text_for_you"] == FOR_REPORTER
    assert case["decisions"][0]["actions"] == ["The user was warned."]
    subjects = [email["subject"] for email in case["emails_to_you"]]
    assert subjects and all(reporter.email in email["to"] for email in case["emails_to_you"])
    for private in (NOTE, FACTS, OTHER_SECRET, "Responder", "responder@"):
        assert private not in raw, private
    assert AuditEntry.objects.filter(action=AuditAction.DATA_EXPORT, actor=reporter).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_only_their_own_data(client, story, request, persona):
    user = request.getfixturevalue(persona)
    data, raw = download(client, user)
    own = set(Report.objects.filter(reporter=user).values_list("reference", flat=True))
    assert {r["reference"] for r in data["reports"]} == own
    assert data["account"]["username"] == user.get_username()
    for private in (NOTE, FACTS):
        assert private not in raw
    if persona != "reporter":
        for theirs in (SECRET, MESSAGE, REPLY, "PENDING-REPORT"):
            assert theirs not in raw, (persona, theirs)
    # The decision's text for reporters was sent to both reporters of the merged case.
    assert (FOR_REPORTER in raw) == (persona in ("reporter", "other_reporter"))
    if persona != "other_reporter":
        assert OTHER_SECRET not in raw


def test_the_readable_page_and_its_download(client, story, reporter, other_reporter):
    client.force_login(reporter)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    text = page.content.decode()
    assert SECRET in text and MESSAGE in text and FOR_REPORTER in text and NOTE not in text
    assert reverse("privacy:export_json") in text
    saved = client.get(reverse("privacy:export_html"))
    assert saved["Content-Disposition"] == 'attachment; filename="irs-my-data.html"'
    assert SECRET in saved.content.decode()
    client.force_login(other_reporter)
    assert SECRET not in client.get(reverse("privacy:my_data")).content.decode()


@pytest.mark.parametrize("name", ["privacy:my_data", "privacy:export_json", "privacy:erase"])
def test_a_visitor_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


# --- erasure ---------------------------------------------------------------------------------


def test_asking_withdraws_undecided_reports_and_tells_the_responders(
    client, story, reporter, responder
):
    client.force_login(reporter)
    preview = client.get(reverse("privacy:erase")).content.decode()
    assert story["pending"].reference in preview
    response = client.post(reverse("privacy:erase"), {"confirm": "yes"})
    assert response.status_code == 302
    request = ErasureRequest.objects.get(person=reporter)
    assert request.withdrawn == [story["pending"].reference]
    assert (request.deadline_at - request.created_at) == timedelta(days=30)
    pending = Report.objects.get(pk=story["pending"].pk)
    assert pending.status == Status.WITHDRAWN
    assert Report.objects.get(pk=story["case"].pk).status == Status.RESOLVED
    told = [
        d
        for d in Delivery.objects.notices().filter(report=pending)
        if "privacy/email/withdrawn" == d.destination.get("template")
    ]
    assert [d.destination["to"] for d in told] == [[responder.email]]
    assert SECRET not in told[0].destination["text"]
    assert AuditEntry.objects.filter(
        action=AuditAction.WITHDRAW, report=pending, actor=reporter
    ).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ERASURE_REQUEST, actor=reporter).exists()
    again = client.get(reverse("privacy:erase")).content.decode()
    assert "erasure-status" in again
    client.post(reverse("privacy:erase"), {"confirm": "yes"})
    assert ErasureRequest.objects.count() == 1


def test_the_responders_are_told_in_their_teams_language(story, reporter, community_team):
    community_team.language = "de"
    community_team.save(update_fields=["language"])
    erasure.request_erasure(reporter)
    told = [
        d
        for d in Delivery.objects.notices().filter(report=story["pending"])
        if d.destination.get("template") == "privacy/email/withdrawn"
    ]
    assert told and {d.destination["language"] for d in told} == {"de"}


def test_asking_needs_the_confirmation(client, story, reporter):
    client.force_login(reporter)
    client.post(reverse("privacy:erase"), {})
    assert not ErasureRequest.objects.exists()
    assert Report.objects.get(pk=story["pending"].pk).status != Status.WITHDRAWN


def test_carrying_out_keeps_what_an_open_appeal_window_needs_and_says_until_when(
    client, story, reporter, operator
):
    address = reporter.email
    request = erasure.request_erasure(reporter)
    client.force_login(operator)
    listing = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert reporter.get_username() in listing and "30 days" in listing
    client.post(reverse("privacy:carry_out", args=[request.pk]))
    request.refresh_from_db()
    case = Report.objects.get(pk=story["case"].pk)
    until = decisions.deadline(decisions.latest(case))
    assert request.status == ErasureStatus.DONE and request.pseudonymised == 1
    assert request.kept == [
        {"reference": case.reference, "why": "appeal-window", "until": until.isoformat()}
    ]
    assert case.details == SECRET  # kept for now
    assert Tombstone.objects.filter(report=story["pending"]).exists()
    reporter.refresh_from_db()
    assert reporter.email == ""
    done = Delivery.objects.notices().get(destination__template="privacy/email/erasure_done")
    assert done.destination["to"] == [address]
    assert case.reference in done.destination["text"]
    assert f"{until:%Y}" in done.destination["text"]
    entry = AuditEntry.objects.get(action=AuditAction.ERASURE_DONE)
    assert entry.actor == operator and entry.details["kept"] == [case.reference]
    # The daily purge erases it once the window has closed, not before.
    purge.run(until - timedelta(seconds=1))
    assert not Tombstone.objects.filter(report=case).exists()
    purge.run(until + timedelta(seconds=1))
    tombstone = Tombstone.objects.get(report=case)
    assert tombstone.reason == "erasure"
    assert ErasureKeep.objects.get(report=case).released_at is not None


def test_a_legal_hold_keeps_a_case_through_an_erasure(story, reporter, operator, lead):
    holds.place(story["case"], lead, "Court order")
    request = erasure.request_erasure(reporter)
    far = timezone.now() + timedelta(days=3650)
    erasure.carry_out(request, operator, now=far)
    request.refresh_from_db()
    assert request.kept[0] == {
        "reference": story["case"].reference,
        "why": "legal-hold",
        "until": None,
    }
    purge.run(far + timedelta(days=1))
    assert not Tombstone.objects.filter(report=story["case"]).exists()
    holds.lift(story["case"], lead, "Order ended")
    purge.run(far + timedelta(days=2))
    assert Tombstone.objects.get(report=story["case"]).reason == "erasure"


def test_a_waiting_appeal_keeps_the_case(story, reporter, operator):
    decision = decisions.latest(story["case"])
    Appeal.objects.create(
        decision=decision, report=story["case"], appellant=reporter, role="reporter", text="No"
    )
    request = erasure.carry_out(erasure.request_erasure(reporter), operator)
    assert request.kept[0]["why"] == "open-appeal"


def test_a_request_is_carried_out_once(client, story, reporter, operator):
    request = erasure.request_erasure(reporter)
    client.force_login(operator)
    client.post(reverse("privacy:carry_out", args=[request.pk]))
    page = client.post(reverse("privacy:carry_out", args=[request.pk]), follow=True)
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.ERASURE_DONE).count() == 1


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "operator"])
def test_only_operators_see_and_carry_out_erasure_requests(client, story, request, persona):
    made = erasure.request_erasure(request.getfixturevalue("reporter"))
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("privacy:erasure_requests")).status_code == 404
    assert client.post(reverse("privacy:carry_out", args=[made.pk])).status_code == 404
    made.refresh_from_db()
    assert made.status == ErasureStatus.RECEIVED


def test_the_list_shows_an_overdue_request(client, story, reporter, operator):
    request = erasure.request_erasure(reporter)
    ErasureRequest.objects.filter(pk=request.pk).update(
        deadline_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(operator)
    assert "Overdue" in client.get(reverse("privacy:erasure_requests")).content.decode()


def test_an_unknown_request_is_404(client, operator):
    client.force_login(operator)
    assert client.post(reverse("privacy:carry_out", args=[999999])).status_code == 404


def test_the_withdrawn_case_timeline_says_so(story, reporter):
    erasure.request_erasure(reporter)
    event = CaseEvent.objects.filter(report=story["pending"], kind=EventKind.STATUS).last()
    assert event.data["status"] == Status.WITHDRAWN and event.actor == reporter
