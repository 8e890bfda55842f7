"""Queue statements of reasons for the EU Transparency Database in batches of up to 100.

`queue_pending()` (run by `manage.py statements submit`, on the workers' schedule) takes every
decision that needs a statement and has none queued, on the wikis bound to the token secret
(IRS_SECRET_<NAME>_WIKIS), builds and validates its statement, freezes it in a `Submission`
row and puts up to 100 of one wiki in one `transparency` delivery. The outbox sends, retries
and shows the dead ones; each decision is queued once (its Submission is unique).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from desk.models import Decision
from routing import secrets
from routing.models import Delivery
from routing.outbox import record_internal
from transparency import statements
from transparency.models import Submission
from wikis.models import Wiki

BATCH = 100  # the Transparency Database's limit for POST /statements


@dataclass
class Queued:
    batches: list[Delivery] = field(default_factory=list)
    statements: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (decision id, why)


def enabled() -> bool:
    return bool(settings.IRS_TRANSPARENCY_API_URL)


def bound_wikis() -> list[Wiki]:
    name = settings.IRS_TRANSPARENCY_TOKEN_SECRET
    return [wiki for wiki in Wiki.objects.order_by("slug") if secrets.secret_bound(name, wiki)]


def _pending(wiki: Wiki):
    found = (
        Decision.objects.filter(report__wiki=wiki, statement_submission__isnull=True)
        .select_related("report__wiki")
        .order_by("created_at", "id")
    )
    return (d for d in found.iterator(chunk_size=500) if statements.needs_statement(d))


def queue_pending(batch: int = BATCH) -> Queued:
    result = Queued()
    if not enabled():
        return result
    destination = {
        "url": settings.IRS_TRANSPARENCY_API_URL,
        "secret": settings.IRS_TRANSPARENCY_TOKEN_SECRET,
    }
    for wiki in bound_wikis():
        config = wiki.config
        ready: list[tuple[Decision, dict]] = []
        for decision in _pending(wiki):
            try:
                ready.append((decision, statements.build(decision, config)))
            except statements.StatementError as error:
                result.refused.append((decision.pk, str(error)))
            if len(ready) == batch:
                _queue(ready, destination, result)
                ready = []
        if ready:
            _queue(ready, destination, result)
    return result


def _queue(ready: list[tuple[Decision, dict]], destination: dict, result: Queued) -> None:
    try:
        with transaction.atomic():
            delivery = record_internal("transparency", destination)
            Submission.objects.bulk_create(
                Submission(
                    decision=decision,
                    puid=statement["puid"],
                    statement=statement,
                    delivery=delivery,
                )
                for decision, statement in ready
            )
    except IntegrityError:
        # Another run queued some of these meanwhile: queue the rest one by one.
        if len(ready) > 1:
            for one in ready:
                _queue([one], destination, result)
        return
    result.batches.append(delivery)
    result.statements += len(ready)
