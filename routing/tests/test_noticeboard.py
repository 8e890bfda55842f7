"""The noticeboard channel against a real MediaWiki 1.39 on loopback."""

import re

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import HTMLEntity, Text

from routing.channels.noticeboard import NoticeboardChannel, inert, section_title
from routing.delivery import attempt
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import BOARD, make_report

HOSTILE = (
    "{{subst:PAGENAME}} {{Delete}} [[Category:X]] [[User:Admin|admin]] ~~~~ ~~~\n"
    "== x ==\n"
    "</nowiki> <nowiki > </NOWIKI\t> <script>alert(1)</script> __NOTOC__ &lt;b&gt; "
    "[https://evil.example/ click] <ref>r</ref> ----\n"
    "* list\n:indent\n{| table"
)


def test_inert_text_keeps_every_character_inside_nowiki():
    wikitext = inert(HOSTILE)

    outside = re.sub(r"<nowiki>[^<>]*</nowiki>", "", wikitext)
    assert outside.replace("<br />", "") == ""
    assert "</nowiki>" not in wikitext.replace("</nowiki><br />", "").removesuffix("</nowiki>")


def test_inert_text_parses_as_nowiki_text_only_and_reads_back_literally():
    """Without MediaWiki: mwparserfromhell's reading of the output is nowiki tags (and line
    breaks) only, holding text and entities that decode to exactly what the user wrote. A
    dropped `&` (or `<`, `>`) escape changes what the entities decode to, or lets a tag out."""
    text = HOSTILE + "\n&amp; &lt;/nowiki&gt; &#60;/nowiki&#62; &"
    nodes = mwparserfromhell.parse(inert(text)).nodes
    kinds = [(type(node).__name__, str(node.tag).strip()) for node in nodes]
    assert set(kinds) <= {("Tag", "nowiki"), ("Tag", "br")}
    lines = []
    for node in nodes:
        if str(node.tag).strip() == "br":
            assert node.self_closing
            continue
        parts = node.contents.nodes
        assert all(isinstance(part, (Text, HTMLEntity)) for part in parts)
        lines.append("".join(p.normalize() if isinstance(p, HTMLEntity) else str(p) for p in parts))
    assert lines == text.split("\n")


def test_section_titles_are_plain_words():
    assert section_title("Report R-1: [[X]] {{y}} == z ==\n~~~~") == "Report R-1 X y z"


def noticeboard_delivery(report, page=BOARD) -> Delivery:
    return Delivery.objects.create(
        report=report,
        kind="noticeboard",
        destination={"kind": "noticeboard", "page": page, "credential": "testwiki-bot"},
    )


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_it_posts_a_section_where_hostile_text_stays_literal(board, wiki, reporter):
    report = make_report(wiki, reporter, details=HOSTILE, reported_user="Troll <b>x</b>")
    delivery = noticeboard_delivery(report)

    assert attempt(delivery.pk).status == "sent", Delivery.objects.get().last_error

    delivery.refresh_from_db()
    assert int(delivery.external_ref) == board.latest_revision(BOARD)
    html = board.rendered_html(BOARD)
    assert f"Report {report.reference}" in html
    for literal in (
        "{{subst:PAGENAME}}",
        "{{Delete}}",
        "[[Category:X]]",
        "[[User:Admin|admin]]",
        "~~~~ ~~~",
        "== x ==",
        "&lt;/nowiki&gt;",
        "&lt;nowiki &gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "__NOTOC__",
        "&amp;lt;b&amp;gt;",
        "[https://evil.example/ click]",
        "&lt;ref&gt;r&lt;/ref&gt;",
        "----",
        "* list",
        "{| table",
        "Troll &lt;b&gt;x&lt;/b&gt;",
    ):
        assert literal in html, literal
    assert "<script>" not in html
    assert 'href="https://evil.example/' not in html
    assert "User:Admin" not in re.sub(r"<nowiki>.*?</nowiki>", "", board.wikitext(BOARD))
    categories = board.api(action="query", prop="categories", titles=BOARD)
    assert "categories" not in categories["query"]["pages"][0]
    headings = board.api(action="parse", page=BOARD, prop="sections")["parse"]["sections"]
    assert [h["line"] for h in headings][
        -1
    ] == f"Report {report.reference} Intimidation or aggressive behavior"
    assert reporter.email not in board.wikitext(BOARD)  # the reporter is never posted


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_a_protected_page_is_a_permanent_failure(board, wiki, reporter):
    board.edit("Project:Protected incidents", "Closed board.\n")
    board.protect("Project:Protected incidents")
    delivery = noticeboard_delivery(make_report(wiki, reporter), page="Project:Protected incidents")

    assert attempt(delivery.pk).status == "dead"

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DEAD and delivery.attempts == 1
    assert "protectedpage" in delivery.last_error


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_a_wrong_bot_password_is_a_permanent_failure(board, wiki, reporter, monkeypatch):
    monkeypatch.setenv("IRS_CREDENTIAL_TESTWIKI_BOT_PASSWORD", "0" * 32)
    delivery = noticeboard_delivery(make_report(wiki, reporter))

    assert attempt(delivery.pk).status == "dead"
    delivery.refresh_from_db()
    assert "login refused" in delivery.last_error


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_mediawiki_down_then_up_is_retried_and_posted_once(board, wiki, reporter):
    report = make_report(wiki, reporter)
    delivery = noticeboard_delivery(report)
    board.stop()
    try:
        assert attempt(delivery.pk).status == "retry"
    finally:
        board.start()

    assert attempt(delivery.pk).status == "sent"
    assert attempt(delivery.pk).status == "skipped"
    assert board.wikitext(BOARD).count(f"Report {report.reference}") == 1
    delivery.refresh_from_db()
    assert "wiki unreachable" not in delivery.last_error and delivery.attempts == 2


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_a_resend_after_a_crash_finds_the_edit_it_already_made(board, wiki, reporter):
    report = make_report(wiki, reporter)
    delivery = noticeboard_delivery(report)
    channel = NoticeboardChannel(delivery.destination)
    delivery.attempts = 1
    first = channel.send(delivery)  # the worker died before recording this

    delivery.attempts = 2
    again = channel.send(delivery)

    assert again == first
    assert board.wikitext(BOARD).count(f"Report {report.reference}") == 1
