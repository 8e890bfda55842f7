"""The metrics' indexes on reports_report (reports.models: metrics_report_*_idx): a period's
reports, the open cases, the closed ones by their last change and first decisions by time,
each with the columns metrics/counts.py and transparency/report.py count by, so PostgreSQL
reads the index alone (benchmarks/metrics.py, docs/metrics.md has the figures)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_reported_user_checked"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=[
                    "created_at",
                    "filed",
                    "wiki",
                    "queue",
                    "flow",
                    "incident_type",
                    "harm_subtype",
                    "trusted_flagger",
                    "status",
                    "first_response_at",
                    "decided_at",
                    "waiting_since",
                    "paused_seconds",
                    "reported_user",
                    "updated_at",
                ],
                name="metrics_report_period_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "new",
                            "triaged",
                            "in-progress",
                            "waiting-for-reporter",
                            "escalated",
                            "withdrawn",
                        ],
                    )
                ),
                fields=[
                    "queue",
                    "created_at",
                    "filed",
                    "wiki",
                    "flow",
                    "incident_type",
                    "harm_subtype",
                    "trusted_flagger",
                    "status",
                    "first_response_at",
                    "decided_at",
                    "waiting_since",
                    "paused_seconds",
                    "reported_user",
                    "updated_at",
                ],
                name="metrics_report_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ["resolved", "closed-not-actionable", "closed-duplicate"])
                ),
                fields=[
                    "updated_at",
                    "created_at",
                    "filed",
                    "wiki",
                    "queue",
                    "flow",
                    "incident_type",
                    "harm_subtype",
                    "trusted_flagger",
                    "status",
                    "first_response_at",
                    "decided_at",
                    "waiting_since",
                    "paused_seconds",
                    "reported_user",
                ],
                name="metrics_report_closed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["decided_at", "created_at", "wiki"], name="metrics_report_decided_idx"
            ),
        ),
    ]
