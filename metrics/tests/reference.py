"""The plain Python loops the SQL in metrics/counts.py replaced, kept as the reference the
tests compare it with (metrics/tests/test_counts_sql.py): one case at a time, obviously right,
far too slow for a million reports. Only the target most cases had now breaks a tie the way
the SQL does (the shorter target)."""

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from django.db.models import OuterRef, Q, Subquery

from desk import clocks
from desk.models import CaseEvent, Decision, EventKind
from metrics.counts import (
    AGE_BUCKETS,
    CLOSED,
    _hours,
    _percentile,
    _range,
    days,
    filed,
    type_of,
    week_of,
    weeks,
)
from reports.models import Status
from wikis import accountability
from wikis.models import Wiki


def _mode(targets):
    counted = Counter(targets)
    return max(counted.items(), key=lambda item: (item[1], -item[0]))[0] if targets else None


def response_times(reports, start: date, end: date) -> list[dict]:
    """Per week of filing, the cases' time to first response and to decision (hours, the
    clocks standing still while waiting for the reporter): [{week, cases, first_median,
    first_p90, first_target, first_within, decision_median, decision_p90, decision_target,
    decision_within}]. *_within: cases that met their own target; *_target: the target most
    of the week's cases had. A case not yet answered or decided is not in those figures."""
    cases = (
        filed(reports, start, end)
        .filter(queue__isnull=False)
        .values(
            "wiki_id",
            "flow",
            "incident_type",
            "created_at",
            "first_response_at",
            "decided_at",
            "paused_seconds",
        )  # fmt: skip
    )
    configs: dict = {}
    per_week: dict = defaultdict(lambda: defaultdict(list))
    for case in cases.iterator():
        config = configs.get(case["wiki_id"])
        if config is None:
            config = configs[case["wiki_id"]] = Wiki.objects.get(pk=case["wiki_id"]).config
        target = accountability.response_targets(
            config, emergency=case["flow"] == "emergency", type_key=case["incident_type"]
        )
        week = per_week[week_of(case["created_at"].astimezone(UTC).date())]
        week["cases"].append(1)
        for clock, field in (("first", "first_response_at"), ("decision", "decided_at")):
            key = "first_response" if clock == "first" else "decision"
            week[f"{clock}_target"].append(_hours(target[key]))
            if case[field] is None:
                continue
            took = case[field] - case["created_at"]
            if clock == "decision":
                took -= timedelta(seconds=case["paused_seconds"])
            week[clock].append(_hours(took))
            week[f"{clock}_within"].append(took <= target[key])
    rows = []
    for week in weeks(start, end):
        found = per_week.get(week, {})
        row = {"week": week, "cases": len(found.get("cases", []))}
        for clock in ("first", "decision"):
            taken = found.get(clock, [])
            targets = found.get(f"{clock}_target", [])
            row[f"{clock}_median"] = statistics.median(taken) if taken else None
            row[f"{clock}_p90"] = _percentile(taken, 0.9)
            row[f"{clock}_target"] = _mode(targets)
            row[f"{clock}_within"] = sum(found.get(f"{clock}_within", []))
            row[f"{clock}_count"] = len(taken)
        rows.append(row)
    return rows


# --- backlog --------------------------------------------------------------------------------


