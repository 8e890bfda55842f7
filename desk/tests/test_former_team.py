"""A team that escalates a case away keeps read access to it (desk.FormerTeamAccess): it sees
the case, where it went and what became of it, never acts on it; the team holding the case
may restrict that access, for good."""

import pytest
from django.test import Client

from desk import cases
from desk.models import AuditEntry, CaseEvent, EventKind, FormerTeamAccess, Team
from desk.tests.conftest import make_report
from desk.tests.test_authorization import DECISION_POST, snapshot
from irs import demo
from reports.models import MisuseKind, MisuseMeasure, Status


@pytest.fixture
def escalated(case, responder, safety_team, safety_queue):
    """`case`, escalated by the community team's `responder` to the safety team."""
    cases.claim(case, responder)
    cases.escalate(case, responder, safety_team.slug, "Credible threat")
    case.refresh_from_db()
    return case


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_escalating_records_the_escalating_teams_read_access_in_the_same_transaction(
    case, responder, community_team, community_queue, safety_team
):
    cases.escalate(case, responder, safety_team.slug, "Credible threat")
    former = FormerTeamAccess.objects.get(report=case)
    assert (former.team, former.queue, former.to_team) == (
        community_team,
        community_queue,
        safety_team,
    )
    assert former.escalated_by == responder and not former.restricted


def test_a_refused_escalation_leaves_no_read_access(case, responder, safety_team):
    with pytest.raises(cases.CaseError):
        cases.escalate(case, responder, safety_team.slug, "")
    assert not FormerTeamAccess.objects.exists()


def test_the_escalating_responder_still_reads_the_case_with_where_it_went(
    escalated, responder, lead
):
    for user in (responder, lead):
        response = as_user(user).get(f"/desk/cases/{escalated.reference}")
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="former-access"' in body
        assert "Safety team" in body or escalated.queue.team.name in body
        # No form to act on it: no claim, note, message, merge, escalate, decision.
        for form in ("claim", "assign", "status", "note", "message", "merge", "escalate"):
            assert f'id="{form}"' not in body, form
        assert "/decide" not in body and 'id="decide"' not in body


def test_the_read_only_page_shows_the_status_and_the_decision(
    escalated, responder, safety_responder
):
    from desk import decisions
    from desk.tests.test_authorization import decision_form

    decisions.record(escalated, safety_responder, decision_form())
    escalated.refresh_from_db()
    body = as_user(responder).get(f"/desk/cases/{escalated.reference}").content.decode()
    former = body[body.index('id="former-access"') :]
    assert str(cases.status_label(escalated.status)) in former
    assert escalated.get_outcome_display() in former


def test_the_redirect_after_escalating_goes_to_the_read_only_case(
    case, responder, safety_team, safety_queue
):
    response = as_user(responder).post(
        f"/desk/cases/{case.reference}/escalate",
        {"team": safety_team.slug, "reason": "Credible threat"},
    )
    assert response.status_code == 302 and response.url == f"/desk/cases/{case.reference}"


WRITES = {
    "claim": {},
    "assign": {"assignee": ""},
    "status": {"status": "triaged"},
    "note": {"text": "note"},
    "message": {"text": "hello"},
    "merge": {"target": "R-AAAA-AAAA", "confirm": "1"},
    "escalate": {"team": "demowiki-responders", "reason": "back"},
    "decide": DECISION_POST,
    "lift": {"measure": "1", "reason": "too harsh"},
    "restrict": {"team": "demowiki-responders", "reason": "mine"},
}


@pytest.mark.parametrize("action", list(WRITES))
def test_every_write_action_refuses_a_former_teams_member_with_a_page_that_says_why(
    escalated, responder, lead, wiki, reporter, community_queue, action
):
    MisuseMeasure.objects.create(reporter=reporter, wiki=wiki, kind=MisuseKind.SUSPENSION)
    other = make_report(wiki, reporter, queue=community_queue)
    data = dict(WRITES[action])
    if action == "merge":
        data["target"] = other.reference
    for user in (responder, lead):
        before = snapshot(), list(FormerTeamAccess.objects.values())
        response = as_user(user).post(f"/desk/cases/{escalated.reference}/{action}", data)
        assert response.status_code == 403, (action, user)
        assert "You can only read this case" in response.content.decode()
        assert (snapshot(), list(FormerTeamAccess.objects.values())) == before, action


def test_the_safety_team_restricts_the_access_with_a_reason_on_the_timeline_and_audit_logs(
    escalated, responder, safety_responder, community_team, safety_team
):
    safety = as_user(safety_responder)
    page = safety.get(f"/desk/cases/{escalated.reference}").content.decode()
    assert f'id="restrict-{community_team.slug}"' in page
    refused = safety.post(
        f"/desk/cases/{escalated.reference}/restrict", {"team": community_team.slug, "reason": ""}
    )
    assert refused.status_code == 302
    assert not FormerTeamAccess.objects.get(report=escalated).restricted

    response = safety.post(
        f"/desk/cases/{escalated.reference}/restrict",
        {"team": community_team.slug, "reason": "Names a minor"},
    )
    assert response.status_code == 302
    former = FormerTeamAccess.objects.get(report=escalated)
    assert former.restricted and former.restricted_by == safety_responder
    assert former.restricted_by_team == safety_team
    event = CaseEvent.objects.get(report=escalated, kind=EventKind.ACCESS_RESTRICTED)
    assert event.text == "Names a minor" and event.team == community_team
    entries = AuditEntry.objects.filter(report=escalated, action="restrict-access")
    assert {e.team_id for e in entries} == {community_team.pk, safety_team.pk}
    assert entries.get(team=community_team).details == {"by_team": safety_team.slug}
    timeline = safety.get(f"/desk/cases/{escalated.reference}").content.decode()
    assert f"{community_team.name} can no longer read this case" in timeline

    # The former team now gets a 404 for reading and for acting, like any other team.
    assert as_user(responder).get(f"/desk/cases/{escalated.reference}").status_code == 404
    assert as_user(responder).post(f"/desk/cases/{escalated.reference}/note").status_code == 404
    # Restricting twice is refused.
    safety.post(
        f"/desk/cases/{escalated.reference}/restrict",
        {"team": community_team.slug, "reason": "again"},
    )
    assert CaseEvent.objects.filter(kind=EventKind.ACCESS_RESTRICTED).count() == 1


