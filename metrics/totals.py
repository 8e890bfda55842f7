"""Daily totals of the cases, so a dashboard reads a few hundred rows per section instead of
every report, decision and closing of its period (docs/metrics.md, "Daily case totals").

The daily job (manage.py funnel_rollup, `rollup_cases`) keeps one row per report in
CaseFact: the days it counts on (opened, closed, its decision in force) and what it counts
as. From those it counts, per day, wiki and queue, the backlog's moves (BacklogDaily) and
the decisions in force (OutcomeDaily), for every finished day. A case that changes after it
was counted (moved to another queue, reopened, closed again, decided again) changes days
already counted: each run finds the reports changed since the last one (a later
`updated_at`, a new decision or case event, a new report), compares their facts with the
stored ones and recounts every day either the old or the new facts touch.

The dashboards (metrics.counts, given a `Where`) read these totals for the days up to the
last counted one and the live tables for the days since; for a team's page they subtract
what the cases the viewer is recused from added (found by the recusal index, a few rows).
Figures are those of the last run for the counted days: a change to a case shows in the
days before the last run once the next run has counted it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, JSONField, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from desk.models import CaseEvent, Decision
from metrics.models import BacklogDaily, CaseFact, CaseRollup, FiledDaily, OutcomeDaily
from reports.models import CLOSED_STATUSES, OPEN_STATUSES, Report

BATCH = 5000
LOOK_BACK = timedelta(hours=1)


@dataclass
class Where:
    """Which daily totals a page adds up: those of some wikis and/or queues (None: all), less
    what the reports meeting `recused` (a condition on a report: the viewer's recusal,
    desk.access.recusal_condition) added."""

    wiki_ids: list[int] | None = None
    queue_ids: list[int] | None = None
    recused: Q | None = None

    def daily(self, rows):
        if self.wiki_ids is not None:
            rows = rows.filter(wiki_id__in=self.wiki_ids)
        if self.queue_ids is not None:
            rows = rows.filter(queue_id__in=self.queue_ids)
        return rows

    def left_out(self):
        """The facts of the reports the page leaves out (none without a recusal)."""
        if self.recused is None:
            return CaseFact.objects.none()
        about = Report.objects.filter(self.recused).values("pk")
        return self.daily(CaseFact.objects.filter(report_id__in=about))


def rolled_through() -> date | None:
    """The last day in the daily case totals (later days are counted from the live tables)."""
    state = CaseRollup.objects.order_by("pk").first()
    return state.rolled_through if state is not None else None


def _day(value: datetime | None) -> date | None:
    return value.astimezone(UTC).date() if value is not None else None


def _facts(reports) -> Iterator[CaseFact]:
    """CaseFact rows for `reports`, from the live tables (one at a time)."""
    from metrics.counts import _with_closing_times

    latest = Decision.objects.filter(report=OuterRef("pk")).order_by("-created_at", "-id")
    rows = _with_closing_times(reports.order_by()).annotate(
        decided=Subquery(latest.values("created_at")[:1]),
        decided_outcome=Subquery(latest.values("outcome")[:1]),
        decided_actions=Subquery(latest.values("actions")[:1], output_field=JSONField()),
    )
    counted = {*OPEN_STATUSES, *CLOSED_STATUSES}
    for row in rows.values(
        "pk", "wiki_id", "queue_id", "filed", "flow", "incident_type", "harm_subtype",
        "trusted_flagger", "status", "created_at", "closed_at", "decided", "decided_outcome",
        "decided_actions",
    ).iterator(chunk_size=BATCH):  # fmt: skip
        in_backlog = row["filed"] and row["queue_id"] is not None
        decided = row["filed"] and row["decided"] is not None
        yield CaseFact(
            report_id=row["pk"],
            wiki_id=row["wiki_id"],
            queue_id=row["queue_id"],
            filed=row["filed"],
            flow=row["flow"],
            incident_type=row["incident_type"],
            harm_subtype=row["harm_subtype"],
            trusted_flagger=row["trusted_flagger"],
            filed_day=_day(row["created_at"]) if row["filed"] else None,
            opened_day=_day(row["created_at"]) if in_backlog and row["status"] in counted else None,
            closed_day=_day(row["closed_at"])
            if in_backlog and row["status"] in CLOSED_STATUSES
            else None,
            decision_day=_day(row["decided"]) if decided else None,
            outcome=(row["decided_outcome"] or "") if decided else "",
            actions=row["decided_actions"] if decided else None,
        )


def _fields(fact: CaseFact | None) -> tuple | None:
    if fact is None:
        return None
    return tuple(getattr(fact, f.attname) for f in CaseFact._meta.concrete_fields)


def _days_of(facts) -> set[date]:
    found = set()
    for fact in facts:
        found |= {fact.filed_day, fact.opened_day, fact.closed_day, fact.decision_day}
    found.discard(None)
    return found


def _recount(days: set[date] | None, through: date) -> None:
    """Replace the daily rows of `days` (None: every day) up to `through` from the facts."""
    filed = FiledDaily.objects.filter(day__lte=through)
    backlog = BacklogDaily.objects.filter(day__lte=through)
    outcome = OutcomeDaily.objects.filter(day__lte=through)
    facts = CaseFact.objects.order_by()
    if days is not None:
        days = {day for day in days if day <= through}
        if not days:
            return
        backlog, outcome = backlog.filter(day__in=days), outcome.filter(day__in=days)
        filed = filed.filter(day__in=days)
        new = facts.filter(filed_day__in=days)
        opened = facts.filter(opened_day__in=days)
        closed = facts.filter(closed_day__in=days)
        decided = facts.filter(decision_day__in=days)
    else:
        new = facts.filter(filed_day__lte=through)
        opened = facts.filter(opened_day__lte=through)
        closed = facts.filter(closed_day__lte=through)
        decided = facts.filter(decision_day__lte=through)
    moves: dict = defaultdict(lambda: [0, 0])
    for column, (rows, field) in enumerate(((opened, "opened_day"), (closed, "closed_day"))):
        grouped = rows.values_list(field, "wiki_id", "queue_id").annotate(n=Count("pk"))
        for day, wiki, queue, n in grouped:
            moves[(day, wiki, queue)][column] += n
    kinds = ("outcome", "actions", "flow", "incident_type", "harm_subtype")
    decisions = decided.values("decision_day", "wiki_id", "queue_id", *kinds).annotate(
        n=Count("pk")
    )
    reports = new.values("filed_day", "wiki_id", "queue_id", *kinds[2:]).annotate(
        n=Count("pk"), trusted=Count("pk", filter=Q(trusted_flagger=True))
    )
    filed.delete()
    backlog.delete()
    outcome.delete()
    FiledDaily.objects.bulk_create(
        [
            FiledDaily(
                day=row["filed_day"],
                wiki_id=row["wiki_id"],
                queue_id=row["queue_id"],
                reports=row["n"],
                trusted=row["trusted"],
                **{key: row[key] for key in kinds[2:]},
            )  # fmt: skip
            for row in reports
        ],
        batch_size=BATCH,
    )
    BacklogDaily.objects.bulk_create(
        [
            BacklogDaily(day=day, wiki_id=wiki, queue_id=queue, opened=n[0], closed=n[1])
            for (day, wiki, queue), n in moves.items()
        ],
        batch_size=BATCH,
    )
    OutcomeDaily.objects.bulk_create(
        [
            OutcomeDaily(
                day=row["decision_day"],
                wiki_id=row["wiki_id"],
                queue_id=row["queue_id"],
                cases=row["n"],
                **{key: row[key] for key in kinds},
            )  # fmt: skip
            for row in decisions
        ],
        batch_size=BATCH,
    )


def rollup_cases(now: datetime | None = None, full: bool = False) -> dict:
    """Count every finished day (up to yesterday, UTC) into the daily case totals, recounting
    the days that cases changed since the last run touch. {"days": days recounted,
    "cases": reports whose facts were looked at}. `full` recomputes every report's facts."""
    now = now or timezone.now()
    through = now.astimezone(UTC).date() - timedelta(days=1)
    started = timezone.now()
    marks = {
        "report": Report.objects.aggregate(last=Max("id"))["last"] or 0,
        "decision": Decision.objects.aggregate(last=Max("id"))["last"] or 0,
        "event": CaseEvent.objects.aggregate(last=Max("id"))["last"] or 0,
    }
    with transaction.atomic():
        state = CaseRollup.objects.select_for_update().order_by("pk").first()
        if state is None or full:
            CaseFact.objects.all().delete()
            looked = 0
            batch: list[CaseFact] = []
            for fact in _facts(Report.objects.all()):
                batch.append(fact)
                if len(batch) == BATCH:
                    CaseFact.objects.bulk_create(batch)
                    looked, batch = looked + len(batch), []
            CaseFact.objects.bulk_create(batch)
            looked += len(batch)
            FiledDaily.objects.all().delete()
            BacklogDaily.objects.all().delete()
            OutcomeDaily.objects.all().delete()
            _recount(None, through)
            recounted = None
            state = state or CaseRollup()
        else:
            # Changes are looked for from a while before the last run began: a change
            # committed during that run (its time or id taken before) is not missed.
            since = state.started_at - LOOK_BACK
            found = set(
                Report.objects.filter(
                    Q(updated_at__gte=since) | Q(id__gt=state.last_report_id)
                ).values_list("pk", flat=True)
            )
            for model, last in (
                (Decision, state.last_decision_id),
                (CaseEvent, state.last_event_id),
            ):
                found |= set(
                    model.objects.filter(Q(created_at__gte=since) | Q(id__gt=last)).values_list(
                        "report_id", flat=True
                    )
                )
            changed = sorted(found)
            dirty: set[date] = set()
            for i in range(0, len(changed), BATCH):
                ids = changed[i : i + BATCH]
                old = {fact.report_id: fact for fact in CaseFact.objects.filter(report_id__in=ids)}
                new = {fact.report_id: fact for fact in _facts(Report.objects.filter(pk__in=ids))}
                moved = [
                    pk for pk in set(old) | set(new) if _fields(old.get(pk)) != _fields(new.get(pk))
                ]
                dirty |= _days_of(old[pk] for pk in moved if pk in old)
                dirty |= _days_of(new[pk] for pk in moved if pk in new)
                CaseFact.objects.filter(report_id__in=moved).delete()
                CaseFact.objects.bulk_create([new[pk] for pk in moved if pk in new])
            looked = len(changed)
            counted = state.rolled_through
            dirty |= {counted + timedelta(days=i + 1) for i in range((through - counted).days)}
            _recount(dirty, through)
            recounted = len({day for day in dirty if day <= through})
        state.rolled_through = through
        state.started_at = started
        state.last_report_id = marks["report"]
        state.last_decision_id = marks["decision"]
        state.last_event_id = marks["event"]
        state.save()
    return {"days": recounted, "cases": looked}


