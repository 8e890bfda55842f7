"""Statements of reasons to the EU Transparency Database through the outbox: batches of up to
100, the Bearer token bound like every operator secret, retried when the database is down,
each statement delivered once (a lost answer is recognised), dead and visible when refused."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from routing.delivery import attempt
from routing.models import Delivery, DeliveryStatus
from transparency import statements, submit
from transparency.models import Submission
from transparency.tests.receiver import TransparencyDatabase

TOKEN = "X|test-transparency-token-41c9"


@pytest.fixture
def database(settings, monkeypatch):
    server = TransparencyDatabase(TOKEN).start()
    settings.IRS_TRANSPARENCY_API_URL = server.url
    settings.IRS_TRANSPARENCY_TOKEN_SECRET = "transparency-db"
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    monkeypatch.setenv("IRS_SECRET_TRANSPARENCY_DB", TOKEN)
    monkeypatch.setenv("IRS_SECRET_TRANSPARENCY_DB_WIKIS", "demowiki")
    yield server
    server.stop()


def run_due(delivery: Delivery) -> str:
    """What the workers do once the delivery is due again."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    return attempt(delivery.pk).status


def test_nothing_is_queued_without_the_databases_address(decide, settings):
    settings.IRS_TRANSPARENCY_API_URL = ""
    decide(["content-removed"])
    assert submit.queue_pending().batches == []
    assert Submission.objects.count() == 0


def test_restricting_decisions_are_queued_once_in_batches(database, decide, other_wiki):
    restricting = [decide(["content-removed"]) for _ in range(5)]
    decide(["warning"])  # restricts nothing: no statement
    decide(["oversight"], report_wiki=other_wiki)  # the token is not bound to this wiki
    queued = submit.queue_pending(batch=2)
    assert [d.statements.count() for d in queued.batches] == [2, 2, 1]
    assert {s.decision_id for s in Submission.objects.all()} == {d.pk for d in restricting}
    assert all(d.kind == "transparency" for d in queued.batches)
    assert submit.queue_pending(batch=2).batches == []  # each decision once


def test_a_batch_holds_at_most_the_databases_hundred(database, decide):
    assert submit.BATCH == 100
    decide(["partial-block"])
    (batch,) = submit.queue_pending().batches
    assert batch.statements.count() == 1


def test_down_then_up_is_delivered_once(database, decide):
    first, second = decide(["content-removed"]), decide(["sitewide-block"])
    (batch,) = submit.queue_pending().batches
    database.answers.extend([503, 503])
    assert attempt(batch.pk).status == "retry"
    assert run_due(batch) == "retry"
    assert run_due(batch) == "sent"
    batch.refresh_from_db()
    assert batch.status == DeliveryStatus.SENT
    expected = {statements.build(first)["puid"], statements.build(second)["puid"]}
    assert set(database.stored) == expected
    assert [set(puids) for puids in database.batches] == [expected]
    assert run_due(batch) == "skipped"  # sent: never again


def test_a_lost_answer_is_recognised_and_not_sent_twice(database, decide):
    decide(["content-removed"])
    decide(["global-lock"])
    (batch,) = submit.queue_pending().batches
    database.lose_answers = 1  # stored, but the answer never arrives
    assert attempt(batch.pk).status == "retry"
    assert len(database.stored) == 2
    assert run_due(batch) == "sent"
    assert len(database.batches) == 1  # the repeat was refused whole, then recognised
    assert ("GET", f"/api/v1/statement/existing-puid/{batch.statements.first().puid}") in (
        database.requests
    )
    batch.refresh_from_db()
    assert batch.external_ref == "2 statement(s) in the database"


def test_only_the_statements_not_there_yet_are_sent_again(database, decide):
    decide(["content-removed"])
    decide(["oversight"])
    decide(["partial-block"])
    (batch,) = submit.queue_pending().batches
    already = batch.statements.order_by("pk").first()
    database.stored[already.puid] = already.statement
    assert attempt(batch.pk).status == "sent"
    assert len(database.batches) == 1 and len(database.batches[0]) == 2
    assert already.puid not in database.batches[0]
    assert [method for method, _path in database.requests] == ["POST", "GET", "GET", "GET", "POST"]


def test_a_refused_token_is_dead_and_says_so(database, decide, monkeypatch):
    monkeypatch.setenv("IRS_SECRET_TRANSPARENCY_DB", "X|someone-elses-token")
    decide(["content-removed"])
    (batch,) = submit.queue_pending().batches
    assert attempt(batch.pk).status == "dead"
    batch.refresh_from_db()
    assert "refused the token (HTTP 401)" in batch.last_error
    assert database.stored == {}


def test_a_statement_the_schema_refuses_is_never_sent(database, decide):
    decide(["content-removed"])
    (batch,) = submit.queue_pending().batches
    Submission.objects.filter(delivery=batch).update(
        statement={**batch.statements.get().statement, "category": "STATEMENT_CATEGORY_NONE"}
    )
    assert attempt(batch.pk).status == "dead"
    batch.refresh_from_db()
    assert "refused by the schema" in batch.last_error and "/category" in batch.last_error
    assert database.requests == []


def test_the_statement_is_frozen_when_queued(database, decide):
    decision = decide(["content-removed"])
    (batch,) = submit.queue_pending().batches
    sent_facts = batch.statements.get().statement["decision_facts"]
    type(decision).objects.filter(pk=decision.pk).update(facts="Rewritten later.")
    assert attempt(batch.pk).status == "sent"
    assert next(iter(database.stored.values()))["decision_facts"] == sent_facts


def test_the_command_queues_and_reports(database, decide):
    decide(["content-removed"])
    out = StringIO()
    call_command("statements", "submit", stdout=out)
    assert out.getvalue().strip() == "batches=1 statements=1 refused=0"
    assert Delivery.objects.filter(kind="transparency").count() == 1


def test_the_command_says_when_submitting_is_off(db, settings):
    settings.IRS_TRANSPARENCY_API_URL = ""
    out = StringIO()
    call_command("statements", "submit", stdout=out)
    assert "not set" in out.getvalue()


def test_dead_batches_are_shown_to_the_operators(database, decide, client, operator):
    decide(["content-removed"])
    (batch,) = submit.queue_pending().batches
    database.answers.append(400)
    assert attempt(batch.pk).status == "dead"
    assert list(Delivery.objects.dead()) == [batch]
    client.force_login(operator)
    assert "1 failed delivery" in client.get("/operators/").content.decode()
    page = client.get("/operators/deliveries/dead").content.decode()
    assert "Statements of reasons to the EU Transparency Database" in page
    assert "refused the batch (HTTP 400)" in page
