"""Searching cases (desk/search.py): by reference, reported user, reporter, page and words in
the report's text, with the queue's filters, over the cases the viewer may see only. The
same tests run on SQLite (FTS5) and PostgreSQL (GIN on a tsvector)."""

import pytest
from django.db import connection

from desk import queues, search
from desk.models import TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Flow, Report, Status


def found(client, viewer, **query) -> str:
    client.force_login(viewer)
    response = client.get("/desk/search", query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


@pytest.fixture
def cases(wiki, reporter, other_reporter, community_queue):
    return {
        "troll": make_report(wiki, reporter, queue=community_queue, reported_user="Troll",
                             details="He keeps reverting my edits on the bridge article."),
        "mentions": make_report(wiki, other_reporter, queue=community_queue,
                                reported_user="Vandal", page_title="Talk:Bridges",
                                details="Troll is not the problem; Vandal insults me."),
        "cyrillic": make_report(wiki, reporter, queue=community_queue, reported_user="Тролль",
                                direct_report_text="Погрози у коментарі до статті"),
    }  # fmt: skip


def test_a_reference_finds_exactly_that_case(client, responder, cases):
    body = found(client, responder, q=cases["troll"].reference.lower())
    assert cases["troll"].reference in body
    assert cases["mentions"].reference not in body
    assert "1 case" in body


def test_words_in_the_report_text_find_it_all_words_needed(client, responder, cases):
    body = found(client, responder, q="reverting bridge")
    assert cases["troll"].reference in body and cases["mentions"].reference not in body
    assert cases["troll"].reference not in found(client, responder, q="reverting nowhere")


def test_the_last_word_also_matches_as_a_prefix(client, responder, cases):
    body = found(client, responder, q="revert")
    assert cases["troll"].reference in body
    # whole words before the last one
    assert cases["troll"].reference not in found(client, responder, q="revert edits")


def test_everything_searches_names_and_text_together(client, responder, cases):
    body = found(client, responder, q="troll")
    assert cases["troll"].reference in body and cases["mentions"].reference in body


def test_a_field_narrows_the_search(client, responder, cases, reporter):
    body = found(client, responder, q="troll", field="reported")
    assert cases["troll"].reference in body and cases["mentions"].reference not in body
    body = found(client, responder, q="vandal", field="text")
    assert cases["mentions"].reference in body and cases["troll"].reference not in body
    body = found(client, responder, q="bridges", field="page")
    assert cases["mentions"].reference in body and cases["troll"].reference not in body
    body = found(client, responder, q=reporter.username, field="reporter")
    assert cases["troll"].reference in body and cases["mentions"].reference not in body


def test_cyrillic_words_and_names_are_found(client, responder, cases):
    assert cases["cyrillic"].reference in found(client, responder, q="коментарі")
    assert cases["cyrillic"].reference in found(client, responder, q="тролль", field="reported")


def test_only_cases_the_viewer_may_see_are_searched(
    client, responder, wiki, reporter, safety_queue, other_wiki, other_queue, community_team
):
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY,
                            details="secretword")  # fmt: skip
    elsewhere = make_report(other_wiki, reporter, queue=other_queue, details="secretword")
    not_a_case = make_report(wiki, reporter, details="secretword")
    mine = demo.make_user(wiki, "Secretword")
    TeamMembership.objects.create(team=community_team, user=mine)
    about_me = make_report(wiki, reporter, queue=community_team.queues.get(),
                           reported_user="Secretword", details="secretword")  # fmt: skip
    body = found(client, responder, q="secretword")
    for hidden in (emergency, elsewhere, not_a_case):
        assert hidden.reference not in body
    assert about_me.reference in body  # the responder is not the one it is about
    assert about_me.reference not in found(client, mine, q="secretword")  # recusal


def test_the_queues_filters_combine_with_the_search(client, responder, wiki, reporter,
                                                   community_queue):  # fmt: skip
    open_case = make_report(wiki, reporter, queue=community_queue, details="ladder")
    closed = make_report(wiki, reporter, queue=community_queue, details="ladder",
                         status=Status.RESOLVED)  # fmt: skip
    body = found(client, responder, q="ladder")
    assert open_case.reference in body and closed.reference in body  # all statuses by default
    body = found(client, responder, q="ladder", status="resolved")
    assert closed.reference in body and open_case.reference not in body
    client.force_login(responder)
    queue_page = client.get(
        f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}", {"q": "ladder"}
    ).content.decode()
    assert open_case.reference in queue_page and closed.reference not in queue_page  # open


