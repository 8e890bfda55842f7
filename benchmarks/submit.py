"""The submit path: the reporter's whole flow and its submit POST against a framework floor.

The floor is a bare Django view behind the same middleware that reads the form and inserts
one row (benchmarks/floor_urls.py); every figure is also printed as a ratio against it,
measured in the same run. Two parts:

- in-process (Django's test Client, one client): each step of the direct-report flow (open
  the report link, choose, type, support page, submit, confirmation) with its SQL queries
  and median time, and the floor POST beside the submit POST; `--profile` prints a cProfile
  top list of the submit POSTs;
- over HTTP against the production server (gunicorn as `manage.py serve` starts it, DEBUG
  off), with 1, 4 and 8 concurrent clients (one person and session each, separate
  processes): every client first walks up to the support page of `--flows` reports, then
  all submit at once; requests per second, p50 and p95, beside the floor POST at the same
  concurrency.

    python benchmarks/submit.py                           # SQLite in a temporary folder
    DATABASE_URL=postgres://irs@127.0.0.1:54371/irs_bench python benchmarks/submit.py
    python benchmarks/submit.py --profile --skip-http     # where the submit POST's time goes

The database named by DATABASE_URL is emptied (PostgreSQL: its public schema is dropped) and
migrated: never point it at a database you care about. Run it with `nice` on a shared machine
and repeat it: the medians of several runs are the figures (docs/performance.md).
"""

import argparse
import cProfile
import io
import multiprocessing
import os
import pstats
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIKI = "demowiki"
TYPE = "intimidation"  # the demo sends direct reports of it to the responders' desk
TEXT = "They wrote threats under my comments on the talk page, three times this week."
STEPS = ("open", "choose", "type", "support", "submit", "confirmation")
MAX_CLIENTS = 8


