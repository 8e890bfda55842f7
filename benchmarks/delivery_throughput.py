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

    # The workers (_worker_setup). First one worker on the empty queue, to
    # measure what every worker spends starting (Django, system checks) before its first task.
    env, command = _worker_setup()
    startup_cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run([*command, "--worker-id", "bench-startup"], cwd=PROJECT, env=env, check=True)
    startup_seconds = time.perf_counter() - started
    startup_cpu = _children_cpu() - startup_cpu

    started = time.perf_counter()
    with transaction.atomic():
        for _ in range(args.reports):
            record_deliveries(make_report(wiki, reporter))
    enqueue_seconds = time.perf_counter() - started
    print(
        f"enqueued {args.reports} reports in {enqueue_seconds:.1f}s "
        f"({args.reports / enqueue_seconds:.0f}/s, report + delivery + task rows)"
    )

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
    loop_cpu = time.thread_time()  # this thread only: the sink answers from threads of its own
    with smtplib.SMTP(sink.host, sink.port) as smtp:
        for sender, recipients, data in messages:
            smtp.sendmail(sender, recipients, data)
    loop_cpu = time.thread_time() - loop_cpu
    loop_seconds = time.perf_counter() - started
    assert len(sink.captured()) == args.reports
    sink.stop()

    worker_rate = args.reports / worker_seconds
    loop_rate = args.reports / loop_seconds
    # Without each worker's start-up (measured above), which a long-running worker pays once.
    steady_seconds = max(worker_seconds - startup_seconds, 1e-9)
    steady_cpu = max(worker_cpu - startup_cpu * args.workers, 1e-9)
    print(
        f"worker ({args.workers} process{'es' if args.workers > 1 else ''}): "
        f"{worker_rate:.0f} deliveries/s ({worker_seconds:.1f}s); start-up of one worker "
        f"{startup_seconds:.1f}s, {startup_cpu:.1f}s CPU; without it "
        f"{args.reports / steady_seconds:.0f} deliveries/s"
    )
    print(
        f"worker CPU time: {worker_cpu * 1000 / args.reports:.1f} ms per delivery "
        f"({worker_cpu:.1f}s in all); without start-up {steady_cpu * 1000 / args.reports:.1f} ms"
    )
    print(
        f"plain smtplib loop: {loop_rate:.0f} messages/s ({loop_seconds:.1f}s), "
        f"{loop_cpu * 1000 / args.reports:.2f} ms CPU per message"
    )
    print(f"ratio worker/loop: {worker_rate / loop_rate:.2f}")
    print(f"ratio worker/loop without the worker's start-up: {loop_seconds / steady_seconds:.2f}")
    print(f"ratio of CPU per message, loop/worker without start-up: {loop_cpu / steady_cpu:.2f}")


def _worker_setup() -> tuple[dict, list[str]]:
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
    return env, command


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
