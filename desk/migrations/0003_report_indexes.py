"""Indexes on reports_report that the desk's queue and case pages need.

Kept out of the Report model's state on purpose (RunSQL without state operations) so the
reports app keeps owning its model; they can move into Report.Meta.indexes later.

- open cases of a queue, in priority order (emergency first, then oldest): a partial index,
  small however many closed cases pile up; it also answers the open counts per status;
- one status of a queue in priority order (also answers capped counts of closed statuses);
- every case of a queue in priority order;
- earlier reports about the same user on a wiki (case page).

The partial index's predicate must stay textually equal to the queue query's
`status IN (...)` (desk.cases.OPEN_STATUSES, same order) for SQLite to use it.
"""

from django.db import migrations

OPEN = "'new', 'triaged', 'in-progress', 'waiting-for-reporter', 'escalated'"

INDEXES = {
    "desk_report_open_queue_idx":
        f"ON reports_report (queue_id, flow, created_at, id) WHERE status IN ({OPEN})",
    "desk_report_queue_status_idx": "ON reports_report (queue_id, status, flow, created_at, id)",
    "desk_report_queue_order_idx": "ON reports_report (queue_id, flow, created_at, id)",
    "desk_report_reported_user_idx": "ON reports_report (wiki_id, reported_user, created_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_cases_and_audit"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} {definition}",
                          f"DROP INDEX IF EXISTS {name}")
        for name, definition in INDEXES.items()
    ]
