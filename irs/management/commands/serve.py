"""manage.py serve: the production processes under one small supervisor (bin/serve runs it).

It starts gunicorn on IRS_BIND, IRS_WORKERS delivery workers and the periodic commands, each
in its own process group; restarts any that ends (waiting longer after each quick death, one
log line each time); and on SIGTERM or SIGINT stops them all (SIGTERM to each, SIGKILL to what
is left in their groups after IRS_STOP_SECONDS) and exits. docs/operations.md.
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from irs.env import env_int, env_str

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
# A child that ran this long before it ended starts again at once; quicker deaths wait
# 1, 2, 4 ... up to MAX_BACKOFF seconds, so that a broken one does not spin.
STABLE_SECONDS = 30.0
MAX_BACKOFF = 60.0


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0
    restart_at: float | None = None


def manage(*args: str) -> list[str]:
    return [sys.executable, MANAGE, *args]


def children() -> list[Child]:
    port = env_int("PORT", 8000, minimum=1)
    bind = env_str("IRS_BIND", "").strip() or f"127.0.0.1:{port}"
    stop = env_int("IRS_STOP_SECONDS", 10, minimum=1)
    web = Child(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "irs.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(env_int("IRS_WEB_PROCESSES", 2, minimum=1)),
            "--graceful-timeout",
            str(max(1, stop - 2)),
            "--access-logfile",
            "-",
        ],
    )
    # Workers keep their database connection between tasks.
    worker_env = {"IRS_DB_CONN_MAX_AGE": os.environ.get("IRS_DB_CONN_MAX_AGE", "600")}
    workers = [
        Child(f"worker-{n}", manage("worker", "--interval", "1"), worker_env)
        for n in range(1, env_int("IRS_WORKERS", 2, minimum=1) + 1)
    ]
    periodic = [
        Child("sweeper", manage("deliver_due", "--every", "60")),
        Child("desk-clocks", manage("desk_clocks", "--every", "300")),
        Child("privacy-purge", manage("privacy_purge", "--every", "86400")),
        # The funnel's daily counts and the dashboards' daily case totals (docs/metrics.md).
        Child("metrics-rollup", manage("funnel_rollup", "--every", "3600")),
    ]
    if settings.IRS_TRANSPARENCY_API_URL:
        # Without the API's address the command has nothing to do and ends at once.
        periodic.append(Child("statements", manage("statements", "submit", "--every", "3600")))
    return [web, *workers, *periodic]


class Command(BaseCommand):
    help = (
        "Run the web server (gunicorn), IRS_WORKERS delivery workers and the periodic "
        "commands, restarting any that dies; SIGTERM or SIGINT stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check-every",
            type=float,
            default=0.5,
            help="Seconds between looks at the children (default 0.5).",
        )

    def say(self, message: str) -> None:
        self.stderr.write(f"irs serve: {message}")
        self.stderr.flush()

    def handle(self, *args, check_every, **options):
        self.stopping = False
        self.stop_seconds = env_int("IRS_STOP_SECONDS", 10, minimum=1)

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        kids = children()
        try:
            for child in kids:
                self.start(child)
            while not self.stopping:
                self.look_after(kids)
                time.sleep(check_every)
        finally:
            self.stop_all(kids)

    def start(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            child.argv,
            env={**os.environ, **child.env},
            # Its own process group: stopping it stops whatever it started (gunicorn's
            # workers), and a Ctrl-C in the terminal reaches only this supervisor.
            start_new_session=True,
        )
        child.started = time.monotonic()
        child.restart_at = None
        self.say(f"started {child.name} (pid {child.process.pid})")

    def look_after(self, kids: list[Child]) -> None:
        now = time.monotonic()
        for child in kids:
            if child.restart_at is not None:
                if now >= child.restart_at and not self.stopping:
                    self.start(child)
                continue
            assert child.process is not None
            code = child.process.poll()
            if code is None:
                continue
            ran = now - child.started
            child.failures = 0 if ran >= STABLE_SECONDS else child.failures + 1
            delay = 0.0 if child.failures == 0 else min(MAX_BACKOFF, 2.0 ** (child.failures - 1))
            how = f"signal {-code}" if code < 0 else f"status {code}"
            self.say(
                f"{child.name} (pid {child.process.pid}) ended with {how} after {ran:.0f} s; "
                f"restarting in {delay:.0f} s"
            )
            child.restart_at = now + delay

    def stop_all(self, kids: list[Child]) -> None:
        running = [c for c in kids if c.process is not None and c.process.poll() is None]
        self.say(f"stopping {len(running)} processes")
        for child in running:
            # The child itself, which stops its own (gunicorn its workers, gracefully).
            assert child.process is not None
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_seconds
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{child.name} (pid {child.process.pid}) did not stop: killed")
        # Whatever is left in the groups (a child's own children) goes too.
        for child in kids:
            if child.process is not None:
                self.signal_group(child, signal.SIGKILL)
                child.process.wait()
        self.say("stopped")

    @staticmethod
    def signal_group(child: Child, signum: int) -> None:
        assert child.process is not None
        try:
            os.killpg(child.process.pid, signum)
        except ProcessLookupError:
            pass
