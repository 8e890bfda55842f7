"""Two submissions at the same moment, on a real PostgreSQL (SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from reports.models import Flow, Report
from reports.submission import Refused, Submission, submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"
    ),
]


def _emergency(token):
    return Submission(flow=Flow.EMERGENCY, token=token, harm_subtype="self-harm")


def _direct(token):
    return Submission(
        flow=Flow.NON_EMERGENCY,
        token=token,
        incident_type="spam",
        filed=True,
        direct_report_text="spam",
    )


def _at_once(user, wiki, tokens, make=_emergency):
    barrier = threading.Barrier(len(tokens))
    results = []

    def run(token):
        try:
            barrier.wait()
            results.append(submit(user, wiki, make(token)).pk)
        except Refused as refused:
            results.append(refused.decision.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_the_same_token_sent_twice_at_once_makes_one_report(reporter, wiki):
    results = _at_once(reporter, wiki, ["same-token-0123456789"] * 2)
    assert Report.objects.count() == 1
    assert results == [Report.objects.get().pk] * 2


def test_two_reports_at_once_cannot_both_slip_under_the_daily_limit(newcomer, wiki):
    # The daily limit counts non-emergency reports (emergencies have their own flood guard).
    results = _at_once(
        newcomer, wiki, ["first-token-0123456789", "second-token-012345678"], make=_direct
    )
    assert Report.objects.count() == 1
    assert sorted(map(str, results)) == sorted([str(Report.objects.get().pk), "rate-limited"])
