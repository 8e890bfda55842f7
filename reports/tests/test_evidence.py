"""Evidence capture against a real MediaWiki 1.39: the revision, the comment or topic, the
permalink; the location check; capture after commit with retries."""

import os
import re
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from irs import demo
from reports.evidence import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    EvidenceError,
    capture_evidence,
    check_location,
)
from reports.models import Report
from routing import delivery as sending
from routing import outbox
from routing.models import Delivery
from testing.mediawiki import irs_wiki_for
from testing.servers import free_port
from wikis.models import ConfigRevision

pytestmark = [pytest.mark.mediawiki, pytest.mark.usefixtures("insecure_urls")]  # loopback

PAGE = "Talk:Evidence test"
_STAMP = re.compile(r"(\d\d:\d\d, \d{1,2} \w+ \d{4} \(UTC\))")


def append(mediawiki, title, text, user):
    mediawiki.edit(title, (mediawiki.wikitext(title) + "\n" + text).strip(), user=user)


@pytest.fixture(scope="module")
def talk(mediawiki):
    """A talk page with two topics and signed comments by three users; its facts."""
    for name in ("Ev Alice", "Ev Bob", "Ev Carol"):
        mediawiki.create_user(name)
    append(
        mediawiki,
        PAGE,
        "== Edit war on the article ==\nYou keep reverting my edits. ~~~~",
        "Ev Alice",
    )
    append(mediawiki, PAGE, ":Because they are wrong, you idiot.\n:Go away. ~~~~", "Ev Bob")
    append(mediawiki, PAGE, "::Please stay civil. ~~~~", "Ev Alice")
    append(mediawiki, PAGE, "== Another topic ==\nHello there. ~~~~", "Ev Carol")
    text = mediawiki.wikitext(PAGE)
    bob_line = next(line for line in text.splitlines() if "Go away" in line)
    stamp = _STAMP.search(bob_line).group(1)
    mediawiki.edit("Talk:Elsewhere", "Unrelated ~~~~", user="Ev Carol")
    return {
        "revid": mediawiki.latest_revision(PAGE),
        "bob_stamp": stamp,
        "other_revid": mediawiki.latest_revision("Talk:Elsewhere"),
    }


@pytest.fixture
def mw_wiki(db, mediawiki):
    return irs_wiki_for(mediawiki)


def make_report(wiki, **fields):
    reporter = demo.make_user(wiki, "Ev Reporter")
    defaults = {
        "flow": "non-emergency",
        "incident_type": "intimidation",
        "page_title": PAGE,
        "source": "comment",
        "submission_token": f"t{Report.objects.count()}",
    }
    return Report.objects.create(
        wiki=wiki, reporter=reporter, reporter_username="Ev Reporter", **{**defaults, **fields}
    )


def comment_id(user, stamp):
    return f"c-{user.replace(' ', '_')}-{stamp.replace(' ', '_')}"


def test_it_captures_the_reported_comment_with_its_revision_and_permalink(mw_wiki, talk, mediawiki):
    report = make_report(
        mw_wiki,
        revision_id=talk["revid"],
        reported_user="Ev Bob",
        thread_id=comment_id("Ev Bob", talk["bob_stamp"]),
    )
    evidence = capture_evidence(report)
    assert evidence["status"] == "captured"
    assert evidence["found"] is True
    assert evidence["kind"] == "comment"
    assert evidence["author"] == "Ev Bob"
    assert "Because they are wrong, you idiot." in evidence["text"]
    assert "Go away." in evidence["text"]
    assert "reverting my edits" not in evidence["text"]
    assert "stay civil" not in evidence["text"]
    assert evidence["page"]["title"] == PAGE
    assert evidence["revision"]["id"] == talk["revid"]
    assert evidence["revision"]["user"] == "Ev Carol"
    assert evidence["revision"]["timestamp"].endswith("Z")
    assert evidence["section"]["title"] == "Edit war on the article"
    assert evidence["permalink"] == (
        f"{mediawiki.url}/index.php?oldid={talk['revid']}#Edit_war_on_the_article"
    )
    assert Report.objects.get(pk=report.pk).evidence == evidence


def test_it_understands_discussiontools_comment_ids(mw_wiki, talk):
    when = datetime.strptime(talk["bob_stamp"], "%H:%M, %d %B %Y (UTC)")
    thread = f"c-Ev_Bob-{when:%Y%m%d%H%M}00-Edit_war_on_the_article"
    report = make_report(mw_wiki, revision_id=talk["revid"], thread_id=thread)
    evidence = capture_evidence(report)
    assert evidence["found"] and evidence["author"] == "Ev Bob"
    assert "Go away." in evidence["text"]
    assert evidence["permalink"].endswith("#" + thread)


def test_it_captures_a_whole_topic_for_a_topic_report(mw_wiki, talk):
    report = make_report(
        mw_wiki, revision_id=talk["revid"], source="topic", thread_id="Edit_war_on_the_article"
    )
    evidence = capture_evidence(report)
    assert evidence["kind"] == "topic" and evidence["found"]
    assert evidence["text"].startswith("== Edit war on the article ==")
    assert "Go away." in evidence["text"] and "stay civil" in evidence["text"]
    assert "Another topic" not in evidence["text"]
    assert evidence["permalink"].endswith("#Edit_war_on_the_article")


