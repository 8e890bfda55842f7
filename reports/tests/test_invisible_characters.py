"""Bidi controls and invisible characters never make a name or title look like another one
(review finding F12): the link's `user` and `page`, and the reported-user field, refuse them."""

import pytest

from reports.location import LocationError, parse_location
from reports.models import Report

from .helpers import to_emergency_form, token_in

SPOOFS = {
    "right-to-left override": "Good\u202enimdA",
    "left-to-right embedding": "Admin\u202aX",
    "first strong isolate": "Ad\u2068min",
    "right-to-left mark": "Admin\u200f",
    "left-to-right mark": "\u200eAdmin",
    "zero width space": "Ad\u200bmin",
    "zero width joiner": "Ad\u200dmin",
    "byte order mark": "\ufeffAdmin",
    "soft hyphen": "Ad\u00admin",
    "line separator": "Ad\u2028min",
}


@pytest.mark.parametrize("name", SPOOFS.values(), ids=SPOOFS.keys())
def test_the_link_refuses_a_user_name_with_invisible_characters(name):
    with pytest.raises(LocationError):
        parse_location({"user": name})


@pytest.mark.parametrize("title", SPOOFS.values(), ids=SPOOFS.keys())
def test_the_link_refuses_a_page_title_with_invisible_characters(title):
    with pytest.raises(LocationError):
        parse_location({"page": f"User talk:{title}"})


def test_the_link_refuses_a_thread_that_reorders_text():
    with pytest.raises(LocationError):
        parse_location({"thread": "h-Heading\u202e-20260101"})


def test_names_in_other_scripts_are_still_accepted_and_normalised():
    location = parse_location({"user": "Jose\u0301 Олена", "page": "نقاش:مثال"})
    assert location.user == "Jos\u00e9 Олена"  # NFC: one code point for the accented e
    assert location.page == "نقاش:مثال"


def test_a_spoofed_link_is_refused_with_a_clear_page(client, wiki, reporter):
    client.force_login(reporter)
    response = client.get(f"/w/{wiki.slug}/report", {"user": "Good\u202enimdA"})
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_reported_user_field_refuses_invisible_characters(client, wiki, reporter):
    client.force_login(reporter)
    url, form = to_emergency_form(client, wiki)
    response = client.post(
        url, {"reported_user": "Good\u202enimdA", "submission_token": token_in(form)}
    )
    assert response.status_code == 200
    assert "invisible or text-direction characters (U+202E)" in response.content.decode()
    assert Report.objects.filter(filed=True).count() == 0


def test_the_reported_user_field_still_takes_an_ordinary_name(client, wiki, reporter):
    client.force_login(reporter)
    url, form = to_emergency_form(client, wiki)
    response = client.post(url, {"reported_user": "Some_User", "submission_token": token_in(form)})
    assert response.status_code == 302
    assert Report.objects.get(filed=True).reported_user == "Some User"
