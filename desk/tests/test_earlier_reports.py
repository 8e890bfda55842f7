"""The case page's "earlier reports" counts only what the viewer may open (desk.access), so
the counts tell nothing about cases in queues the viewer does not work: above all the
safety team's emergency reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk.case_page import earlier_reports
from desk.tests.conftest import make_report
from reports.models import Flow


def earlier(client, viewer, report) -> str:
    """The case page's "Earlier reports" section, as `viewer` sees it."""
    client.force_login(viewer)
    response = client.get(f"/desk/cases/{report.reference}")
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('id="h-earlier"')
    return body[start : body.index("</section>", start)]


def test_a_community_responder_does_not_learn_of_the_reporters_emergency_reports(
    client, responder, wiki, reporter, community_queue, safety_queue
):
    for _ in range(2):
        make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY,
                    outcome="referred")  # fmt: skip
    make_report(wiki, reporter, queue=community_queue)
    current = make_report(wiki, reporter, queue=community_queue)
    body = earlier(client, responder, current)
    assert "1 earlier report by the same reporter." in body
    assert "1 earlier report about the same user." in body
    assert "3 earlier reports" not in body
    assert "Referred" not in body  # nor how the hidden ones ended


def test_the_safety_team_counts_only_what_it_sees_too(
    client, safety_responder, wiki, reporter, community_queue, safety_queue
):
    make_report(wiki, reporter, queue=community_queue, outcome="no-action")
    make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    current = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    body = earlier(client, safety_responder, current)
    assert "1 earlier report by the same reporter." in body
    assert "No action" not in body


def test_an_operator_who_works_every_queue_sees_every_earlier_report(
    client, operator, wiki, reporter, community_queue, safety_queue
):
    make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY, outcome="referred")
    make_report(wiki, reporter, queue=community_queue, outcome="no-action")
    current = make_report(wiki, reporter, queue=community_queue)
    body = earlier(client, operator, current)
    assert "2 earlier reports by the same reporter." in body
    assert "2 earlier reports about the same user." in body
    assert "Referred: 1" in body and "No action: 1" in body


def test_the_reporters_earlier_reports_are_counted_from_the_index_alone(
    responder, wiki, reporter, community_queue
):
    """However many reports a reporter has filed, their count by outcome reads the
    reporter-history index, not the table (a count of the id would need every row)."""
    if connection.vendor != "sqlite":
        pytest.skip("query plans checked on SQLite; PostgreSQL plans depend on table size")
    current = make_report(wiki, reporter, queue=community_queue)
    with CaptureQueriesContext(connection) as queries:
        earlier_reports(current, responder)
    [count] = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT" in q["sql"] and "reporter_id" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count}")
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX report_reporter_history_idx" in plan
