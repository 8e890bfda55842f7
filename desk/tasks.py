"""Background work of the desk: every email goes out from a task, enqueued after commit."""

from django.tasks import task

from desk import notify


@task
def notify_case_arrived(report_id: int, team_id: int, escalation_id: int | None = None) -> int:
    return notify.case_arrived(report_id, team_id, escalation_id)


@task
def notify_reporter_message(report_id: int, event_id: int) -> int:
    return notify.reporter_message(report_id, event_id)


@task
def notify_reporter_status(report_id: int, event_id: int) -> int:
    return notify.reporter_status(report_id, event_id)


@task
def notify_responders_of_reply(report_id: int) -> int:
    return notify.responders_of_reply(report_id)
