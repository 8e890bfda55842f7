import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from desk.models import CaseEvent, EventKind, Queue
from reports.models import Flow
from routing.models import Delivery, DeliveryStatus
from routing.outbox import LOCAL_GRACE, place_locally, record_deliveries
from routing.tasks import send_delivery
from routing.tests.conftest import make_report, set_routes

pytestmark = pytest.mark.django_db


def record(report, capture):
    """The report's transaction writes the rows; then its confirmation page places the local
    ones (the desk), as a reporter's request does."""
    with capture(execute=True):
        deliveries = record_deliveries(report)
    place_locally(report)
    for delivery in deliveries:
        delivery.refresh_from_db()
    return deliveries


def test_an_emergency_goes_to_the_safety_desk_and_email_whatever_the_wiki_says(
    wiki, reporter, settings, django_capture_on_commit_callbacks
):
    settings.IRS_SAFETY_EMAIL = "safety@example.org"
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["local@example.org"]}])
    report = make_report(
        wiki, reporter, flow=Flow.EMERGENCY, harm_subtype="self-harm", incident_type=""
    )

    deliveries = record(report, django_capture_on_commit_callbacks)

    assert [(d.kind, d.destination) for d in deliveries] == [
        ("desk", {"kind": "desk", "team": settings.IRS_SAFETY_TEAM, "queue": "emergency"}),
        ("email", {"kind": "email", "to": ["safety@example.org"]}),
    ]
    report.refresh_from_db()
    assert report.queue == Queue.objects.get(team__slug=settings.IRS_SAFETY_TEAM, slug="emergency")
    assert (
        CaseEvent.objects.filter(
            report=report, kind=EventKind.ARRIVED, team=report.queue.team
        ).count()
        == 1
    )
    assert deliveries[0].status == DeliveryStatus.SENT
    assert deliveries[1].status == DeliveryStatus.PENDING
    task = sends().get(args_kwargs__args__0=deliveries[1].pk)
    assert task.priority > 0  # emergencies jump the queue


def test_an_emergency_without_a_safety_email_is_still_placed_and_the_gap_is_visible(
    wiki, reporter, settings, django_capture_on_commit_callbacks
):
    settings.IRS_SAFETY_EMAIL = ""
    report = make_report(wiki, reporter, flow=Flow.EMERGENCY, harm_subtype="physical-harm")

    desk, email = record(report, django_capture_on_commit_callbacks)

    assert desk.status == DeliveryStatus.SENT
    assert email.status == DeliveryStatus.DEAD
    assert "IRS_SAFETY_EMAIL" in email.last_error


def test_a_support_only_report_sends_nothing(wiki, reporter, django_capture_on_commit_callbacks):
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["local@example.org"]}])
    report = make_report(wiki, reporter, filed=False)

    assert record(report, django_capture_on_commit_callbacks) == []
    assert not sends().exists()


def test_a_filed_report_goes_to_its_types_destinations(
    wiki, reporter, community_team, django_capture_on_commit_callbacks
):
    set_routes(
        wiki,
        "intimidation",
        [
            {"kind": "email", "to": ["local@example.org"]},
            {"kind": "desk", "team": community_team.slug, "queue": "reports"},
        ],
    )
    report = make_report(wiki, reporter)

    email, desk = record(report, django_capture_on_commit_callbacks)

    assert email.kind == "email" and email.status == DeliveryStatus.PENDING
    assert desk.status == DeliveryStatus.SENT
    assert desk.external_ref == f"{community_team.slug}/reports"
    report.refresh_from_db()
    assert report.queue.team == community_team
    # Due now and no emergency: the batch task sends it (one waits for all such deliveries).
    assert not sends().filter(args_kwargs__args__0=email.pk).exists()
    assert batches().ready().count() == 1


def test_a_noticeboard_for_a_type_that_is_not_public_is_refused_visibly_and_falls_back(
    wiki, reporter, community_team, django_capture_on_commit_callbacks
):
    set_routes(
        wiki, "doxing", [{"kind": "noticeboard", "page": "Project:Incidents", "credential": "bot"}]
    )
    report = make_report(wiki, reporter, incident_type="doxing")

    noticeboard, fallback = record(report, django_capture_on_commit_callbacks)

    assert noticeboard.status == DeliveryStatus.DEAD
    assert "not public" in noticeboard.last_error
    assert fallback.kind == "desk" and fallback.destination["fallback"] is True
    assert fallback.status == DeliveryStatus.SENT
    report.refresh_from_db()
    assert report.queue.team == community_team


