"""The counts behind the dashboards (and anything else that reports on IRS): plain functions
over a queryset of reports the caller already narrowed to what its viewer may see
(desk.access), a date range [start, end] of UTC days, and plain rows (dicts) out.

Nothing here decides who may see what, and nothing here suppresses small cells: the pages
do both (metrics.dashboards, metrics.cells). Times are in hours.

Every count is made by the database, a few grouped queries per section whatever the number
of reports (metrics.sql has the pieces; reports.models and desk.models the metrics_*_idx
indexes they read); Python only turns the few resulting rows into the section's rows.
metrics/tests/reference.py keeps the case-by-case loops they replaced, and the tests check
that both give the same figures.
"""

import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate, TruncWeek
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from desk import clocks
from desk.models import Appeal, CaseEvent, Decision, EventKind
from metrics import sql, totals
from metrics.models import FunnelDaily, FunnelEvent
from metrics.rollup import daily_rows, day_start, rolled_through
from reports import funnel
from reports.models import CLOSED_STATUSES, OPEN_STATUSES
from routing.models import Delivery, DeliveryStatus

CLOSED = tuple(CLOSED_STATUSES)
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


def _filed_per_day(reports, start: date, end: date, where=None) -> Counter:
    """{(day, flow, incident type, harm subtype, from a trusted flagger?): reports filed}:
    with `where` (metrics.totals), the days up to the last counted one from the daily totals,
    the days since from the live tables."""
    found: Counter = Counter()
    rolled = totals.rolled_through() if where is not None else None
    live_start = start
    if rolled is not None and rolled >= start:
        found.update(totals.filed_rows(where, start, min(end, rolled)))
        live_start = rolled + timedelta(days=1)
    if live_start <= end:
        rows = (
            filed(reports, live_start, end)
            .annotate(day=TruncDate("created_at", tzinfo=UTC))
            .values_list("day", "flow", "incident_type", "harm_subtype", "trusted_flagger")
            .annotate(n=Count("id"))
            .order_by()
        )
        for *key, n in rows:
            found[tuple(key)] += n
    return found


def reports_per_day(reports, start: date, end: date, where=None) -> list[dict]:
    """[{day, flow, type, reports}] for every day, flow and type with at least one report."""
    merged: Counter = Counter()
    for (day, flow, incident_type, harm_subtype, _trusted), n in _filed_per_day(
        reports, start, end, where
    ).items():
        merged[(day, flow, type_of(flow, incident_type, harm_subtype))] += n
    return [
        {"day": day, "flow": flow, "type": kind, "reports": n}
        for (day, flow, kind), n in sorted(merged.items())
        if n
    ]


def trusted_share(reports, start: date, end: date, where=None) -> list[dict]:
    """[{week, reports, trusted}] per week: filed reports, and those from trusted flaggers."""
    per_week = {week: [0, 0] for week in weeks(start, end)}
    for (day, *_kinds, trusted), n in _filed_per_day(reports, start, end, where).items():
        counts = per_week[week_of(day)]
        counts[0] += n
        counts[1] += n if trusted else 0
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


def _percentile(values: list, share: float):
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


def _took(clock: str):
    """A case's time to first response or to decision, as a duration expression."""
    if clock == "first":
        return ExpressionWrapper(
            F("first_response_at") - F("created_at"), output_field=DurationField()
        )
    return ExpressionWrapper(
        F("decided_at") - F("created_at") - sql.seconds("paused_seconds"),
        output_field=DurationField(),
    )


CLOCK_FIELDS = {"first": ("first_response_at", sql.FIRST_RESPONSE),
                "decision": ("decided_at", sql.DECISION)}  # fmt: skip


