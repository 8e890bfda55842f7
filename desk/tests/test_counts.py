"""Counts on the desk leave out every case the viewer may not see (desk.counts): the cases
about themselves (recusal), however their name is written, below and above the cap, and the
cases of other teams."""

import copy

import pytest
from django.db import connection

from accounts.models import WikiAccount
from desk import access, counts, queues
from desk.models import TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Report, Status


@pytest.fixture
def troll(wiki, community_team):
    """A responder of the community team who is also the reported user of some cases."""
    user = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=user)
    return user


def about(name, wiki, reporter, queue, n=1, **fields):
    return [
        make_report(wiki, reporter, queue=queue, reported_user=name, **fields) for _ in range(n)
    ]


def test_the_queue_total_leaves_out_the_cases_about_the_viewer(
    client, troll, responder, wiki, reporter, community_queue
):
    about("Someone", wiki, reporter, community_queue, 2)
    about("troll", wiki, reporter, community_queue, 1)
    about("TROLL", wiki, reporter, community_queue, 1)  # names compare ignoring case
    path = f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}"
    client.force_login(troll)
    assert client.get(path).context["total"] == 2
    client.force_login(responder)
    assert client.get(path).context["total"] == 4


@pytest.mark.parametrize(("others", "shown"), [(2, (2, False)), (3, (2, True))])
def test_the_cap_applies_to_what_the_viewer_may_see(
    client, troll, wiki, reporter, community_queue, monkeypatch, others, shown
):
    """Three cases about the viewer: the count runs that much further than the cap, so two
    visible cases are exactly two, and three are more than the cap of two."""
    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    about("Someone", wiki, reporter, community_queue, others)
    about("Troll", wiki, reporter, community_queue, 3)
    client.force_login(troll)
    page = client.get(f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}")
    assert (page.context["total"], page.context["more"]) == shown


def test_status_counts_leave_out_the_cases_about_the_viewer(
    troll, responder, wiki, reporter, community_queue
):
    about("Someone", wiki, reporter, community_queue, 2)
    about("Troll", wiki, reporter, community_queue, 3)
    about("Troll", wiki, reporter, community_queue, 2, status=Status.RESOLVED)
    about("Someone", wiki, reporter, community_queue, 1, status=Status.RESOLVED)

    def by_status(user):
        return {
            s: (n, capped) for s, _label, n, capped in queues.status_counts(community_queue, user)
        }

    assert by_status(troll)["new"] == (2, False)
    assert by_status(troll)["resolved"] == (1, False)
    assert by_status(responder)["new"] == (5, False)
    assert by_status(responder)["resolved"] == (3, False)


def test_capped_counts_are_exact_up_to_the_cap_and_say_more_beyond(
    troll, wiki, reporter, community_queue
):
    about("Someone", wiki, reporter, community_queue, 3)
    about("Troll", wiki, reporter, community_queue, 4)
    found = counts.status_counts([community_queue], troll, [Status.NEW], cap=3)
    assert found == {community_queue.pk: {"new": 3}}
    found = counts.status_counts([community_queue], troll, [Status.NEW], cap=2)
    assert found == {community_queue.pk: {"new": 3}}  # cap + 1: "more than 2"
    assert counts.status_counts([community_queue], troll, [Status.NEW], cap=None) == {
        community_queue.pk: {"new": 3}
    }


def test_the_overview_counts_leave_out_the_cases_about_the_viewer(
    client, troll, wiki, reporter, community_queue
):
    about("Someone", wiki, reporter, community_queue, 1)
    about("Troll", wiki, reporter, community_queue, 2)
    client.force_login(troll)
    response = client.get("/desk/")
    [row] = response.context["rows"]
    [item] = row["queues"]
    assert item["open"] == 1
    assert dict((s, n) for s, _label, n, _capped in item["counts"])["new"] == 1


def test_the_overview_says_more_than_the_cap(
    client, responder, wiki, reporter, community_queue, monkeypatch
):
    monkeypatch.setattr(queues, "STATUS_COUNT_CAP", 2)
    about("Someone", wiki, reporter, community_queue, 3)
    client.force_login(responder)
    body = client.get("/desk/").content.decode()
    assert "More than 2 cases" in body
    assert '<span class="n">2+</span>' in body


def test_an_account_on_another_wiki_is_not_recused(
    troll, wiki, reporter, community_queue, other_wiki
):
    """Only the viewer's account on the case's own wiki makes them recused: a responder
    called Troll on another wiki is someone else, and counts the case about Troll here."""
    about("Troll", wiki, reporter, community_queue, 1)
    assert counts.open_counts([community_queue], troll, cap=10) == {}
    namesake = demo.make_user(other_wiki, "Namesake")
    WikiAccount.objects.filter(user=namesake, wiki=other_wiki).update(username="Troll")
    TeamMembership.objects.create(team=community_queue.team, user=namesake)
    assert counts.open_counts([community_queue], namesake, cap=10) == {
        community_queue.pk: {"new": 1}
    }


def test_no_case_of_another_teams_queue_is_counted(
    client, responder, wiki, reporter, community_queue, other_wiki, other_queue
):
    about("Someone", wiki, reporter, community_queue, 1)
    about("Someone", other_wiki, reporter, other_queue, 3)
    client.force_login(responder)
    rows = client.get("/desk/").context["rows"]
    assert [(item["queue"].pk, item["open"]) for row in rows for item in row["queues"]] == [
        (community_queue.pk, 1)
    ]


def test_the_queue_page_counts_per_status_up_to_their_cap(
    client, responder, wiki, reporter, community_queue, monkeypatch
):
    monkeypatch.setattr(queues, "STATUS_COUNT_CAP", 2)
    about("Someone", wiki, reporter, community_queue, 3)
    about("Someone", wiki, reporter, community_queue, 2, status=Status.RESOLVED)
    client.force_login(responder)
    page = client.get(f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}")
    found = {s: (n, capped) for s, _label, n, capped in page.context["counts"]}
    assert found["new"] == (2, True)
    assert found["resolved"] == (2, False)
    assert page.context["total"] == 3  # the total keeps its own, larger cap


def test_the_cases_about_the_viewer_are_found_by_the_recusal_index(
    troll, wiki, reporter, community_queue
):
    """The subtracted count reads only the cases about the viewer, on either database (on
    SQLite too: the condition is upper() = upper(), not LIKE)."""
    if connection.vendor != "sqlite":
        pytest.skip("query plans checked on SQLite; PostgreSQL plans depend on table size")
    [template] = about("Troll", wiki, reporter, community_queue, 1)
    others = []
    for number in range(2000):  # a wiki's history, about many other people
        other = copy.copy(template)
        other.pk, other.reference = None, f"T-{number:08d}"
        other.submission_token, other.reported_user = f"many-{number}", f"User{number}"
        others.append(other)
    Report.objects.bulk_create(others)
    recused = access.only_recused(Report.objects.filter(queue=community_queue), troll)
    sql, params = recused.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a database in use has statistics
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "report_recusal_idx" in plan
