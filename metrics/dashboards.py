"""The dashboards' sections: each a chart, a table of the same numbers and a CSV of them.

`sections(scope)` turns metrics.counts rows into what the page shows, with labels in the
viewer's language. On a page visible outside the team (`scope.public`: a wiki's admins)
every count below five is "<5" (metrics.cells), in the table, the chart and the CSV alike,
and a median or 90th percentile of fewer than five cases is not shown.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from desk import clocks
from desk.models import AppealResult, AppealRole
from metrics import charts, counts
from metrics.cells import is_small, shown
from metrics.totals import Where
from reports import catalog
from reports.models import Flow, HarmSubtype, Outcome
from wikis import accountability
from wikis.defaults import default_config

STAGE_LABELS = {
    "opened": gettext_lazy("Opened the dialog"),
    "chose": gettext_lazy("Chose what to report"),
    "submitted": gettext_lazy("Submitted a report"),
    "confirmed": gettext_lazy("Saw the confirmation"),
}
AGE_LABELS = {
    "under-1-day": gettext_lazy("Under a day"),
    "1-3-days": gettext_lazy("1 to 3 days"),
    "3-7-days": gettext_lazy("3 to 7 days"),
    "7-30-days": gettext_lazy("7 to 30 days"),
    "over-30-days": gettext_lazy("Over 30 days"),
}


@dataclass
class Scope:
    """What a dashboard counts: reports its viewer may see, the wikis of its funnel."""

    reports: object  # a Report queryset, already narrowed by desk.access
    wiki_ids: list[int]
    start: date
    end: date
    now: datetime
    public: bool
    operators: bool = False
    label_config: dict = field(default_factory=default_config)
    # Which daily case totals (metrics.totals) add up to `reports`; None: count them live.
    where: Where | None = None
    labels: dict = field(default_factory=dict, repr=False)  # type labels shown (_type_label)


@dataclass
class Section:
    key: str
    title: str
    chart: str
    columns: list[tuple[str, str]]  # (CSV column, heading)
    rows: list[dict]  # values as shown (counts may be "<5")
    summary: str = ""

    @property
    def table(self) -> list[list[dict]]:
        """The rows' cells in column order, numbers marked (aligned to the end)."""
        return [
            [
                {"value": row.get(key, ""), "number": isinstance(row.get(key), int | float)
                 or str(row.get(key, "")).startswith("<")}
                for key, _heading in self.columns
            ]
            for row in self.rows
        ]  # fmt: skip

    @property
    def body(self) -> str:
        """The table's rows as HTML, as the template would write `table` (each value escaped
        and localised as `{{ value }}` is), in one pass: the template engine's cost per cell
        was about 400 ms on a page of a few thousand cells."""
        cell = {True: '<td class="n">{}</td>', False: "<td>{}</td>"}
        return mark_safe(  # noqa: S308 - every value is escaped by format_html
            "".join(
                "<tr>"
                + "".join(
                    format_html(cell[each["number"]], localize(each["value"])) for each in row
                )
                + "</tr>\n      "  # the template's layout, byte for byte
                for row in self.table
            )
        )


def _count(value, scope: Scope):
    return shown(value, public=scope.public)


def _hours(value, n: int, scope: Scope):
    if value is None or (scope.public and is_small(n)):
        return "—"
    return value


def _type_label(scope: Scope, kind: str) -> str:
    # Worked out once per type and language on a page: the catalog builds every type's
    # labels for each lookup, and a section has a row per day and type.
    key = (kind, get_language())
    if key not in scope.labels:
        if kind in HarmSubtype.values:
            scope.labels[key] = str(HarmSubtype(kind).label)
        elif not kind:
            scope.labels[key] = _("Not given")
        else:
            scope.labels[key] = catalog.type_label(scope.label_config, kind)
    return scope.labels[key]


def _flow_label(flow: str) -> str:
    return str(Flow(flow).label) if flow in Flow.values else flow


