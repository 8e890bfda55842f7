"""The language of a team's emails: set by its leads on the members page; empty, the wiki's
content language (English for a team without a wiki)."""

import pytest
from django.core import mail
from django.utils import translation

from desk import cases
from desk.models import AuditAction, AuditEntry


@pytest.fixture
def team_members(community_team, responder, lead):
    return [responder, lead]


def new_case_subject(language, case, team):
    with translation.override(language):
        return translation.gettext("New case %(reference)s for %(team)s") % {
            "reference": case.reference,
            "team": team.label,
        }


def test_without_a_setting_responders_get_the_wikis_language(
    run_tasks, case, community_team, team_members
):
    assert community_team.email_language == community_team.wiki.content_language == "en"
    run_tasks(cases.case_arrived, case)
    assert {m.subject for m in mail.outbox} == {new_case_subject("en", case, community_team)}


def test_a_lead_sets_the_teams_language_and_the_emails_follow(
    client, run_tasks, case, community_team, team_members, lead
):
    client.force_login(lead)
    page = client.get(f"/desk/teams/{community_team.slug}/members")
    html = page.content.decode()
    assert html.count('id="m-language"') == 1  # one form, in the page's body
    assert "<title>" in html and "<form" not in html.split("<title>")[1].split("</title>")[0]
    client.post(f"/desk/teams/{community_team.slug}/members", {"op": "language", "language": "de"})
    community_team.refresh_from_db()
    assert community_team.language == "de"
    entry = AuditEntry.objects.get(action=AuditAction.TEAM_LANGUAGE)
    assert entry.details == {"previous": "", "language": "de"}
    run_tasks(cases.case_arrived, case)
    german = new_case_subject("de", case, community_team)
    assert german != new_case_subject("en", case, community_team)
    assert {m.subject for m in mail.outbox} == {german}


@pytest.mark.parametrize("code", ["xx", "de-formal", "<b>", "e" * 40])
def test_only_a_shipped_language_is_accepted(client, community_team, lead, code):
    client.force_login(lead)
    client.post(f"/desk/teams/{community_team.slug}/members", {"op": "language", "language": code})
    community_team.refresh_from_db()
    assert community_team.language == ""
    assert not AuditEntry.objects.filter(action=AuditAction.TEAM_LANGUAGE).exists()


def test_a_member_who_is_not_a_lead_cannot_set_it(client, community_team, responder):
    client.force_login(responder)
    answer = client.post(
        f"/desk/teams/{community_team.slug}/members", {"op": "language", "language": "de"}
    )
    assert answer.status_code in (403, 404)
    community_team.refresh_from_db()
    assert community_team.language == ""