def response_times(reports, start: date, end: date, table: dict | None = None) -> list[dict]:
    """Per week of filing, the cases' time to first response and to decision (hours, the
    clocks standing still while waiting for the reporter): [{week, cases, first_median,
    first_p90, first_target, first_within, decision_median, decision_p90, decision_target,
    decision_within}]. *_within: cases that met their own target; *_target: the target most
    of the week's cases had (the shorter one on a tie). A case not yet answered or decided
    is not in those figures. Counted in SQL (PostgreSQL: percentiles too)."""
    table = sql.target_table() if table is None else table
    cases = (
        filed(reports, start, end)
        .filter(queue__isnull=False)
        .annotate(week=TruncWeek("created_at", tzinfo=UTC))
        .order_by()
    )
    figures: dict = {}
    for clock, (field, target_key) in CLOCK_FIELDS.items():
        done = Q(**{f"{field}__isnull": False})
        figures[f"{clock}_count"] = Count("id", filter=done)
        figures[f"{clock}_within"] = Count(
            "id", filter=Q(done, LessThanOrEqual(_took(clock), sql.targets(target_key, table)))
        )
        if sql.has_percentiles():
            figures[f"{clock}_low"] = sql.lower_middle(_took(clock), filter=done)
            figures[f"{clock}_high"] = sql.upper_middle(_took(clock), filter=done)
            figures[f"{clock}_p90"] = sql.nearest_rank(_took(clock), 0.9, filter=done)
    per_week = {
        _as_date(row["week"]): row
        for row in cases.values("week").annotate(n=Count("id"), **figures)
    }
    if not sql.has_percentiles():
        _percentiles_in_python(cases, per_week)
    modes: dict = defaultdict(Counter)
    targets_of = cases.values("week").annotate(
        first=sql.targets(sql.FIRST_RESPONSE, table), decision=sql.targets(sql.DECISION, table)
    )
    for row in targets_of.values("week", "first", "decision").annotate(n=Count("id")):
        for clock in ("first", "decision"):
            if row[clock] is not None:
                modes[(_as_date(row["week"]), clock)][_hours(row[clock])] += row["n"]
    rows = []
    for week in weeks(start, end):
        found = per_week.get(week, {})
        row = {"week": week, "cases": found.get("n", 0)}
        for clock in ("first", "decision"):
            low, high = found.get(f"{clock}_low"), found.get(f"{clock}_high")
            row[f"{clock}_median"] = (
                (_hours(low) + _hours(high)) / 2 if low is not None and high is not None else None
            )
            p90 = found.get(f"{clock}_p90")
            row[f"{clock}_p90"] = _hours(p90) if p90 is not None else None
            counted = modes.get((week, clock))
            row[f"{clock}_target"] = (
                max(counted.items(), key=lambda item: (item[1], -item[0]))[0] if counted else None
            )
            row[f"{clock}_within"] = found.get(f"{clock}_within", 0)
            row[f"{clock}_count"] = found.get(f"{clock}_count", 0)
        rows.append(row)
    return rows


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _percentiles_in_python(cases, per_week: dict) -> None:
    """SQLite: the middle values and the 90th percentile from the durations themselves."""
    values: dict = defaultdict(list)
    for week, first, decision in cases.values_list("week", _took("first"), _took("decision")):
        for clock, took in (("first", first), ("decision", decision)):
            if took is not None:
                values[(week, clock)].append(took)
    for (week, clock), took in values.items():
        ordered = sorted(took)
        row = per_week[_as_date(week)]
        row[f"{clock}_low"] = ordered[(len(ordered) - 1) // 2]
        row[f"{clock}_high"] = ordered[len(ordered) // 2]
        row[f"{clock}_p90"] = _percentile(ordered, 0.9)


# --- backlog --------------------------------------------------------------------------------


def _with_closing_times(reports):
    """`reports` with `closed_at`: when a case whose status is closed now was closed (its
    latest move to a closed status, else its last change); None for the others."""
    last_close = (
        CaseEvent.objects.filter(report=OuterRef("pk"), kind=EventKind.STATUS)
        .filter(Q(data__status__in=list(CLOSED)))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return reports.annotate(
        closed_at=Case(
            When(status__in=CLOSED, then=Coalesce(Subquery(last_close), F("updated_at"))),
            default=None,
            output_field=DateTimeField(),
        )
    )


def backlog(reports, start: date, end: date, where=None) -> list[dict]:
    """[{day, open}]: cases open at the end of each day (filed, in a queue, not yet closed).
    Two index ranges (reports.models: metrics_report_open_idx, _closed_idx): the cases
    open now, and the closed ones changed since the period began; a case closed (and not
    touched since) before the period is in none of its days. With `where` (metrics.totals),
    the days up to the last counted one come from the daily totals and only the days since
    from the live tables."""
    rolled = totals.rolled_through() if where is not None else None
    if rolled is None or rolled < start:
        base, opened_per_day, closed_per_day = _backlog_moves(reports, start, end)
    else:
        opened_per_day, closed_per_day = totals.backlog_moves(where, min(end, rolled))
        base = 0
        for day in list(opened_per_day):
            if day < start:
                base += opened_per_day.pop(day)
        for day in list(closed_per_day):
            if day < start:
                base -= closed_per_day.pop(day)
        if rolled < end:
            _, opened, closed = _backlog_moves(reports, rolled + timedelta(days=1), end, since=True)
            opened_per_day.update(opened)
            closed_per_day.update(closed)
    rows, running = [], base
    for day in days(start, end):
        running += opened_per_day[day] - closed_per_day[day]
        rows.append({"day": day, "open": running})
    return rows


def _backlog_moves(reports, start: date, end: date, since: bool = False):
    """(cases open when `start` began, {day: cases opened}, {day: cases closed}) for the
    days from `start` to `end`; `since`: only the moves from `start` on (no carried base)."""
    low, high = _range(start, end)
    visible = reports.filter(filed=True, queue__isnull=False, created_at__lt=high).order_by()
    opened_day = Case(
        When(created_at__gte=low, then=TruncDate("created_at", tzinfo=UTC)), default=None
    )
    base = 0
    opened_per_day: Counter = Counter()
    closed_per_day: Counter = Counter()
    if since:  # every case filed since `start`, open or closed now
        still_open = visible.filter(status__in=[*OPEN_STATUSES, *CLOSED], created_at__gte=low)
    else:
        still_open = visible.filter(status__in=OPEN_STATUSES)
    for row in still_open.values(day=opened_day).annotate(n=Count("id")):
        if row["day"] is None:
            base += row["n"]
        else:
            opened_per_day[row["day"]] += row["n"]
    closed = _with_closing_times(visible.filter(status__in=CLOSED, updated_at__gte=low)).filter(
        closed_at__gte=low
    )
    closed_day = Case(
        When(closed_at__lt=high, then=TruncDate("closed_at", tzinfo=UTC)), default=None
    )
    for row in closed.values(day=opened_day, closed=closed_day).annotate(n=Count("id")):
        if not since:
            if row["day"] is None:
                base += row["n"]
            else:
                opened_per_day[row["day"]] += row["n"]
        if row["closed"] is not None:
            closed_per_day[row["closed"]] += row["n"]
    return base, opened_per_day, closed_per_day


def _open_cases(reports):
    return reports.filter(filed=True, queue__isnull=False, status__in=OPEN_STATUSES).order_by()


def age_distribution(reports, now: datetime) -> list[dict]:
    """[{age, open}]: cases open now, by how long ago they were filed (one query)."""
    buckets, newer_than = {}, None
    for key, bound in AGE_BUCKETS:
        older = Q() if newer_than is None else Q(created_at__lte=newer_than)
        newer_than = now - timedelta(days=bound) if bound is not None else None
        newer = Q() if newer_than is None else Q(created_at__gt=newer_than)
        buckets[key] = Count("id", filter=older & newer)
    found = _open_cases(reports).aggregate(**buckets)
    return [{"age": key, "open": found[key] or 0} for key, _bound in AGE_BUCKETS]


def overdue(reports, now: datetime, table: dict | None = None) -> list[dict]:
    """[{clock, overdue, running}]: open cases whose first-response or decision clock runs,
    and how many of them are past their target now (desk.clocks.state, in one query)."""
    table = sql.target_table() if table is None else table
    open_cases = reports.filter(
        filed=True, queue__isnull=False, status__in=clocks.OPEN, decided_at__isnull=True
    ).order_by()
    # Running time: from filing to now (or to when it began waiting), less earlier waits.
    ran = ExpressionWrapper(
        Least(Coalesce(F("waiting_since"), Value(now)), Value(now))
        - F("created_at")
        - sql.seconds("paused_seconds"),
        output_field=DurationField(),
    )
    first = Q(first_response_at__isnull=True)
    found = open_cases.aggregate(
        first_running=Count("id", filter=first),
        first_overdue=Count(
            "id", filter=Q(first, GreaterThan(ran, sql.targets(sql.FIRST_RESPONSE, table)))
        ),
        decision_running=Count("id", filter=~first),
        decision_overdue=Count(
            "id", filter=Q(~first, GreaterThan(ran, sql.targets(sql.DECISION, table)))
        ),
    )
    return [
        {"clock": clocks.FIRST_RESPONSE, "running": found["first_running"],
         "overdue": found["first_overdue"]},
        {"clock": clocks.DECISION, "running": found["decision_running"],
         "overdue": found["decision_overdue"]},
    ]  # fmt: skip


# --- decisions and appeals ------------------------------------------------------------------


def _in_force(reports, start: date, end: date):
    """Decisions made in the range that are their case's decision in force: no later one
    (by time, then id) exists. A later one, even after the range, supersedes."""
    low, high = _range(start, end)
    # A later decision is from the range's start on too: the index of the period finds it.
    later = Decision.objects.filter(report=OuterRef("report"), created_at__gte=low).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), id__gt=OuterRef("id"))
    )
    return (
        Decision.objects.filter(created_at__gte=low, created_at__lt=high)
        .filter(Exists(reports.filter(filed=True, pk=OuterRef("report_id")).order_by()))
        .exclude(Exists(later))
        .order_by()
    )


