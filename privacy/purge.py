"""The retention purge: pseudonymise what has expired (privacy.expiry), in batches.

Walks the reports by primary-key ranges of `batch_size` (one annotated query per range,
only the columns it needs), so memory stays bounded whatever the table's size; each range
that has expired reports is pseudonymised in its own transaction, so an interrupted run
keeps what it did and the next run carries on (tombstoned reports are never candidates).
Cases under legal hold are counted and skipped. A dry run writes nothing and says what it
would do. Run daily: `manage.py privacy_purge --every 86400` next to the workers.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from privacy import expiry
from privacy.erasure import release_keeps
from privacy.models import PurgeRun, TombstoneReason
from privacy.pseudonymise import pseudonymise
from reports.models import Flow, Report
from wikis.models import Wiki
from wikis.retention import policy

COLUMNS = ("pk", "wiki_id", "filed", "flow", "created_at", "reference")


@dataclass
class Summary:
    scanned: int = 0
    expired: int = 0
    pseudonymised: int = 0
    held: int = 0
    # Reports erasure requests kept (an appeal window, a hold) that nothing keeps any more.
    released: int = 0
    by_wiki: Counter = field(default_factory=Counter)
    references: list = field(default_factory=list)
    run: PurgeRun | None = None


def run(now=None, *, dry_run: bool = False, batch_size: int = 1000, keep_references=0):
    """Purge what expired by `now`; returns a Summary (with up to `keep_references` of the
    expired reports' references, for a dry run's listing)."""
    now = now or timezone.now()
    summary = Summary()
    if not dry_run:
        summary.run = PurgeRun.objects.create(started_at=now)
    # First what erasure requests kept and nothing keeps any more (its reason is the request).

    summary.released = release_keeps(now, dry_run=dry_run, run=summary.run)
    if not dry_run:
        summary.pseudonymised += summary.released
    rules: dict[int, tuple] = {}
    slugs: dict[int, str] = {}
    top = Report.objects.aggregate(top=Max("pk"))["top"] or 0
    low = 0
    while low <= top:
        high = low + batch_size
        rows = expiry.annotate(
            expiry.candidates(Report.objects.filter(pk__gte=low, pk__lt=high))
        ).values(*COLUMNS, "last_activity", "last_decision", "open_appeal", "held")
        due = []
        for row in rows.order_by():
            summary.scanned += 1
            wiki_id = row["wiki_id"]
            if wiki_id not in rules:
                wiki = Wiki.objects.get(pk=wiki_id)
                config = wiki.config
                rules[wiki_id] = (policy(config), config)
                slugs[wiki_id] = wiki.slug
            wiki_policy, config = rules[wiki_id]
            ends = expiry.expires_at(
                filed=row["filed"],
                emergency=row["flow"] == Flow.EMERGENCY,
                created_at=row["created_at"],
                last_activity=row["last_activity"],
                last_decision=row["last_decision"],
                open_appeal=row["open_appeal"],
                policy=wiki_policy,
                config=config,
            )
            if ends is None or ends > now:
                continue
            if row["held"]:
                summary.held += 1
                continue
            summary.expired += 1
            summary.by_wiki[slugs[wiki_id]] += 1
            if len(summary.references) < keep_references:
                summary.references.append(row["reference"])
            due.append(row["pk"])
        if due and not dry_run:
            summary.pseudonymised += pseudonymise(
                due, reason=TombstoneReason.RETENTION, at=now, run=summary.run
            )
        low = high
    if summary.run is not None:
        summary.run.finished_at = timezone.now()
        summary.run.scanned = summary.scanned
        summary.run.pseudonymised = summary.pseudonymised
        summary.run.held = summary.held
        summary.run.save()
    return summary
