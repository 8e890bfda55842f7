"""Counting the cases a viewer may see, at a cost that stays flat as history grows.

A count that carries the recusal condition (desk.access: "not about the viewer") cannot be
answered from an index: PostgreSQL reads every matching row from the table to test the
reported user, so a queue's count grew with its history. Here every count is a difference:

    visible = (cases, recusal ignored: an index-only scan)  -  (the viewer's recused cases)

The second term is the handful of cases about the viewer, which the recusal index
(`report_recusal_idx`: wiki, upper(reported_user)) finds directly. The recused cases are a
subset of the first term, so the difference is exact; a capped first term is taken that many
rows further than the cap, so the difference is exact up to the cap too. Nothing the viewer
may not see is ever counted.
"""

from collections import Counter

from django.db import connection
from django.db.models import Count

from desk.access import only_recused
from reports.models import OPEN_STATUSES, Report


def capped_count(cases, recused, cap: int) -> int:
    """How many of `cases` (a queryset without the recusal condition) are not among
    `recused` (`desk.access.split_recused` of them), exact up to `cap`, `cap + 1` beyond it:
    two queries (one when the viewer has no wiki account: `recused` is empty)."""
    excluded = recused.order_by().count()
    return cases.order_by()[: cap + 1 + excluded].count() - excluded


def status_counts(queues, user, statuses, cap: int | None) -> dict:
    """{queue id: {status: count}} of the cases in `queues` that `user` may see, each exact up
    to `cap` and `cap + 1` beyond it (`cap` None: exact, for the API): one query for the
    recused cases, one for the rest (each (queue, status) pair an index-only count of at most
    `cap + 1` entries, however large the queue's history)."""
    queue_ids = [getattr(q, "pk", q) for q in queues]
    statuses = [str(s) for s in statuses]
    if not queue_ids or not statuses:
        return {}
    recused = Counter(
        {
            (row["queue_id"], row["status"]): row["n"]
            for row in only_recused(
                Report.objects.filter(queue_id__in=queue_ids, status__in=statuses), user
            )
            .values("queue_id", "status")
            .annotate(n=Count("id"))
            .order_by()
        }
    )
    pairs = [(q, s) for q in queue_ids for s in statuses]
    parts: list[str] = []
    params: list = []
    for number, (queue_id, status) in enumerate(pairs):
        rows = Report.objects.filter(queue_id=queue_id, status=status).order_by().values("pk")
        if cap is not None:
            rows = rows[: cap + 1 + recused[(queue_id, status)]]
        sql, part_params = rows.query.sql_with_params()
        # The ORM's own SQL (values bound as parameters) and this loop's integer.
        parts.append(f"SELECT {number}, COUNT(*) FROM ({sql}) AS capped_{number}")  # noqa: S608
        params.extend(part_params)
    counts: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for number, n in cursor.fetchall():
            queue_id, status = pairs[number]
            visible = n - recused[(queue_id, status)]
            if visible:
                counts.setdefault(queue_id, {})[status] = visible
    return counts


def open_counts(queues, user, cap: int | None) -> dict:
    """{queue id: {status: count}} of the open cases in `queues` that `user` may see."""
    return status_counts(queues, user, OPEN_STATUSES, cap)
