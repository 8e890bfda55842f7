"""The final form's submission token must be the one the flow's state holds: a forged token,
or one taken from another flow, is refused with a clear message and stores nothing (review
note on reports/views.py)."""

import html

import pytest

from reports.models import Report

from .helpers import enable_direct_report, to_emergency_form, to_support_page, token_in

REFUSED = "This form does not belong to this report"


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_a_forged_well_formed_token_is_refused_and_stores_nothing(logged_in, wiki):
    url, form = to_emergency_form(logged_in, wiki)
    for forged in ("F" * 32, "another-token-that-looks-fine"):
        response = logged_in.post(url, {"details": "help", "submission_token": forged})
        assert response.status_code == 200
        assert REFUSED in html.unescape(response.content.decode())
    assert Report.objects.count() == 0
    # The form shown again carries the flow's own token: submitting it again works, once.
    assert token_in(response) == token_in(form)
    assert (
        logged_in.post(url, {"details": "help", "submission_token": token_in(response)}).status_code
        == 302
    )
    assert Report.objects.count() == 1


def test_a_token_from_another_flow_is_refused(logged_in, wiki):
    first_url, first_form = to_emergency_form(logged_in, wiki, "?page=Talk:First")
    second_url, second_form = to_emergency_form(logged_in, wiki, "?page=Talk:Second")
    assert token_in(first_form) != token_in(second_form)
    response = logged_in.post(
        second_url, {"details": "x", "submission_token": token_in(first_form)}
    )
    assert response.status_code == 200
    assert REFUSED in html.unescape(response.content.decode())
    assert Report.objects.count() == 0
    # Each flow still files its own report, at its own place.
    assert (
        logged_in.post(
            first_url, {"details": "x", "submission_token": token_in(first_form)}
        ).status_code
        == 302
    )
    assert (
        logged_in.post(
            second_url, {"details": "x", "submission_token": token_in(second_form)}
        ).status_code
        == 302
    )
    assert sorted(Report.objects.values_list("page_title", flat=True)) == [
        "Talk:First",
        "Talk:Second",
    ]


def test_a_direct_report_with_a_foreign_token_is_refused(logged_in, wiki):
    enable_direct_report(wiki, "intimidation")
    url, page = to_support_page(logged_in, wiki, "intimidation")
    _other_url, other_page = to_support_page(logged_in, wiki, "intimidation")
    response = logged_in.post(
        url, {"text": "Bob insults me.", "submission_token": token_in(other_page)}
    )
    assert response.status_code == 200
    assert REFUSED in html.unescape(response.content.decode())
    assert not Report.objects.filter(filed=True).exists()
    assert token_in(response) == token_in(page)
