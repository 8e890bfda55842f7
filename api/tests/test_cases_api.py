"""The API's cases: the same access as the desk's pages, the same actions, problem details."""

import pytest
from django.test import Client

from api.models import Scope
from api.tests.conftest import make_report
from desk.models import AuditAction, AuditEntry, CaseEvent, EventKind
from reports.models import Flow, Status


def test_without_a_token_every_endpoint_answers_401_problem(case):
    client = Client()
    for path in ["/api/v1/queues", f"/api/v1/cases/{case.reference}", "/api/v1/me/reports"]:
        answer = client.get(path)
        assert answer.status_code == 401, path
        assert answer["Content-Type"] == "application/problem+json"
        assert answer["WWW-Authenticate"].startswith("Bearer")
        assert answer.json()["status"] == 401


def test_a_session_cookie_alone_does_not_open_the_api(client, responder, case):
    client.force_login(responder)
    assert client.get("/api/v1/queues").status_code == 401
    answer = client.post(f"/api/v1/cases/{case.reference}/claim", content_type="application/json")
    assert answer.status_code == 401
    case.refresh_from_db()
    assert case.assignee_id is None


def test_queues_list_the_teams_the_person_works_with_open_counts(api_as, responder, case):
    answer = api_as(responder, Scope.READ).get("/queues")
    assert answer.status_code == 200
    rows = answer.json()
    assert [(r["team"], r["open_cases"]) for r in rows] == [(case.queue.team.slug, 1)]


def test_the_open_count_leaves_out_the_cases_about_the_caller(
    api_as, responder, case, wiki, reporter
):
    make_report(wiki, reporter, queue=case.queue, reported_user="RESPONDER")
    answer = api_as(responder, Scope.READ).get("/queues")
    assert [r["open_cases"] for r in answer.json()] == [1]


def test_a_case_reads_as_on_its_page_and_the_view_is_audited(api_as, responder, case):
    answer = api_as(responder, Scope.READ).get(f"/cases/{case.reference}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["reference"] == case.reference
    assert body["reporter"] == {"username": "Reporter", "email": case.reporter_email}
    assert body["details"] == "They keep following me around."
    assert body["type"] == "intimidation"
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, report=case, actor=responder).exists()


def test_other_wikis_responders_and_reporters_get_404(api_as, case, other_responder, reporter):
    for person in (other_responder, reporter):
        client = api_as(person)
        assert client.get(f"/cases/{case.reference}").status_code == 404
        answer = client.post(f"/cases/{case.reference}/claim")
        assert answer.status_code == 404
        assert answer.json()["type"] == "/api/v1/problems/not-found"
    case.refresh_from_db()
    assert case.assignee_id is None
    assert not AuditEntry.objects.filter(report=case).exists()


def test_the_safety_teams_emergencies_are_hidden_from_community_responders(
    api_as, wiki, reporter, responder, safety_queue, safety_responder
):
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    assert api_as(responder).get(f"/cases/{emergency.reference}").status_code == 404
    assert api_as(safety_responder).get(f"/cases/{emergency.reference}").status_code == 200


def test_a_responder_is_recused_from_a_case_about_themselves(
    api_as, wiki, reporter, responder, community_queue
):
    about_them = make_report(wiki, reporter, queue=community_queue, reported_user="Responder")
    assert api_as(responder).get(f"/cases/{about_them.reference}").status_code == 404
    page = api_as(responder).get(
        f"/queues/{community_queue.team.slug}/{community_queue.slug}/cases"
    )
    assert about_them.reference not in [row["reference"] for row in page.json()["items"]]


def test_a_read_token_cannot_act(api_as, responder, case):
    answer = api_as(responder, Scope.READ).post(f"/cases/{case.reference}/claim")
    assert answer.status_code == 403
    assert answer.json()["type"] == "/api/v1/problems/read-only-token"
    case.refresh_from_db()
    assert case.assignee_id is None


def test_a_team_token_sees_only_that_teams_cases(
    api_as, wiki, reporter, case, safety_queue, safety_team, community_team, safety_responder
):
    from desk.models import TeamMembership

    TeamMembership.objects.create(team=community_team, user=safety_responder)
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    client = api_as(safety_responder, Scope.READ, team=community_team)
    assert client.get(f"/cases/{case.reference}").status_code == 200
    assert client.get(f"/cases/{emergency.reference}").status_code == 404
    assert [row["team"] for row in client.get("/queues").json()] == [community_team.slug]


