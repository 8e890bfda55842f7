"""When each case was closed, in an index (desk.models.CaseEvent: metrics_case_closed_idx):
the metrics' backlog looks up the latest closing event of every case closed since a period
began (metrics/counts.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('desk', '0017_metrics_decision_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='caseevent',
            index=models.Index(condition=models.Q(('data__status__in', ['resolved', 'closed-not-actionable', 'closed-duplicate']), ('kind', 'status')), fields=['report', '-created_at', '-id'], name='metrics_case_closed_idx'),
        ),
    ]