def outcomes(reports, start: date, end: date, where=None) -> list[dict]:
    """[{outcome, action, type, cases}]: each decided case once per action of its decision in
    force (a decision with two actions counts under both). Grouped in SQL; with `where`
    (metrics.totals), from the daily totals for the days up to the last counted one."""
    counts: Counter = Counter()
    rolled = totals.rolled_through() if where is not None else None
    live_start = start
    if rolled is not None and rolled >= start:
        found = totals.outcome_rows(where, start, min(end, rolled))
        for (outcome, actions, flow, incident_type, harm_subtype), n in found.items():
            for action in actions or [""]:
                counts[(outcome, str(action), type_of(flow, incident_type, harm_subtype))] += n
        live_start = rolled + timedelta(days=1)
    if live_start <= end:
        rows = (
            _in_force(reports, live_start, end)
            .values(
                "outcome",
                "actions",
                "report__flow",
                "report__incident_type",
                "report__harm_subtype",
            )  # fmt: skip
            .annotate(n=Count("id"))
        )
        for row in rows:
            kind = type_of(row["report__flow"], row["report__incident_type"],
                           row["report__harm_subtype"])  # fmt: skip
            actions = row["actions"] if isinstance(row["actions"], list) else []
            for action in actions or [""]:
                counts[(row["outcome"], str(action), kind)] += row["n"]
    return [
        {"outcome": outcome, "action": action, "type": kind, "cases": n}
        for (outcome, action, kind), n in sorted(counts.items())
        if n
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
