import pytest

from desk import cases
from desk.models import AuditEntry, CaseEvent, EventKind
from desk.tests.conftest import make_report
from reports.models import Flow, Status


def kinds(report):
    return list(CaseEvent.objects.filter(report=report).values_list("kind", flat=True))


def test_claiming_assigns_the_case_to_me_and_writes_the_timeline(case, responder):
    cases.claim(case, responder)
    case.refresh_from_db()
    assert case.assignee == responder
    assert kinds(case) == [EventKind.CLAIMED]
    assert AuditEntry.objects.get(report=case).action == "claim"


def test_claiming_twice_is_refused(case, responder):
    cases.claim(case, responder)
    with pytest.raises(cases.CaseError):
        cases.claim(case, responder)


def test_it_assigns_only_to_members_of_the_case_team(case, responder, other_responder):
    with pytest.raises(cases.CaseError):
        cases.assign(case, responder, str(other_responder.pk))
    with pytest.raises(cases.CaseError):
        cases.assign(case, responder, "not-a-number")
    with pytest.raises(cases.CaseError):
        cases.assign(case, responder, "99999999999999999999999")
    case.refresh_from_db()
    assert case.assignee is None
    cases.assign(case, responder, str(responder.pk))
    case.refresh_from_db()
    assert case.assignee == responder
    cases.assign(case, responder, "")
    case.refresh_from_db()
    assert case.assignee is None


def test_status_changes_are_limited_to_the_listed_statuses(case, responder):
    for forged in ("information", "closed-duplicate", "nonsense", ""):
        with pytest.raises(cases.CaseError):
            cases.change_status(case, responder, forged)
    cases.change_status(case, responder, Status.TRIAGED)
    case.refresh_from_db()
    assert case.status == Status.TRIAGED
    event = CaseEvent.objects.get(report=case, kind=EventKind.STATUS)
    assert event.data == {"previous": "new", "status": "triaged"}


def test_setting_the_same_status_again_is_refused(case, responder):
    with pytest.raises(cases.CaseError):
        cases.change_status(case, responder, Status.NEW)


def test_notes_are_stored_and_oversized_notes_refused(case, responder):
    cases.add_note(case, responder, "  <b>Looks like</b> a sock  ")
    note = CaseEvent.objects.get(report=case, kind=EventKind.NOTE)
    assert note.text == "<b>Looks like</b> a sock"
    with pytest.raises(cases.CaseError):
        cases.add_note(case, responder, "x" * (cases.NOTE_MAX + 1))
    with pytest.raises(cases.CaseError):
        cases.add_note(case, responder, "   ")
    assert CaseEvent.objects.filter(report=case, kind=EventKind.NOTE).count() == 1


def test_a_message_can_put_the_case_in_waiting_for_the_reporter(case, responder):
    cases.message_reporter(case, responder, "When did it start?", wait_for_reply=True)
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert kinds(case) == [EventKind.MESSAGE, EventKind.STATUS]


def test_the_reporters_reply_goes_into_the_timeline_and_ends_the_wait(case, responder, reporter):
    cases.message_reporter(case, responder, "When did it start?", wait_for_reply=True)
    cases.reporter_reply(case, reporter, "Last Tuesday.")
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    reply = CaseEvent.objects.get(report=case, kind=EventKind.REPLY)
    assert reply.text == "Last Tuesday." and reply.actor == reporter


def test_a_reporter_cannot_reply_to_a_report_that_is_not_a_case(wiki, reporter):
    report = make_report(wiki, reporter, queue=None)
    with pytest.raises(cases.CaseError):
        cases.reporter_reply(report, reporter, "Hello?")
    assert not CaseEvent.objects.filter(report=report).exists()


def test_the_reporters_timeline_never_contains_internal_notes(
    case, responder, reporter, safety_team
):
    cases.add_note(case, responder, "Internal: reporter seems credible")
    cases.message_reporter(case, responder, "Thanks, we are looking into it")
    cases.escalate(case, responder, "safety", "Threat of violence")
    shown = cases.reporter_timeline(case)
    assert {e.kind for e in shown} <= {"message", "reply", "status"}
    assert all("Internal" not in e.text and "violence" not in e.text for e in shown)


def test_merging_closes_the_duplicate_and_links_both_cases(
    wiki, reporter, other_reporter, community_queue, responder
):
    original = make_report(wiki, reporter, queue=community_queue)
    duplicate = make_report(wiki, other_reporter, queue=community_queue)
    cases.merge_into(
        duplicate,
        responder,
        original.reference.lower(),
        cases.Report.objects.filter(queue=community_queue),
    )
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original
    assert duplicate.status == Status.DUPLICATE
    assert kinds(original) == [EventKind.DUPLICATE_ADDED]


