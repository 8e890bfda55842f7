"""The demo's MediaWiki (manage.py demo_wiki, irs/demo_wiki.py), against a real MediaWiki; and
the demo without one."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command

from irs import demo, demo_wiki
from irs.mediawiki import MediaWiki
from irs.ports import free_port, wait_for_port
from wikis.models import Wiki

ROOT = Path(__file__).resolve().parents[2]


def _login(api_url: str, name: str, password: str) -> requests.Session:
    session = requests.Session()
    token = session.get(
        api_url,
        params={"action": "query", "meta": "tokens", "type": "login", "format": "json"},
        timeout=20,
    ).json()["query"]["tokens"]["logintoken"]
    answer = session.post(
        api_url,
        data={
            "action": "login",
            "lgname": name,
            "lgpassword": password,
            "lgtoken": token,
            "format": "json",
        },
        timeout=20,
    ).json()
    assert answer["login"]["result"] == "Success", (name, answer)
    return session


@pytest.fixture
def seeded(db, settings, tmp_path, monkeypatch):
    """manage.py demo_wiki run twice (idempotent) into tmp_path, then the wiki served."""
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the command exports the credential
    settings.VAR_DIR = tmp_path
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    port = free_port()
    call_command("demo_wiki", port=port, stdout=open(os.devnull, "w"))
    call_command("demo_wiki", port=port, stdout=open(os.devnull, "w"))
    wiki = MediaWiki(root=tmp_path / "mediawiki", port=port)
    wiki.start()
    yield wiki
    wiki.stop()


@pytest.mark.mediawiki
def test_the_demo_wiki_has_signed_conversations_accounts_the_entry_point_and_a_bot(seeded):
    talk = seeded.wikitext(demo_wiki.TALK_PAGE)
    threads = re.findall(r"^== (.+) ==$", talk, re.M)
    assert len(threads) >= 3
    signatures = re.findall(
        r"\[\[User:(\w+)\|\1\]\] \(\[\[User talk:\1\|talk\]\]\) [^\n]+ \(UTC\)", talk
    )
    assert {demo_wiki.HARASSER, "Reporter"} <= set(signatures)
    assert "(UTC)" in seeded.rendered_html(demo_wiki.ARTICLE_TALK_PAGE)
    for title in (f"User:{demo_wiki.HARASSER}", demo.DEMO_NOTICEBOARD, demo.DEMO_ADMINS_PAGE):
        assert seeded.wikitext(title), title
    assert "http://127.0.0.1:8000/embed/demowiki/entry.js" in seeded.wikitext("MediaWiki:Common.js")
    # Every demo account logs in to the wiki with the demo password; Blocked is blocked there.
    for username, _description, _facts in demo.DEMO_ACCOUNTS:
        _login(seeded.api_url, username, demo.DEMO_PASSWORD)
    users = seeded.api(action="query", list="users", ususers="Blocked|Reporter", usprop="blockinfo")
    blocked = {user["name"]: "blockid" in user for user in users["query"]["users"]}
    assert blocked == {"Blocked": True, "Reporter": False}
    # The bot credential bin/demo exports edits the noticeboard.
    env = dict(
        line.removeprefix("export ").split("=", 1)
        for line in (seeded.root / "demo.env").read_text().splitlines()
    )
    assert env["IRS_CREDENTIAL_DEMOWIKI_BOT_API"] == seeded.api_url
    assert env["IRS_CREDENTIAL_DEMOWIKI_BOT_WIKIS"] == "demowiki"
    bot = _login(seeded.api_url, "IRS bot@irs", env["IRS_CREDENTIAL_DEMOWIKI_BOT_PASSWORD"])
    token = bot.get(
        seeded.api_url,
        params={"action": "query", "meta": "tokens", "format": "json"},
        timeout=20,
    ).json()["query"]["tokens"]["csrftoken"]
    edit = bot.post(
        seeded.api_url,
        data={
            "action": "edit",
            "title": demo.DEMO_NOTICEBOARD,
            "appendtext": "\n== Test ==\nA test post.",
            "token": token,
            "format": "json",
        },
        timeout=20,
    ).json()
    assert edit["edit"]["result"] == "Success"


@pytest.mark.mediawiki
def test_the_irs_demo_wiki_points_at_it_and_posts_trolling_to_its_noticeboard(seeded):
    wiki = Wiki.objects.get(slug=demo.DEMO_WIKI)
    assert wiki.config["wiki"]["base_url"] == seeded.url
    assert wiki.config["wiki"]["api_url"] == seeded.api_url
    assert wiki.config["wiki"]["script_path"] == ""
    types = {t["key"]: t for t in wiki.config["non_emergency"]["types"]}
    assert types["trolling"]["direct_report"]["destinations"] == [
        {"kind": "noticeboard", "page": demo.DEMO_NOTICEBOARD, "credential": demo.DEMO_CREDENTIAL}
    ]
    # The wiki knows the users IRS asks it about (autocomplete, the reported-user check).
    users = seeded.api(action="query", list="allusers", auprefix=demo_wiki.HARASSER[:3])
    assert demo_wiki.HARASSER in [user["name"] for user in users["query"]["allusers"]]
    # seed_demo without the wiki points the demo wiki back at the reserved example addresses.
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    wiki = Wiki.objects.get(slug=demo.DEMO_WIKI)
    assert wiki.config["wiki"]["base_url"] == "https://demowiki.example.org"


def test_without_mediawiki_the_command_says_why(db, settings, tmp_path, monkeypatch):
    monkeypatch.setattr("irs.mediawiki.MEDIAWIKI_DIR", tmp_path / "no-mediawiki")
    settings.VAR_DIR = tmp_path
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    with pytest.raises(CommandError, match="the demo's MediaWiki cannot run: MediaWiki is not"):
        call_command("demo_wiki", port=free_port())
    assert not Wiki.objects.filter(slug=demo.DEMO_WIKI).exists()


def test_the_command_wants_plain_http_allowed(db, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    with pytest.raises(CommandError, match="IRS_ROUTING_ALLOW_INSECURE_URLS=1"):
        call_command("demo_wiki", port=free_port())


def test_the_home_page_starts_with_the_talk_page_only_while_the_wiki_runs(client, db, settings):
    demo.seed_demo()
    settings.IRS_DEMO_MEDIAWIKI_URL = ""
    page = client.get("/").content.decode()
    assert "Open the talk page on the demo wiki" not in page
    assert "Log in as Reporter (password demo-password)" in page
    settings.IRS_DEMO_MEDIAWIKI_URL = "http://127.0.0.1:8001"
    page = client.get("/").content.decode()
    assert (
        '<a class="button primary" href="http://127.0.0.1:8001/index.php?title=User_talk%3AReporter">'
        "Open the talk page on the demo wiki</a>" in page
    )
    assert f"{demo_wiki.HARASSER} harasses Reporter" in page
    assert "Abra a página de discussão" in client.get("/?uselang=pt").content.decode()


def test_without_mediawiki_bin_demo_says_so_in_one_line_and_starts(tmp_path):
    port = free_port()
    # The demo runs on its embedded defaults (SQLite), whatever database the tests use.
    env = {
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        "PORT": str(port),
        "IRS_VAR_DIR": str(tmp_path),
        "IRS_MEDIAWIKI_DIR": str(tmp_path / "no-mediawiki"),
    }
    process = subprocess.Popen(
        [str(ROOT / "bin" / "demo")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 120
        assert process.stderr is not None
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "IRS runs on" in line:
                break
        wait_for_port(port, timeout=60)
        home = requests.get(f"http://127.0.0.1:{port}/", timeout=20)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    said = [line for line in lines if "MediaWiki" in line]
    assert len(said) == 1, lines
    assert (
        "No demo MediaWiki (the demo's MediaWiki cannot run: MediaWiki is not installed" in said[0]
    )
    assert "IRS starts without it." in said[0]
    assert "Log in as Reporter (password demo-password)" in home.text
    assert "Open the talk page on the demo wiki" not in home.text
