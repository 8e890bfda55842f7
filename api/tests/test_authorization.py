"""Every API endpoint against the pages' access rule, for every persona: a case one may not
see is 404 (never 403, which would tell it exists), and a refused request changes nothing."""

import pytest

from api.models import Scope
from api.tests.conftest import make_report
from desk.models import AuditEntry, CaseEvent
from reports.models import Flow

PERSONAS = [
    "reporter",
    "outsider",
    "wiki_admin",
    "other_responder",
    "responder",
    "safety_responder",
    "operator",
]
# Who sees which case on the desk's pages (desk/tests/test_authorization.py has the same).
SEES = {
    "community": {"responder", "operator"},
    "emergency": {"safety_responder", "operator"},
}
READS = ["/cases/{ref}"]
ACTS = [
    ("/cases/{ref}/claim", {}),
    ("/cases/{ref}/notes", {"text": "A note"}),
    ("/cases/{ref}/messages", {"text": "A message"}),
    ("/cases/{ref}/status", {"status": "in-progress"}),
    ("/cases/{ref}/assign", {"assignee": None}),
    ("/cases/{ref}/escalate", {"team": "nowhere", "reason": "why"}),
    ("/cases/{ref}/merge", {"into": "R-NONE-NONE"}),
    ("/cases/{ref}/decide", {"actions": ["no-action"], "ground": "", "well_founded": "x"}),
]


@pytest.fixture
def cases_by_kind(wiki, reporter, community_queue, safety_queue):
    return {
        "community": make_report(wiki, reporter, queue=community_queue),
        "emergency": make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY),
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["community", "emergency"])
def test_reading_a_case(request, api_as, cases_by_kind, persona, kind):
    client = api_as(request.getfixturevalue(persona), Scope.READ)
    report = cases_by_kind[kind]
    for path in READS:
        status = client.get(path.format(ref=report.reference)).status_code
        assert status == (200 if persona in SEES[kind] else 404), (persona, kind, path)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", ["community", "emergency"])
def test_acting_on_a_case(request, api_as, cases_by_kind, persona, kind):
    client = api_as(request.getfixturevalue(persona), Scope.ACT)
    report = cases_by_kind[kind]
    before = (
        CaseEvent.objects.filter(report=report).count(),
        AuditEntry.objects.filter(report=report).count(),
    )
    for path, body in ACTS:
        status = client.post(path.format(ref=report.reference), body).status_code
        if persona in SEES[kind]:
            assert status in (200, 409), (persona, kind, path, status)
        else:
            assert status == 404, (persona, kind, path, status)
    if persona not in SEES[kind]:
        after = (
            CaseEvent.objects.filter(report=report).count(),
            AuditEntry.objects.filter(report=report).count(),
        )
        assert after == before
        report.refresh_from_db()
        assert report.assignee_id is None and report.status == "new"


@pytest.mark.parametrize("persona", PERSONAS)
def test_queue_listings_show_only_ones_own_queues(
    request, api_as, cases_by_kind, persona, community_queue, safety_queue
):
    client = api_as(request.getfixturevalue(persona), Scope.READ)
    listed = {(row["team"], row["queue"]) for row in client.get("/queues").json()}
    for queue, kind in ((community_queue, "community"), (safety_queue, "emergency")):
        key = (queue.team.slug, queue.slug)
        visible = persona in SEES[kind]
        assert (key in listed) == visible, (persona, key)
        answer = client.get(f"/queues/{queue.team.slug}/{queue.slug}/cases")
        assert answer.status_code == (200 if visible else 404), (persona, key)
