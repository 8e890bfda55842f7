import re

import pytest

from reports.models import Flow, Report, Status

from .helpers import change_config, enable_direct_report, start, to_support_page, token_in


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_the_types_are_offered_in_the_default_order(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.post(step1, {"flow": "non-emergency"})
    page = logged_in.get(response.headers["Location"]).content.decode()
    labels = [
        "Intimidation or aggressive behavior",
        "Sexual harassment",
        "Exposing private information",
        "Trolling",
        "Hate speech or discrimination",
        "Spam",
        "Something else",
    ]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    for hidden in ("Sockpuppetry", "Vandalism", "Disruptive editing"):
        assert hidden not in page


def test_a_type_must_be_chosen(logged_in, wiki):
    step1 = start(logged_in, wiki)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    response = logged_in.post(type_url, {})
    assert "Choose the kind of behavior you want to report." in response.content.decode()


def test_a_forged_type_is_refused(logged_in, wiki):
    step1 = start(logged_in, wiki)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    for forged in ("nonsense", "vandalism", "<script>"):
        response = logged_in.post(type_url, {"incident_type": forged})
        assert response.status_code == 200
        assert "That kind of behavior is not offered on this wiki." in response.content.decode()
    assert Report.objects.count() == 0


def test_something_else_needs_a_short_description(logged_in, wiki):
    step1 = start(logged_in, wiki)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    response = logged_in.post(type_url, {"incident_type": "something-else"})
    assert "Describe briefly what happened." in response.content.decode()


def test_something_else_takes_200_characters_and_refuses_201(logged_in, wiki):
    step1 = start(logged_in, wiki)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    too_long = logged_in.post(
        type_url, {"incident_type": "something-else", "something_else": "é" * 201}
    )
    assert too_long.status_code == 200
    assert "at most 200 characters (it has 201)" in too_long.content.decode()
    fits = logged_in.post(
        type_url, {"incident_type": "something-else", "something_else": "😀" * 200}
    )
    assert fits.status_code == 302


def test_the_support_page_shows_what_to_do_next_and_how_to_get_help(logged_in, wiki):
    def change(config):
        entry = config["non_emergency"]["types"][0]
        entry["what_to_do_next"] = {"en": "Talk to the admins of Demo Wiki."}
        entry["help_methods"] = [
            {"kind": "admin", "page": "Project:Administrators' noticeboard"},
            {"kind": "email", "email": "admins@example.org"},
            {"kind": "community", "url": "https://demowiki.example.org/wiki/Help"},
        ]
        entry["fallback_links"] = [{"label": {"en": "Policies"}, "page": "Project:Policies"}]

    change_config(wiki, change)
    _url, page = to_support_page(logged_in, wiki, "intimidation")
    text = page.content.decode()
    assert "Talk to the admins of Demo Wiki." in text
    assert "Contact an administrator" in text
    assert "https://demowiki.example.org/wiki/Project:Administrators%27_noticeboard" in text
    assert 'href="mailto:admins@example.org"' in text
    assert "Ask the community" in text
    assert "Can't find what you're looking for?" in text
    assert 'href="https://demowiki.example.org/wiki/Project:Policies"' in text
    assert "Report it to the community" not in text


def test_a_translated_override_wins_only_for_its_language(logged_in, wiki):
    def change(config):
        config["non_emergency"]["types"][0]["label"] = {"pt": "Intimidação (da comunidade)"}

    change_config(wiki, change)
    step1 = start(logged_in, wiki, "?uselang=pt")
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    assert "Intimidação (da comunidade)" in logged_in.get(type_url).content.decode()
    english = logged_in.get(type_url + "?uselang=en").content.decode()
    assert "Intimidation or aggressive behavior" in english


def test_reaching_the_support_page_stores_one_informational_report(logged_in, reporter, wiki):
    url, _page = to_support_page(
        logged_in, wiki, "something-else", "?page=User_talk:Bob&user=Bob", something_else="Odd"
    )
    logged_in.get(url)
    logged_in.get(url)
    report = Report.objects.get()
    assert report.flow == Flow.NON_EMERGENCY
    assert report.incident_type == "something-else"
    assert report.something_else_text == "Odd"
    assert report.page_title == "User talk:Bob"
    assert report.reported_user == "Bob"
    assert report.filed is False
    assert report.status == Status.INFORMATION
    assert report.reporter_email == ""


def test_doxing_warns_not_to_post_publicly_and_hides_the_edit_link(logged_in, wiki):
    _url, page = to_support_page(logged_in, wiki, "doxing", "?page=Talk:Foo&revid=77")
    text = page.content.decode()
    assert "Do not post the private information publicly" in text
    assert "index.php?oldid=77" not in text


def test_a_direct_report_is_filed_where_the_wiki_enables_it(logged_in, reporter, wiki):
    enable_direct_report(wiki, "intimidation")
    url, page = to_support_page(logged_in, wiki, "intimidation", "?page=Talk:Foo&user=Bob")
    text = page.content.decode()
    assert "Report it to the community" in text
    assert "email address are sent with this report" in text
    assert 'id="id_reported_user" value="Bob"' in text  # prefilled from the link
    response = logged_in.post(
        url,
        {
            "reported_user": "Bob",
            "text": "Bob keeps insulting me.",
            "submission_token": token_in(page),
        },
    )
    filed = Report.objects.get(filed=True)
    assert response.headers["Location"] == f"/my-reports/{filed.reference}/submitted"
    assert filed.flow == Flow.NON_EMERGENCY
    assert filed.incident_type == "intimidation"
    assert filed.direct_report_text == "Bob keeps insulting me."
    assert filed.reported_user == "Bob"
    assert filed.status == Status.NEW
    assert filed.reporter_email == "reporter@example.org"
    assert Report.objects.filter(filed=False).count() == 1
    confirmation = logged_in.get(response.headers["Location"]).content.decode()
    assert "Your report was sent" in confirmation
    assert filed.reference in confirmation


def test_a_direct_report_needs_text_and_at_most_1000_characters(logged_in, wiki):
    enable_direct_report(wiki, "intimidation")
    url, page = to_support_page(logged_in, wiki, "intimidation")
    token = token_in(page)
    empty = logged_in.post(url, {"text": "  ", "submission_token": token})
    assert "Describe what happened." in empty.content.decode()
    too_long = logged_in.post(url, {"text": "x" * 1001, "submission_token": token})
    assert "at most 1000 characters (it has 1001)" in too_long.content.decode()
    assert Report.objects.filter(filed=True).count() == 0
    line_breaks = "a\r\n" * 333 + "a"  # 1000 characters once CRLF counts as one
    assert logged_in.post(url, {"text": line_breaks, "submission_token": token}).status_code == 302


def test_a_direct_report_is_refused_where_the_wiki_does_not_enable_it(logged_in, wiki):
    url, _page = to_support_page(logged_in, wiki, "spam")
    response = logged_in.post(url, {"text": "hello", "submission_token": "a" * 32})
    assert response.status_code == 400
    assert Report.objects.filter(filed=True).count() == 0


def test_a_type_the_wiki_stops_offering_sends_the_reporter_back(logged_in, wiki):
    url, _page = to_support_page(logged_in, wiki, "spam")

    def hide_spam(config):
        for entry in config["non_emergency"]["types"]:
            if entry["key"] == "spam":
                entry["shown"] = False

    change_config(wiki, hide_spam)
    response = logged_in.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/type")


@pytest.mark.parametrize(
    "incident_type, extra",
    [("sexual-harassment", {}), ("something-else", {"something_else": "They follow me."})],
)
def test_a_support_page_without_help_methods_points_at_no_empty_list(
    logged_in, wiki, incident_type, extra
):
    """The built-in advice says "the people below" only when someone is listed below."""
    _url, page = to_support_page(logged_in, wiki, incident_type, **extra)
    text = page.content.decode()
    assert "below" not in text
    assert "This wiki has not listed ways to ask for help with this yet." in text

    def change(config):
        entry = next(t for t in config["non_emergency"]["types"] if t["key"] == incident_type)
        entry["help_methods"] = [{"kind": "email", "email": "admins@example.org"}]

    change_config(wiki, change)
    _url, page = to_support_page(logged_in, wiki, incident_type, **extra)
    text = page.content.decode()
    assert "below" in text
    assert 'href="mailto:admins@example.org"' in text


def test_the_something_else_description_does_not_contradict_itself(logged_in, wiki):
    step1 = start(logged_in, wiki)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    for lang in ("en", "pt", "uk"):
        page = logged_in.get(f"{type_url}?uselang={lang}").content.decode()
        label = re.search(r'<label for="id_something_else">(.*?)</label>', page, re.S).group(1)
        optional = {"en": "optional", "pt": "opcional", "uk": "необов"}[lang]
        assert optional not in label, (lang, label)


def test_something_else_asks_what_happened_once(logged_in, wiki):
    enable_direct_report(wiki, "something-else")
    url, page = to_support_page(logged_in, wiki, "something-else", something_else="They follow me.")
    text = page.content.decode()
    assert "They follow me." in text
    assert "What happened?" not in text
    assert "Anything to add?" in text
    # The description is what happened: the form needs nothing more.
    response = logged_in.post(url, {"submission_token": token_in(page)})
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get(filed=True)
    assert (report.something_else_text, report.direct_report_text) == ("They follow me.", "")


def test_other_types_still_need_what_happened(logged_in, wiki):
    enable_direct_report(wiki, "intimidation")
    url, page = to_support_page(logged_in, wiki, "intimidation")
    assert "What happened?" in page.content.decode()
    response = logged_in.post(url, {"submission_token": token_in(page)})
    assert response.status_code == 200
    assert "Describe what happened." in response.content.decode()
    assert not Report.objects.filter(filed=True).exists()