def test_merging_refuses_itself_unknown_and_invisible_cases(
    case, responder, wiki, other_reporter, other_queue
):
    visible = cases.Report.objects.filter(queue=case.queue)
    hidden = make_report(wiki, other_reporter, queue=other_queue)
    for target in (case.reference, "R-NONE-NONE", hidden.reference, ""):
        with pytest.raises(cases.CaseError):
            cases.merge_into(case, responder, target, visible)
    case.refresh_from_db()
    assert case.duplicate_of is None and case.status == Status.NEW


def test_merging_into_a_duplicate_is_refused(wiki, reporter, community_queue, responder):
    a, b, c = (make_report(wiki, reporter, queue=community_queue) for _ in range(3))
    visible = cases.Report.objects.filter(queue=community_queue)
    cases.merge_into(b, responder, a.reference, visible)
    with pytest.raises(cases.CaseError):
        cases.merge_into(c, responder, b.reference, visible)


def test_escalation_moves_the_case_to_the_other_teams_queue(
    case, responder, safety_team, safety_queue
):
    cases.claim(case, responder)
    cases.escalate(case, responder, safety_team.slug, "Credible threat")
    case.refresh_from_db()
    assert case.queue == safety_queue
    assert case.assignee is None
    assert case.status == Status.ESCALATED
    escalated = CaseEvent.objects.get(report=case, kind=EventKind.ESCALATED)
    assert escalated.text == "Credible threat" and escalated.team == safety_team
    assert CaseEvent.objects.filter(report=case, kind=EventKind.ARRIVED, team=safety_team).exists()
    # Both teams' leads see it in their audit logs.
    assert set(
        AuditEntry.objects.filter(action="escalate").values_list("team__slug", flat=True)
    ) == {case.queue.team.slug, "demowiki-responders"}


def test_escalation_needs_a_reason_and_another_team(case, responder, community_team, safety_team):
    with pytest.raises(cases.CaseError):
        cases.escalate(case, responder, safety_team.slug, "")
    with pytest.raises(cases.CaseError):
        cases.escalate(case, responder, community_team.slug, "Same team")
    with pytest.raises(cases.CaseError):
        cases.escalate(case, responder, "no-such-team", "Reason")
    with pytest.raises(cases.CaseError):
        cases.escalate(case, responder, safety_team.slug, "x" * (cases.REASON_MAX + 1))
    case.refresh_from_db()
    assert case.queue.team == community_team


def test_case_arrived_is_idempotent(case):
    assert cases.case_arrived(case) is not None
    assert cases.case_arrived(case) is None
    assert CaseEvent.objects.filter(report=case, kind=EventKind.ARRIVED).count() == 1


def test_case_arrived_ignores_reports_outside_any_queue(wiki, reporter):
    report = make_report(wiki, reporter, queue=None, flow=Flow.EMERGENCY)
    assert cases.case_arrived(report) is None


def test_team_leads_add_and_remove_members(community_team, lead, outsider):
    membership = cases.add_member(community_team, lead, "Outsider")
    with pytest.raises(cases.CaseError):
        cases.add_member(community_team, lead, "Outsider")
    with pytest.raises(cases.CaseError):
        cases.add_member(community_team, lead, "Nobody-By-That-Name")
    cases.set_lead(community_team, lead, membership.pk, True)
    cases.remove_member(community_team, lead, membership.pk)
    assert not community_team.memberships.filter(user=outsider).exists()
    actions = list(AuditEntry.objects.filter(team=community_team).values_list("action", flat=True))
    assert sorted(actions) == ["member-add", "member-lead", "member-remove"]


def test_the_last_lead_cannot_be_removed_by_a_lead(community_team, lead):
    membership = community_team.memberships.get(user=lead)
    with pytest.raises(cases.CaseError):
        cases.remove_member(community_team, lead, membership.pk)
    with pytest.raises(cases.CaseError):
        cases.set_lead(community_team, lead, membership.pk, False)
    with pytest.raises(cases.CaseError):
        cases.remove_member(community_team, lead, "forged")


def test_a_case_is_never_escalated_to_another_wikis_team(
    client, case, responder, safety_team, safety_queue, other_team, other_responder, wiki
):
    from desk.models import Queue, Team

    oversight = Team.objects.create(slug="demowiki-oversight", name="Oversight", wiki=wiki)
    Queue.objects.create(team=oversight, slug="cases", name="Cases")
    targets = set(cases.escalation_targets(case).values_list("slug", flat=True))
    assert targets == {safety_team.slug, "demowiki-oversight"}

    client.force_login(responder)
    client.post(
        f"/desk/cases/{case.reference}/escalate", {"team": other_team.slug, "reason": "why not"}
    )
    case.refresh_from_db()
    assert case.queue.team.slug == "demowiki-responders"
    client.force_login(other_responder)
    assert client.get(f"/desk/cases/{case.reference}").status_code == 404
