"""The health endpoints: /healthz for load balancers, /healthz/full in JSON for monitoring
(database, the delivery workers' heartbeats, the outbox backlog)."""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from irs import heartbeat
from irs.models import WorkerHeartbeat
from routing.models import Delivery, DeliveryStatus
from testing.databases import database_url
from testing.processes import PROJECT, run_django_script
from testing.servers import free_port


def full(client):
    response = client.get("/healthz/full")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def due_delivery(waited: timedelta) -> Delivery:
    return Delivery.objects.create(
        kind="email",
        destination={"to": ["team@example.org"]},
        status=DeliveryStatus.PENDING,
        next_attempt_at=timezone.now() - waited,
    )


def test_healthy_with_a_live_worker_and_no_backlog(client, db):
    heartbeat.beat("worker-a")

    status, body = full(client)

    assert status == 200
    assert body["ok"] is True
    assert body["database"] == {"ok": True}
    assert body["workers"]["ok"] is True and body["workers"]["live"] == 1
    assert body["workers"]["last_heartbeat_seconds"] == 0
    assert body["outbox"]["due"] == 0 and body["outbox"]["oldest_due_seconds"] is None


def test_unhealthy_without_any_worker_heartbeat(client, db):
    status, body = full(client)

    assert status == 503
    assert body["ok"] is False
    assert body["workers"] == {"ok": False, "live": 0, "last_heartbeat_seconds": None}


def test_unhealthy_when_the_last_heartbeat_is_too_old(client, db, settings):
    settings.IRS_HEALTH_HEARTBEAT_SECONDS = 60
    heartbeat.beat("worker-a", now=timezone.now() - timedelta(seconds=90))

    status, body = full(client)

    assert status == 503
    assert body["workers"]["live"] == 0
    assert 90 <= body["workers"]["last_heartbeat_seconds"] < 95


def test_a_young_backlog_is_healthy_and_an_old_one_is_not(client, db, settings):
    settings.IRS_HEALTH_MAX_BACKLOG_SECONDS = 900
    heartbeat.beat("worker-a")
    due_delivery(timedelta(seconds=100))

    status, body = full(client)
    assert status == 200
    assert body["outbox"]["due"] == 1 and 100 <= body["outbox"]["oldest_due_seconds"] < 105

    due_delivery(timedelta(seconds=1000))
    status, body = full(client)
    assert status == 503
    assert body["ok"] is False and body["workers"]["ok"] is True
    assert body["outbox"]["ok"] is False
    assert body["outbox"]["due"] == 2 and body["outbox"]["oldest_due_seconds"] >= 1000


def test_it_says_nothing_personal(client, db, reporter):
    heartbeat.beat("worker-a")
    Delivery.objects.create(
        kind="email", destination={"to": ["secret-person@example.org"]}, last_error="Reporter"
    )
    text = client.get("/healthz/full").content.decode()
    assert "example.org" not in text and "Reporter" not in text
    assert set(json.loads(text)) == {"ok", "database", "workers", "outbox"}


def test_beats_replace_a_workers_row_and_forget_long_gone_workers(db):
    now = timezone.now()
    heartbeat.beat("gone", now=now - timedelta(days=2))
    heartbeat.beat("worker-a", now=now - timedelta(seconds=5))
    heartbeat.beat("worker-a", now=now)

    assert list(WorkerHeartbeat.objects.values_list("worker_id", "beat_at")) == [("worker-a", now)]


def test_a_database_that_does_not_answer_is_503(tmp_path):
    """A real refused connection: PostgreSQL on a loopback port nobody listens on."""
    script = (
        "import json\n"
        "from django.test import Client\n"
        "c = Client()\n"
        "for path in ('/healthz', '/healthz/full'):\n"
        "    r = c.get(path)\n"
        "    print(json.dumps([path, r.status_code, r.content.decode()]))\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://irs@127.0.0.1:{free_port()}/irs",
        "IRS_LOG_LEVEL": "CRITICAL",
    }
    output = run_django_script(script, env)
    answers = [json.loads(line) for line in output.splitlines()]
    assert answers[0] == ["/healthz", 503, "database unavailable"]
    assert answers[1][:2] == ["/healthz/full", 503]
    assert json.loads(answers[1][2]) == {"ok": False, "database": {"ok": False}}


def test_manage_py_worker_records_its_heartbeat_while_it_runs(transactional_db):
    env = {**os.environ, "DATABASE_URL": database_url(), "IRS_LOG_LEVEL": "ERROR"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=PROJECT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while not WorkerHeartbeat.objects.exists():
            assert worker.poll() is None, "the worker ended"
            assert time.monotonic() < deadline, "no heartbeat within 30 s"
            time.sleep(0.2)
        row = WorkerHeartbeat.objects.get()
        assert row.pid == worker.pid
        assert heartbeat.liveness()["live"] == 1
    finally:
        worker.terminate()
        assert worker.wait(timeout=20) == 0


@pytest.mark.parametrize("path", ["/healthz", "/healthz/full"])
def test_health_endpoints_need_no_login(client, db, path):
    assert client.get(path).status_code in (200, 503)
