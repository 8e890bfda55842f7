"""The decisions of a period, with what metrics/counts.py and transparency/report.py count
them by, in one index (desk.models.Decision: metrics_decision_period_idx)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0016_former_team_access"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(
                fields=[
                    "created_at",
                    "report",
                    "outcome",
                    "ground",
                    "appeal_result",
                    "answers",
                    "actions",
                    "id",
                ],
                name="metrics_decision_period_idx",
            ),
        ),
    ]