# --- reading --------------------------------------------------------------------------------


def filed_rows(where: Where, start: date, end: date) -> Counter:
    """{(day, flow, incident type, harm subtype, trusted?): reports} filed on the counted days
    from `start` to `end` (trusted: from trusted flaggers)."""
    kinds = ("flow", "incident_type", "harm_subtype")
    found: Counter = Counter()
    rows = where.daily(FiledDaily.objects.filter(day__gte=start, day__lte=end))
    for row in rows.values("day", *kinds).annotate(n=Sum("reports"), t=Sum("trusted")).order_by():
        key = (row["day"], *(row[k] for k in kinds))
        found[(*key, False)] += row["n"] - row["t"]
        found[(*key, True)] += row["t"]
    gone = where.left_out().filter(filed_day__gte=start, filed_day__lte=end)
    for row in gone.values("filed_day", *kinds, "trusted_flagger"):
        found[(row["filed_day"], *(row[k] for k in kinds), row["trusted_flagger"])] -= 1
    return found


def backlog_moves(where: Where, end: date) -> tuple[Counter, Counter]:
    """({day: cases opened}, {day: cases closed}) of every counted day up to `end`."""
    opened: Counter = Counter()
    closed: Counter = Counter()
    rows = where.daily(BacklogDaily.objects.filter(day__lte=end)).values("day")
    for row in rows.annotate(o=Sum("opened"), c=Sum("closed")).order_by():
        opened[row["day"]] += row["o"]
        closed[row["day"]] += row["c"]
    gone = where.left_out().filter(Q(opened_day__lte=end) | Q(closed_day__lte=end))
    for opened_day, closed_day in gone.values_list("opened_day", "closed_day"):
        if opened_day is not None and opened_day <= end:
            opened[opened_day] -= 1
        if closed_day is not None and closed_day <= end:
            closed[closed_day] -= 1
    return opened, closed


def outcome_rows(where: Where, start: date, end: date) -> Counter:
    """{(outcome, actions as a tuple, flow, incident type, harm subtype): cases} of the
    decisions in force made on the counted days from `start` to `end`."""
    kinds = ("outcome", "actions", "flow", "incident_type", "harm_subtype")
    found: Counter = Counter()

    def key(row):
        actions = row["actions"] if isinstance(row["actions"], list) else []
        return (row["outcome"], tuple(actions), row["flow"], row["incident_type"],
                row["harm_subtype"])  # fmt: skip

    rows = where.daily(OutcomeDaily.objects.filter(day__gte=start, day__lte=end))
    for row in rows.values(*kinds).annotate(n=Sum("cases")).order_by():
        found[key(row)] += row["n"]
    gone = where.left_out().filter(decision_day__gte=start, decision_day__lte=end)
    for row in gone.values(*kinds):
        found[key(row)] -= 1
    return found
