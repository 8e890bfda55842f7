"""Routing's test helpers: reports to deliver, wiki routes, and real worker processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reports.models import Flow, Report
from testing.databases import database_url
from wikis.models import ConfigRevision

PROJECT = Path(__file__).resolve().parents[2]
BOARD = "Project:Incidents"


def make_report(wiki, reporter, **fields) -> Report:
    values = {
        "wiki": wiki,
        "reporter": reporter,
        "reporter_username": reporter.username,
        "reporter_email": reporter.email,
        "flow": Flow.NON_EMERGENCY,
        "incident_type": "intimidation",
        "reported_user": "Troublemaker",
        "page_title": "User talk:Reporter",
        "revision_id": 12345,
        "thread_id": "c-Troublemaker-20260101",
        "details": "They keep following me around.",
        "direct_report_text": "Please look at this.",
        "filed": True,
        "submission_token": os.urandom(8).hex(),
    }
    values.update(fields)
    return Report.objects.create(**values)


def set_routes(wiki, type_key: str, destinations: list, **type_fields) -> None:
    """A new configuration revision giving `type_key` these direct-report destinations."""
    config = wiki.config
    for entry in config["non_emergency"]["types"]:
        if entry["key"] == type_key:
            entry["direct_report"] = {"enabled": True, "destinations": destinations}
            entry.update(type_fields)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="routes for tests")
    wiki.__dict__.pop("current_revision", None)


def set_wiki_facts(wiki, **facts) -> None:
    config = wiki.config
    config["wiki"].update(facts)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="wiki facts for tests")
    wiki.__dict__.pop("current_revision", None)


def worker_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        IRS_DELIVERY_BACKOFF_BASE="0.2",
        IRS_DELIVERY_BACKOFF_CAP="1",
        IRS_LOG_LEVEL="ERROR",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def worker_command(*args) -> list[str]:
    return [
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
        *args,
    ]


def run_worker(env: dict, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(
        worker_command(*args),
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result


def start_worker(env: dict, *args) -> subprocess.Popen:
    return subprocess.Popen(
        worker_command(*args),
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def report_factory(wiki, reporter):
    def build(**fields):
        return make_report(fields.pop("wiki", wiki), fields.pop("reporter", reporter), **fields)

    return build


@pytest.fixture
def board(mediawiki, wiki, settings, monkeypatch):
    """The demo wiki pointed at the real MediaWiki, with a bot password as a named secret."""
    if not hasattr(mediawiki, "_irs_bot"):
        mediawiki.create_user("IRS bot", groups=("bot",))
        mediawiki._irs_bot = mediawiki.create_bot_password("IRS bot", appid="irs")
        mediawiki.edit(BOARD, "Incidents reported through IRS.\n")
    user, password = mediawiki._irs_bot
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_USER", user)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_PASSWORD", password)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_WIKIS", wiki.slug)
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_API", mediawiki.api_url)
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    settings.IRS_DELIVERY_BACKOFF_BASE = 0
    set_wiki_facts(wiki, base_url=mediawiki.url, script_path="", api_url=mediawiki.api_url)
    return mediawiki