def test_actions_do_what_the_page_does(api_as, responder, lead, case, safety_team):
    client = api_as(responder)
    ref = case.reference
    assert client.post(f"/cases/{ref}/claim").json()["assignee"] == "Responder"
    again = client.post(f"/cases/{ref}/claim")
    assert again.status_code == 409
    assert again.json()["detail"] == "You have already claimed this case."
    assert (
        client.post(f"/cases/{ref}/assign", {"assignee": "Teamlead"}).json()["assignee"]
        == "Teamlead"
    )
    assert client.post(f"/cases/{ref}/assign", {"assignee": "Nobody"}).status_code == 409
    assert (
        client.post(f"/cases/{ref}/status", {"status": "in-progress"}).json()["status"]
        == "in-progress"
    )
    assert client.post(f"/cases/{ref}/status", {"status": "closed-duplicate"}).status_code == 422
    assert client.post(f"/cases/{ref}/notes", {"text": "Checked the diffs."}).status_code == 200
    assert client.post(f"/cases/{ref}/notes", {"text": "  "}).status_code == 422
    sent = client.post(f"/cases/{ref}/messages", {"text": "Which diff?", "wait_for_reply": True})
    assert sent.json()["status"] == Status.WAITING
    kinds = list(CaseEvent.objects.filter(report=case).values_list("kind", flat=True))
    assert kinds.count(EventKind.NOTE) == 1 and kinds.count(EventKind.MESSAGE) == 1
    actions = set(AuditEntry.objects.filter(report=case).values_list("action", flat=True))
    assert {
        AuditAction.CLAIM,
        AuditAction.ASSIGN,
        AuditAction.STATUS,
        AuditAction.NOTE,
        AuditAction.MESSAGE,
    } <= actions
    moved = client.post(f"/cases/{ref}/escalate", {"team": safety_team.slug, "reason": "Threat."})
    assert moved.json()["team"] == safety_team.slug


def test_merge_only_into_a_case_the_token_sees(api_as, responder, wiki, reporter, case, other_team):
    target = make_report(wiki, reporter, queue=case.queue)
    hidden = make_report(other_team.wiki, reporter, queue=other_team.queues.get())
    client = api_as(responder)
    assert (
        client.post(f"/cases/{case.reference}/merge", {"into": hidden.reference}).status_code == 409
    )
    done = client.post(f"/cases/{case.reference}/merge", {"into": target.reference})
    assert done.json()["status"] == Status.DUPLICATE


@pytest.mark.parametrize("body", [{}, {"text": 5}, {"text": None}, [], "x"])
def test_malformed_bodies_get_422_problems_without_echoing_values(api_as, responder, case, body):
    answer = api_as(responder).post(f"/cases/{case.reference}/notes", body)
    assert answer.status_code in (400, 422)
    assert answer["Content-Type"] == "application/problem+json"
    assert not CaseEvent.objects.filter(report=case, kind=EventKind.NOTE).exists()