def reports_per_day(scope: Scope) -> Section:
    rows = counts.reports_per_day(scope.reports, scope.start, scope.end, scope.where)
    labels = counts.days(scope.start, scope.end)
    series = []
    for flow in Flow.values:
        per_day = dict.fromkeys(labels, 0)
        for row in rows:
            if row["flow"] == flow:
                per_day[row["day"]] += row["reports"]
        series.append((_flow_label(flow), [_count(per_day[d], scope) for d in labels]))
    title = _("Reports per day, by flow and type")
    chart = charts.bars(
        "chart-reports",
        title,
        _("Stacked bars of reports filed each day, one colour per flow; numbers in the table."),
        [d.strftime("%m-%d") for d in labels],
        series,
        unit=_("reports"),
    )
    shown_rows = [
        {
            "day": row["day"].isoformat(),
            "flow": _flow_label(row["flow"]),
            "type": _type_label(scope, row["type"]),
            "reports": _count(row["reports"], scope),
        }
        for row in rows
    ]
    columns = [("day", _("Day")), ("flow", _("Flow")), ("type", _("Type")),
               ("reports", _("Reports"))]  # fmt: skip
    total = sum(row["reports"] for row in rows)
    summary = _("%(count)s reports in the period.") % {"count": _count(total, scope)}
    return Section("reports", title, chart, columns, shown_rows, summary)


def funnel(scope: Scope) -> Section:
    rows = counts.funnel_conversion(scope.wiki_ids, scope.start, scope.end)
    lost_at = counts.drop_off(rows)
    title = _("Funnel: from opening the dialog to a report")
    items = [(str(STAGE_LABELS[r["stage"]]), _count(r["dialogs"], scope)) for r in rows]
    chart = charts.hbars(
        "chart-funnel",
        title,
        _("Horizontal bars: report dialogs that reached each step; numbers in the table."),
        items,
    )
    shown_rows = [
        {
            "stage": str(STAGE_LABELS[r["stage"]]),
            "dialogs": _count(r["dialogs"], scope),
            "share": "—" if r["share"] is None or is_small(r["dialogs"]) and scope.public
            else f"{r['share']} %",
            "drop_off": _("most dialogs end before this step") if r["stage"] == lost_at else "",
        }
        for r in rows
    ]  # fmt: skip
    columns = [("stage", _("Step")), ("dialogs", _("Dialogs")), ("share", _("Of those opened")),
               ("drop_off", _("Drop-off"))]  # fmt: skip
    summary = (
        _("Most dialogs end before: %(step)s.") % {"step": STAGE_LABELS[lost_at]}
        if lost_at
        else _("No dialog was lost between the steps.")
    )
    return Section("funnel", title, chart, columns, shown_rows, summary)


def response_times(scope: Scope) -> Section:
    rows = counts.response_times(scope.reports, scope.start, scope.end)
    title = _("Time to first response and to decision, per week")
    labels = [r["week"].strftime("%m-%d") for r in rows]

    def line(key, clock):
        return [None if scope.public and is_small(r[f"{clock}_count"]) else r[key] for r in rows]

    chart = charts.lines(
        "chart-times",
        title,
        _(
            "Lines of the median and 90th percentile hours per week of filing, and the target; "
            "numbers in the table."
        ),  # fmt: skip
        labels,
        [
            (_("first response, median"), line("first_median", "first")),
            (_("first response, 90th percentile"), line("first_p90", "first")),
            (_("decision, median"), line("decision_median", "decision")),
            (_("decision, 90th percentile"), line("decision_p90", "decision")),
            (_("first response target"), [r["first_target"] for r in rows]),
        ],
        unit=_("hours"),
    )
    shown_rows = []
    for r in rows:
        shown_rows.append(
            {
                "week": r["week"].isoformat(),
                "cases": _count(r["cases"], scope),
                **{
                    f"{clock}_{key}": _hours(r[f"{clock}_{key}"], r[f"{clock}_count"], scope)
                    for clock in ("first", "decision")
                    for key in ("median", "p90")
                },
                "first_target": r["first_target"] if r["first_target"] is not None else "—",
                "first_within": _count(r["first_within"], scope),
                "decision_target": (
                    r["decision_target"] if r["decision_target"] is not None else "—"
                ),
                "decision_within": _count(r["decision_within"], scope),
            }
        )
    columns = [
        ("week", _("Week of")),
        ("cases", _("Cases")),
        ("first_median", _("First response: median hours")),
        ("first_p90", _("First response: 90th percentile")),
        ("first_target", _("First response: target hours")),
        ("first_within", _("First response: within target")),
        ("decision_median", _("Decision: median hours")),
        ("decision_p90", _("Decision: 90th percentile")),
        ("decision_target", _("Decision: target hours")),
        ("decision_within", _("Decision: within target")),
    ]
    return Section("response-times", title, chart, columns, shown_rows)


