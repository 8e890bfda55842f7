"""The counts behind the dashboards (and anything else that reports on IRS): plain functions
over a queryset of reports the caller already narrowed to what its viewer may see
(desk.access), a date range [start, end] of UTC days, and plain rows (dicts) out.

Nothing here decides who may see what, and nothing here suppresses small cells: the pages
do both (metrics.dashboards, metrics.cells). Times are in hours.
"""

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate

from desk import clocks
from desk.models import Appeal, CaseEvent, Decision, EventKind
from metrics.models import FunnelDaily, FunnelEvent
from metrics.rollup import daily_rows, day_start, rolled_through
from reports import funnel
from reports.models import Status
from routing.models import Delivery, DeliveryStatus
from wikis import accountability
from wikis.models import Wiki

CLOSED = (Status.RESOLVED, Status.NOT_ACTIONABLE, Status.DUPLICATE)
AGE_BUCKETS = (  # (key, upper bound in days)
    ("under-1-day", 1),
    ("1-3-days", 3),
    ("3-7-days", 7),
    ("7-30-days", 30),
    ("over-30-days", None),
)
# The funnel's stages, in order: the event that shows a dialog reached it.
FUNNEL_STAGES = (
    ("opened", funnel.OPEN),
    ("chose", funnel.CHOOSE),
    ("submitted", funnel.SUBMIT),
    ("confirmed", funnel.VIEW_CONFIRMATION),
)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def week_of(day: date) -> date:
    """The Monday that starts the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def weeks(start: date, end: date) -> list[date]:
    first, last = week_of(start), week_of(end)
    return [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    return day_start(start), day_start(end + timedelta(days=1))


def filed(reports, start: date, end: date):
    low, high = _range(start, end)
    return reports.filter(filed=True, created_at__gte=low, created_at__lt=high)


def type_of(flow: str, incident_type: str, harm_subtype: str) -> str:
    """A report's type for counting: the incident type, or an emergency's harm subtype."""
    return incident_type or harm_subtype or ""


# --- reports --------------------------------------------------------------------------------


def reports_per_day(reports, start: date, end: date) -> list[dict]:
    """[{day, flow, type, reports}] for every day, flow and type with at least one report."""
    rows = (
        filed(reports, start, end)
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day", "flow", "incident_type", "harm_subtype")
        .annotate(n=Count("id"))
        .order_by()
    )
    merged: Counter = Counter()
    for row in rows:
        merged[(row["day"], row["flow"], type_of(**_kinds(row)))] += row["n"]
    return [
        {"day": day, "flow": flow, "type": kind, "reports": n}
        for (day, flow, kind), n in sorted(merged.items())
    ]


def _kinds(row) -> dict:
    return {
        "flow": row["flow"],
        "incident_type": row["incident_type"],
        "harm_subtype": row["harm_subtype"],
    }


def trusted_share(reports, start: date, end: date) -> list[dict]:
    """[{week, reports, trusted}] per week: filed reports, and those from trusted flaggers."""
    rows = (
        filed(reports, start, end)
        .annotate(day=TruncDate("created_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"), trusted=Count("id", filter=Q(trusted_flagger=True)))
        .order_by()
    )
    per_week = {week: [0, 0] for week in weeks(start, end)}
    for row in rows:
        counts = per_week[week_of(row["day"])]
        counts[0] += row["n"]
        counts[1] += row["trusted"]
    return [
        {"week": week, "reports": n, "trusted": trusted}
        for week, (n, trusted) in sorted(per_week.items())
    ]


# --- funnel ---------------------------------------------------------------------------------


def funnel_dialogs(wiki_ids, start: date, end: date) -> dict[str, int]:
    """{event name: dialogs} in the range: the daily counts for counted days, raw events for
    the days since (manage.py funnel_rollup)."""
    rolled = rolled_through()
    totals: Counter = Counter()
    daily = FunnelDaily.objects.filter(wiki_id__in=wiki_ids, day__gte=start, day__lte=end)
    if rolled is not None:
        daily = daily.filter(day__lte=rolled)
        for row in daily.values("name").annotate(total=Sum("dialogs")).order_by():
            totals[row["name"]] += row["total"] or 0
    raw_start = max(start, rolled + timedelta(days=1)) if rolled is not None else start
    if raw_start <= end:
        low, high = _range(raw_start, end)
        raw = FunnelEvent.objects.filter(wiki_id__in=wiki_ids)
        for row in daily_rows(low, high, raw):
            totals[row["name"]] += row["dialogs"]
    return dict(totals)


def funnel_conversion(wiki_ids, start: date, end: date) -> list[dict]:
    """[{stage, dialogs, share}]: dialogs that reached each stage; share of those opened."""
    found = funnel_dialogs(wiki_ids, start, end)
    opened = found.get(funnel.OPEN, 0)
    rows = []
    for stage, name in FUNNEL_STAGES:
        n = found.get(name, 0)
        rows.append(
            {"stage": stage, "dialogs": n, "share": round(100 * n / opened) if opened else None}
        )
    return rows


def drop_off(rows: list[dict]) -> str | None:
    """The stage before which most dialogs were lost (None when nothing was lost)."""
    worst, lost = None, 0
    for before, after in zip(rows, rows[1:], strict=False):
        gone = before["dialogs"] - after["dialogs"]
        if gone > lost:
            worst, lost = after["stage"], gone
    return worst


# --- response times -------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    # Nearest rank: the smallest value with at least `share` of the values at or below it.
    rank = max(1, -(-int(share * 100) * len(ordered) // 100))
    return ordered[rank - 1]


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


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
            row[f"{clock}_target"] = Counter(targets).most_common(1)[0][0] if targets else None
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


# --- decisions and appeals ------------------------------------------------------------------


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


def appeals(reports, start: date, end: date) -> list[dict]:
    """[{role, result, appeals}]: appeals made in the range by who made them and how they
    ended ("open" while waiting, else upheld or changed)."""
    low, high = _range(start, end)
    answer = Decision.objects.filter(answers=OuterRef("pk")).order_by("-created_at")
    rows = (
        Appeal.objects.filter(report__in=reports, created_at__gte=low, created_at__lt=high)
        .annotate(result=Subquery(answer.values("appeal_result")[:1]))
        .values("role", "status", "result")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        result = row["result"] if row["status"] == "decided" and row["result"] else "open"
        counts[(row["role"], result)] += row["n"]
    return [
        {"role": role, "result": result, "appeals": n}
        for (role, result), n in sorted(counts.items())
    ]


# --- delivery health (operators) ------------------------------------------------------------


def delivery_health(start: date, end: date) -> list[dict]:
    """[{channel, sent, retrying, waiting, dead, median_latency_seconds}] for deliveries
    created in the range: retrying = waiting again after a failed attempt."""

    low, high = _range(start, end)
    deliveries = Delivery.objects.filter(created_at__gte=low, created_at__lt=high)
    rows = {}
    for row in (
        deliveries.values("kind")
        .annotate(
            sent=Count("id", filter=Q(status=DeliveryStatus.SENT)),
            dead=Count("id", filter=Q(status=DeliveryStatus.DEAD)),
            retrying=Count(
                "id",
                filter=Q(
                    status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], attempts__gt=0
                ),
            ),
            waiting=Count(
                "id",
                filter=Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], attempts=0),
            ),
        )
        .order_by("kind")
    ):
        rows[row["kind"]] = {
            "channel": row["kind"],
            "sent": row["sent"],
            "retrying": row["retrying"],
            "waiting": row["waiting"],
            "dead": row["dead"],
            "median_latency_seconds": None,
        }
    latencies: defaultdict[str, list[float]] = defaultdict(list)
    for kind, created, sent in deliveries.filter(sent_at__isnull=False).values_list(
        "kind", "created_at", "sent_at"
    ):
        latencies[kind].append((sent - created).total_seconds())  # type: ignore[operator]
    for kind, values in latencies.items():
        rows[kind]["median_latency_seconds"] = round(statistics.median(values), 1)
    return list(rows.values())


def today(now: datetime) -> date:
    return now.astimezone(UTC).date()