def test_cases_are_paged_by_cursor_emergencies_first_then_oldest(
    api_as, wiki, reporter, responder, community_queue
):
    refs = [make_report(wiki, reporter, queue=community_queue).reference for _ in range(5)]
    urgent = make_report(wiki, reporter, queue=community_queue, flow=Flow.EMERGENCY).reference
    client = api_as(responder, Scope.READ)
    path = f"/queues/{community_queue.team.slug}/{community_queue.slug}/cases"
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(path, **params).json()
        seen += [row["reference"] for row in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [urgent, *refs]


def test_filters_are_the_desks_and_unknown_values_are_refused(
    api_as, wiki, reporter, responder, community_queue
):
    make_report(wiki, reporter, queue=community_queue, status=Status.RESOLVED)
    open_case = make_report(wiki, reporter, queue=community_queue)
    client = api_as(responder, Scope.READ)
    path = f"/queues/{community_queue.team.slug}/{community_queue.slug}/cases"
    assert [r["reference"] for r in client.get(path).json()["items"]] == [open_case.reference]
    assert len(client.get(path, status="all").json()["items"]) == 2
    assert client.get(path, assignee="none").status_code == 200
    for name, value in [
        ("status", "bogus"),
        ("flow", "x"),
        ("assignee", "Nobody"),
        ("wiki", "enwiki"),
    ]:
        answer = client.get(path, **{name: value})
        assert answer.status_code == 422, name
        assert value not in answer.content.decode()
    assert client.get(path, cursor="not-a-cursor").status_code == 400
    assert client.get(path, limit=0).status_code == 422
    assert client.get(path, limit=101).status_code == 422


def test_another_teams_queue_is_404(api_as, responder, other_team):
    queue = other_team.queues.get()
    assert api_as(responder).get(f"/queues/{other_team.slug}/{queue.slug}/cases").status_code == 404


def test_reporters_read_their_own_reports_and_conversation_without_notes(
    api_as, responder, reporter, other_reporter, case
):
    api_as(responder).post(f"/cases/{case.reference}/notes", {"text": "internal only"})
    api_as(responder).post(f"/cases/{case.reference}/messages", {"text": "Thanks for telling us"})
    mine = api_as(reporter, Scope.READ)
    assert [r["reference"] for r in mine.get("/me/reports").json()] == [case.reference]
    detail = mine.get(f"/me/reports/{case.reference}").json()
    texts = [entry["text"] for entry in detail["conversation"]]
    assert "Thanks for telling us" in texts and "internal only" not in texts
    assert (
        api_as(other_reporter, Scope.READ).get(f"/me/reports/{case.reference}").status_code == 404
    )
    assert "reporter" not in detail and "details" not in detail


def test_a_token_over_its_rate_gets_429_with_retry_after(api_as, responder, settings):
    settings.IRS_API_REQUESTS_PER_MINUTE = 3
    client = api_as(responder, Scope.READ)
    answers = [client.get("/queues") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1]["Content-Type"] == "application/problem+json"


def test_the_schema_is_served_and_names_every_endpoint(client):
    schema = client.get("/api/v1/schema").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/queues",
        "/api/v1/cases/{reference}",
        "/api/v1/me/reports",
        "/api/v1/cases/{reference}/merge",
    } <= paths
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize(
    "path,body",
    [
        ("/cases/{ref}/notes", {"text": "a\x00b"}),
        ("/cases/{ref}/notes", {"text": "broken \ud800 unicode"}),
        ("/cases/{ref}/messages", {"text": "bell\x07"}),
        ("/cases/{ref}/assign", {"assignee": "Teamlead\x00"}),
        ("/cases/{ref}/escalate", {"team": "safety\x00", "reason": "why"}),
        ("/cases/{ref}/merge", {"into": "R-\x00"}),
        ("/cases/{ref}/notes", {"text": "ok", "extra": {"\x00": 1}}),
    ],
)
def test_control_characters_and_broken_unicode_are_refused_at_the_door(
    api_as, responder, case, path, body
):
    answer = api_as(responder).post(path.format(ref=case.reference), body)
    assert answer.status_code == 422
    assert answer.json()["type"] == "/api/v1/problems/invalid-text"
    assert not CaseEvent.objects.filter(report=case).exists()


def test_control_characters_in_the_path_or_query_are_refused(api_as, responder, case):
    client = api_as(responder, Scope.READ)
    assert client.get("/cases/R-\x00").status_code == 404
    queue = case.queue
    answer = client.get(f"/queues/{queue.team.slug}/{queue.slug}/cases", assignee="x\x00")
    assert answer.status_code == 422


def test_newlines_and_tabs_are_fine(api_as, responder, case):
    answer = api_as(responder).post(f"/cases/{case.reference}/notes", {"text": "a\n\tb"})
    assert answer.status_code == 200


DECISION = {
    "actions": ["warning"],
    "ground": "ucoc-3.1",
    "facts": "Two insults on Talk:Main Page.",
    "reporter_text": "We warned the user; thank you for telling us.",
    "well_founded": "founded",
}


def test_deciding_a_case_records_the_decision_the_page_would(api_as, responder, case):
    from desk.models import Decision

    answer = api_as(responder).post(f"/cases/{case.reference}/decide", DECISION)
    assert answer.status_code == 200, answer.content
    decision = Decision.objects.get(report=case)
    assert decision.actions == ["warning"] and decision.decided_by == responder
    assert AuditEntry.objects.filter(report=case, action=AuditAction.DECISION).exists()
    refused = api_as(responder).post(
        f"/cases/{case.reference}/decide", {**DECISION, "actions": ["banned-forever"]}
    )
    assert refused.status_code == 409
    assert Decision.objects.filter(report=case).count() == 1


def test_a_read_token_or_an_outsider_cannot_decide(api_as, responder, other_responder, case):
    from desk.models import Decision

    assert (
        api_as(responder, Scope.READ).post(f"/cases/{case.reference}/decide", DECISION).status_code
        == 403
    )
    assert (
        api_as(other_responder).post(f"/cases/{case.reference}/decide", DECISION).status_code == 404
    )
    assert not Decision.objects.filter(report=case).exists()
