"""Before writing a direct report, the reporter is told where it goes and what is shared, per
kind of destination; a text that will be posted publicly needs their explicit confirmation
(review finding F4)."""

import pytest

from reports.models import Report

from .helpers import change_config, to_support_page, token_in

PRIVATE_PROMISE = "not shown to the user you report"


def _routes(wiki, destinations, *, public=False, key="spam"):
    def change(config):
        for entry in config["non_emergency"]["types"]:
            if entry["key"] == key:
                entry["direct_report"] = {"enabled": True, "destinations": destinations}
                entry["public"] = public

    change_config(wiki, change)


NOTICEBOARD = {"kind": "noticeboard", "page": "Project:Incidents", "credential": "demo-bot"}


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_a_noticeboard_type_says_the_text_is_posted_publicly_and_where(logged_in, wiki):
    _routes(wiki, [NOTICEBOARD], public=True)
    _url, page = to_support_page(logged_in, wiki, "spam")
    html = page.content.decode()
    assert "will be posted publicly on the wiki" in html
    assert "Project:Incidents" in html
    assert "including the user you report" in html
    assert PRIVATE_PROMISE not in html
    assert 'name="confirm_public"' in html


def test_a_noticeboard_report_is_refused_without_the_confirmation(logged_in, wiki):
    _routes(
        wiki,
        [NOTICEBOARD, {"kind": "desk", "team": "demowiki-responders", "queue": "reports"}],
        public=True,
    )
    url, page = to_support_page(logged_in, wiki, "spam")
    response = logged_in.post(url, {"text": "Spam everywhere.", "submission_token": token_in(page)})
    assert response.status_code == 200
    assert "Please confirm that you understand" in response.content.decode()
    assert not Report.objects.filter(filed=True).exists()
    response = logged_in.post(
        url,
        {"text": "Spam everywhere.", "confirm_public": "on", "submission_token": token_in(page)},
    )
    assert response.status_code == 302
    assert Report.objects.get(filed=True).direct_report_text == "Spam everywhere."


def test_a_noticeboard_on_a_type_that_is_not_public_is_not_announced(logged_in, wiki):
    """Routing refuses to post a type that is not public: the form says what really happens."""
    _routes(wiki, [NOTICEBOARD], public=False)
    _url, page = to_support_page(logged_in, wiki, "spam")
    html = page.content.decode()
    assert "posted publicly" not in html
    assert 'name="confirm_public"' not in html
    assert "this wiki's responders, in the incident reporting system" in html


def test_a_webhook_destination_says_an_outside_service_gets_the_name_and_email(logged_in, wiki):
    _routes(wiki, [{"kind": "webhook", "url": "https://chat.example.net/hook", "secret": "s"}])
    _url, page = to_support_page(logged_in, wiki, "spam")
    html = page.content.decode()
    assert "Your user name (Reporter) and email address are sent" in html
    assert "an outside service this wiki uses" in html
    assert "chat.example.net" in html
    assert PRIVATE_PROMISE not in html


def test_an_email_destination_names_the_addresses(logged_in, wiki):
    _routes(wiki, [{"kind": "email", "to": ["oversight@example.org"]}])
    _url, page = to_support_page(logged_in, wiki, "spam")
    html = page.content.decode()
    assert "oversight@example.org" in html
    assert PRIVATE_PROMISE in html
    assert 'name="confirm_public"' not in html


def test_the_notice_is_translated(logged_in, wiki):
    _routes(wiki, [NOTICEBOARD], public=True)
    _url, page = to_support_page(logged_in, wiki, "spam", query="?uselang=pt")
    assert "publicado publicamente" in page.content.decode()
    _url, page = to_support_page(logged_in, wiki, "spam", query="?uselang=uk")
    assert "опубліковано" in page.content.decode()
