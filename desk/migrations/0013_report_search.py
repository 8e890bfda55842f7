"""Search over reports (desk/search.py): a GIN index on a tsvector expression on PostgreSQL,
an FTS5 table kept in sync by triggers on SQLite. Other databases get neither."""

from django.db import migrations

from desk import search


def forwards(apps, schema_editor):
    search.ensure_index(schema_editor.connection)


def backwards(apps, schema_editor):
    search.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0012_audit_user_history"),
        ("reports", "0004_desk_queue_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
