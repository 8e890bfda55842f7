"""How fast is a desk queue page with many reports? Ratios against a baseline, same run.

Fills a fresh database with N reports (default 1,000,000) spread over several wikis and
queues, mostly closed, as a long-running service would hold, then times the queries behind
the desk's pages and compares each with a baseline: a plain
`SELECT ... FROM reports_report ORDER BY id LIMIT 50` on the same table.

    python benchmarks/desk_queue.py --reports 200000                 # SQLite in a temp dir
    DATABASE_URL=postgres://irs@127.0.0.1:54329/irs_bench python benchmarks/desk_queue.py
    DATABASE_URL=sqlite:////tmp/b.sqlite3 python benchmarks/desk_queue.py --reuse  # measure again
    python benchmarks/desk_queue.py --reuse --growth 10000,100000  # + a table by size

The measured pages include the whole queue page, overview and case page, rendered in-process
through Django's test client with debug off.

The database named by DATABASE_URL is dropped and re-created by the migrations: never point
it at a database you care about.
"""

import argparse
import inspect
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# After the project: benchmarks/metrics.py must not hide the metrics app the pages import.
sys.path.append(str(ROOT / "benchmarks"))

from bench import numbered_reference, print_ratios, reset_database, setup_django, timed  # noqa: E402


def world_of(count: int) -> dict:
    from desk.models import Queue, Team
    from reports.models import Report
    from wikis.models import Wiki

    wiki = Wiki.objects.get(slug="wiki0")
    safety = Team.objects.get(is_safety=True)
    print(f"reusing {Report.objects.count():,} reports")
    from accounts.models import User

    return {
        "queue": Queue.objects.get(team__wiki=wiki),
        "safety_queue": safety.queues.get(slug="emergency"),
        "all_queues": list(Queue.objects.all()),
        "responder": User.objects.get(username="BenchResponder"),
        "wiki": wiki,
    }


