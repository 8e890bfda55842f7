"""What the API and the case events say about a case or report: one place for the fields."""


def report_facts(report) -> dict:
    """The facts a reporter may read of their own report (and everyone the case's team)."""
    return {
        "reference": report.reference,
        "wiki": report.wiki.slug,
        "flow": report.flow,
        "type": report.harm_subtype or report.incident_type,
        "status": report.status,
    }


def case_facts(report) -> dict:
    """A case as responders' tools see it (no reporter identity, no report text)."""
    return {
        **report_facts(report),
        "outcome": report.outcome,
        "assignee": report.assignee.username if report.assignee_id else None,
        "queue": report.queue.slug if report.queue_id else None,
    }