def test_a_tools_report_keeps_the_revision_facts(mw_wiki, talk):
    report = make_report(mw_wiki, revision_id=talk["revid"], source="tools")
    evidence = capture_evidence(report)
    assert evidence["kind"] == "page"
    assert evidence["revision"]["id"] == talk["revid"]
    assert evidence["permalink"].endswith(f"oldid={talk['revid']}")


def test_the_evidence_survives_the_comment_being_deleted_on_the_wiki(mw_wiki, talk, mediawiki):
    report = make_report(
        mw_wiki,
        revision_id=talk["revid"],
        reported_user="Ev Bob",
        thread_id=comment_id("Ev Bob", talk["bob_stamp"]),
    )
    capture_evidence(report)
    cleaned = "\n".join(
        line
        for line in mediawiki.wikitext(PAGE).splitlines()
        if "Go away" not in line and "you idiot" not in line
    )
    mediawiki.edit(PAGE, cleaned, user="Ev Bob", summary="removing my comment")
    assert "Go away" not in mediawiki.wikitext(PAGE)
    stored = Report.objects.get(pk=report.pk).evidence
    assert "Because they are wrong, you idiot." in stored["text"]
    assert stored["revision"]["id"] == talk["revid"]


def test_it_refuses_a_revision_of_another_page(mw_wiki, talk):
    with pytest.raises(EvidenceError, match="belongs to “Talk:Elsewhere”"):
        check_location(mw_wiki, PAGE, talk["other_revid"])


def test_it_refuses_a_revision_that_does_not_exist(mw_wiki, talk):
    with pytest.raises(EvidenceError, match="does not exist"):
        check_location(mw_wiki, PAGE, 99999999)


def test_it_refuses_a_thread_that_is_not_in_the_revision(mw_wiki, talk):
    with pytest.raises(EvidenceError, match="not in revision"):
        check_location(mw_wiki, PAGE, talk["revid"], "No_such_topic")
    with pytest.raises(EvidenceError, match="not in revision"):
        check_location(
            mw_wiki, PAGE, talk["revid"], "c-Ev_Carol-01:02,_1_January_2001_(UTC)", "Ev Carol"
        )


def test_it_accepts_the_page_under_another_spelling(mw_wiki, talk):
    assert (
        check_location(
            mw_wiki,
            "talk:Evidence_test",
            talk["revid"],
            comment_id("Ev Bob", talk["bob_stamp"]),
            "Ev Bob",
        )
        is True
    )


def test_an_unreachable_wiki_does_not_block_the_report(mw_wiki, talk):
    config = mw_wiki.config
    config["wiki"]["api_url"] = f"http://127.0.0.1:{free_port()}/api.php"
    ConfigRevision.objects.create(wiki=mw_wiki, data=config)
    wiki = type(mw_wiki).objects.get(pk=mw_wiki.pk)
    assert check_location(wiki, PAGE, talk["revid"], "Edit_war_on_the_article") is None


@pytest.mark.django_db(transaction=True)
def test_capture_runs_as_a_task_after_the_report_is_committed(mw_wiki, talk):
    with transaction.atomic():
        report = make_report(
            mw_wiki, revision_id=talk["revid"], source="topic", thread_id="Another_topic"
        )
        outbox.schedule_evidence(report)
        assert Report.objects.get(pk=report.pk).evidence == {"status": "pending", "attempts": 0}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    evidence = Report.objects.get(pk=report.pk).evidence
    assert evidence["status"] == "captured"
    assert "Hello there." in evidence["text"]


def capture_now(report):
    """The report's evidence delivery, made due and attempted once (as a worker would)."""
    item = Delivery.objects.get(report=report, kind="evidence")
    Delivery.objects.filter(pk=item.pk, status="pending").update(next_attempt_at=timezone.now())
    return sending.attempt(item.pk)


def test_capture_retries_while_the_wiki_is_down_then_gives_up_visibly(
    mw_wiki, talk, client, operator
):
    config = mw_wiki.config
    config["wiki"]["api_url"] = f"http://127.0.0.1:{free_port()}/api.php"
    ConfigRevision.objects.create(wiki=mw_wiki, data=config)
    report = make_report(
        type(mw_wiki).objects.get(pk=mw_wiki.pk), revision_id=talk["revid"], source="tools"
    )
    outbox.schedule_evidence(report)
    started = timezone.now()
    outcome = capture_now(report)
    assert outcome.status == "retry"
    # The evidence's own delays (1 minute after the first attempt), not the default backoff.
    assert abs((outcome.retry_at - started).total_seconds() - RETRY_DELAYS[0]) < 5
    evidence = Report.objects.get(pk=report.pk).evidence
    assert evidence["status"] == "pending" and evidence["attempts"] == 1
    assert "unreachable" in evidence["last_error"]
    for _ in range(MAX_ATTEMPTS - 1):
        capture_now(report)
    evidence = Report.objects.get(pk=report.pk).evidence
    assert evidence["status"] == "failed" and evidence["attempts"] == MAX_ATTEMPTS
    assert evidence["permanent"] is False and "unreachable" in evidence["error"]
    item = Delivery.objects.get(report=report, kind="evidence")
    assert item.status == "dead" and item.attempts == MAX_ATTEMPTS
    client.force_login(operator)
    assert report.reference in client.get("/operators/deliveries/dead").content.decode()


