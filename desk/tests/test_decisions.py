"""Decisions, notices, appeals, misuse, trusted flaggers and clocks (issue: close the loop)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.http import QueryDict
from django.utils import timezone

from desk import cases, clocks, decisions, misuse, queues
from desk.models import (
    Appeal,
    AppealStatus,
    AuditEntry,
    CaseEvent,
    Decision,
    EventKind,
    TeamMembership,
)
from desk.tests.conftest import make_report
from irs import demo
from reports import eligibility
from reports.models import Flow, MisuseKind, MisuseMeasure, Outcome, Status
from routing.models import Delivery
from wikis.models import ConfigRevision

FACTS = "SECRET-FACTS: two insults on Talk:Main Page."
FOR_REPORTER = "We warned the user; thank you for telling us."


def form(**values) -> decisions.DecisionForm:
    data = QueryDict(mutable=True)
    base = {
        "actions": ["warning"],
        "ground": "ucoc-3.1",
        "facts": FACTS,
        "reporter_text": FOR_REPORTER,
        "well_founded": "founded",
    }
    base.update(values)
    for key, value in base.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return decisions.DecisionForm.from_post(data)


def change(wiki, fn):
    config = wiki.config
    fn(config)
    ConfigRevision.objects.create(wiki=wiki, data=config)


@pytest.fixture
def second(community_team):
    """Another member of the community team (decides appeals)."""
    user = demo.make_user(community_team.wiki, "Secondresponder")
    TeamMembership.objects.get_or_create(team=community_team, user=user)
    return user


# --- decisions -------------------------------------------------------------------------------


def test_a_decision_is_its_own_row_and_the_outcome_derives_from_it(case, responder):
    decision = decisions.record(case, responder, form())
    case.refresh_from_db()
    assert (decision.actions, decision.ground, decision.facts) == (["warning"], "ucoc-3.1", FACTS)
    assert decision.automated is False and decision.decided_by == responder
    assert case.outcome == Outcome.ACTION_TAKEN and case.status == Status.RESOLVED
    assert case.decided_at == decision.created_at
    assert CaseEvent.objects.filter(report=case, kind=EventKind.DECISION).count() == 1
    assert AuditEntry.objects.filter(report=case, action="decision").count() == 1


@pytest.mark.parametrize(
    ("actions", "outcome"),
    [
        (["no-action"], Outcome.NO_ACTION),
        (["referred"], Outcome.REFERRED),
        (["warning", "referred"], Outcome.ACTION_TAKEN),
        (["sitewide-block"], Outcome.ACTION_TAKEN),
    ],
)
def test_the_outcome_is_derived_from_the_actions(actions, outcome):
    assert decisions.derive_outcome(actions) == outcome


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"actions": []}, "at least one action"),
        ({"actions": ["banned-forever"]}, "from the list"),
        ({"actions": ["no-action", "warning"]}, "cannot be combined"),
        ({"ground": "made-up"}, "ground"),
        ({"facts": "  "}, "facts"),
        ({"reporter_text": ""}, "reporter will read"),
        ({"well_founded": "maybe"}, "founded"),
        ({"well_founded": "manifestly-unfounded", "well_founded_reason": ""}, "manifestly"),
        ({"facts": "x" * 5001}, "at most 5000"),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_is_written(case, responder, values, message):
    with pytest.raises(cases.CaseError) as refused:
        decisions.record(case, responder, form(**values))
    assert message in str(refused.value)
    assert not Decision.objects.exists()
    case.refresh_from_db()
    assert case.outcome == "" and case.status == Status.NEW


def test_a_prepared_text_can_be_picked_for_the_reporter(wiki, case, responder):
    change(
        wiki,
        lambda c: c["decisions"]["reporter_texts"].append(
            {"key": "thanks", "label": {"en": "Thanks"}, "text": {"en": "Thank you, we acted."}}
        ),
    )
    decision = decisions.record(case, responder, form(reporter_text="", reporter_text_key="thanks"))
    assert decision.reporter_text == "Thank you, we acted."


# --- notices to the reporter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "plain"),
    [
        ("en", "a decision was made", "The user was warned."),
        ("pt", "foi tomada uma decisão", "O utilizador foi avisado."),
        ("uk", "ухвалено рішення", "Користувача попереджено."),
    ],
)
def test_the_reporter_gets_the_decision_by_email_in_their_language(
    smtp, run_tasks, case, responder, language, subject, plain
):
    case.language = language
    case.save()
    run_tasks(decisions.record, case, responder, form(reporter_text="Texto / текст"))
    (message,) = smtp.wait_for(1)
    assert message.rcpt_tos == [case.reporter_email]
    email = message.message
    text = message.text()
    assert subject in email["Subject"] and case.reference in email["Subject"]
    assert "Texto / текст" in text and plain in text
    assert f"/my-reports/{case.reference}" in text
    # Never the internal facts, the decider, notes or the report's own text.
    assert "SECRET-FACTS" not in text and responder.username not in text
    assert case.details not in text
    delivery = Delivery.objects.notices().get(report=case)
    assert delivery.status == "sent"


def test_the_notice_says_how_long_the_decision_can_be_contested(run_tasks, case, responder):
    decision = run_tasks(decisions.record, case, responder, form())
    deadline = decisions.deadline(decision)
    assert deadline.date() > (decision.created_at + timedelta(days=180)).date()
    (message,) = mail.outbox
    assert "contest this decision until" in message.body


def test_reporters_of_merged_duplicates_are_told_the_decision_of_the_case(
    run_tasks, wiki, reporter, other_reporter, community_queue, responder
):
    target = make_report(wiki, reporter, queue=community_queue)
    duplicate = make_report(wiki, other_reporter, queue=community_queue, language="pt")
    # As a request would: the merge's own notices are sent (a batch task sends every due one).
    run_tasks(cases.merge_into, duplicate, responder, target.reference, cases.Report.objects.all())
    mail.outbox.clear()
    run_tasks(decisions.record, target, responder, form())
    to_duplicate = [m for m in mail.outbox if m.to == [duplicate.reporter_email]]
    assert len(to_duplicate) == 1
    assert target.reference in to_duplicate[0].body and duplicate.reference in to_duplicate[0].body
    assert FOR_REPORTER in to_duplicate[0].body


def test_a_duplicate_cannot_be_decided_on_its_own(
    wiki, reporter, other_reporter, community_queue, responder
):
    target = make_report(wiki, reporter, queue=community_queue)
    duplicate = make_report(wiki, other_reporter, queue=community_queue)
    cases.merge_into(duplicate, responder, target.reference, cases.Report.objects.all())
    duplicate.refresh_from_db()
    with pytest.raises(cases.CaseError, match="merged into"):
        decisions.record(duplicate, responder, form())


def test_the_reporter_reads_the_decision_on_my_reports(client, reporter, case, responder):
    decisions.record(case, responder, form())
    client.force_login(reporter)
    text = client.get(f"/my-reports/{case.reference}").content.decode()
    assert FOR_REPORTER in text and "The user was warned." in text
    assert "SECRET-FACTS" not in text
    assert 'name="decision"' in text  # the appeal form


# --- the reported user ------------------------------------------------------------------------


def notify_warnings(wiki, channel="user-talk"):
    def fn(config):
        for action in config["decisions"]["actions"]:
            action["notify_reported_user"] = action["key"] == "warning"
        config["decisions"]["reported_user_notices"] = {
            "channel": channel,
            "credential": "testwiki-bot",
        }

    change(wiki, fn)


def test_the_reported_user_is_not_notified_by_default(run_tasks, case, responder):
    decision = run_tasks(decisions.record, case, responder, form())
    assert decision.reported_user_notified is False
    assert not Delivery.objects.filter(kind="wiki-user").exists()


def test_a_wiki_turns_on_statements_of_reasons_per_action(run_tasks, wiki, case, responder):
    notify_warnings(wiki)
    decision = decisions.record(case, responder, form(actions=["no-action"]))
    assert decision.reported_user_notified is False
    other = make_report(wiki, case.reporter, queue=case.queue)
    decision = decisions.record(other, responder, form())
    assert decision.reported_user_notified is True
    statement = Delivery.objects.get(kind="wiki-user", report=other)
    text = statement.destination["text"]
    assert statement.destination["user"] == "Troll"
    assert "SECRET-FACTS" in text and "The user was warned." in text
    assert "harassment" in text
    assert other.reporter_username not in text and other.reporter_email not in text
    assert other.details not in text
    assert statement.destination["link"].endswith(f"/desk/decisions/{decision.public_id}")


def test_emergency_cases_never_notify_the_reported_user(wiki, reporter, safety_queue, responder):
    notify_warnings(wiki)
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    decision = decisions.record(emergency, responder, form())
    assert decision.reported_user_notified is False
    assert not Delivery.objects.filter(kind="wiki-user").exists()


# --- appeals ---------------------------------------------------------------------------------


def test_the_appeal_window_ends_at_its_boundary(case, responder, reporter, monkeypatch):
    decision = decisions.record(case, responder, form())
    deadline = decisions.deadline(decision)
    assert decisions.can_contest(decision, reporter, now=deadline) == ""
    assert "passed" in decisions.can_contest(
        decision, reporter, now=deadline + timedelta(seconds=1)
    )
    monkeypatch.setattr(timezone, "now", lambda: deadline + timedelta(seconds=1))
    with pytest.raises(cases.CaseError, match="passed"):
        decisions.contest(decision, reporter, "too late")


def test_a_wiki_sets_its_own_appeal_window(wiki, case, responder, reporter):
    change(wiki, lambda c: c["decisions"].update({"appeal_window_months": 1}))
    decision = decisions.record(case, responder, form())
    assert decisions.deadline(decision) < decision.created_at + timedelta(days=32)


def test_one_appeal_per_decision_and_person_with_a_length_limit(case, responder, reporter):
    decision = decisions.record(case, responder, form())
    with pytest.raises(cases.CaseError, match="2000"):
        decisions.contest(decision, reporter, "x" * 2001)
    decisions.contest(decision, reporter, "x" * 2000)
    with pytest.raises(cases.CaseError, match="already"):
        decisions.contest(decision, reporter, "again")
    assert Appeal.objects.count() == 1


def test_only_the_reporter_or_the_notified_reported_user_may_contest(
    wiki, case, responder, other_reporter
):
    decision = decisions.record(case, responder, form())
    troll = demo.make_user(wiki, "Troll")
    assert "Only the reporter" in decisions.can_contest(decision, other_reporter)
    assert "Only the reporter" in decisions.can_contest(decision, troll)  # not notified
    Decision.objects.filter(pk=decision.pk).update(reported_user_notified=True)
    decision.refresh_from_db()
    assert decisions.can_contest(decision, troll) == ""


def test_the_member_who_decided_cannot_decide_the_appeal(
    run_tasks, case, responder, second, reporter
):
    first = decisions.record(case, responder, form())
    run_tasks(decisions.contest, first, reporter, "The warning is too mild.")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    with pytest.raises(cases.CaseError, match="another member of the team"):
        decisions.record(case, responder, form(appeal_result="upheld"))
    mail.outbox.clear()
    answer = run_tasks(
        decisions.record,
        case,
        second,
        form(actions=["partial-block"], appeal_result="changed", reporter_text="Now blocked."),
    )
    assert answer.answers.decision == first and answer.appeal_result == "changed"
    assert Appeal.objects.get().status == AppealStatus.DECIDED
    case.refresh_from_db()
    assert decisions.latest(case) == answer and case.outcome == Outcome.ACTION_TAKEN
    assert [m.to for m in mail.outbox] == [[case.reporter_email]]
    assert "Now blocked." in mail.outbox[0].body
    kinds = list(CaseEvent.objects.filter(report=case).values_list("kind", flat=True))
    assert kinds.count("decision") == 2 and "appeal" in kinds
    assert set(AuditEntry.objects.filter(report=case).values_list("action", flat=True)) >= {
        "decision",
        "appeal",
    }


def test_an_appeal_tells_the_team_but_not_the_member_who_decided(
    run_tasks, case, responder, second, reporter
):
    first = decisions.record(case, responder, form())
    mail.outbox.clear()
    run_tasks(decisions.contest, first, reporter, "Please look again.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert second.email in recipients and case.reporter_email in recipients
    assert responder.email not in recipients
    team_mail = next(m for m in mail.outbox if m.to == [second.email])
    assert "Please look again." not in team_mail.body and reporter.username not in team_mail.body


def test_upheld_keeps_the_actions_and_changed_must_change_something(
    case, responder, second, reporter
):
    first = decisions.record(case, responder, form())
    decisions.contest(first, reporter, "No.")
    with pytest.raises(cases.CaseError, match="changed decision"):
        decisions.record(case, second, form(appeal_result="changed"))
    upheld = decisions.record(case, second, form(actions=["global-lock"], appeal_result="upheld"))
    assert upheld.actions == ["warning"] and upheld.appeal_result == "upheld"


def test_the_reported_user_contests_from_the_link_after_logging_in(
    client, wiki, case, responder, second
):
    notify_warnings(wiki)
    decision = decisions.record(case, responder, form())
    url = f"/desk/decisions/{decision.public_id}"
    assert client.get(url).status_code == 302  # log in first
    troll = demo.make_user(wiki, "Troll")
    client.force_login(troll)
    page = client.get(url).content.decode()
    assert "SECRET-FACTS" in page and "The user was warned." in page
    assert case.reporter_username not in page and case.details not in page
    assert FOR_REPORTER not in page
    assert client.post(url, {"text": "I did nothing wrong."}).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.role == "reported-user" and appeal.appellant == troll
    event = CaseEvent.objects.get(report=case, kind=EventKind.APPEAL)
    assert event.actor is None  # the timeline does not name the appellant
    client.force_login(case.reporter)
    assert client.get(url).status_code == 404


# --- misuse --------------------------------------------------------------------------------


def unfounded(wiki, reporter, queue, responder, n):
    for _ in range(n):
        report = make_report(wiki, reporter, queue=queue)
        decisions.record(
            report,
            responder,
            form(
                actions=["no-action"],
                ground="not-a-violation",
                well_founded="manifestly-unfounded",
                well_founded_reason="Nothing happened on that page.",
            ),
        )


def test_misuse_warns_at_the_threshold_then_suspends_on_the_next(
    run_tasks, wiki, reporter, community_queue, responder
):
    unfounded(wiki, reporter, community_queue, responder, 2)
    assert not MisuseMeasure.objects.exists()
    mail.outbox.clear()
    run_tasks(unfounded, wiki, reporter, community_queue, responder, 1)
    warning = MisuseMeasure.objects.get()
    assert warning.kind == MisuseKind.WARNING and len(warning.reports) == 3
    assert any("warning about your reports" in m.subject for m in mail.outbox)
    assert eligibility.check(reporter, wiki, flow="non-emergency")[0].ok
    mail.outbox.clear()
    run_tasks(unfounded, wiki, reporter, community_queue, responder, 1)
    suspension = MisuseMeasure.objects.get(kind=MisuseKind.SUSPENSION)
    assert suspension.ends_at - suspension.created_at == timedelta(days=14)
    notice = next(m for m in mail.outbox if "suspended" in m.subject)
    assert "immediate threat of physical harm" in notice.body
    refused = eligibility.check(reporter, wiki, flow="non-emergency")[0]
    assert refused.reason == eligibility.Reason.SUSPENDED
    assert eligibility.check(reporter, wiki, flow="emergency")[0].ok  # never for emergencies
    assert eligibility.check(reporter, wiki)[0].ok  # the first step stays open


def test_unfounded_reports_outside_the_period_do_not_count(
    wiki, reporter, community_queue, responder
):
    unfounded(wiki, reporter, community_queue, responder, 2)
    Decision.objects.update(created_at=timezone.now() - timedelta(days=91))
    unfounded(wiki, reporter, community_queue, responder, 1)
    assert not MisuseMeasure.objects.exists()


def test_a_lead_lifts_a_suspension_and_it_is_audited(
    client, wiki, reporter, community_queue, responder, lead
):
    unfounded(wiki, reporter, community_queue, responder, 4)
    suspension = MisuseMeasure.objects.get(kind=MisuseKind.SUSPENSION)
    case = make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    url = f"/desk/cases/{case.reference}/lift"
    assert client.post(url, {"measure": suspension.pk, "reason": "x"}).status_code == 403
    client.force_login(lead)
    page = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert "Manifestly unfounded: 4" in page and 'id="lift"' in page
    assert client.post(url, {"measure": suspension.pk, "reason": ""}).status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_at is None
    client.post(url, {"measure": suspension.pk, "reason": "The reports were in good faith."})
    suspension.refresh_from_db()
    assert suspension.lifted_by == lead
    entry = AuditEntry.objects.get(action="suspension-lift")
    assert entry.actor == lead and entry.details["reason"] == "The reports were in good faith."
    after = eligibility.check(reporter, wiki, flow="non-emergency")[0]
    assert after.reason != eligibility.Reason.SUSPENDED


def test_the_suspension_refusal_has_its_own_translated_page(
    client, wiki, reporter, community_queue, responder
):
    from reports.tests.helpers import enable_direct_report, start

    unfounded(wiki, reporter, community_queue, responder, 4)
    enable_direct_report(wiki, "spam")
    client.force_login(reporter)
    step1 = start(client, wiki, "?uselang=pt")
    type_url = client.post(step1, {"flow": "non-emergency"}).headers["Location"]
    response = client.get(type_url + "?uselang=pt")
    assert response.status_code == 403
    assert "suspensas" in response.content.decode()


def test_the_track_record_counts_only_cases_the_viewer_may_open(
    wiki, reporter, community_queue, safety_queue, responder, safety_responder
):
    unfounded(wiki, reporter, community_queue, responder, 1)
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    decisions.record(emergency, safety_responder, form())
    from desk import access

    def record(viewer):
        visible = access.restrict_to_visible(
            cases.Report.objects.filter(wiki=wiki, reporter=reporter), viewer
        )
        return misuse.track_record(visible)

    assert record(responder) == {"founded": 0, "unfounded": 0, "manifestly-unfounded": 1}
    assert record(safety_responder) == {"founded": 1, "unfounded": 0, "manifestly-unfounded": 0}


# --- trusted flaggers ------------------------------------------------------------------------


def test_trusted_flaggers_come_first_among_cases_of_the_same_day(
    wiki, reporter, other_reporter, community_queue, responder
):
    plain = make_report(wiki, reporter, queue=community_queue)
    trusted = make_report(wiki, other_reporter, queue=community_queue, trusted_flagger=True)
    old = make_report(wiki, reporter, queue=community_queue)
    cases.Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    emergency = make_report(wiki, reporter, queue=community_queue, flow=Flow.EMERGENCY)
    rows, *_ = queues.page_of(community_queue, queues.QueueFilters(), responder, 1)
    assert [r.pk for r in rows] == [emergency.pk, old.pk, trusted.pk, plain.pk]


def test_a_report_by_a_listed_group_is_marked_trusted(client, wiki, reporter):
    from accounts.models import WikiAccount
    from reports.location import Location
    from reports.submission import Submission, submit

    change(wiki, lambda c: c["trusted_flaggers"].update({"groups": ["checkuser"]}))
    WikiAccount.objects.filter(user=reporter).update(groups=["user", "autoconfirmed", "checkuser"])
    report = submit(
        reporter,
        wiki,
        Submission(flow="emergency", token="t" * 20, harm_subtype="self-harm", location=Location()),
    )
    assert report.trusted_flagger


# --- clocks ----------------------------------------------------------------------------------


def test_clocks_stand_still_while_waiting_for_the_reporter(case, responder, reporter):
    cases.Report.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(hours=2))
    case.refresh_from_db()
    first = clocks.state(case)
    assert first["clock"] == clocks.FIRST_RESPONSE and not first["overdue"]
    cases.message_reporter(case, responder, "Which page?", wait_for_reply=True)
    case.refresh_from_db()
    assert case.first_response_at is not None and case.waiting_since is not None
    later = timezone.now() + timedelta(days=30)
    paused = clocks.state(case, later)
    assert paused["clock"] == clocks.DECISION and paused["paused"]
    assert not paused["overdue"]  # 30 days waiting do not count
    cases.Report.objects.filter(pk=case.pk).update(
        waiting_since=timezone.now() - timedelta(days=20)
    )
    case.refresh_from_db()
    cases.reporter_reply(case, reporter, "Talk:Main Page")
    case.refresh_from_db()
    assert case.waiting_since is None and case.paused_seconds >= 20 * 86400 - 5


def test_a_status_change_away_from_received_is_a_first_response(case, responder):
    cases.change_status(case, responder, Status.TRIAGED)
    case.refresh_from_db()
    assert case.first_response_at is not None


def test_an_overdue_case_notifies_the_leads_once(run_tasks, case, responder, lead, community_team):
    cases.Report.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert run_tasks(clocks.notify_overdue) == 1
    assert run_tasks(clocks.notify_overdue) == 0
    to_leads = [m for m in mail.outbox if m.to == [lead.email]]
    assert len(to_leads) == 1 and case.reference in to_leads[0].subject
    assert not [m for m in mail.outbox if m.to == [responder.email]]
    assert Delivery.objects.notices().filter(report=case, status="sent").count() == 1


def test_a_case_within_its_target_is_not_overdue(run_tasks, case, lead):
    cases.Report.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(hours=71))
    assert run_tasks(clocks.notify_overdue) == 0


def test_the_queue_shows_time_left_and_overdue(client, case, responder, wiki, reporter):
    late = make_report(wiki, reporter, queue=case.queue)
    cases.Report.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=5))
    client.force_login(responder)
    page = client.get(f"/desk/queues/{case.queue.team.slug}/{case.queue.slug}").content.decode()
    assert "left (first response)" in page
    assert "Overdue (first response)" in page


def test_the_reporter_is_told_the_expected_time_for_every_report(client, case, reporter):
    client.force_login(reporter)
    text = client.get("/my-reports").content.decode()
    assert "first response within 72 h" in text
    detail = client.get(f"/my-reports/{case.reference}").content.decode()
    assert "a first response within 72 hours" in detail
