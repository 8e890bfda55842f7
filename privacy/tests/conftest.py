"""Privacy fixtures: the desk's cases and personas, and closed cases at a chosen time."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from desk.models import CaseEvent, Decision, EventKind
from desk.tests.conftest import (  # noqa: F401  (fixtures)
    case,
    community_queue,
    lead,
    make_report,
    other_responder,
    other_team,
    other_wiki,
    safety_queue,
)
from reports.models import Flow, Report, Status
from testing.smtp import smtp, smtp_server  # noqa: F401  (fixtures: a real SMTP server)

SECRET = "SECRET-DETAILS about the harassment"
SECRET_NOTE = "SECRET-NOTE only for the team"
SECRET_FACTS = "SECRET-FACTS of the decision"
_numbers = itertools.count()


def at(report, moment) -> Report:
    Report.objects.filter(pk=report.pk).update(created_at=moment, updated_at=moment)
    report.refresh_from_db()
    return report


def closed_case(wiki, reporter, queue, decided_at, *, actions=("warning",), **fields) -> Report:
    """A case filed and decided at `decided_at`, with a note, a message and evidence."""
    fields.setdefault("details", SECRET)
    fields.setdefault("evidence", {"text": SECRET, "page": "Talk:Main Page"})
    report = make_report(wiki, reporter, queue=queue, status=Status.RESOLVED, **fields)
    at(report, decided_at - timedelta(days=1))
    CaseEvent.objects.create(
        report=report, kind=EventKind.NOTE, text=SECRET_NOTE, created_at=decided_at
    )
    Decision.objects.create(
        report=report,
        actions=list(actions),
        ground="ucoc-3.1",
        facts=SECRET_FACTS,
        reporter_text="We warned them.",
        well_founded="founded",
        created_at=decided_at,
        outcome="action-taken" if "no-action" not in actions else "no-action",
    )
    CaseEvent.objects.create(
        report=report,
        kind=EventKind.STATUS,
        data={"status": Status.RESOLVED},
        created_at=decided_at,
    )
    return report


def information_visit(wiki, reporter, created_at) -> Report:
    report = make_report(
        wiki,
        reporter,
        status=Status.INFORMATION,
        filed=False,
        details="",
        submission_token=f"info-{next(_numbers)}",
    )
    return at(report, created_at)


@pytest.fixture
def long_ago():
    return timezone.now() - timedelta(days=365 * 5)


__all__ = ["Flow", "closed_case", "information_visit", "make_report"]
