"""How fast are the metrics dashboards with many reports and funnel events? Ratios against
a baseline measured in the same run: one indexed COUNT over the reports of the period.

Fills a fresh database with N reports (default 1,000,000, as benchmarks/desk_queue.py does:
eight wikis over two years, mostly closed) with response times, decisions and closing
events, and M funnel events (default 10,000,000 over the last 90 days, counted into daily
totals by funnel_rollup as the daily cron job would), then times each dashboard page (the
whole request: counts, charts, template) for its default period (90 days), and the public
transparency report (page and JSON) for its default period (the current half-year) against
a COUNT over that half-year. The daily job's case totals (metrics.totals) are counted after
the fill, as the cron job would, and the time that takes is printed; `--before` first
measures the pages from the live tables alone (no totals counted yet), in the same run.
`--fill-only` fills and stops; `--reuse` migrates (this branch's indexes and tables on an
earlier fill), runs VACUUM ANALYZE and measures. Figures: docs/metrics.md.

    DATABASE_URL=postgres://irs@127.0.0.1:54329/irs_bench python benchmarks/metrics.py
    python benchmarks/metrics.py --reports 100000 --events 1000000      # SQLite, temp dir
    DATABASE_URL=... python benchmarks/metrics.py --reuse               # measure again

The database named by DATABASE_URL is dropped and re-created: never point it at a database
you care about. Goal (issue 11): each page under 200 ms at the default sizes.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import desk_queue  # noqa: E402 - the same fill and timing helpers


def add_case_history() -> None:
    """Response times, closing events and a decision for every closed case, in SQL."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    hours = (lambda n: f"interval '{n} hours'") if pg else None
    with connection.cursor() as cursor:
        if pg:
            cursor.execute(
                "UPDATE reports_report SET first_response_at = created_at + "
                f"(id % 97) * {hours(1)}, updated_at = created_at + (id % 300) * {hours(1)}"
            )
            cursor.execute(
                "UPDATE reports_report SET decided_at = updated_at "
                "WHERE status IN ('resolved', 'closed-not-actionable', 'closed-duplicate')"
            )
        else:
            cursor.execute(
                "UPDATE reports_report SET first_response_at = datetime(created_at, "
                "'+' || (id % 97) || ' hours'), updated_at = datetime(created_at, "
                "'+' || (id % 300) || ' hours')"
            )
            cursor.execute(
                "UPDATE reports_report SET decided_at = updated_at "
                "WHERE status IN ('resolved', 'closed-not-actionable', 'closed-duplicate')"
            )
        closed = "status IN ('resolved', 'closed-not-actionable', 'closed-duplicate')"
        cursor.execute(
            "INSERT INTO desk_caseevent (report_id, kind, text, data, created_at) "
            f"SELECT id, 'status', '', '{{\"status\": \"resolved\"}}', updated_at "
            f"FROM reports_report WHERE {closed}"
        )
        public_id = "md5(id::text)" if pg else "hex(randomblob(12))"
        as_json = "::jsonb" if pg else ""  # a CASE of literals is text to PostgreSQL
        cursor.execute(
            "INSERT INTO desk_decision (report_id, actions, ground, facts, reporter_text, "
            "well_founded, well_founded_reason, automated, decided_by_name, created_at, "
            "appeal_result, outcome, reported_user_notified, migrated, public_id) "
            "SELECT id, (CASE WHEN id % 3 = 0 THEN '[\"warning\"]' ELSE '[\"no-action\"]' END)"
            f"{as_json}, "
            "'', '', '', '', '', false, 'bench', updated_at, '', "
            "CASE WHEN id % 3 = 0 THEN 'action-taken' ELSE 'no-action' END, false, false, "
            f"{public_id} FROM reports_report WHERE {closed}"
        )