def setup_django(scratch: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.update(
        IRS_VAR_DIR=scratch,
        IRS_DEBUG="0",
        IRS_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="benchmarks.floor_settings",
    )
    os.environ.setdefault("IRS_SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()


def reset_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def seed() -> list:
    """The demo wiki (its direct reports of intimidation go to the desk), its limits raised
    to the most a community may set, and MAX_CLIENTS eligible reporters."""
    from irs import demo
    from wikis.models import ConfigRevision

    wiki = demo.seed_demo()
    config = wiki.config
    config["rate_limits"].update(autoconfirmed_per_day=1000, new_user_per_day=1000)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="benchmark: limits raised")
    return [demo.make_user(wiki, f"Bench{n}") for n in range(1, MAX_CLIENTS + 1)]


def median_ms(values) -> float:
    return statistics.median(values) * 1000


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- in-process ------------------------------------------------------------------------------


def form_action(content: bytes) -> str:
    match = re.search(rb'<form method="post" action="(/w/[^"]+/report/[^"]+)"', content)
    assert match, "no step 1 form on the report link"
    return match.group(1).decode()


def submission_token(content: bytes) -> str:
    match = re.search(rb'name="submission_token" value="([^"]+)"', content)
    assert match, "no submission token on the support page"
    return match.group(1).decode()


def in_process(users, iterations: int, profile: bool, top: int, show_sql=()) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    times: dict[str, list[float]] = {step: [] for step in (*STEPS, "floor")}
    queries: dict[str, list[int]] = {step: [] for step in (*STEPS, "floor")}
    profiler = cProfile.Profile() if profile else None
    last_sql: dict[str, list[str]] = {}

    def timed(step, client, url, data, expect):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if profiler is not None and step == "submit":
                profiler.enable()
            response = client.get(url) if data is None else client.post(url, data)
            if profiler is not None and step == "submit":
                profiler.disable()
            elapsed = time.perf_counter() - started
        assert response.status_code == expect, (step, response.status_code, response.content[:300])
        times[step].append(elapsed)
        queries[step].append(len(captured))
        last_sql[step] = [query["sql"] for query in captured.captured_queries]
        return response

    for n in range(iterations + 2):
        client = clients[n % len(clients)]
        opened = timed("open", client, f"/w/{WIKI}/report", None, 200)
        step1 = form_action(opened.content)
        chosen = timed("choose", client, step1, {"flow": "non-emergency"}, 302)
        typed = timed("type", client, chosen.headers["Location"], {"incident_type": TYPE}, 302)
        support_url = typed.headers["Location"]
        support = timed("support", client, support_url, None, 200)
        data = {"submission_token": submission_token(support.content), "text": TEXT}
        done = timed("submit", client, support_url, data, 302)
        timed("confirmation", client, done.headers["Location"], None, 200)
        timed("floor", client, "/bench/floor", {"text": TEXT}, 302)
        if n < 2:  # warm-up: first templates, first connection
            for step in times:
                times[step].clear()
                queries[step].clear()

    floor = median_ms(times["floor"])
    print(f"\nIn-process (Django test Client, 1 client, {iterations} flows; medians)")
    print(f"{'step':<14}{'queries':>8}{'ms':>9}{'x floor':>9}")
    for step in (*STEPS, "floor"):
        ms = median_ms(times[step])
        print(f"{step:<14}{statistics.median(queries[step]):>8.0f}{ms:>9.2f}{ms / floor:>9.1f}")
    flow_queries = sum(statistics.median(queries[step]) for step in STEPS)
    flow_ms = sum(median_ms(times[step]) for step in STEPS)
    print(f"{'whole flow':<14}{flow_queries:>8.0f}{flow_ms:>9.2f}{flow_ms / floor:>9.1f}")
    for step in show_sql:
        print(f"\nSQL of the last {step} ({len(last_sql[step])} queries)")
        for sql in last_sql[step]:
            print("  " + (sql if len(sql) < 160 else sql[:157] + "..."))
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        if os.environ.get("IRS_BENCH_CALLERS"):  # e.g. "copy.py:118" to see who deep-copies
            stats.print_callers(os.environ["IRS_BENCH_CALLERS"])
        print(f"\ncProfile of the submit POSTs (top {top}, cumulative, then own time)")
        print(out.getvalue())
    return {
        "submit_queries": statistics.median(queries["submit"]),
        "submit_ms": median_ms(times["submit"]),
        "floor_ms": floor,
    }


# --- over HTTP -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """gunicorn with the arguments `manage.py serve` gives it (irs/management/commands)."""
    from irs.management.commands.serve import children

    os.environ["PORT"] = str(port)
    os.environ["IRS_BIND"] = f"127.0.0.1:{port}"
    web = children()[0]
    argv = [part for part in web.argv if part not in ("--access-logfile", "-")]
    server = subprocess.Popen(argv, cwd=ROOT, env=os.environ.copy(), start_new_session=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the production server did not start")


def _csrf(content: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    assert match, "no CSRF token in the page"
    return match.group(1).decode()


def http_client(base, sessionid, kind, flows, barrier, results) -> None:
    """One person: prepares `flows` reports up to their support page (or, for the floor,
    one CSRF token), waits for the others, then posts them all, one after the other."""
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", sessionid, domain="127.0.0.1")
    posts = []
    if kind == "floor":
        page = http.get(f"{base}/w/{WIKI}/report")
        csrf = _csrf(page.content)
        posts = [(f"{base}/bench/floor", {"csrfmiddlewaretoken": csrf, "text": TEXT})] * flows
    else:
        for _ in range(flows):
            page = http.get(f"{base}/w/{WIKI}/report")
            csrf = _csrf(page.content)
            step1 = base + form_action(page.content)
            data = {"csrfmiddlewaretoken": csrf, "flow": "non-emergency"}
            chosen = http.post(step1, data, allow_redirects=False)
            type_url = base + chosen.headers["Location"]
            typed = http.post(
                type_url,
                {"csrfmiddlewaretoken": csrf, "incident_type": TYPE},
                allow_redirects=False,
            )
            support_url = base + typed.headers["Location"]
            support = http.get(support_url)
            token = submission_token(support.content)
            form = {"csrfmiddlewaretoken": csrf, "submission_token": token, "text": TEXT}
            posts.append((support_url, form))
    barrier.wait()
    latencies = []
    for url, data in posts:
        started = time.perf_counter()
        response = http.post(url, data, allow_redirects=False)
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 302, (kind, response.status_code, response.text[:300])
    results.put(latencies)


def http_round(base, sessions, kind, clients, flows) -> tuple[float, float, float]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients + 1)
    results = context.Queue()
    processes = [
        context.Process(target=http_client, args=(base, sessions[n], kind, flows, barrier, results))
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    latencies = []
    for _ in processes:
        latencies.extend(results.get(timeout=600))
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
        assert process.exitcode == 0, f"a {kind} client failed"
    return len(latencies) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.95)


def over_http(users, client_counts, rounds: int, flows: int) -> dict:
    from django.db import connections
    from django.test import Client

    sessions = []
    for user in users:
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    connections.close_all()  # the server's processes and the clients open their own
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    figures = {}
    try:
        print(f"\nOver HTTP (gunicorn as manage.py serve runs it; {rounds} rounds; medians)")
        print(
            f"{'clients':>7} {'submit/s':>9} {'p50 ms':>7} {'p95 ms':>7}"
            f" {'floor/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'floor/submit':>13}"
        )
        for clients in client_counts:
            submit, floor = [], []
            for _ in range(rounds):
                submit.append(http_round(base, sessions, "submit", clients, flows))
                floor.append(http_round(base, sessions, "floor", clients, flows * 4))
            s_rate, s50, s95 = (statistics.median(values) for values in zip(*submit, strict=True))
            f_rate, f50, f95 = (statistics.median(values) for values in zip(*floor, strict=True))
            figures[clients] = {"submit_rate": s_rate, "submit_p95": s95 * 1000}
            print(
                f"{clients:>7} {s_rate:>9.1f} {s50 * 1000:>7.0f} {s95 * 1000:>7.0f}"
                f" {f_rate:>8.1f} {f50 * 1000:>7.0f} {f95 * 1000:>7.0f} {f_rate / s_rate:>13.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=40, help="in-process flows")
    parser.add_argument("--rounds", type=int, default=3, help="HTTP rounds per client count")
    parser.add_argument("--flows", type=int, default=12, help="submits per client and round")
    parser.add_argument("--clients", default="1,4,8", help="HTTP client counts")
    parser.add_argument("--profile", action="store_true", help="cProfile the submit POSTs")
    parser.add_argument("--top", type=int, default=30, help="lines of the cProfile list")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--sql", default="", help="steps whose SQL to print (the last run), e.g. submit,open"
    )
    args = parser.parse_args()
    counts = [int(part) for part in args.clients.split(",")]
    if max(counts) > MAX_CLIENTS or args.flows >= 20:
        parser.error(f"at most {MAX_CLIENTS} clients and 19 flows (a session keeps 20)")

    setup_django(tempfile.mkdtemp(prefix="irs-bench-"))
    from django.db import connection

    reset_database()
    users = seed()
    print(f"database: {connection.vendor}; DEBUG off; date {time.strftime('%Y-%m-%d')}")
    show_sql = [step for step in args.sql.split(",") if step]
    in_process(users, args.iterations, args.profile, args.top, show_sql)
    if not args.skip_http:
        over_http(users, counts, args.rounds, args.flows)


if __name__ == "__main__":
    main()