def backlog(scope: Scope) -> Section:
    rows = counts.backlog(scope.reports, scope.start, scope.end, scope.where)
    title = _("Open cases over time")
    chart = charts.lines(
        "chart-backlog",
        title,
        _("A line of the cases open at the end of each day; numbers in the table."),
        [r["day"].strftime("%m-%d") for r in rows],
        [(_("open cases"), [_count(r["open"], scope) for r in rows])],
        unit=_("cases"),
    )
    shown_rows = [{"day": r["day"].isoformat(), "open": _count(r["open"], scope)} for r in rows]
    return Section(
        "backlog", title, chart, [("day", _("Day")), ("open", _("Open cases"))], shown_rows
    )


def ages(scope: Scope) -> Section:
    rows = counts.age_distribution(scope.reports, scope.now)
    title = _("Open cases now, by age")
    items = [(str(AGE_LABELS[r["age"]]), _count(r["open"], scope)) for r in rows]
    chart = charts.hbars(
        "chart-ages", title, _("Horizontal bars of open cases by age; numbers in the table."), items
    )
    shown_rows = [{"age": label, "open": value} for label, value in items]
    return Section("ages", title, chart, [("age", _("Age")), ("open", _("Open cases"))], shown_rows)


def overdue(scope: Scope) -> Section:
    rows = counts.overdue(scope.reports, scope.now)
    title = _("Overdue cases now")
    items = [(str(clocks.CLOCK_LABELS[r["clock"]]), _count(r["overdue"], scope)) for r in rows]
    chart = charts.hbars(
        "chart-overdue",
        title,
        _("Horizontal bars of open cases past their target, by the clock that runs."),
        items,
    )
    shown_rows = [
        {
            "clock": str(clocks.CLOCK_LABELS[r["clock"]]),
            "running": _count(r["running"], scope),
            "overdue": _count(r["overdue"], scope),
        }
        for r in rows
    ]
    columns = [("clock", _("Waiting for")), ("running", _("Open cases")),
               ("overdue", _("Past the target"))]  # fmt: skip
    return Section("overdue", title, chart, columns, shown_rows)


def outcomes(scope: Scope) -> Section:
    rows = counts.outcomes(scope.reports, scope.start, scope.end, scope.where)
    title = _("Outcomes and actions, by type")
    per_action: dict = {}
    for r in rows:
        per_action[r["action"]] = per_action.get(r["action"], 0) + r["cases"]

    def action_label(key):
        return accountability.action_label(scope.label_config, key) if key else _("None")

    items = [(action_label(k), _count(n, scope)) for k, n in sorted(per_action.items())]
    chart = charts.hbars(
        "chart-outcomes",
        title,
        _("Horizontal bars of decided cases by action taken; numbers by type in the table."),
        items,
    )
    shown_rows = [
        {
            "outcome": str(Outcome(r["outcome"]).label) if r["outcome"] in Outcome.values
            else r["outcome"],
            "action": action_label(r["action"]),
            "type": _type_label(scope, r["type"]),
            "cases": _count(r["cases"], scope),
        }
        for r in rows
    ]  # fmt: skip
    columns = [("outcome", _("Outcome")), ("action", _("Action")), ("type", _("Type")),
               ("cases", _("Cases"))]  # fmt: skip
    return Section("outcomes", title, chart, columns, shown_rows)