def _closing_times(reports):
    """{report id: when it was closed} for cases whose status is closed now."""
    closed = reports.filter(status__in=CLOSED)
    last_close = (
        CaseEvent.objects.filter(report=OuterRef("pk"), kind=EventKind.STATUS)
        .filter(Q(data__status__in=list(CLOSED)))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return {
        row["id"]: row["closed_at"] or row["updated_at"]
        for row in closed.annotate(closed_at=Subquery(last_close)).values(
            "id", "closed_at", "updated_at"
        )
    }


def backlog(reports, start: date, end: date) -> list[dict]:
    """[{day, open}]: cases open at the end of each day (filed, in a queue, not yet closed)."""
    low, high = _range(start, end)
    # A case closed (and not touched since) before the period is in none of its days.
    cases = (
        reports.filter(filed=True, queue__isnull=False, created_at__lt=high)
        .exclude(status=Status.INFORMATION)
        .exclude(status__in=CLOSED, updated_at__lt=low)
    )
    closing = _closing_times(cases)
    opened_per_day: Counter = Counter()
    closed_per_day: Counter = Counter()
    base = 0
    for case_id, created in cases.values_list("id", "created_at"):
        closed_at = closing.get(case_id)
        if closed_at is not None and closed_at < low:
            continue
        created_day = created.astimezone(UTC).date()
        if created_day < start:
            base += 1
        else:
            opened_per_day[created_day] += 1
        if closed_at is not None and closed_at < high:
            closed_per_day[closed_at.astimezone(UTC).date()] += 1
    rows, running = [], base
    for day in days(start, end):
        running += opened_per_day[day] - closed_per_day[day]
        rows.append({"day": day, "open": running})
    return rows


def age_distribution(reports, now: datetime) -> list[dict]:
    """[{age, open}]: cases open now, by how long ago they were filed."""
    counts: Counter = Counter()
    for created in (
        reports.filter(filed=True, queue__isnull=False)
        .exclude(status__in=CLOSED)
        .exclude(status=Status.INFORMATION)
        .values_list("created_at", flat=True)
    ):
        age = (now - created).total_seconds() / 86400
        for key, bound in AGE_BUCKETS:
            if bound is None or age < bound:
                counts[key] += 1
                break
    return [{"age": key, "open": counts[key]} for key, _bound in AGE_BUCKETS]


def overdue(reports, now: datetime) -> list[dict]:
    """[{clock, overdue, running}]: open cases whose first-response or decision clock runs,
    and how many of them are past their target now."""
    counts = {clocks.FIRST_RESPONSE: [0, 0], clocks.DECISION: [0, 0]}
    configs: dict = {}
    open_cases = (
        reports.filter(filed=True, queue__isnull=False, status__in=clocks.OPEN)
        .filter(decided_at__isnull=True)
        .select_related("wiki")
    )
    for report in open_cases.iterator():
        config = configs.setdefault(report.wiki_id, report.wiki.config)
        target_map = accountability.response_targets(
            config, emergency=report.is_emergency, type_key=report.incident_type
        )
        state = clocks.state(report, now, target_map)
        if state is None:
            continue
        counts[state["clock"]][0] += 1
        counts[state["clock"]][1] += int(state["overdue"])
    return [
        {"clock": clock, "running": running, "overdue": late}
        for clock, (running, late) in counts.items()
    ]


def _latest_decisions(reports, start: date, end: date):
    """The decision in force of each case whose latest decision was made in the range."""
    low, high = _range(start, end)
    # Only decisions from the period on: a later one (after the period) supersedes.
    decisions = (
        Decision.objects.filter(report__in=reports.filter(filed=True), created_at__gte=low)
        .select_related("report")
        .order_by("report_id", "created_at", "id")
    )
    latest = {}
    for decision in decisions.iterator():
        latest[decision.report_id] = decision
    return [d for d in latest.values() if low <= d.created_at < high]


def outcomes(reports, start: date, end: date) -> list[dict]:
    """[{outcome, action, type, cases}]: each decided case once per action of its decision in
    force (a decision with two actions counts under both)."""
    counts: Counter = Counter()
    for decision in _latest_decisions(reports, start, end):
        report = decision.report
        kind = type_of(report.flow, report.incident_type, report.harm_subtype)
        for action in decision.actions or [""]:
            counts[(decision.outcome, str(action), kind)] += 1
    return [
        {"outcome": outcome, "action": action, "type": kind, "cases": n}
        for (outcome, action, kind), n in sorted(counts.items())
    ]