def add_funnel(count: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from metrics.rollup import rollup
    from wikis.models import Wiki

    names = ["open", "view-step", "choose", "view-step", "continue", "view-step", "submit",
             "view-confirmation", "close", "back"]  # fmt: skip
    wikis = list(Wiki.objects.values_list("pk", flat=True))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "INSERT INTO metrics_funnelevent (wiki_id, name, token, entry_point, step, "
                "flow, incident_type, link, language, hour) "
                "SELECT (%s::bigint[])[1 + (g / 10) %% %s], (%s::text[])[1 + g %% 10], "
                "'bench-' || (g / 10), 'tools', '', 'non-emergency', 'intimidation', '', 'en', "
                "%s - ((g / 10) %% 2160) * interval '1 hour' FROM generate_series(0, %s) g",
                [wikis, len(wikis), names, now, count - 1],
            )
        else:
            from metrics.models import FunnelEvent

            batch = []
            for g in range(count):
                batch.append(
                    FunnelEvent(
                        wiki_id=wikis[(g // 10) % len(wikis)],
                        name=names[g % 10],
                        token=f"bench-{g // 10}",
                        entry_point="tools",
                        flow="non-emergency",
                        incident_type="intimidation",
                        language="en",
                        hour=now - timezone.timedelta(hours=(g // 10) % 2160),
                    )  # fmt: skip
                )
                if len(batch) == 20_000:
                    FunnelEvent.objects.bulk_create(batch)
                    batch = []
            FunnelEvent.objects.bulk_create(batch)
    done = rollup()
    print(f"{count:,} funnel events, {done['days']} days counted in "
          f"{time.perf_counter() - started:.1f}s")  # fmt: skip


def count_cases() -> None:
    """The daily job's case totals, from nothing (every report's facts), timed."""
    from metrics.totals import rollup_cases

    started = time.perf_counter()
    done = rollup_cases(full=True)
    print(f"case totals: {done['cases']:,} reports counted in {time.perf_counter() - started:.1f}s")


def settle() -> None:
    """What a long-running database looks like after autovacuum: statistics and visibility
    maps up to date (the case history rewrote every report row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def measure(repeat: int) -> list[tuple[str, float]]:
    from datetime import timedelta

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from desk.models import TeamMembership
    from transparency import periods
    from wikis.models import Wiki, WikiAdmin

    lead = User.objects.get(username="BenchResponder")
    TeamMembership.objects.filter(user=lead).update(is_lead=True)
    wiki = Wiki.objects.get(slug="wiki0")
    WikiAdmin.objects.get_or_create(wiki=wiki, user=lead)
    operator, _ = User.objects.get_or_create(username="BenchOperator")
    operator.is_superuser = True
    operator.save()
    since = timezone.now() - timedelta(days=90)
    half = periods.current()

    def baseline(start=since):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM reports_report WHERE created_at >= %s", [start])
            cursor.fetchone()

    def page(user, url):
        client = Client()
        if user is not None:
            client.force_login(user)

        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    results = [("baseline: indexed COUNT of 90 days' reports", desk_queue.timed(baseline, repeat))]
    for label, fn in [
        ("team page (wiki0 responders, 90 days)", page(lead, "/metrics/teams/wiki0-responders")),
        ("wiki page (wiki0, small cells)", page(lead, "/metrics/wikis/wiki0")),
        ("operators page (all wikis + deliveries)", page(operator, "/metrics/")),
        ("team page, CSV of one section", page(lead, "/metrics/teams/wiki0-responders?csv=funnel")),
    ]:
        results.append((label, desk_queue.timed(fn, repeat)))
    # The transparency report covers the current half-year: its own baseline over that period.
    results.append(
        (
            f"baseline: indexed COUNT of {half.as_dict()['since']}.. ({half.half})",
            desk_queue.timed(lambda: baseline(half.start), repeat),
        )
    )
    for label, fn in [
        ("transparency page, all wikis (half-year)", page(None, "/transparency/")),
        ("transparency page, wiki0 (half-year)", page(None, "/transparency/w/wiki0/")),
        ("transparency JSON, all wikis", page(None, "/transparency/report.json")),
    ]:
        results.append((label, desk_queue.timed(fn, repeat)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per page (median)")
    parser.add_argument("--reuse", action="store_true", help="measure a previous run's data")
    parser.add_argument("--fill-only", action="store_true", help="fill, measure nothing")
    parser.add_argument(
        "--before", action="store_true", help="first measure without the daily case totals"
    )
    args = parser.parse_args()
    desk_queue.setup_django(os.environ.get("DATABASE_URL"))
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # this branch's indexes on a previous fill
    else:
        desk_queue.reset_database()
        desk_queue.fill(args.reports)
        add_case_history()
        add_funnel(args.events)
    from metrics.models import CaseRollup

    if args.before:
        CaseRollup.objects.all().delete()  # no totals counted: every page reads live tables
        settle()
        show("before (live tables only)", measure(args.repeat))
    count_cases()
    settle()
    if args.fill_only:
        return
    show("with the daily case totals", measure(args.repeat))


def show(title: str, results: list[tuple[str, float]]) -> None:
    print(f"\n{title}\n{'page':50} {'median ms':>10} {'x baseline':>11}")
    for label, seconds in results:
        if label.startswith("baseline"):
            base = seconds
        print(f"{label:50} {seconds * 1000:10.2f} {seconds / base:11.1f}")


if __name__ == "__main__":
    main()