def appeals(scope: Scope) -> Section:
    rows = counts.appeals(scope.reports, scope.start, scope.end)
    title = _("Appeals and their results")

    def result_label(result):
        if result in AppealResult.values:
            return str(AppealResult(result).label)
        return pgettext("appeal result", "Waiting for a decision")

    items = [
        (f"{AppealRole(r['role']).label}: {result_label(r['result'])}", _count(r["appeals"], scope))
        for r in rows
    ]
    chart = charts.hbars(
        "chart-appeals",
        title,
        _("Horizontal bars of appeals by who made them and how they ended."),
        items,
    )
    shown_rows = [
        {
            "role": str(AppealRole(r["role"]).label),
            "result": result_label(r["result"]),
            "appeals": _count(r["appeals"], scope),
        }
        for r in rows
    ]
    columns = [("role", _("Made by")), ("result", _("Result")), ("appeals", _("Appeals"))]
    return Section("appeals", title, chart, columns, shown_rows)


def trusted(scope: Scope) -> Section:
    rows = counts.trusted_share(scope.reports, scope.start, scope.end, scope.where)
    title = _("Reports from trusted flaggers, per week")
    chart = charts.bars(
        "chart-trusted",
        title,
        _("Stacked bars per week: reports from trusted flaggers and from others."),
        [r["week"].strftime("%m-%d") for r in rows],
        [
            (_("trusted flaggers"), [_count(r["trusted"], scope) for r in rows]),
            (_("others"), [_count(r["reports"] - r["trusted"], scope) for r in rows]),
        ],
        unit=_("reports"),
    )
    shown_rows = [
        {
            "week": r["week"].isoformat(),
            "reports": _count(r["reports"], scope),
            "trusted": _count(r["trusted"], scope),
            "share": f"{round(100 * r['trusted'] / r['reports'])} %"
            if r["reports"] and not (scope.public and is_small(r["trusted"]))
            else "—",
        }
        for r in rows
    ]
    columns = [("week", _("Week of")), ("reports", _("Reports")),
               ("trusted", _("From trusted flaggers")), ("share", _("Share"))]  # fmt: skip
    return Section("trusted", title, chart, columns, shown_rows)


def deliveries(scope: Scope) -> Section:
    rows = counts.delivery_health(scope.start, scope.end)
    title = _("Delivery health, per channel")
    chart = charts.bars(
        "chart-deliveries",
        title,
        _("Stacked bars per channel: sent, retrying, waiting and failed deliveries."),
        [r["channel"] for r in rows],
        [
            (_("sent"), [r["sent"] for r in rows]),
            (_("retrying"), [r["retrying"] for r in rows]),
            (_("waiting"), [r["waiting"] for r in rows]),
            (_("failed"), [r["dead"] for r in rows]),
        ],
        unit=_("deliveries"),
    )
    shown_rows = [
        {
            **r,
            "median_latency_seconds": r["median_latency_seconds"]
            if r["median_latency_seconds"] is not None
            else "—",
        }
        for r in rows
    ]
    columns = [
        ("channel", _("Channel")),
        ("sent", _("Sent")),
        ("retrying", _("Retrying")),
        ("waiting", _("Waiting")),
        ("dead", _("Failed")),
        ("median_latency_seconds", _("Median time to delivery (seconds)")),
    ]
    return Section("deliveries", title, chart, columns, shown_rows)


BUILDERS = (
    reports_per_day, funnel, response_times, backlog, ages, outcomes, appeals, trusted, overdue,
)  # fmt: skip


def sections(scope: Scope, only: str | None = None) -> list[Section]:
    builders = list(BUILDERS) + ([deliveries] if scope.operators else [])
    keys = {
        "reports": reports_per_day, "funnel": funnel, "response-times": response_times,
        "backlog": backlog, "ages": ages, "outcomes": outcomes, "appeals": appeals,
        "trusted": trusted, "overdue": overdue, "deliveries": deliveries,
    }  # fmt: skip
    if only is not None:
        builder = keys.get(only)
        return [builder(scope)] if builder in builders else []
    return [builder(scope) for builder in builders]
