"""The hand-off from routing: a report the desk channel puts into a queue becomes a case the
team hears about. The channel must call desk.cases.case_arrived(report) after placing it."""

from django.core import mail

from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report
from reports.models import Flow
from routing.outbox import place_locally, record_deliveries


def test_an_emergency_routed_to_the_safety_desk_notifies_the_safety_team(
    run_tasks, wiki, reporter, safety_team, safety_responder
):
    report = make_report(wiki, reporter, flow=Flow.EMERGENCY, queue=None)
    run_tasks(record_deliveries, report)
    # The reporter's confirmation page places the case (routing.outbox.place_locally).
    run_tasks(place_locally, report)
    report.refresh_from_db()
    assert report.queue is not None and report.queue.team == safety_team
    assert CaseEvent.objects.filter(report=report, kind=EventKind.ARRIVED).exists()
    assert [m.to for m in mail.outbox if safety_responder.email in m.to]
