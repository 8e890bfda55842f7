"""The authorization matrix: every desk URL and action, for every persona.

Allowed requests succeed (200, or 302 back to the page after a POST); everything else is
403/404 (or a redirect to the login page for anonymous visitors) and changes nothing.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from desk import decisions
from desk.models import Appeal, AuditEntry, CaseEvent, Decision, TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import MisuseKind, MisuseMeasure, Report

PERSONAS = [
    "anonymous",
    "reporter",
    "other_reporter",
    "responder",
    "lead",
    "other_responder",
    "safety_responder",
    "wiki_admin",
    "operator",
    "reported_user",
]
TEAM = "demowiki-responders"


@pytest.fixture
def world(
    case,
    wiki,
    reporter,
    community_queue,
    safety_team,
    other_reporter,
    other_responder,
    safety_responder,
    wiki_admin,
    operator,
    lead,
    responder,
):
    target = make_report(wiki, reporter, queue=community_queue)
    decided = make_report(wiki, reporter, queue=community_queue)
    decision = decisions.record(decided, lead, decision_form())
    Decision.objects.filter(pk=decision.pk).update(reported_user_notified=True)
    MisuseMeasure.objects.create(
        reporter=reporter,
        wiki=wiki,
        kind=MisuseKind.SUSPENSION,
        ends_at=timezone.now() + timedelta(days=14),
    )
    return {
        "case": case,
        "target": target,
        "safety": safety_team,
        "decided": decided,
        "decision": decision,
    }


@pytest.fixture
def reported_user(wiki):
    """The user the cases are about (their account on the wiki is "Troll")."""
    return demo.make_user(wiki, "Troll")


def endpoints(world, responder, other_reporter):
    ref = world["case"].reference
    return {
        "overview": ("get", "/desk/", {}),
        "queue": ("get", f"/desk/queues/{TEAM}/reports", {}),
        "case": ("get", f"/desk/cases/{ref}", {}),
        "members": ("get", f"/desk/teams/{TEAM}/members", {}),
        "audit": ("get", f"/desk/teams/{TEAM}/audit", {}),
        "claim": ("post", f"/desk/cases/{ref}/claim", {}),
        "assign": ("post", f"/desk/cases/{ref}/assign", {"assignee": responder.pk}),
        "status": ("post", f"/desk/cases/{ref}/status", {"status": "triaged"}),
        "note": ("post", f"/desk/cases/{ref}/note", {"text": "note"}),
        "message": ("post", f"/desk/cases/{ref}/message", {"text": "hello"}),
        "merge": ("post", f"/desk/cases/{ref}/merge", {"target": world["target"].reference}),
        "merge_confirmed": (
            "post",
            f"/desk/cases/{ref}/merge",
            {"target": world["target"].reference, "confirm": "1"},
        ),
        "escalated_away": ("get", f"/desk/queues/{TEAM}/reports/escalated-away", {}),
        "escalate": (
            "post",
            f"/desk/cases/{ref}/escalate",
            {"team": world["safety"].slug, "reason": "threat"},
        ),
        "outcome": ("post", f"/desk/cases/{ref}/outcome", {"outcome": "referred"}),
        "add_member": (
            "post",
            f"/desk/teams/{TEAM}/members",
            {"op": "add", "username": other_reporter.username},
        ),
        "notifications": ("post", f"/desk/teams/{TEAM}/notifications", {"digest": "daily"}),
        "reply": ("post", f"/desk/my-reports/{ref}/reply", {"text": "my reply"}),
        "withdraw_page": ("get", f"/desk/my-reports/{ref}/withdraw", {}),
        "withdraw": ("post", f"/desk/my-reports/{ref}/withdraw", {"reason": "sorted out"}),
        "decide": ("post", f"/desk/cases/{ref}/decide", DECISION_POST),
        "lift": (
            "post",
            f"/desk/cases/{ref}/lift",
            {"measure": MisuseMeasure.objects.get().pk, "reason": "too harsh"},
        ),
        "appeals": ("get", f"/desk/teams/{TEAM}/appeals", {}),
        "appeal": (
            "post",
            f"/desk/my-reports/{world['decided'].reference}/appeal",
            {"decision": world["decision"].pk, "text": "I disagree"},
        ),
        "statement": ("get", f"/desk/decisions/{world['decision'].public_id}", {}),
        "contest": (
            "post",
            f"/desk/decisions/{world['decision'].public_id}",
            {"text": "I disagree too"},
        ),
    }


DECISION_POST = {
    "actions": ["warning"],
    "ground": "ucoc-3.1",
    "facts": "They insulted the reporter twice.",
    "reporter_text": "The user was warned.",
    "well_founded": "founded",
}


def decision_form():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in DECISION_POST.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return decisions.DecisionForm.from_post(data)


RESPONDER_OK = {
    "overview": 200,
    "queue": 200,
    "case": 200,
    "escalated_away": 200,
    # The merge asks first (a page, nothing changed); the confirmed post merges.
    "merge": 200,
    "members": 403,
    "audit": 403,
    **{
        action: 302
        for action in (
            "claim",
            "assign",
            "status",
            "note",
            "message",
            "merge_confirmed",
            "escalate",
            "decide",
            "notifications",
        )
    },
    "add_member": 403,
    "reply": 404,
    "withdraw_page": 404,
    "withdraw": 404,
    "lift": 403,
    "appeals": 200,
    "appeal": 404,
    "statement": 404,
    "contest": 404,
}
NOT_A_RESPONDER = {name: 404 for name in RESPONDER_OK} | {"overview": 403, "reply": 404}
EXPECTED = {
    "anonymous": {name: "login" for name in RESPONDER_OK},
    "reporter": NOT_A_RESPONDER
    | {"reply": 302, "appeal": 302, "withdraw_page": 200, "withdraw": 302},
    "reported_user": NOT_A_RESPONDER | {"statement": 200, "contest": 302},
    "other_reporter": NOT_A_RESPONDER,
    "wiki_admin": NOT_A_RESPONDER,
    "responder": RESPONDER_OK,
    "lead": RESPONDER_OK | {"members": 200, "audit": 200, "add_member": 302, "lift": 302},
    "other_responder": {name: 404 for name in RESPONDER_OK} | {"overview": 200},
    "safety_responder": {name: 404 for name in RESPONDER_OK} | {"overview": 200},
    "operator": RESPONDER_OK
    | {"members": 200, "audit": 200, "add_member": 302, "notifications": 404, "lift": 302},
}


def snapshot():
    return (
        list(Report.objects.order_by("pk").values()),
        CaseEvent.objects.count(),
        AuditEntry.objects.count(),
        sorted(TeamMembership.objects.values_list("team_id", "user_id", "is_lead", "digest")),
        list(Decision.objects.order_by("pk").values()),
        list(Appeal.objects.order_by("pk").values()),
        list(MisuseMeasure.objects.order_by("pk").values()),
    )


def client_for(request, persona, **kwargs):
    client = Client(**kwargs)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(RESPONDER_OK))
def test_authorization_matrix(request, world, responder, other_reporter, persona, endpoint):
    method, url, data = endpoints(world, responder, other_reporter)[endpoint]
    expected = EXPECTED[persona][endpoint]
    client = client_for(request, persona)
    before = snapshot()
    response = getattr(client, method)(url, data)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == expected, (persona, endpoint)
    after = snapshot()
    if expected in ("login", 403, 404) or endpoint == "merge":
        assert after == before, (persona, endpoint)
    elif method == "post":
        assert after != before, (persona, endpoint)


@pytest.mark.parametrize("persona", ["reporter", "responder", "lead", "operator"])
def test_every_post_needs_a_csrf_token(request, world, responder, other_reporter, persona):
    client = client_for(request, persona, enforce_csrf_checks=True)
    for name, (method, url, data) in endpoints(world, responder, other_reporter).items():
        if method != "post":
            continue
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code == 403, name
        assert snapshot() == before, name


def test_gets_on_action_urls_are_refused(client, responder, case):
    client.force_login(responder)
    for action in ("claim", "note", "escalate"):
        assert client.get(f"/desk/cases/{case.reference}/{action}").status_code == 405


def test_a_responder_cannot_act_on_another_teams_case_by_reference(client, other_responder, case):
    client.force_login(other_responder)
    before = snapshot()
    assert client.get(f"/desk/cases/{case.reference}").status_code == 404
    assert client.get("/desk/cases/R-DOES-NTEXIST").status_code == 404
    assert snapshot() == before
