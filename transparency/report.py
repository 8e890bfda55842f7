"""The transparency report (DSA art. 15 and 24): what was reported, decided and contested in a
period, per wiki or for all wikis. Public, so every count goes through metrics.cells.shown
(small cells as "<5") and a median over a small number of cases is not shown at all.

The numbers are rows of four stable columns, `section, key, detail, value` (docs/
transparency.md lists every section); the page, the CSV and the JSON all come from them.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count

from desk.models import Appeal, AppealStatus, Decision
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


def _median_hours(pairs, public: bool):
    """(median hours or None, how many) over (start, end) pairs."""
    hours = [(end - start).total_seconds() / 3600 for start, end in pairs if end >= start]
    if not hours or (public and is_small(len(hours))):
        return None, len(hours)
    return round(median(hours), 1), len(hours)


def rows(period: Period, wiki=None, *, public: bool = True) -> list[Row]:
    """Every number of the report for `period`, on `wiki` or on all wikis."""

    def count(value: int):
        return shown(value, public=public)

    out: list[Row] = []
    notices = _in(Report.objects.filter(filed=True), "created_at", period, wiki)
    out.append(Row("notices", "total", "", count(notices.count())))
    by_type = (
        notices.values_list("flow", "incident_type", "harm_subtype")
        .annotate(n=Count("id"))
        .order_by("flow", "incident_type", "harm_subtype")
    )
    for flow, incident_type, subtype, n in by_type:
        kind = subtype if flow == Flow.EMERGENCY else incident_type
        out.append(Row("notices_by_type", flow, kind, count(n)))
    trusted = notices.filter(trusted_flagger=True).count()
    total = notices.count()
    out.append(Row("notices_by_source", "trusted-flagger", "", count(trusted)))
    out.append(Row("notices_by_source", "other", "", count(total - trusted)))

    decided = _in(Decision.objects.all(), "created_at", period, wiki)
    out.append(Row("decisions", "total", "", count(decided.count())))
    combinations: dict[tuple[str, str], int] = {}
    for actions, ground in decided.values_list("actions", "ground").iterator(chunk_size=2000):
        for action in actions if isinstance(actions, list) else []:
            key = (str(action), ground)
            combinations[key] = combinations.get(key, 0) + 1
    for (action, ground), n in sorted(combinations.items()):
        out.append(Row("actions", action, ground, count(n)))

    first_decisions = _in(
        Report.objects.filter(decided_at__isnull=False), "decided_at", period, wiki
    )
    value, n = _median_hours(first_decisions.values_list("created_at", "decided_at"), public)
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
    value, n = _median_hours(decided_appeals.values_list("created_at", "decided_at"), public)
    out.append(Row("appeal_time", "decided", "", count(n)))
    out.append(Row("appeal_time", "median_hours", "", value))

    measures = _in(MisuseMeasure.objects.all(), "created_at", period, wiki)
    kinds = dict(measures.values_list("kind").annotate(n=Count("id")).order_by())
    out.append(Row("misuse", "warnings", "", count(kinds.get(MisuseKind.WARNING, 0))))
    out.append(Row("misuse", "suspensions", "", count(kinds.get(MisuseKind.SUSPENSION, 0))))
    return out
