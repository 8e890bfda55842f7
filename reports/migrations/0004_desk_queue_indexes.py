"""The desk's indexes on reports_report move into Report.Meta.indexes (model state).

desk migrations 0003, 0005, 0006 made them in raw SQL, outside Django's state; on SQLite any
later table rebuild (an altered column) dropped them silently (desk 0010 put them back once).
Now they are in the state, so a rebuild recreates them. Each is dropped and created again by
Django (same name, same columns; the partial one from reports.models.OPEN_STATUSES).
"""

from django.conf import settings
from django.db import migrations, models


ADD = [
    migrations.AddIndex(
        model_name="report",
        index=models.Index(
            condition=models.Q(
                (
                    "status__in",
                    ["new", "triaged", "in-progress", "waiting-for-reporter", "escalated"],
                )
            ),
            fields=[
                "queue",
                "flow",
                "created_at",
                "id",
                "incident_type",
                "harm_subtype",
                "assignee",
                "wiki",
            ],
            name="desk_report_open_cover_idx",
        ),
    ),
    migrations.AddIndex(
        model_name="report",
        index=models.Index(
            fields=["queue", "status", "flow", "created_at", "id"],
            name="desk_report_queue_status_idx",
        ),
    ),
    migrations.AddIndex(
        model_name="report",
        index=models.Index(
            fields=["queue", "flow", "created_at", "id"], name="desk_report_queue_all_idx"
        ),
    ),
    migrations.AddIndex(
        model_name="report",
        index=models.Index(
            fields=["assignee", "queue", "flow", "created_at", "id"],
            name="desk_report_assignee_idx",
        ),
    ),
    migrations.AddIndex(
        model_name="report",
        index=models.Index(
            fields=["wiki", "reported_user", "created_at"], name="desk_report_reported_user_idx"
        ),
    ),
]
# Going back: the raw-SQL indexes the desk migrations had made, as they were.
OPEN = "'new', 'triaged', 'in-progress', 'waiting-for-reporter', 'escalated'"
RAW = {
    "desk_report_open_cover_idx": "(queue_id, flow, created_at, id, incident_type, harm_subtype, "
    f"assignee_id, wiki_id) WHERE status IN ({OPEN})",
    "desk_report_queue_status_idx": "(queue_id, status, flow, created_at, id)",
    "desk_report_queue_all_idx": "(queue_id, flow, created_at, id)",
    "desk_report_assignee_idx": "(assignee_id, queue_id, flow, created_at, id)",
    "desk_report_reported_user_idx": "(wiki_id, reported_user, created_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0011_audit_privacy_actions"),
        ("reports", "0003_status_withdrawn"),
        ("wikis", "0002_config_audit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                *(
                    migrations.RunSQL(
                        f"DROP INDEX IF EXISTS {name}",
                        f"CREATE INDEX IF NOT EXISTS {name} ON reports_report {columns}",
                    )
                    for name, columns in RAW.items()
                ),
                *ADD,
            ],
            state_operations=ADD,
        ),
    ]
