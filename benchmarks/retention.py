"""How much time and memory does the retention purge take over many reports? Ratios
against a baseline, same run.

Fills a fresh database with N reports (default 1,000,000), all closed long ago so that
every one has expired, a third of them with a decision and a timeline event. Then, each in
its own process so that each peak RSS is its own:

- baseline: a plain scan of the table by the same primary-key ranges, reading the same
  columns, changing nothing (what any batched walk over the table costs);
- dry run: `privacy.purge.run(dry_run=True)` (the same walk plus the expiry rules);
- purge: `privacy.purge.run()`: pseudonymises every report (tombstone, audit entry, updates).

It prints seconds and peak RSS for each and their ratios to the baseline. Bounded memory
means the purge's peak RSS stays close to the baseline's whatever N is; `--reports` at two
sizes shows it.

    DATABASE_URL=postgres://irs@127.0.0.1:54329/irs_bench python benchmarks/retention.py
    python benchmarks/retention.py --reports 20000     # SQLite in a temp dir

The database named by DATABASE_URL is dropped and re-created by the migrations: never point
it at a database you care about.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import numbered_reference, reset_database, setup_django  # noqa: E402

BATCH = 1000


def fill(count: int, seed: int = 7) -> None:
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from desk.models import CaseEvent, Decision, EventKind
    from irs import demo
    from reports.models import Flow, Report, Status

    rng = random.Random(seed)
    wikis = [demo.ensure_wiki(f"wiki{i}", f"Wiki {i}") for i in range(4)]
    teams = [demo.ensure_community_team(w) for w in wikis]
    queues = {team.wiki_id: team.queues.get() for team in teams}
    reporters = [demo.make_user(wikis[0], f"BenchReporter{i}") for i in range(200)]
    long_ago = timezone.now() - timedelta(days=5 * 365)
    started = time.perf_counter()
    made = 0
    while made < count:
        size = min(10_000, count - made)
        batch = []
        for number in range(made, made + size):
            wiki = rng.choice(wikis)
            reporter = rng.choice(reporters)
            batch.append(
                Report(
                    reference=numbered_reference(number),
                    wiki=wiki,
                    reporter=reporter,
                    reporter_username=reporter.username,
                    reporter_email=reporter.email,
                    flow=Flow.NON_EMERGENCY,
                    incident_type="intimidation",
                    reported_user=f"User{rng.randrange(5000)}",
                    details="benchmark details " * 10,
                    evidence={"text": "what the wiki showed " * 20},
                    filed=True,
                    status=rng.choice([Status.RESOLVED, Status.NOT_ACTIONABLE]),
                    queue=queues[wiki.pk],
                    submission_token=f"bench-{number}",
                )
            )
        with transaction.atomic():
            created = Report.objects.bulk_create(batch)
            decided = [r for r in created if r.pk is not None and r.pk % 3 == 0]
            Decision.objects.bulk_create(
                Decision(
                    report=r,
                    actions=["warning"],
                    ground="ucoc-3.1",
                    facts="facts",
                    reporter_text="text",
                    created_at=long_ago,
                    outcome="action-taken",
                )
                for r in decided
            )
            CaseEvent.objects.bulk_create(
                CaseEvent(report=r, kind=EventKind.NOTE, text="a note", created_at=long_ago)
                for r in decided
            )
        made += size
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_report SET created_at = %s", [long_ago])
        cursor.execute("VACUUM" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"filled {count:,} reports in {time.perf_counter() - started:.1f}s ({connection.vendor})")


def phase(name: str) -> dict:
    from django.db import connection
    from django.db.models import Max

    from privacy import purge
    from reports.models import Report

    started = time.perf_counter()
    if name == "baseline":
        top = Report.objects.aggregate(top=Max("pk"))["top"] or 0
        seen = 0
        with connection.cursor() as cursor:
            for low in range(0, top + 1, BATCH):
                cursor.execute(
                    "SELECT id, wiki_id, filed, flow, created_at, reference FROM reports_report "
                    "WHERE id >= %s AND id < %s",
                    [low, low + BATCH],
                )
                seen += len(cursor.fetchall())
        result = {"rows": seen}
    else:
        summary = purge.run(dry_run=name == "dry-run", batch_size=BATCH)
        result = {"rows": summary.scanned, "pseudonymised": summary.pseudonymised}
    result["seconds"] = time.perf_counter() - started
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["baseline", "dry-run", "purge"])
    args = parser.parse_args()
    if args.phase:
        setup_django(os.environ.get("DATABASE_URL"), temp_sqlite=False)
        print(json.dumps(phase(args.phase)))
        return
    setup_django(os.environ.get("DATABASE_URL"))
    reset_database()
    fill(args.reports)
    results = {}
    for name in ("baseline", "dry-run", "purge"):
        out = subprocess.run(
            [sys.executable, __file__, "--phase", name],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        ).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
    base = results["baseline"]
    header = ("phase", "rows", "seconds", "x base", "peak RSS MB", "x base")
    print("{:<10} {:>10} {:>9} {:>7} {:>12} {:>7}".format(*header))
    for name, found in results.items():
        print(
            f"{name:<10} {found['rows']:>10,} {found['seconds']:>9.1f} "
            f"{found['seconds'] / base['seconds']:>7.1f} {found['peak_rss_mb']:>12.1f} "
            f"{found['peak_rss_mb'] / base['peak_rss_mb']:>7.2f}"
        )


if __name__ == "__main__":
    main()