def fill(count: int, seed: int = 7, details=None) -> dict:
    """`details(rng)`, when given, writes each report's text (benchmarks/desk_search.py)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from desk.models import Queue, TeamMembership
    from irs import demo
    from reports.models import Flow, Report, Status
    from wikis.defaults import NON_EMERGENCY_TYPES

    rng = random.Random(seed)
    wikis = [demo.ensure_wiki(f"wiki{i}", f"Wiki {i}") for i in range(8)]
    safety = demo.ensure_safety_team()
    teams = [demo.ensure_community_team(w) for w in wikis]
    queues = {team.wiki_id: team.queues.get() for team in teams}
    safety_queue = safety.queues.get()
    responder = demo.make_user(wikis[0], "BenchResponder")
    for team in teams[:1]:
        TeamMembership.objects.get_or_create(team=team, user=responder)
    reporters = [demo.make_user(wikis[0], f"BenchReporter{i}") for i in range(200)]
    types = [key for key, _shown in NON_EMERGENCY_TYPES]
    closed = [Status.RESOLVED, Status.NOT_ACTIONABLE, Status.DUPLICATE]
    opened = [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING, Status.ESCALATED]
    now = timezone.now()
    # Half the reports come from the first wiki: its queue is the one measured.
    weights = [len(wikis)] + [1] * (len(wikis) - 1)
    batch, made = [], 0
    started = time.perf_counter()
    while made < count:
        wiki = rng.choices(wikis, weights)[0]
        emergency = rng.random() < 0.05
        reporter = rng.choice(reporters)
        batch.append(
            Report(
                reference=numbered_reference(made),
                wiki=wiki,
                reporter=reporter,
                reporter_username=reporter.username,
                reporter_email=reporter.email,
                flow=Flow.EMERGENCY if emergency else Flow.NON_EMERGENCY,
                incident_type="" if emergency else rng.choice(types),
                harm_subtype="physical-harm" if emergency else "",
                reported_user=f"User{rng.randrange(5000)}",
                details=details(rng) if details else "benchmark",
                filed=True,
                status=rng.choice(opened) if rng.random() < 0.08 else rng.choice(closed),
                queue=safety_queue if emergency else queues[wiki.pk],
                assignee=responder if rng.random() < 0.02 else None,
                submission_token=f"bench-{made}",
            )
        )
        made += 1
        if len(batch) == 10_000 or made == count:
            with transaction.atomic():
                Report.objects.bulk_create(batch)
            batch = []
    # Spread the creation times over two years (auto_now_add set them all to now).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE reports_report SET created_at = %s - (id * 7919 %% 63072000) "
                "* interval '1 second'",
                [now],
            )
        else:
            cursor.execute(
                "UPDATE reports_report SET created_at = "
                "datetime(%s, '-' || ((id * 7919) %% 63072000) || ' seconds')",
                [now.strftime("%Y-%m-%d %H:%M:%S")],
            )
    # What a long-running database looks like after autovacuum: statistics and visibility.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
    print(f"filled {count:,} reports in {time.perf_counter() - started:.1f}s ({connection.vendor})")
    return {
        "queue": Queue.objects.get(pk=queues[wikis[0].pk].pk),
        "safety_queue": safety_queue,
        "all_queues": list(Queue.objects.all()),
        "responder": responder,
        "wiki": wikis[0],
    }


def measure(world: dict, repeat: int) -> list[tuple[str, float]]:
    from django.db import connection
    from django.http import QueryDict

    from desk import queues
    from desk.case_page import earlier_reports
    from reports.models import Report

    queue, user = world["queue"], world["responder"]

    def as_viewer(fn, *args):
        """`fn(*args, user)`; without the viewer for the code before counts took one (a
        "before" run of this script on an older checkout)."""
        if "user" in inspect.signature(fn).parameters:
            return lambda: fn(*args, user)
        return lambda: fn(*args)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, reference, status, created_at FROM reports_report ORDER BY id LIMIT 50"
            )
            cursor.fetchall()

    def page(query: str, number: int = 1, target=queue):
        filters = queues.QueueFilters.from_query(
            QueryDict(query), wikis=[world["wiki"].slug], members={str(user.pk): "x"}
        )
        return lambda: queues.page_of(target, filters, user, number)

    case = Report.objects.filter(queue=queue).order_by("-created_at").first()
    results = [("baseline: SELECT ... ORDER BY id LIMIT 50", timed(baseline, repeat))]
    for label, fn in [
        ("queue page 1, open cases (count + page)", page("")),
        ("queue page 10, open cases", page("", 10)),
        ("queue, all statuses, page 1", page("status=all")),
        ("queue, filtered: type=doxing, unassigned", page("type=doxing&assignee=none")),
        ("queue, filtered: assigned to me, older than 7 days", page("assignee=me&age=7d")),
        ("queue, filtered: status=resolved", page("status=resolved")),
        ("safety queue page 1 (emergencies, all wikis)", page("", 1, world["safety_queue"])),
        ("counts per status, one queue (queue page)", as_viewer(queues.status_counts, queue)),
        (
            "open counts per status, all queues (overview)",
            as_viewer(queues.open_counts, world["all_queues"]),
        ),
        (
            "case page: earlier reports (reporter, reported user)",
            lambda: earlier_reports(case, user),
        ),
        ("case page: reporter's track record", lambda: track_record(case, user)),
        *pages(world, case),
    ]:
        results.append((label, timed(fn, repeat)))
        if connection.vendor == "postgresql":
            WORK[label] = work(fn)
    return results


# label -> (server ms, buffer pages, Python CPU ms) of the last measure() on PostgreSQL.
WORK: dict[str, tuple[float, int, float]] = {}


def work(fn, runs: int = 5) -> tuple[float, int, float]:
    """What `fn` costs, counted so that other load on the machine hardly changes it: the
    server's execution time and the buffer pages (shared, hit or read) of its SELECTs, from
    EXPLAIN (ANALYZE, BUFFERS) of the very statements it ran, and the least Python CPU time
    of `runs` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            fn()
            cpu.append(time.process_time() - started)
    server_ms, pages = 0.0, 0
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            server_ms += plan["Execution Time"]
            top = plan["Plan"]
            pages += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
    return server_ms, pages, min(cpu) * 1000


def print_work(width: int = 58) -> None:
    title = "PostgreSQL work (EXPLAIN ANALYZE)"
    print(f"\n{title:{width}} {'server ms':>10} {'pages':>8} {'CPU ms':>8}")
    for label, (server_ms, pages, cpu_ms) in WORK.items():
        print(f"{label:{width}} {server_ms:10.2f} {pages:8d} {cpu_ms:8.1f}")