def test_the_index_follows_changes_and_deletions(client, responder, wiki, reporter,
                                                 community_queue):  # fmt: skip
    report = make_report(wiki, reporter, queue=community_queue, details="oldword")
    report.details = "newword"
    report.save()
    assert report.reference not in found(client, responder, q="oldword")
    assert report.reference in found(client, responder, q="newword")
    Report.objects.filter(pk=report.pk).update(reported_user="Renamed")
    assert report.reference in found(client, responder, q="renamed", field="reported")
    Report.objects.filter(pk=report.pk).delete()
    assert "0 cases" in found(client, responder, q="newword")


@pytest.mark.parametrize(
    "text", ['"', "'); DROP TABLE x; --", "AND OR NOT NEAR", "a:*B & !c", "{details}:x", "***"]
)
def test_search_syntax_in_the_query_is_inert(client, responder, cases, text):
    body = found(client, responder, q=text)
    assert "case" in body  # a result count, never a 500


def test_operators_words_are_searched_as_plain_words(client, responder, wiki, reporter,
                                                    community_queue):  # fmt: skip
    report = make_report(wiki, reporter, queue=community_queue, details="near or not")
    assert report.reference in found(client, responder, q="NEAR OR NOT")


def test_hostile_queries_get_a_clear_refusal(client, responder):
    client.force_login(responder)
    for text in ["a\x00b", "x" * (search.MAX_QUERY + 1), "bell\x07"]:
        response = client.get("/desk/search", {"q": text})
        assert response.status_code == 400
        assert b'id="search-problem"' in response.content


def test_people_without_a_desk_are_refused(client, reporter):
    client.force_login(reporter)
    assert client.get("/desk/search", {"q": "x"}).status_code == 403


def test_a_lost_sync_is_repaired_after_migrate(db, wiki, reporter, community_queue):
    """A SQLite table rebuild drops triggers; ensure_index (run after every migrate) puts them
    back and rebuilds the index. On PostgreSQL a dropped index is made again."""
    search.drop_index()
    unindexed = make_report(wiki, reporter, queue=community_queue, details="latecomer")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the table exists, its triggers do not
            cursor.execute(
                f"CREATE VIRTUAL TABLE {search.FTS} USING fts5("
                f"{', '.join(search.FTS_COLUMNS)}, content='reports_report', content_rowid='id')"
            )
    else:  # the test's own deferred foreign-key checks would block CREATE INDEX
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert search.ensure_index() is True
    assert search.ensure_index() is False
    matches = search.apply(Report.objects.all(), search.Search("latecomer"))
    assert list(matches) == [unindexed]
    make_report(wiki, reporter, queue=community_queue, details="latecomer")
    assert search.apply(Report.objects.all(), search.Search("latecomer")).count() == 2


def test_the_search_uses_the_index(db, wiki, reporter, community_queue):
    make_report(wiki, reporter, queue=community_queue, details="planned")
    matches = search.apply(Report.objects.all(), search.Search("planned"))
    query = matches.order_by().values("id").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny table: forbid the scans a planner would rightly prefer, so only a
            # usable GIN index (a bitmap scan) can answer.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert search.PG_INDEX in plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan and "INTEGER PRIMARY KEY" in plan


def test_a_search_counts_its_matches_up_to_its_own_cap(
    client, responder, wiki, reporter, community_queue, monkeypatch
):
    # queues.SEARCH_COUNT_CAP, lower than the queue's COUNT_CAP: beyond it, "More than".
    monkeypatch.setattr(queues, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    for _ in range(4):
        make_report(wiki, reporter, queue=community_queue, details="lantern")
    body = found(client, responder, q="lantern")
    assert "More than 3 cases" in body
    # Two pages hold the three counted; no link past them.
    assert "page=2" in body
    assert "page=3" not in found(client, responder, q="lantern", page="2")
    monkeypatch.setattr(queues, "SEARCH_COUNT_CAP", 4)
    assert "4 cases" in found(client, responder, q="lantern")
