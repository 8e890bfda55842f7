"""A small data set with answers worked out by hand (metrics/tests/test_counts.py says them).

Two weeks, Monday 2 March to Sunday 15 March 2026, seen on 31 March 2026 at 12:00 UTC.
"""

import secrets
from datetime import UTC, date, datetime, timedelta

from desk.models import Appeal, CaseEvent, Decision, EventKind, Queue, TeamMembership
from irs import demo
from metrics.funnel import record
from metrics.rollup import rollup
from reports.models import Report
from routing.models import Delivery

START, END = date(2026, 3, 2), date(2026, 3, 15)
NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)


def at(month, day, hour=0):
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _report(wiki, reporter, queue, created, **fields):
    values = {"flow": "non-emergency", "filed": True, "status": "new", **fields}
    report = Report.objects.create(
        wiki=wiki, reporter=reporter, reporter_username=reporter.username, queue=queue,
        submission_token=secrets.token_urlsafe(12), **values,
    )  # fmt: skip
    Report.objects.filter(pk=report.pk).update(created_at=created)
    report.refresh_from_db()
    return report


def _closed(report, when):
    CaseEvent.objects.create(
        report=report, kind=EventKind.STATUS, created_at=when,
        data={"previous": "in-progress", "status": "resolved"},
    )  # fmt: skip


def _decide(report, when, actions, outcome, **fields):
    return Decision.objects.create(
        report=report, actions=actions, outcome=outcome, created_at=when, **fields
    )


def seed():
    wiki = demo.ensure_wiki()
    team = demo.ensure_community_team(wiki)
    safety = demo.ensure_safety_team()
    queue = Queue.objects.get(team=team, slug="reports")
    emergencies = Queue.objects.get(team=safety, slug="emergency")
    responder = demo.make_user(wiki, "Responder")
    lead = demo.make_user(wiki, "Lead")
    TeamMembership.objects.get_or_create(team=team, user=responder)
    TeamMembership.objects.get_or_create(team=team, user=lead, defaults={"is_lead": True})
    reporter = demo.make_user(wiki, "Reporter")
    troll = demo.make_user(wiki, "Troll")
    people = {"wiki": wiki, "team": team, "responder": responder, "lead": lead}

    def make(created, **fields):
        return _report(wiki, reporter, queue, created, **fields)

    r1 = make(at(3, 2, 10), incident_type="intimidation", trusted_flagger=True, status="resolved",
              first_response_at=at(3, 2, 12), decided_at=at(3, 2, 20))  # fmt: skip
    _closed(r1, at(3, 2, 20))
    _decide(r1, at(3, 2, 20), ["warning"], "action-taken")
    r2 = make(at(3, 3, 9), incident_type="intimidation", status="resolved",
              first_response_at=at(3, 3, 13), decided_at=at(3, 4, 15),
              paused_seconds=6 * 3600)  # fmt: skip
    _closed(r2, at(3, 4, 15))
    _decide(r2, at(3, 4, 15), ["no-action"], "no-action")
    make(at(3, 4, 12), incident_type="spam", status="in-progress", first_response_at=at(3, 4, 18))
    make(at(3, 5, 8), incident_type="doxing")
    r5 = make(at(3, 9, 10), incident_type="intimidation", trusted_flagger=True, status="resolved",
              first_response_at=at(3, 9, 11), decided_at=at(3, 9, 15))  # fmt: skip
    _closed(r5, at(3, 9, 15))
    first = _decide(r5, at(3, 9, 15), ["content-removed", "partial-block"], "action-taken")
    appeal = Appeal.objects.create(
        decision=first, report=r5, appellant=troll, role="reported-user", text="Unfair.",
        status="decided", created_at=at(3, 10, 9), decided_at=at(3, 12, 9),
    )  # fmt: skip
    _decide(r5, at(3, 12, 9), ["content-removed", "partial-block"], "action-taken",
            answers=appeal, appeal_result="upheld")  # fmt: skip
    make(at(3, 10, 10), incident_type="spam")
    # About the responder themselves: their lead counts it, they never do.
    make(at(3, 11, 10), incident_type="intimidation", reported_user="Responder")
    # Outside the period: open since before it, and filed after it.
    make(at(2, 20, 10), incident_type="trolling", status="triaged", first_response_at=at(2, 21))
    make(at(3, 30, 0), incident_type="spam")
    # Only support shown (not filed), and an emergency in the safety team's queue.
    make(at(3, 3, 9), incident_type="spam", filed=False, status="information")
    _report(wiki, reporter, emergencies, at(3, 6, 9), flow="emergency", harm_subtype="self-harm",
            status="in-progress", first_response_at=at(3, 6, 10))  # fmt: skip

    # Funnel: 2 March (counted into daily totals) and 3 March (raw events still).
    for day, opened, chose, submitted in ((2, 6, 4, 2), (3, 4, 3, 1)):
        for i in range(opened):
            token = f"dialog-{day}-{i:02d}-xxxxxxxx"
            record(wiki, "open", token, entry_point="tools", now=at(3, day, 10))
            if i < chose:
                record(wiki, "choose", token, flow="non-emergency", now=at(3, day, 10))
            if i < submitted:
                record(wiki, "submit", token, flow="non-emergency", now=at(3, day, 11))
                record(wiki, "view-confirmation", token, now=at(3, day, 11))
    rollup(now=at(3, 3, 1), retention_days=90)

    # Deliveries: email 3 sent (10 s, 20 s, 60 s) and 1 failed; webhook 1 retrying, 1 waiting.
    def delivery(kind, status, attempts=0, seconds=None):
        row = Delivery.objects.create(report=r1, kind=kind, destination={}, status=status,
                                      attempts=attempts)  # fmt: skip
        sent = at(3, 5, 10) + timedelta(seconds=seconds) if seconds is not None else None
        Delivery.objects.filter(pk=row.pk).update(created_at=at(3, 5, 10), sent_at=sent)

    for seconds in (10, 20, 60):
        delivery("email", "sent", 1, seconds)
    delivery("email", "dead", 12)
    delivery("webhook", "pending", 2)
    delivery("webhook", "pending", 0)
    return people
