"""The transparency report (DSA art. 15 and 24): what was reported, decided and contested in a
period, per wiki or for all wikis. Public, so every count goes through metrics.cells.shown
(small cells as "<5") and a median over a small number of cases is not shown at all.

The numbers are rows of four stable columns, `section, key, detail, value` (docs/
transparency.md lists every section); the page, the CSV and the JSON all come from them.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count, DurationField, ExpressionWrapper, F

from desk.models import Appeal, AppealStatus, Decision
from metrics import sql
from metrics.cells import is_small, shown
from reports.models import Flow, MisuseKind, MisuseMeasure, Report
from transparency.periods import Period

COLUMNS = ["section", "key", "detail", "value"]
SECTIONS = [
    "notices",
    "notices_by_type",
    "notices_by_source",
    "decisions",
    "actions",
    "decision_time",
    "appeals",
    "appeal_time",
    "misuse",
]


@dataclass(frozen=True)
class Row:
    section: str
    key: str
    detail: str
    value: int | str | float | None

    def as_dict(self) -> dict:
        return {
            "section": self.section,
            "key": self.key,
            "detail": self.detail,
            "value": self.value,
        }


def _in(queryset, field: str, period: Period, wiki):
    found = queryset.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})
    if wiki is not None:
        path = "wiki" if queryset.model in (Report, MisuseMeasure) else "report__wiki"
        found = found.filter(**{path: wiki})
    return found


def _median_hours(queryset, start: str, end: str, public: bool):
    """(median hours or None, how many) from `start` to `end` over the rows of `queryset`
    (those that do not end before they start). PostgreSQL picks the two middle durations
    itself (metrics.sql); SQLite reads the durations."""
    took = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    rows = queryset.filter(**{f"{end}__gte": F(start)}).order_by()
    if sql.has_percentiles():
        found = rows.aggregate(
            n=Count("id"), low=sql.lower_middle(took), high=sql.upper_middle(took)
        )
        n, middle = found["n"], [found["low"], found["high"]]
    else:
        durations = sorted(rows.annotate(took=took).values_list("took", flat=True))
        n = len(durations)
        middle = [durations[(n - 1) // 2], durations[n // 2]] if durations else []
    if not n or (public and is_small(n)):
        return None, n
    return round(median(d.total_seconds() / 3600 for d in middle), 1), n


def rows(period: Period, wiki=None, *, public: bool = True) -> list[Row]:
    """Every number of the report for `period`, on `wiki` or on all wikis."""

    def count(value: int):
        return shown(value, public=public)

    out: list[Row] = []
    notices = _in(Report.objects.filter(filed=True), "created_at", period, wiki)
    # One grouped query gives the total, the types and the sources.
    grouped = (
        notices.values_list("flow", "incident_type", "harm_subtype", "trusted_flagger")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_type: dict[tuple[str, str, str], int] = {}
    total = trusted = 0
    for flow, incident_type, subtype, from_trusted, n in grouped:
        by_type[(flow, incident_type, subtype)] = by_type.get((flow, incident_type, subtype), 0) + n
        total += n
        trusted += n if from_trusted else 0
    out.append(Row("notices", "total", "", count(total)))
    for (flow, incident_type, subtype), n in sorted(by_type.items()):
        kind = subtype if flow == Flow.EMERGENCY else incident_type
        out.append(Row("notices_by_type", flow, kind, count(n)))
    out.append(Row("notices_by_source", "trusted-flagger", "", count(trusted)))
    out.append(Row("notices_by_source", "other", "", count(total - trusted)))

    decided = _in(Decision.objects.all(), "created_at", period, wiki)
    out.append(Row("decisions", "total", "", count(decided.count())))
    combinations: dict[tuple[str, str], int] = {}
    # Grouped in SQL by the list of actions and the ground: few groups, however many decisions.
    grouped = decided.values_list("actions", "ground").annotate(n=Count("id")).order_by()
    for actions, ground, n in grouped:
        for action in actions if isinstance(actions, list) else []:
            key = (str(action), ground)
            combinations[key] = combinations.get(key, 0) + n
    for (action, ground), n in sorted(combinations.items()):
        out.append(Row("actions", action, ground, count(n)))

    first_decisions = _in(
        Report.objects.filter(decided_at__isnull=False), "decided_at", period, wiki
    )
    value, n = _median_hours(first_decisions, "created_at", "decided_at", public)
    out.append(Row("decision_time", "decided", "", count(n)))
    out.append(Row("decision_time", "median_hours", "", value))

    received = _in(Appeal.objects.all(), "created_at", period, wiki)
    out.append(Row("appeals", "received", "", count(received.count())))
    out.append(Row("appeals", "open", "", count(received.filter(status=AppealStatus.OPEN).count())))
    answers = _in(Decision.objects.filter(answers__isnull=False), "created_at", period, wiki)
    results = dict(answers.values_list("appeal_result").annotate(n=Count("id")).order_by())
    for result in ("upheld", "changed"):
        out.append(Row("appeals", result, "", count(results.get(result, 0))))
    decided_appeals = _in(
        Appeal.objects.filter(decided_at__isnull=False), "decided_at", period, wiki
    )
    value, n = _median_hours(decided_appeals, "created_at", "decided_at", public)
    out.append(Row("appeal_time", "decided", "", count(n)))
    out.append(Row("appeal_time", "median_hours", "", value))

    measures = _in(MisuseMeasure.objects.all(), "created_at", period, wiki)
    kinds = dict(measures.values_list("kind").annotate(n=Count("id")).order_by())
    out.append(Row("misuse", "warnings", "", count(kinds.get(MisuseKind.WARNING, 0))))
    out.append(Row("misuse", "suspensions", "", count(kinds.get(MisuseKind.SUSPENSION, 0))))
    return out