def test_the_timeline_says_the_escalating_team_keeps_read_access(
    escalated, safety_responder, community_team
):
    body = as_user(safety_responder).get(f"/desk/cases/{escalated.reference}").content.decode()
    assert f"{community_team.label} keeps read access" in body


def test_forged_restrictions_change_nothing(
    escalated,
    safety_responder,
    other_responder,
    responder,
    wiki,
    reporter,
    community_queue,
    community_team,
    other_team,
    safety_team,
):
    # A team that never had the case, and another case's former team, restrict nothing.
    untouched = make_report(wiki, reporter, queue=community_queue)
    cases.escalate(untouched, responder, safety_team.slug, "Another one")
    safety = as_user(safety_responder)
    before = list(FormerTeamAccess.objects.order_by("pk").values())
    for team in (other_team.slug, "no-such-team", "", safety_team.slug):
        safety.post(
            f"/desk/cases/{escalated.reference}/restrict", {"team": team, "reason": "forged"}
        )
    # Another wiki's responder cannot restrict (nor see) the case at all.
    response = as_user(other_responder).post(
        f"/desk/cases/{escalated.reference}/restrict",
        {"team": community_team.slug, "reason": "forged"},
    )
    assert response.status_code == 404
    assert list(FormerTeamAccess.objects.order_by("pk").values()) == before
    assert not CaseEvent.objects.filter(kind=EventKind.ACCESS_RESTRICTED).exists()


def test_other_teams_and_recused_members_read_nothing(
    escalated, other_responder, community_team, wiki
):
    assert as_user(other_responder).get(f"/desk/cases/{escalated.reference}").status_code == 404
    # A member of the former team whom the case is about is still recused.
    troll = demo.make_user(wiki, "Troll")
    community_team.memberships.create(user=troll)
    assert as_user(troll).get(f"/desk/cases/{escalated.reference}").status_code == 404
    assert as_user(troll).post(f"/desk/cases/{escalated.reference}/claim").status_code == 404
    away = as_user(troll).get(f"/desk/queues/{community_team.slug}/reports/escalated-away")
    assert escalated.reference not in away.content.decode()


def test_a_case_escalated_back_is_worked_again_by_the_team(
    escalated, responder, safety_responder, community_team
):
    cases.escalate(escalated, safety_responder, community_team.slug, "Not an emergency")
    escalated.refresh_from_db()
    assert escalated.queue.team == community_team
    holders = dict(FormerTeamAccess.objects.values_list("team__slug", "restricted_at"))
    assert holders == {"safety": None}
    response = as_user(responder).post(f"/desk/cases/{escalated.reference}/claim")
    assert response.status_code == 302
    escalated.refresh_from_db()
    assert escalated.assignee == responder


def test_the_queue_lists_cases_escalated_away_with_where_they_went_and_their_status(
    escalated, responder, safety_responder, community_team, django_assert_max_num_queries
):
    client = as_user(responder)
    queue_page = client.get(f"/desk/queues/{community_team.slug}/reports?status=all")
    assert escalated.reference not in [row.reference for row in queue_page.context["cases"]]
    assert 'id="escalated-away-link"' in queue_page.content.decode()
    assert queue_page.context["escalated_away"] == 1
    url = f"/desk/queues/{community_team.slug}/reports/escalated-away"
    body = client.get(url).content.decode()
    assert escalated.reference in body
    assert Team.objects.get(slug="safety").name in body
    assert str(cases.status_label(Status.ESCALATED)) in body
    assert f'href="/desk/cases/{escalated.reference}"' in body

    # Restricted: still listed (the team knows where it went), no link, no status.
    cases.restrict_former_access(escalated, safety_responder, community_team.slug, "Private")
    body = client.get(url).content.decode()
    assert escalated.reference in body
    assert f'href="/desk/cases/{escalated.reference}"' not in body
    assert "Read access restricted by" in body


def test_the_escalated_away_page_is_a_fixed_number_of_queries(
    responder,
    wiki,
    reporter,
    community_queue,
    community_team,
    safety_team,
    safety_queue,
    django_assert_max_num_queries,
):
    for _ in range(12):
        report = make_report(wiki, reporter, queue=community_queue)
        cases.escalate(report, responder, safety_team.slug, "Threat")
    client = as_user(responder)
    with django_assert_max_num_queries(12):
        response = client.get(f"/desk/queues/{community_team.slug}/reports/escalated-away")
    assert response.content.decode().count('class="reference"') == 12


def test_the_escalated_away_page_is_only_for_the_queues_team(
    escalated, other_responder, safety_responder, community_team
):
    url = f"/desk/queues/{community_team.slug}/reports/escalated-away"
    assert as_user(other_responder).get(url).status_code == 404
    assert as_user(safety_responder).get(url).status_code == 404
