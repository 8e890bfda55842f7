"""Merging a case as a duplicate asks first: a page shows both cases side by side and warns
when their reporters or types differ; only the confirmed post merges, and the merged
reporter is told in plain words that their report joined another case."""

import pytest
from django.core import mail
from django.test import Client

from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report
from desk.tests.test_authorization import snapshot
from reports.models import Flow, Status
from routing.models import Delivery


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair(wiki, reporter, other_reporter, community_queue):
    """A case and the case it duplicates: different reporters, different types."""
    kept = make_report(wiki, reporter, queue=community_queue, incident_type="doxing")
    duplicate = make_report(wiki, other_reporter, queue=community_queue, reported_user="Grimsby")
    return duplicate, kept


def test_the_first_post_shows_both_cases_and_changes_nothing(pair, responder):
    duplicate, kept = pair
    before = snapshot(), Delivery.objects.count()
    response = as_user(responder).post(
        f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference.lower()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="merge-cases"' in body
    table = body[body.index('id="merge-cases"') :]
    shown = (
        duplicate.reference,
        kept.reference,
        "Grimsby",
        "Troll",
        "Exposing private information",
    )
    for text in shown:
        assert text in table, text
    assert 'name="confirm" value="1"' in body
    assert f'name="target" value="{kept.reference}"' in body
    assert (snapshot(), Delivery.objects.count()) == before
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None and duplicate.status == Status.NEW


def test_it_warns_when_reporters_or_types_differ(pair, responder):
    duplicate, kept = pair
    body = (
        as_user(responder)
        .post(f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference})
        .content.decode()
    )
    assert 'id="warn-reporter"' in body and 'id="warn-type"' in body
    assert "different reporters" in body and "different types" in body


def test_no_warning_for_the_same_reporter_and_type(wiki, reporter, community_queue, responder):
    kept = make_report(wiki, reporter, queue=community_queue)
    duplicate = make_report(wiki, reporter, queue=community_queue)
    body = (
        as_user(responder)
        .post(f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference})
        .content.decode()
    )
    assert 'id="merge-cases"' in body
    assert 'id="merge-warnings"' not in body


def test_an_emergency_and_a_report_of_the_same_reporter_are_different_types(
    wiki, reporter, safety_queue, safety_responder
):
    kept = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    duplicate = make_report(
        wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY, harm_subtype="self-harm"
    )
    body = (
        as_user(safety_responder)
        .post(f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference})
        .content.decode()
    )
    assert 'id="warn-type"' in body and 'id="warn-reporter"' not in body


def test_the_confirmed_post_merges_and_tells_the_reporter_in_plain_words(
    pair, responder, other_reporter, run_tasks
):
    duplicate, kept = pair
    client = as_user(responder)
    response = run_tasks(
        client.post,
        f"/desk/cases/{duplicate.reference}/merge",
        {"target": kept.reference, "confirm": "1"},
    )
    assert response.status_code == 302 and response.url == f"/desk/cases/{duplicate.reference}"
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept and duplicate.status == Status.DUPLICATE
    assert CaseEvent.objects.filter(report=kept, kind=EventKind.DUPLICATE_ADDED).exists()
    (message,) = [m for m in mail.outbox if m.to == [other_reporter.email]]
    assert "joined with another case" in message.subject
    assert "handled there" in message.body and duplicate.reference in message.body
    # The other reporter's case is never named to them.
    assert kept.reference not in message.subject + message.body


def test_the_merged_reporter_reads_it_on_their_report_page(pair, responder, other_reporter):
    duplicate, kept = pair
    as_user(responder).post(
        f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference, "confirm": "1"}
    )
    body = as_user(other_reporter).get(f"/my-reports/{duplicate.reference}").content.decode()
    assert 'id="merged-notice"' in body and "joined with another case" in body
    assert kept.reference not in body
    kept_body = as_user(other_reporter).get(f"/my-reports/{kept.reference}")
    assert kept_body.status_code == 404


def test_a_case_that_is_not_a_duplicate_shows_no_merge_notice(case, reporter):
    body = as_user(reporter).get(f"/my-reports/{case.reference}").content.decode()
    assert 'id="merged-notice"' not in body


@pytest.mark.parametrize("confirm", ["", "1"])
def test_forged_targets_show_nothing_of_other_teams_cases_and_change_nothing(
    case, responder, wiki, reporter, other_queue, safety_queue, confirm
):
    hidden = make_report(wiki, reporter, queue=other_queue, reported_user="Secretname")
    emergency = make_report(
        wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY, reported_user="Secretname"
    )
    client = as_user(responder)
    for target in (hidden.reference, emergency.reference, case.reference, "R-NONE-NONE", ""):
        before = snapshot()
        response = client.post(
            f"/desk/cases/{case.reference}/merge", {"target": target, "confirm": confirm}
        )
        assert response.status_code == 302, target
        assert snapshot() == before, target
        page = client.get(response.url).content.decode()
        assert "Secretname" not in page
    case.refresh_from_db()
    assert case.duplicate_of is None


def test_merging_needs_a_post(pair, responder):
    duplicate, kept = pair
    response = as_user(responder).get(
        f"/desk/cases/{duplicate.reference}/merge", {"target": kept.reference, "confirm": "1"}
    )
    assert response.status_code == 405
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None
