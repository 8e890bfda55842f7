from datetime import timedelta

import pytest
from django.utils import timezone

from desk import queues
from desk.tests.conftest import make_report
from reports.models import Flow, Report, Status
from wikis.models import ConfigRevision


def references(response):
    return [row.reference for row in response.context["cases"]]


@pytest.fixture
def mixed(wiki, reporter, community_queue, responder):
    now = timezone.now()
    old = make_report(wiki, reporter, queue=community_queue, incident_type="doxing")
    Report.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=10))
    new = make_report(
        wiki, reporter, queue=community_queue, incident_type="spam", assignee=responder
    )
    emergency = make_report(wiki, reporter, queue=community_queue, flow=Flow.EMERGENCY)
    closed = make_report(wiki, reporter, queue=community_queue, status=Status.RESOLVED)
    return {"old": old, "new": new, "emergency": emergency, "closed": closed}


def test_open_cases_come_emergency_first_then_oldest(client, responder, mixed):
    client.force_login(responder)
    response = client.get("/desk/queues/demowiki-responders/reports")
    assert references(response) == [
        mixed["emergency"].reference,
        mixed["old"].reference,
        mixed["new"].reference,
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=resolved", ["closed"]),
        ("status=all&flow=emergency", ["emergency"]),
        ("type=doxing", ["old"]),
        ("type=physical-harm", ["emergency"]),
        ("assignee=me", ["new"]),
        ("assignee=none", ["emergency", "old"]),
        ("age=7d", ["old"]),
        ("wiki=demowiki&flow=non-emergency", ["old", "new"]),
    ],
)
def test_filters(client, responder, mixed, query, expected):
    client.force_login(responder)
    response = client.get(f"/desk/queues/demowiki-responders/reports?{query}")
    assert references(response) == [mixed[key].reference for key in expected]


def test_forged_filter_values_are_ignored(client, responder, mixed):
    client.force_login(responder)
    response = client.get(
        "/desk/queues/demowiki-responders/reports?status='; DROP TABLE x&assignee=999"
        "&wiki=otherwiki&age=forever&page=abc&type=<script>"
    )
    assert response.status_code == 200
    assert len(references(response)) == 3
    assert "<script>" not in response.content.decode()


def test_pages_of_fifty(client, responder, wiki, reporter, community_queue, monkeypatch):
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    for _ in range(5):
        make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    first = client.get("/desk/queues/demowiki-responders/reports")
    last = client.get("/desk/queues/demowiki-responders/reports?page=3")
    beyond = client.get("/desk/queues/demowiki-responders/reports?page=99")
    assert len(references(first)) == 2 and len(references(last)) == 1
    assert references(beyond) == references(last)
    assert first.context["pages"] == 3
    assert "page=2" in first.context["next_link"]


def test_the_queue_page_takes_the_same_queries_for_many_cases(
    client, responder, wiki, reporter, community_queue, django_assert_max_num_queries
):
    for _ in range(30):
        make_report(wiki, reporter, queue=community_queue, assignee=responder)
    client.force_login(responder)
    # 15 before the unread markers, which take one query per page (desk.unread), two for the
    # capped count of cases escalated away (the viewer's accounts, for recusal), one for the
    # capped count of withdrawn cases (desk.queues.CLOSED_STATUSES), and 2 to read the wikis
    # in view and their configurations (Type filter, wiki names).
    with django_assert_max_num_queries(21):
        response = client.get("/desk/queues/demowiki-responders/reports")
    assert len(references(response)) == 30


def test_huge_results_are_counted_up_to_a_cap(
    client, responder, wiki, reporter, community_queue, monkeypatch
):
    monkeypatch.setattr(queues, "COUNT_CAP", 3)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    for _ in range(5):
        make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    response = client.get("/desk/queues/demowiki-responders/reports")
    assert "More than 3 cases" in response.content.decode()
    assert response.context["pages"] == 2


def test_the_open_cases_index_matches_the_open_statuses():
    import importlib

    from reports.models import OPEN_STATUSES

    for name in ("0005_queue_indexes", "0006_open_cases_covering_index"):
        migration = importlib.import_module(f"desk.migrations.{name}")
        assert migration.OPEN == ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)


def test_the_default_queue_page_reads_cases_in_index_order(responder, community_queue):
    from django.db import connection
    from django.http import QueryDict

    if connection.vendor != "sqlite":
        pytest.skip("query plans checked on SQLite; PostgreSQL plans depend on table size")
    filters = queues.QueueFilters.from_query(QueryDict(""), wikis=[], members={})
    cases = queues.ordered(filters.apply(Report.objects.filter(queue=community_queue), responder))[
        :50
    ]
    sql, params = cases.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "USING INDEX desk_report_" in plan
    assert "TEMP B-TREE" not in plan  # no sort: the index gives the order


def test_each_row_runs_the_clock_of_its_own_flow_and_type(
    responder, wiki, reporter, community_queue
):
    """The targets are worked out once per kind of case on the page, still per kind."""
    config = wiki.config
    config["response_times"]["types"] = [{"type": "doxing", "first_response_hours": 5}]
    ConfigRevision.objects.create(wiki=wiki, data=config)
    doxing = make_report(wiki, reporter, queue=community_queue, incident_type="doxing")
    spam = make_report(wiki, reporter, queue=community_queue, incident_type="spam")
    emergency = make_report(wiki, reporter, queue=community_queue, flow=Flow.EMERGENCY)
    rows, *_ = queues.page_of(community_queue, queues.QueueFilters(), responder, 1)
    due = {row.pk: row.clock["due"] - row.created_at for row in rows}
    assert due[doxing.pk] == timedelta(hours=5)
    assert due[spam.pk] == timedelta(hours=72)
    assert due[emergency.pk] == timedelta(hours=3)
