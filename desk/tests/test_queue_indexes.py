"""The queue page's indexes survive an upgrade of a database made before later migrations."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

QUEUE_INDEXES = {
    "desk_report_open_cover_idx",
    "desk_report_queue_status_idx",
    "desk_report_queue_all_idx",
    "desk_report_assignee_idx",
}


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "reports_report")
    return {name for name, info in constraints.items() if info.get("index")}


@pytest.mark.django_db(transaction=True)
def test_upgrading_from_desk_0006_keeps_the_queue_indexes():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        # The state of a database made when desk 0006 was the newest migration.
        executor.migrate([("desk", "0006_open_cases_covering_index"), ("reports", "0001_initial")])
        assert QUEUE_INDEXES <= index_names()
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
        assert QUEUE_INDEXES <= index_names()
    finally:
        MigrationExecutor(connection).migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_a_table_rebuild_keeps_them_because_the_model_declares_them():
    """On SQLite, altering a column rebuilds reports_report with only the indexes in the model
    state: raw-SQL indexes (desk 0005/0006, before reports 0004) vanished that way."""
    from reports.models import Report

    declared = {index.name for index in Report._meta.indexes}
    assert QUEUE_INDEXES | {"desk_report_reported_user_idx"} <= declared
    old = Report._meta.get_field("reported_user")
    new = type(old)(max_length=old.max_length + 1, blank=True, default="")
    new.set_attributes_from_name("reported_user")
    new.model = Report
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(Report, old, new)
        assert QUEUE_INDEXES | {"desk_report_reported_user_idx"} <= index_names()
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Report, new, old)
