"""Delivery throughput: the durable worker against a plain smtplib loop, same run, same sink.

Enqueues N reports (default 10,000) with one email destination each, lets `manage.py
db_worker --batch` deliver them to a local SMTP sink (aiosmtpd on 127.0.0.1), then sends the
very same messages with a bare smtplib loop over one connection, and prints deliveries per
second for both and their ratio. The worker does per delivery what the loop does not: claim
the row, render the templates, send, record the outcome, and run the task queue.

    python benchmarks/delivery_throughput.py            # 10,000 reports
    python benchmarks/delivery_throughput.py -n 1000    # fewer
    python benchmarks/delivery_throughput.py --workers 2

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set (then it
must be an empty, disposable database).
"""

import argparse
import email.policy
import os
import resource
import secrets
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--reports", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="irs-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["IRS_VAR_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")

    from testing.smtp import SMTPServer

    sink = SMTPServer().start()
    os.environ.update(sink.env())

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from irs import demo
    from routing.channels.email import EmailChannel
    from routing.models import Delivery
    from routing.outbox import record_deliveries
    from routing.tests.conftest import make_report, set_routes

    call_command("migrate", verbosity=0)
    wiki = demo.ensure_wiki()
    reporter = demo.make_user(wiki, "Reporter")
    set_routes(wiki, "intimidation", [{"kind": "email", "to": ["responders@example.org"]}])

    started = time.perf_counter()
    with transaction.atomic():
        for _ in range(args.reports):
            record_deliveries(make_report(wiki, reporter))
    enqueue_seconds = time.perf_counter() - started
    print(
        f"enqueued {args.reports} reports in {enqueue_seconds:.1f}s "
        f"({args.reports / enqueue_seconds:.0f}/s, report + delivery + task rows)"
    )

    # Workers keep their database connection (see docs/routing.md, "Running workers").
    # The workers run as in production (debug off), which needs a secret key of its own.
    env = dict(os.environ, IRS_LOG_LEVEL="ERROR", IRS_SECRET_KEY=secrets.token_urlsafe(50))
    env.setdefault("IRS_DB_CONN_MAX_AGE", "600")
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0",
        "--no-reload",
        "-v",
        "0",
    ]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    workers = [
        subprocess.Popen([*command, "--worker-id", f"bench-{n}"], cwd=PROJECT, env=env)
        for n in range(args.workers)
    ]
    for worker in workers:
        worker.wait()
    worker_seconds = time.perf_counter() - started
    # CPU time the worker processes used (user + system): steadier than wall time on a
    # machine shared with other jobs. Includes each worker's start-up (Django, migrations
    # check), a fixed cost of well under a second.
    worker_cpu = _children_cpu() - cpu_before
    times = list(Delivery.objects.order_by("sent_at").values_list("sent_at", "attempts", "status", "created_at"))
    import collections
    print("attempts", collections.Counter(a for _t, a, _s, _c in times), collections.Counter(s for _t, _a, s, _c in times))
    gaps = sorted(((b[0] - a[0]).total_seconds(), i) for i, (a, b) in enumerate(zip(times, times[1:])) if a[0] and b[0])
    print("largest gaps", gaps[-5:], "first", times[0][0], "last", times[-1][0])
    from django_tasks_db.models import DBTaskResult
    print(collections.Counter(DBTaskResult.objects.values_list("status", flat=True)))
    sent = Delivery.objects.filter(status="sent").count()
    received = len(sink.captured())
    assert sent == args.reports == received, (sent, received)

    # The baseline: the same messages, built up front, over one plain SMTP connection.
    messages = []
    for delivery in Delivery.objects.select_related("report__wiki").order_by("id"):
        message = EmailChannel(delivery.destination).build(delivery)
        data = message.message(policy=email.policy.SMTP).as_bytes()
        messages.append((message.from_email, message.recipients(), data))
    sink.reset()
    started = time.perf_counter()
    with smtplib.SMTP(sink.host, sink.port) as smtp:
        for sender, recipients, data in messages:
            smtp.sendmail(sender, recipients, data)
    loop_seconds = time.perf_counter() - started
    assert len(sink.captured()) == args.reports
    sink.stop()

    worker_rate = args.reports / worker_seconds
    loop_rate = args.reports / loop_seconds
    print(
        f"worker ({args.workers} process{'es' if args.workers > 1 else ''}): "
        f"{worker_rate:.0f} deliveries/s ({worker_seconds:.1f}s)"
    )
    print(
        f"worker CPU time: {worker_cpu * 1000 / args.reports:.1f} ms per delivery "
        f"({worker_cpu:.1f}s in all)"
    )
    print(f"plain smtplib loop: {loop_rate:.0f} messages/s ({loop_seconds:.1f}s)")
    print(f"ratio worker/loop: {worker_rate / loop_rate:.2f}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
