"""Recusal: the reported user, when they are a responder, never sees the case about them nor
who filed it, and cannot be given it (review finding F6)."""

import pytest

from desk.models import TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Report


@pytest.fixture
def troll(wiki, community_team):
    user = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=user)
    return user


@pytest.fixture
def case_about_troll(wiki, reporter, community_queue):
    return make_report(wiki, reporter, queue=community_queue, reported_user="troll")


def test_the_reported_user_cannot_open_the_case_about_them(client, troll, case_about_troll):
    client.force_login(troll)
    response = client.get(f"/desk/cases/{case_about_troll.reference}")
    assert response.status_code == 404
    assert b"Reporter" not in response.content


def test_the_reported_user_cannot_act_on_the_case_about_them(client, troll, case_about_troll):
    client.force_login(troll)
    response = client.post(f"/desk/cases/{case_about_troll.reference}/claim")
    assert response.status_code == 404
    assert Report.objects.get(pk=case_about_troll.pk).assignee is None


def test_the_queue_list_leaves_out_the_case_about_them(
    client, troll, case_about_troll, wiki, reporter, community_queue
):
    other = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    client.force_login(troll)
    body = client.get(
        f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}"
    ).content.decode()
    assert other.reference in body
    assert case_about_troll.reference not in body


def test_other_responders_still_see_the_case(
    client, troll, responder, case_about_troll, community_queue
):
    client.force_login(responder)
    assert client.get(f"/desk/cases/{case_about_troll.reference}").status_code == 200
    body = client.get(
        f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}"
    ).content.decode()
    assert case_about_troll.reference in body


def test_the_reported_user_is_not_offered_nor_accepted_as_assignee(
    client, troll, lead, case_about_troll
):
    client.force_login(lead)
    page = client.get(f"/desk/cases/{case_about_troll.reference}").content.decode()
    assert f'<option value="{troll.pk}"' not in page
    assert f'<option value="{lead.pk}"' in page
    response = client.post(
        f"/desk/cases/{case_about_troll.reference}/assign", {"assignee": str(troll.pk)}
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=case_about_troll.pk).assignee is None
    client.post(f"/desk/cases/{case_about_troll.reference}/assign", {"assignee": str(lead.pk)})
    assert Report.objects.get(pk=case_about_troll.pk).assignee == lead


def test_a_reported_user_on_another_wiki_is_not_recused(client, wiki, reporter, community_queue):
    """Only the account on the report's own wiki counts: the same name elsewhere is someone
    else."""
    other = demo.ensure_wiki("otherwiki", "Other Wiki")
    namesake = demo.make_user(other, "Troll")
    TeamMembership.objects.create(team=community_queue.team, user=namesake)
    case = make_report(wiki, reporter, queue=community_queue, reported_user="Troll")
    client.force_login(namesake)
    assert client.get(f"/desk/cases/{case.reference}").status_code == 200
