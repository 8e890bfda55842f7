"""Indexes on reports_report for the queue page (replaces 0003's queue order index).

Kept out of the Report model's state on purpose (RunSQL without state operations) so the
reports app keeps owning its model; they can move into Report.Meta.indexes later.

- open cases of a queue, in priority order (emergency first, then oldest): a partial index,
  small however many closed cases pile up; it also answers the open counts per status;
- one status of a queue in priority order (also answers capped counts of closed statuses);
- every case of a queue in priority order;
- the cases assigned to someone ("assigned to me"), per queue, in priority order.

The partial index's predicate must stay textually equal to desk.queues.OPEN_SQL (the open
statuses as literals, same order) for SQLite to use it.
"""

from django.db import migrations

OPEN = "'new', 'triaged', 'in-progress', 'waiting-for-reporter', 'escalated'"

INDEXES = {
    "desk_report_open_queue_idx":
        f"ON reports_report (queue_id, flow, created_at, id) WHERE status IN ({OPEN})",
    "desk_report_queue_status_idx": "ON reports_report (queue_id, status, flow, created_at, id)",
    "desk_report_queue_all_idx": "ON reports_report (queue_id, flow, created_at, id)",
    "desk_report_assignee_idx":
        "ON reports_report (assignee_id, queue_id, flow, created_at, id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0004_audit_reply"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS desk_report_queue_order_idx",
            "CREATE INDEX IF NOT EXISTS desk_report_queue_order_idx "
            "ON reports_report (queue_id, flow, created_at)",
        ),
        *(
            migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} {definition}",
                              f"DROP INDEX IF EXISTS {name}")
            for name, definition in INDEXES.items()
        ),
    ]
