"""Every door against the shared hostile inputs (testing/hostile.py): a clear refusal or
inert storage, never a 500; on SQLite and PostgreSQL (DATABASE_URL)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from desk.models import CaseEvent, TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from irs.demo import DEMO_PASSWORD
from privacy.models import LegalHold
from reports.models import Report
from reports.tests.helpers import enable_direct_report, start, to_emergency_form, token_in
from testing.hostile import HOSTILE, form_body, stored_clean
from wikis.models import ConfigRevision

NAMES = sorted(HOSTILE)


def _client(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _post(client, url, fields):
    return client.post(url, form_body(fields), content_type="application/x-www-form-urlencoded")


def _assert_answered(response):
    assert response.status_code < 500, response.content[:500]


def _assert_inert(page: str):
    assert "<script>alert(1)" not in page
    assert "<b onmouseover" not in page


@pytest.fixture
def case_for(wiki, reporter, community_team):
    return make_report(wiki, reporter, queue=community_team.queues.get())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("field", ["details", "reported_user"])
def test_the_emergency_form(wiki, reporter, name, field):
    client = _client(reporter)
    url, form = to_emergency_form(client, wiki)
    response = _post(client, url, {field: HOSTILE[name], "submission_token": token_in(form)})
    _assert_answered(response)
    _assert_inert(response.content.decode())
    for report in Report.objects.filter(filed=True):
        assert stored_clean(report.details) and stored_clean(report.reported_user)


@pytest.mark.parametrize("name", NAMES)
def test_the_direct_report_and_something_else(wiki, reporter, name):
    enable_direct_report(wiki, "something-else")
    client = _client(reporter)
    step1 = start(client, wiki)
    type_url = client.post(step1, {"flow": "non-emergency"}).headers["Location"]
    response = _post(
        client, type_url, {"incident_type": "something-else", "something_else": HOSTILE[name]}
    )
    _assert_answered(response)
    if response.status_code == 302:
        page = client.get(response.headers["Location"])
        response = _post(
            client,
            response.headers["Location"],
            {"text": HOSTILE[name], "submission_token": token_in(page)},
        )
        _assert_answered(response)
    for report in Report.objects.filter(filed=True):
        assert stored_clean(report.direct_report_text) and stored_clean(report.something_else_text)


DESK_ACTIONS = {
    "note": lambda value: {"text": value},
    "message": lambda value: {"text": value},
    "escalate": lambda value: {"team": "safety", "reason": value},
    "merge": lambda value: {"target": value},
    "assign": lambda value: {"assignee": value},
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("action", sorted(DESK_ACTIONS))
def test_the_desks_actions(responder, safety_team, case_for, name, action):
    client = _client(responder)
    url = f"/desk/cases/{case_for.reference}/{action}"
    response = _post(client, url, DESK_ACTIONS[action](HOSTILE[name]))
    _assert_answered(response)
    for event in CaseEvent.objects.all():
        assert stored_clean(event.text)
    page = client.get(f"/desk/cases/{case_for.reference}")
    if page.status_code == 200:
        _assert_inert(page.content.decode())


@pytest.mark.parametrize("name", NAMES)
def test_the_legal_hold_reason(community_team, case_for, name):
    lead = demo.make_user(community_team.wiki, "Teamlead")
    TeamMembership.objects.create(team=community_team, user=lead, is_lead=True)
    client = _client(lead)
    url = reverse("privacy:legal_hold", args=[case_for.reference])
    response = _post(client, url, {"action": "place", "reason": HOSTILE[name]})
    _assert_answered(response)
    for hold in LegalHold.objects.all():
        assert stored_clean(hold.reason)
    _assert_inert(client.get(url).content.decode())


@pytest.mark.parametrize("name", NAMES)
def test_the_reporters_reply(reporter, case_for, name):
    client = _client(reporter)
    response = _post(
        client, f"/desk/my-reports/{case_for.reference}/reply", {"text": HOSTILE[name]}
    )
    _assert_answered(response)
    for event in CaseEvent.objects.all():
        assert stored_clean(event.text)
    page = client.get(f"/my-reports/{case_for.reference}")
    assert page.status_code == 200
    _assert_inert(page.content.decode())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("where", ["name", "summary", "key"])
def test_the_raw_configuration_editor(wiki, wiki_admin, name, where):
    client = _client(wiki_admin)
    data = wiki.config
    summary = "ok"
    if where == "name":
        data["wiki"]["name"] = HOSTILE[name]
    elif where == "key":
        data[HOSTILE[name]] = 1
    else:
        summary = HOSTILE[name]
    raw = json.dumps(data)  # a lone surrogate travels as its escape, as json.loads accepts it
    response = _post(client, f"/w/{wiki.slug}/config/raw", {"raw": raw, "summary": summary})
    _assert_answered(response)
    _assert_inert(response.content.decode())
    for revision in ConfigRevision.objects.all():
        assert stored_clean(revision.summary, multiline=False)
        assert stored_clean(revision.data["wiki"]["name"], multiline=False)
    assert client.get(f"/w/{wiki.slug}/config").status_code == 200


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("field", ["username", "password"])
def test_the_login_form(operator, name, field):
    client = _client()
    fields = {"username": "Operator", "password": DEMO_PASSWORD}
    fields[field] = HOSTILE[name]
    response = _post(client, "/accounts/login/", fields)
    _assert_answered(response)
    _assert_inert(response.content.decode())
