"""Indexes on reports_report that the desk's pages need.

Kept out of the Report model's state on purpose (RunSQL without state operations) so the
reports app owns its model; they can move into Report.Meta.indexes in a later migration.
- (queue, flow, created_at): a queue page sorted emergency first, then oldest first.
- (wiki, reported_user, created_at): earlier reports about the same user on a case page.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0002_cases_and_audit"),
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS desk_report_queue_order_idx "
            "ON reports_report (queue_id, flow, created_at)",
            "DROP INDEX IF EXISTS desk_report_queue_order_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS desk_report_reported_user_idx "
            "ON reports_report (wiki_id, reported_user, created_at)",
            "DROP INDEX IF EXISTS desk_report_reported_user_idx",
        ),
    ]