def test_a_lost_capture_task_is_found_by_the_sweeper(mw_wiki, talk):
    report = make_report(
        mw_wiki, revision_id=talk["revid"], source="topic", thread_id="Another_topic"
    )
    outbox.schedule_evidence(report)  # the test transaction never commits: no task was queued
    Delivery.objects.filter(report=report).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    call_command("deliver_due", grace=60, send=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Report.objects.get(pk=report.pk).evidence["status"] == "captured"
    assert Delivery.objects.get(report=report, kind="evidence").status == "sent"


def test_a_wrong_location_fails_at_once_with_the_reason(mw_wiki, talk):
    report = make_report(mw_wiki, revision_id=talk["other_revid"], source="tools")
    outbox.schedule_evidence(report)
    assert capture_now(report).status == "dead"
    evidence = Report.objects.get(pk=report.pk).evidence
    assert evidence["status"] == "failed" and evidence["permanent"]
    assert "belongs to" in evidence["error"]


def test_the_report_link_is_refused_clearly_when_the_revision_is_not_the_pages(
    client, mw_wiki, talk
):
    reporter = demo.make_user(mw_wiki, "Ev Reporter")
    client.force_login(reporter)
    response = client.get(
        f"/w/{mw_wiki.slug}/report", {"page": "Talk:Evidence_test", "revid": talk["other_revid"]}
    )
    assert response.status_code == 400
    assert "belongs to “Talk:Elsewhere”, not to “Talk:Evidence test”" in response.content.decode()
    good = client.get(
        f"/w/{mw_wiki.slug}/report",
        {
            "page": "Talk:Evidence_test",
            "revid": talk["revid"],
            "thread": "Edit_war_on_the_article",
            "source": "topic",
        },
    )
    assert good.status_code in (200, 302)
    assert "does not work" not in good.content.decode()


def test_a_huge_hostile_line_does_not_stall_the_search():
    import time

    from reports.evidence import find_comment

    signature = " [[User:Ev Bob|Ev Bob]] 12:00, 1 May 2026 (UTC)"
    content = "1" * 200_000 + "\n" + "2" * 200_000 + signature
    started = time.perf_counter()
    found = find_comment(
        content, "Ev Bob", "c-Ev_Bob-12:00,_1_May_2026_(UTC)", ["User", "User talk"], []
    )
    assert found.found
    assert time.perf_counter() - started < 2


# -- what MediaWiki reads literally is not a section or a comment (mwparserfromhell) ----------
LITERAL = """Intro.
<!-- An old copy, kept hidden:
== Threats ==
Go away. [[User:Ev Bob|Ev Bob]] 12:00, 1 May 2026 (UTC)
-->
<nowiki>
== Threats ==
</nowiki>
== Threats ==
You will regret this. [[User:Ev Bob|Ev Bob]] 12:00, 1 May 2026 (UTC)
== Later ==
Fine. [[User:Ev Ann|Ev Ann]] 13:00, 1 May 2026 (UTC)
"""
SECTIONS = [  # what action=parse&prop=sections says for LITERAL: two sections, not four
    {"index": "1", "line": "Threats", "anchor": "Threats", "level": "2"},
    {"index": "2", "line": "Later", "anchor": "Later", "level": "2"},
]


def test_a_signature_inside_a_comment_is_not_the_reported_comment():
    from reports.evidence import find_comment

    found = find_comment(LITERAL, "Ev Bob", "c-Ev_Bob-12:00,_1_May_2026_(UTC)",
                         ["User", "User talk"], SECTIONS)  # fmt: skip
    # A regex over the lines found the hidden copy ("Go away.") first.
    assert found.found and found.text == (
        "You will regret this. [[User:Ev Bob|Ev Bob]] 12:00, 1 May 2026 (UTC)"
    )
    assert found.section["index"] == "1"


def test_headings_in_comments_and_nowiki_do_not_shift_the_sections():
    from reports.evidence import find_comment, find_topic

    later = find_comment(LITERAL, "Ev Ann", "c-Ev_Ann-13:00,_1_May_2026_(UTC)",
                         ["User", "User talk"], SECTIONS)  # fmt: skip
    assert later.section == {"index": "2", "title": "Later", "anchor": "Later"}
    topic = find_topic(LITERAL, "Threats", SECTIONS)
    assert topic.found and topic.text.startswith("== Threats ==\nYou will regret this.")
    assert "Later" not in topic.text
