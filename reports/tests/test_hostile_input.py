"""Hostile input: markup is shown as text, oversized or forged values are refused."""

from urllib.parse import urlencode

import pytest

from reports.models import Report

from .helpers import enable_direct_report, start, to_emergency_form, to_support_page, token_in

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>{{7*7}}'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_markup_in_the_emergency_details_is_shown_inert(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"details": SCRIPT, "submission_token": token_in(form)})
    report = Report.objects.get()
    assert report.details == SCRIPT
    text = logged_in.get(f"/my-reports/{report.reference}").content.decode()
    assert ESCAPED in text
    assert "<script>alert" not in text
    assert response.status_code == 302


def test_markup_in_something_else_and_direct_report_is_shown_inert(logged_in, wiki):
    enable_direct_report(wiki, "something-else")
    url, page = to_support_page(logged_in, wiki, "something-else", something_else=SCRIPT)
    assert ESCAPED in page.content.decode()
    assert "<script>alert" not in page.content.decode()
    logged_in.post(url, {"text": SCRIPT, "submission_token": token_in(page)})
    report = Report.objects.get(filed=True)
    assert report.direct_report_text == SCRIPT
    assert report.something_else_text == SCRIPT
    detail = logged_in.get(f"/my-reports/{report.reference}").content.decode()
    assert detail.count(ESCAPED) == 2
    assert "<script>alert" not in detail


def test_markup_in_a_refused_form_is_echoed_inert(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"details": SCRIPT * 30, "submission_token": token_in(form)})
    text = response.content.decode()
    assert "at most 1000 characters" in text
    assert "<script>alert" not in text
    assert ESCAPED in text
    assert Report.objects.count() == 0


def test_a_reported_user_with_markup_is_refused_and_shown_inert(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"reported_user": SCRIPT, "submission_token": token_in(form)})
    text = response.content.decode()
    assert "A user name cannot contain these characters" in text
    assert "<script>alert" not in text
    assert Report.objects.count() == 0


def test_markup_in_the_link_is_refused_or_shown_inert(logged_in, wiki):
    refused = logged_in.get(f"/w/{wiki.slug}/report", {"page": SCRIPT})
    assert refused.status_code == 400
    assert "<script>alert" not in refused.content.decode()
    step1 = start(logged_in, wiki, "?thread=%3Cb%3Ebold%3C%2Fb%3E%22onmouseover%3D")
    text = logged_in.get(step1).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;&quot;onmouseover=" in text
    assert "<b>bold</b>" not in text


def test_oversized_details_are_refused_with_a_message(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"details": "x" * 1001, "submission_token": token_in(form)})
    assert response.status_code == 200
    assert "Please shorten this to at most 1000 characters (it has 1001)." in (
        response.content.decode()
    )
    assert Report.objects.count() == 0


def test_1000_code_points_of_emoji_fit(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"details": "🙂" * 1000, "submission_token": token_in(form)})
    assert response.status_code == 302
    assert len(Report.objects.get().details) == 1000


def test_an_oversized_reported_user_is_refused(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"reported_user": "A" * 256, "submission_token": token_in(form)})
    assert "at most 255 characters" in response.content.decode()


def test_a_request_body_over_the_limit_is_refused(logged_in, wiki, settings):
    url, form = to_emergency_form(logged_in, wiki)
    body = {"details": "x" * (settings.IRS_MAX_BODY_BYTES + 10)}
    body["submission_token"] = token_in(form)
    response = logged_in.post(url, body)
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_form_with_too_many_fields_is_refused(logged_in, wiki, settings):
    """Django's own field limit is the configuration editor's; a report form keeps the small
    one (irs/bodylimit.py)."""
    url, form = to_emergency_form(logged_in, wiki)
    fields = [("submission_token", token_in(form)), ("details", "Help")]
    fields += [(f"f{n}", "") for n in range(settings.IRS_MAX_FORM_FIELDS)]
    response = logged_in.post(
        url, urlencode(fields), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "too many fields" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_forged_submission_token_is_refused(logged_in, wiki):
    url, _form = to_emergency_form(logged_in, wiki)
    for forged in ("", "short", "<script>" * 4, "x" * 65):
        response = logged_in.post(url, {"submission_token": forged})
        assert response.status_code == 200
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    "query,message",
    [
        ("?revid=12a", "The revision in the link must be a number."),
        ("?revid=-5", "The revision in the link must be a number."),
        ("?revid=%D9%A3", "The revision in the link must be a number."),
        ("?source=evil", "The link names an entry point that does not exist."),
        ("?page=" + "P" * 256, "too long"),
        ("?thread=" + "t" * 501, "too long"),
        ("?user=Bad%7CName", "characters that are not allowed"),
        ("?thread=line%0Abreak", "characters that are not allowed"),
    ],
)
def test_malformed_links_are_refused_with_a_clear_message(logged_in, wiki, query, message):
    response = logged_in.get(f"/w/{wiki.slug}/report{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(client, reporter, wiki):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)
    step1 = start(browser, wiki)
    response = browser.post(step1, {"flow": "emergency", "harm_subtype": "self-harm"})
    assert response.status_code == 403