def track_record(case, user):
    from desk import access, misuse
    from reports.models import Report

    visible = access.restrict_to_visible(
        Report.objects.filter(wiki_id=case.wiki_id, reporter_id=case.reporter_id), user
    )
    return misuse.track_record(visible)


def pages(world: dict, case) -> list:
    """The whole pages, in-process through Django's test client (debug off): the queue page,
    the overview and a case page, as the responder sees them."""
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(world["responder"])
    queue = world["queue"]

    def get(path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return run

    return [
        ("page: queue (open cases, page 1)", get(f"/desk/queues/{queue.team.slug}/{queue.slug}")),
        ("page: overview (my queues)", get("/desk/")),
        ("page: case", get(f"/desk/cases/{case.reference}")),
    ]


def growth(sizes: list[int], repeat: int, reuse: bool, main: tuple[int, list]) -> None:
    """The same queries and pages on databases of each size (named after the main one:
    `<name>_<size>` on PostgreSQL, `<file>.<size>` on SQLite), side by side; `main` is the
    main database's size and results."""
    from django.db import connection

    base = connection.settings_dict["NAME"]
    table: dict[str, list[float]] = {}
    works: dict[str, dict[int, tuple]] = {}
    main_work = dict(WORK)
    for size in sizes:
        if size == main[0]:
            for label, seconds in main[1]:
                table.setdefault(label, []).append(seconds)
            for label, figures in main_work.items():
                works.setdefault(label, {})[size] = figures
            continue
        connection.close()
        if connection.vendor == "postgresql":
            name = f"{base}_{size}"
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if not cursor.fetchone():
                    cursor.execute(f'CREATE DATABASE "{name}"')
                    reuse_this = False
                else:
                    reuse_this = reuse
            connection.close()
        else:
            name = f"{base}.{size}"
            reuse_this = reuse and Path(name).exists()
        connection.settings_dict["NAME"] = name
        world = reused(size) if reuse_this else None
        if world is None:
            reset_database()
            world = fill(size)
        for label, seconds in measure(world, repeat):
            table.setdefault(label, []).append(seconds)
        for label, figures in WORK.items():
            works.setdefault(label, {})[size] = figures
    connection.close()
    connection.settings_dict["NAME"] = base
    header = "".join(f"{f'{size:,}':>11}" for size in sizes)
    print(f"\n{'ms at N reports':58}{header} {'last/first':>11}")
    for label, runs in table.items():
        cells = "".join(f"{seconds * 1000:11.2f}" for seconds in runs)
        print(f"{label:58}{cells} {runs[-1] / runs[0]:11.1f}")
    for column, title in ((0, "server ms"), (1, "buffer pages"), (2, "Python CPU ms")):
        print(f"\n{'PostgreSQL: ' + title + ' at N reports':58}{header} {'last/first':>11}")
        for label, by_size in works.items():
            values = [by_size[size][column] for size in sizes if size in by_size]
            cells = "".join(f"{value:11.1f}" for value in values)
            ratio = values[-1] / values[0] if values and values[0] else float("nan")
            print(f"{label:58}{cells} {ratio:11.1f}")


def reused(size: int) -> dict | None:
    """The world a previous run left, migrated; None when it holds another number of reports."""
    from django.core.management import call_command

    from reports.models import Report

    call_command("migrate", verbosity=0)
    if Report.objects.count() != size:
        return None
    return world_of(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000, help="how many reports")
    parser.add_argument("--repeat", type=int, default=15, help="runs per query (median)")
    parser.add_argument(
        "--growth",
        default="",
        help="also measure at these sizes (comma-separated, e.g. 10000,100000) in databases "
        "of their own next to DATABASE_URL's, and print a table by size",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the reports a previous run left in DATABASE_URL",
    )
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        world = world_of(args.reports)
    else:
        reset_database()
        world = fill(args.reports)
    results = measure(world, args.repeat)
    print_ratios(results)
    if WORK:
        print_work()
    if args.growth:
        sizes = sorted({int(n) for n in args.growth.split(",") if n.strip()} | {args.reports})
        growth(sizes, args.repeat, args.reuse, (args.reports, results))


if __name__ == "__main__":
    main()
