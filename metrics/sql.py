"""SQL pieces the counts are made of, so that a count over a million reports is one query in
the database instead of a loop over its rows in Python.

- `seconds(field)`: an integer column of seconds as a duration (PostgreSQL interval, SQLite
  microseconds), to add to or subtract from other durations.
- `targets(clock)`: each case's response-time target for `clock`, a CASE over the wikis'
  configurations (wikis.accountability), the same value `response_targets` gives in Python.
- `lower_middle`, `upper_middle`, `nearest_rank`: PostgreSQL's ordered-set aggregates that
  pick one of the values themselves (percentile_disc), so the median of a group is the mean
  of its two middle values as Python's statistics.median makes it, and the 90th percentile
  the nearest rank (metrics.counts._percentile). SQLite has no such aggregate: the callers
  compute those few figures from the values in Python there (`has_percentiles`).
"""

from django.db import connection
from django.db.models import Aggregate, Case, DurationField, F, Func, Max, Q, Value, When

from reports.models import Flow
from wikis import accountability
from wikis.models import ConfigRevision, Wiki

FIRST_RESPONSE = "first_response"
DECISION = "decision"


def has_percentiles() -> bool:
    return connection.vendor == "postgresql"


class _Seconds(Func):
    output_field = DurationField()

    def as_postgresql(self, compiler, conn, **extra):
        return self.as_sql(compiler, conn, template="(%(expressions)s * interval '1 second')")

    def as_sqlite(self, compiler, conn, **extra):
        return self.as_sql(compiler, conn, template="(%(expressions)s * 1000000)")


def seconds(field: str) -> _Seconds:
    return _Seconds(F(field))


class _PercentileDisc(Aggregate):
    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s %(order)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, order: str, **extra):
        super().__init__(expression, fraction=fraction, order=order, **extra)


def lower_middle(expression, **extra):
    """The middle value, or the lower of the two middle ones."""
    return _PercentileDisc(expression, 0.5, "ASC", **extra)


def upper_middle(expression, **extra):
    """The middle value, or the upper of the two middle ones."""
    return _PercentileDisc(expression, 0.5, "DESC", **extra)


def nearest_rank(expression, share: float, **extra):
    """The smallest value with at least `share` of the values at or below it."""
    return _PercentileDisc(expression, share, "ASC", **extra)


# {(wiki id, revision id, revision time): targets}: a revision is never edited (a change is a
# new one), so its targets are worked out once per process, not on every page.
_TARGETS: dict[tuple, dict] = {}


def target_table() -> dict[int, dict]:
    """{wiki id: {"emergency": targets, "types": [(type, targets)], "default": targets}} for
    every wiki, targets as wikis.accountability.response_targets gives them for its
    configuration in force (two queries when nothing changed)."""
    latest = {
        wiki_id: (pk, created)
        for wiki_id, pk, created in ConfigRevision.objects.filter(
            pk__in=ConfigRevision.objects.values("wiki_id").annotate(last=Max("id")).values("last")
        ).values_list("wiki_id", "pk", "created_at")
    }
    if len(_TARGETS) > 10_000:
        _TARGETS.clear()
    table = {}
    for wiki in Wiki.objects.only("pk", "slug"):
        key = (wiki.pk, wiki.slug, *latest.get(wiki.pk, (None, None)))
        if key not in _TARGETS:
            _TARGETS[key] = _targets_of(wiki.config)
        table[wiki.pk] = _TARGETS[key]
    return table


def _targets_of(config: dict) -> dict:
    rules = accountability.section(config, "response_times")
    types: list[tuple[str, dict]] = []
    for entry in rules["types"]:
        key = entry.get("type") if isinstance(entry, dict) else None
        if isinstance(key, str) and key not in [t for t, _found in types]:
            types.append(
                (key, accountability.response_targets(config, emergency=False, type_key=key))
            )
    return {
        "emergency": accountability.response_targets(config, emergency=True),
        "types": types,
        "default": accountability.response_targets(config, emergency=False, type_key=""),
    }


def targets(clock: str, table: dict[int, dict]) -> Case:
    """Each case's target for `clock` (FIRST_RESPONSE or DECISION) as an expression."""
    whens = []
    for wiki_id, found in table.items():
        inner = [When(flow=Flow.EMERGENCY, then=Value(found["emergency"][clock]))]
        inner += [
            When(incident_type=key, then=Value(value[clock])) for key, value in found["types"]
        ]
        whens.append(
            When(
                Q(wiki_id=wiki_id),
                then=Case(
                    *inner, default=Value(found["default"][clock]), output_field=DurationField()
                ),
            )  # fmt: skip
        )
    return Case(*whens, default=Value(None), output_field=DurationField())
