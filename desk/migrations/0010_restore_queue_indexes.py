"""Put back the queue indexes (0005, 0006) where a later reports migration dropped them.

On SQLite, altering reports_report (reports 0002 adds columns) rebuilds the table with only
the indexes Django's model state knows; these raw-SQL ones are not in it, so a database that
had desk 0006 before reports 0002 lost them all on upgrade (a fresh database happened to
migrate in an order that kept them). CREATE INDEX IF NOT EXISTS makes this a no-op where they
survived. desk/tests/test_queue_indexes.py migrates an old database forward to prove it."""

import importlib

from django.db import migrations

queue_indexes = importlib.import_module("desk.migrations.0005_queue_indexes")
open_cases = importlib.import_module("desk.migrations.0006_open_cases_covering_index")

KEPT = {k: v for k, v in queue_indexes.INDEXES.items() if k != "desk_report_open_queue_idx"}


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0009_alter_auditentry_action"),
        ("reports", "0002_decisions_clocks_misuse"),
    ]

    operations = [
        *(
            migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} {definition}", migrations.RunSQL.noop)
            for name, definition in KEPT.items()
        ),
        migrations.RunSQL(open_cases.NEW, migrations.RunSQL.noop),
    ]
