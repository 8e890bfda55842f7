"""Who saw what: the leads' and operators' report of case views, unusual patterns, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from desk import cases
from desk.models import AuditAction, AuditEntry, TeamMembership
from irs import demo
from privacy import access_report
from privacy.tests.conftest import make_report


def _url(team):
    return reverse("privacy:team_access_report", args=[team.slug])


@pytest.fixture
def busy(wiki, reporter, community_queue, community_team, responder, lead):
    """The responder opens 25 cases and works on one; the lead opens two and works on both."""
    made = [make_report(wiki, reporter, queue=community_queue) for _ in range(25)]
    for report in made:
        cases.record_view(report, responder)
    cases.add_note(made[0], responder, "worked on")
    for report in made[:2]:
        cases.record_view(report, lead)
        cases.claim(report, lead)
    return made


def test_the_report_counts_views_cases_and_flags_the_unusual_member(
    community_team, busy, responder, lead
):
    now = timezone.now()
    rows = access_report.report(community_team, now - timedelta(days=1), now + timedelta(days=1))
    by_name = {row.name: row for row in rows}
    assert by_name["Responder"].views == 25 and by_name["Responder"].case_count == 25
    assert by_name["Responder"].unworked_count == 24
    assert by_name["Responder"].outside_count == 0
    assert by_name["Teamlead"].unworked_count == 0
    assert by_name["Responder"].unusual and not by_name["Teamlead"].unusual
    assert rows[0].name == "Responder"


def test_views_outside_the_members_teams_are_counted_and_flagged(
    wiki, reporter, community_queue, community_team, other_responder
):
    made = [make_report(wiki, reporter, queue=community_queue) for _ in range(20)]
    for report in made:  # e.g. cases moved away from the viewer's team
        AuditEntry.objects.create(
            actor=other_responder,
            actor_name=other_responder.username,
            action=AuditAction.VIEW,
            report=report,
            team=community_team,
        )
    now = timezone.now()
    (row,) = access_report.report(None, now - timedelta(days=1), now + timedelta(days=1))
    assert row.outside_count == 20 and row.unusual


def test_a_few_views_are_not_unusual(community_team, case, responder):
    cases.record_view(case, responder)
    now = timezone.now()
    (row,) = access_report.report(community_team, now - timedelta(days=1), now + timedelta(days=1))
    assert not row.unusual


def test_the_period_bounds_which_views_count(community_team, case, responder):
    cases.record_view(case, responder)
    now = timezone.now()
    assert (
        access_report.report(community_team, now + timedelta(seconds=1), now + timedelta(days=1))
        == []
    )
    assert (
        access_report.report(community_team, now - timedelta(days=1), now - timedelta(seconds=5))
        == []
    )


def test_a_lead_sees_the_page_and_downloads_the_csv_both_audited(
    client, busy, lead, community_team
):
    client.force_login(lead)
    page = client.get(_url(community_team))
    assert page.status_code == 200
    assert "Responder" in page.text and "Unusual" in page.text
    response = client.get(_url(community_team), {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="who-saw-what-')
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == ["viewed_at", "member", "case", "case_team", "member_of_case_team"]
    assert len(lines) == 1 + 25 + 2
    assert {line[1] for line in lines[1:]} == {"Responder", "Teamlead"}
    assert all(line[3] == community_team.slug and line[4] == "yes" for line in lines[1:])
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_REPORT, actor=lead).count() == 2


def test_the_csv_defuses_formulas(client, wiki, reporter, community_queue, community_team, lead):
    sly = demo.make_user(wiki, "=HYPERLINK(1)")
    TeamMembership.objects.create(team=community_team, user=sly)
    cases.record_view(make_report(wiki, reporter, queue=community_queue), sly)
    client.force_login(lead)
    body = client.get(_url(community_team), {"format": "csv"}).content.decode()
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize(
    "query",
    [
        {"from": "yesterday"},
        {"from": "2026-12-01", "to": "2020-01-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
        {"to": "9999999-01-01"},
    ],
)
def test_a_bad_period_is_refused_clearly_not_an_error(client, lead, community_team, query):
    client.force_login(lead)
    page = client.get(_url(community_team), query)
    assert page.status_code == 200 and 'role="alert"' in page.text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("responder", 403),
        ("other_responder", 404),
        ("reporter", 404),
        ("outsider", 404),
        ("wiki_admin", 404),
        ("operator", 200),
        ("lead", 200),
    ],
)
def test_only_the_teams_leads_and_operators_see_it(
    client, community_team, request, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(community_team)).status_code == status
    assert client.get(_url(community_team), {"format": "csv"}).status_code == status


@pytest.mark.parametrize("persona", ["responder", "lead", "reporter", "outsider", "wiki_admin"])
def test_the_all_teams_report_is_for_operators_only(client, community_team, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("privacy:access_report")).status_code == 404


def test_operators_see_every_team(client, busy, operator, other_responder, other_wiki, reporter):
    client.force_login(operator)
    page = client.get(reverse("privacy:access_report"))
    assert page.status_code == 200 and "Responder" in page.text
