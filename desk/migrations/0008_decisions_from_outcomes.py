"""Every outcome recorded before decisions existed becomes a (migrated) decision, and the
response-time clocks of existing cases start from their timelines."""

from django.db import migrations

ACTIONS = {"no-action": ["no-action"], "referred": ["referred"], "action-taken": []}
RESPONSES = ("message", "status", "outcome")


def forwards(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Decision = apps.get_model("desk", "Decision")
    CaseEvent = apps.get_model("desk", "CaseEvent")
    for report in Report.objects.exclude(outcome="").iterator():
        if Decision.objects.filter(report=report).exists():
            continue
        event = (
            CaseEvent.objects.filter(report=report, kind="outcome")
            .select_related("actor")
            .order_by("-created_at", "-id")
            .first()
        )
        actor = event.actor if event else None
        at = event.created_at if event else report.updated_at
        Decision.objects.create(
            report=report,
            actions=ACTIONS.get(report.outcome, []),
            outcome=report.outcome,
            decided_by=actor,
            decided_by_name=actor.username if actor else "",
            created_at=at,
            migrated=True,
        )
        Report.objects.filter(pk=report.pk).update(decided_at=at)
    for report in Report.objects.filter(queue__isnull=False, first_response_at__isnull=True):
        first = (
            CaseEvent.objects.filter(report=report, kind__in=RESPONSES)
            .order_by("created_at", "id")
            .values_list("created_at", flat=True)
            .first()
        )
        if first is not None:
            Report.objects.filter(pk=report.pk).update(first_response_at=first)


def backwards(apps, schema_editor):
    apps.get_model("desk", "Decision").objects.filter(migrated=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0007_decisions_appeals"),
        ("reports", "0002_decisions_clocks_misuse"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
