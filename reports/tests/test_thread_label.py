"""What people read for a reported comment or topic: first words, author and time, or the
topic's title; never the raw thread id (which stays in the stored report)."""

from urllib.parse import urlencode

import pytest
from django.utils import translation

from reports.location import MAX_QUOTE, Location, describe_thread, parse_location
from reports.models import Report

from .helpers import enable_direct_report, to_support_page, token_in

SIGNED = "c-Wk_Bob-04:37,_2_December_2026_(UTC)"


def test_a_signed_comment_reads_as_its_first_words_author_and_time():
    label = describe_thread(SIGNED, "Wk Bob", "Because they are wrong, you idiot.")
    assert label.kind == "comment"
    assert (label.author, label.time) == ("Wk Bob", "04:37, 2 December 2026 (UTC)")
    assert str(label) == (
        "“Because they are wrong, you idiot.” by Wk Bob, 04:37, 2 December 2026 (UTC)"
    )


def test_the_author_comes_from_the_id_when_the_link_does_not_name_one():
    label = describe_thread("c-Jean-Luc_Picard-12:00,_1_May_2026_(UTC)")
    assert (label.author, label.time) == ("Jean-Luc Picard", "12:00, 1 May 2026 (UTC)")
    assert str(label) == "By Jean-Luc Picard, 12:00, 1 May 2026 (UTC)"


def test_a_discussiontools_id_gets_a_readable_time_in_the_readers_language():
    thread = "c-Wk_Alice-20261202043700-Wk_Bob-20261202040000"
    with translation.override("en"):
        label = describe_thread(thread)
    assert label.author == "Wk Alice"
    assert "2026" in label.time and "4:37" in label.time and label.time.endswith("(UTC)")
    assert "20261202043700" not in str(label)
    with translation.override("pt"):
        assert "dezembro" in describe_thread(thread).time.lower()


def test_a_topic_reads_as_its_title():
    assert str(describe_thread("Edit_war_on_the_article")) == "“Edit war on the article”"
    # The heading's text as the page showed it beats the anchor (encoded characters).
    label = describe_thread("Caf.C3.A9_talk", quote="Café talk")
    assert (label.kind, label.title) == ("topic", "Café talk")


def test_an_id_it_cannot_read_is_a_comment_on_its_page_never_the_raw_id():
    label = describe_thread("c-nonsense", page="Talk:Lighthouse")
    assert (label.kind, str(label)) == ("", "A comment on Talk:Lighthouse")
    assert str(describe_thread("c-nonsense")) == "A comment"
    assert "c-nonsense" not in label.html
    assert describe_thread("").kind == "" and str(describe_thread("")) == ""


def test_the_html_isolates_each_part_and_escapes_markup():
    html = describe_thread("c-<b>X</b>-12:00,_1_May_2026", "", '<img src=x onerror="a()">').html
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;a()&quot;&gt;" in html
    assert html.count('<bdi class="user-text">') == 3


def test_the_quote_from_the_link_is_tamed_not_refused():
    location = parse_location({"quote": "  Hello\n\tthere\u202e evil\x00 " + "x" * 500})
    assert location.quote.startswith("Hello there evil x")
    assert "\u202e" not in location.quote and "\x00" not in location.quote
    assert len(location.quote) == MAX_QUOTE and location.quote.endswith("…")
    assert parse_location({}).quote == ""
    assert Location.from_dict({"page": "P"}).quote == ""  # flows started before quotes


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_the_context_box_quotes_the_comment_and_the_report_keeps_the_raw_id(logged_in, wiki):
    enable_direct_report(wiki, "trolling")
    query = "?" + urlencode(
        {"thread": SIGNED, "user": "Wk Bob", "source": "comment", "quote": "Because they"}
    )
    url, page = to_support_page(logged_in, wiki, "trolling", query=query)
    text = page.content.decode()
    assert "Because they" in text and "04:37, 2 December 2026 (UTC)" in text
    assert SIGNED not in text
    logged_in.post(url, {"text": "Please look.", "submission_token": token_in(page)})
    assert Report.objects.get(filed=True).thread_id == SIGNED
