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
