"""Migration 0008: outcomes recorded before decisions existed become migrated decisions."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("desk", "0007_decisions_appeals"), ("reports", "0002_decisions_clocks_misuse")]
AFTER = [("desk", "0008_decisions_from_outcomes")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_newest_schema():
    """The database ends at every app's newest migration again: migrating back to BEFORE
    unapplies later migrations of other apps too (reports 0003-0005), which AFTER does not
    bring back, and the transactional tests that run next would meet the old tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_newest_schema")
def test_existing_outcomes_become_decisions_and_clocks_start_from_the_timeline():
    old = _migrate(BEFORE)
    Wiki = old.get_model("wikis", "Wiki")
    User = old.get_model("accounts", "User")
    Team = old.get_model("desk", "Team")
    Queue = old.get_model("desk", "Queue")
    Report = old.get_model("reports", "Report")
    CaseEvent = old.get_model("desk", "CaseEvent")
    wiki = Wiki.objects.create(slug="migwiki")
    reporter = User.objects.create(username="Migreporter")
    responder = User.objects.create(username="Migresponder")
    team = Team.objects.create(slug="migteam", name="Mig", wiki=wiki)
    queue = Queue.objects.create(team=team, slug="q", name="Q")

    def report(token, outcome):
        return Report.objects.create(
            wiki=wiki,
            reporter=reporter,
            reporter_username="Migreporter",
            flow="non-emergency",
            filed=True,
            queue=queue,
            outcome=outcome,
            submission_token=token,
        )

    taken, none, referred, open_case = (
        report("a", "action-taken"),
        report("b", "no-action"),
        report("c", "referred"),
        report("d", ""),
    )
    event = CaseEvent.objects.create(
        report=taken, kind="outcome", actor=responder, data={"outcome": "action-taken"}
    )
    message = CaseEvent.objects.create(report=open_case, kind="message", actor=responder)

    new = _migrate(AFTER)
    Decision = new.get_model("desk", "Decision")
    Report = new.get_model("reports", "Report")
    by_report = {d.report_id: d for d in Decision.objects.all()}
    assert set(by_report) == {taken.pk, none.pk, referred.pk}
    assert all(d.migrated and not d.automated for d in by_report.values())
    assert by_report[taken.pk].outcome == "action-taken"
    assert by_report[taken.pk].decided_by_id == responder.pk
    assert by_report[taken.pk].created_at == event.created_at
    assert by_report[none.pk].actions == ["no-action"]
    assert by_report[referred.pk].actions == ["referred"]
    assert Report.objects.get(pk=taken.pk).decided_at == event.created_at
    assert Report.objects.get(pk=open_case.pk).first_response_at == message.created_at
    assert Report.objects.get(pk=none.pk).first_response_at is None

    # Running it back and forth again makes no second decision.
    _migrate(BEFORE)
    _migrate(AFTER)
    assert Decision.objects.count() == 3