def test_an_unknown_or_malformed_destination_becomes_a_dead_delivery_that_says_why(
    wiki, reporter, django_capture_on_commit_callbacks
):
    set_routes(
        wiki,
        "intimidation",
        [
            {"kind": "carrier-pigeon"},
            {"kind": "email", "to": ["not an address"]},
            {"kind": "email", "to": ["fine@example.org"]},
        ],
    )
    report = make_report(wiki, reporter)

    pigeon, bad, good = record(report, django_capture_on_commit_callbacks)

    assert pigeon.status == DeliveryStatus.DEAD and "carrier-pigeon" in pigeon.last_error
    assert bad.status == DeliveryStatus.DEAD and "not a valid email" in bad.last_error
    assert good.status == DeliveryStatus.PENDING
    assert len(record(report, django_capture_on_commit_callbacks)) == 3  # no second plan


def test_a_filed_report_with_no_route_at_all_reaches_the_safety_teams_unrouted_queue(
    wiki, reporter, settings, django_capture_on_commit_callbacks
):
    report = make_report(wiki, reporter)

    (fallback,) = record(report, django_capture_on_commit_callbacks)

    assert fallback.status == DeliveryStatus.SENT
    report.refresh_from_db()
    assert (report.queue.team.slug, report.queue.slug) == (settings.IRS_SAFETY_TEAM, "unrouted")


def test_deliveries_roll_back_with_a_report_that_was_never_stored(
    wiki, reporter, django_capture_on_commit_callbacks
):
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["local@example.org"]}])

    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Abandoned), transaction.atomic():
            record_deliveries(make_report(wiki, reporter))
            raise Abandoned

    assert callbacks == []
    assert not Delivery.objects.exists()
    assert not sends().exists()


def sends():
    """Queued send_delivery tasks (the desk queues tasks of its own)."""
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_delivery")


def batches():
    """Queued batch send tasks (routing.tasks.send_due_deliveries)."""
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_due_deliveries")


def test_the_desk_is_placed_after_the_reports_transaction_and_a_worker_backs_it_up(
    wiki, reporter, community_team, django_capture_on_commit_callbacks
):
    set_routes(
        wiki,
        "intimidation",
        [
            {"kind": "email", "to": ["local@example.org"]},
            {"kind": "desk", "team": community_team.slug, "queue": "reports"},
        ],
    )
    report = make_report(wiki, reporter)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            email, desk = record_deliveries(report, new=True)
            report.refresh_from_db()
            # Nothing of the desk's work inside the report's transaction (short: on SQLite it
            # holds the database's write lock).
            assert report.queue_id is None and desk.status == DeliveryStatus.PENDING
            assert not CaseEvent.objects.filter(report=report).exists()
    # The email goes at once; the desk's task waits LOCAL_GRACE, so that the confirmation
    # page usually places it first; should the page never show, a worker places it then.
    assert batches().ready().count() == 1 and not sends().filter(args_kwargs__args__0=email.pk)
    desk_task = sends().get(args_kwargs__args__0=desk.pk)
    assert desk_task.run_after >= desk.created_at + LOCAL_GRACE
    assert not sends().ready().filter(args_kwargs__args__0=desk.pk).exists()
    place_locally(report)
    report.refresh_from_db()
    assert report.queue.team == community_team
    assert Delivery.objects.get(pk=desk.pk).status == DeliveryStatus.SENT
    place_locally(report)  # again: nothing more
    send_delivery.call(desk.pk)  # the worker's task, after the page: nothing more either
    assert CaseEvent.objects.filter(report=report, kind=EventKind.ARRIVED).count() == 1


def test_a_desk_case_reaches_the_desk_without_the_confirmation_page(
    wiki, reporter, community_team, django_capture_on_commit_callbacks
):
    """A reporter who closes the tab at once: the worker's task places the case."""
    set_routes(
        wiki, "intimidation", [{"kind": "desk", "team": community_team.slug, "queue": "reports"}]
    )
    report = make_report(wiki, reporter)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            (desk,) = record_deliveries(report, new=True)
    assert sends().filter(args_kwargs__args__0=desk.pk).exists()  # its task, run here:
    send_delivery.call(desk.pk)
    report.refresh_from_db()
    assert report.queue.team == community_team
    assert Delivery.objects.get(pk=desk.pk).status == DeliveryStatus.SENT
