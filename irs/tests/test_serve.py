"""manage.py serve (bin/serve's supervisor) for real, against the throwaway PostgreSQL: a
report filed over HTTP is delivered by its workers, a killed worker is started again, and a
SIGTERM stops every process. Only on PostgreSQL (bin/test's second run)."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection

from irs.models import WorkerHeartbeat
from reports.models import Report
from reports.tests.helpers import to_support_page, token_in
from routing.models import Delivery, DeliveryStatus
from testing.databases import database_url
from testing.servers import free_port, wait_for_port

PROJECT = Path(__file__).resolve().parents[2]


class HttpClient:
    """The few calls the report helpers make, over real HTTP with the CSRF cookie."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path):
        return self.session.get(self._url(path), allow_redirects=False, timeout=30)

    def post(self, path, data):
        data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        return self.session.post(self._url(path), data=data, allow_redirects=False, timeout=30)


def wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what} within {seconds} s"
        time.sleep(0.2)


def children_of(pid: int) -> dict[int, str]:
    """The supervisor's direct children: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def alive(pid: int) -> bool:
    try:
        return "zombie" not in (Path(f"/proc/{pid}/status").read_text().lower())
    except OSError:
        return False


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")),
    reason="bin/serve runs on PostgreSQL: this runs in bin/test's PostgreSQL leg",
)
def test_serve_delivers_restarts_a_killed_worker_and_stops_everything(transactional_db, settings):
    assert connection.vendor == "postgresql"
    call_command("seed_demo", verbosity=0)
    # The tests hash with MD5 for speed; the served processes know only Django's defaults.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    from accounts.models import User

    reporter = User.objects.get(username="Reporter")
    reporter.set_password("demo-password")
    reporter.save()
    call_command("createcachetable", verbosity=0)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "IRS_DEBUG": "0",
        "IRS_SECRET_KEY": "serve-test-" + "k" * 50,
        "PORT": str(port),
        "IRS_WORKERS": "2",
        "IRS_WEB_PROCESSES": "1",
        "IRS_STOP_SECONDS": "5",
        "IRS_LOG_LEVEL": "ERROR",
    }
    env.pop("IRS_TRANSPARENCY_API_URL", None)
    supervisor = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--check-every", "0.2"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port)
        http = HttpClient(f"http://127.0.0.1:{port}")
        login_page = http.get("/accounts/login/")
        assert login_page.status_code == 200
        response = http.post(
            "/accounts/login/", {"username": "Reporter", "password": "demo-password"}
        )
        assert response.status_code == 302, response.text[:500]

        from wikis.models import Wiki

        url, page = to_support_page(http, Wiki.objects.get(slug="demowiki"), "intimidation")
        response = http.post(
            url, {"text": "They follow me around.", "submission_token": token_in(page)}
        )
        assert response.status_code == 302, response.text[:500]
        report = Report.objects.get(filed=True, reporter_username="Reporter")
        deliveries = Delivery.objects.filter(report=report)
        assert deliveries.exists()
        wait(
            lambda: all(d.status == DeliveryStatus.SENT for d in deliveries.all()),
            30,
            "the report's deliveries sent by the workers",
        )
        assert WorkerHeartbeat.objects.exists()
        assert http.get("/healthz/full").json()["workers"]["ok"] is True

        # A worker killed outright is started again.
        kids = children_of(supervisor.pid)
        workers = [pid for pid, cmd in kids.items() if re.search(r"manage\.py worker\b", cmd)]
        assert len(workers) == 2, kids
        # The scheduled jobs run beside them, the metrics' daily totals among them.
        for job in ("deliver_due --every 60", "desk_clocks --every 300", "funnel_rollup --every"):
            assert any(job in cmd for cmd in kids.values()), (job, kids)
        os.kill(workers[0], signal.SIGKILL)
        replacement = wait(
            lambda: [
                pid
                for pid, cmd in children_of(supervisor.pid).items()
                if "manage.py worker" in cmd and pid not in workers
            ],
            10,
            "a new worker",
        )
        assert len(replacement) == 1
        everything = set(children_of(supervisor.pid))
        # gunicorn's own workers belong to the supervisor's children's groups.
        everything |= {pid for kid in list(everything) for pid in children_of(kid)}
        assert len(everything) >= 7  # web + its worker, 2 workers, 3 periodic commands
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(timeout=10)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            raise
    log = supervisor.stderr.read()
    assert supervisor.returncode == 0, log
    assert re.search(rf"worker-\d \(pid {workers[0]}\) ended with signal 9", log), log
    wait(lambda: not any(alive(pid) for pid in everything), 2, "every child gone")
