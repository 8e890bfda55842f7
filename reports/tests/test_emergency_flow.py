import re

import pytest

from reports.models import Flow, Report, Status

from .helpers import change_config, start, to_emergency_form, token_in

QUERY = "?page=Talk:Main_Page&revid=1234&thread=c-Alice-20260101&user=Troll_Account&source=comment"


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_a_visitor_sees_what_is_reported_and_logs_in_to_continue(client, wiki, reporter):
    response = client.get(f"/w/{wiki.slug}/report{QUERY}")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Log in to report an incident" in text
    assert "Talk:Main Page" in text
    login = response.context["login_url"]
    assert login.startswith("/accounts/login/?next=")
    assert "revid%3D1234" in login
    back = client.post(login, {"username": "Reporter", "password": "demo-password"})
    assert back.headers["Location"] == f"/w/{wiki.slug}/report{QUERY}"
    step1 = client.get(back.headers["Location"])
    assert step1.status_code == 200
    assert "What do you want to report?" in step1.content.decode()


def test_a_visitor_cannot_reach_a_step_without_logging_in(client, reporter, wiki):
    client.force_login(reporter)
    step1 = start(client, wiki)
    client.logout()
    response = client.get(step1)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_an_unknown_wiki_is_not_found(logged_in, wiki):
    assert logged_in.get("/w/nosuchwiki/report").status_code == 404


def test_each_step_shows_what_is_being_reported(logged_in, wiki):
    step1 = start(logged_in, wiki, QUERY)
    page = logged_in.get(step1)
    text = page.content.decode()
    assert "What is being reported" in text
    assert "Talk:Main Page" in text
    assert 'href="https://demowiki.example.org/wiki/Talk:Main_Page"' in text
    assert 'href="https://demowiki.example.org/w/index.php?oldid=1234"' in text
    assert 'By <bdi class="user-text">Alice</bdi>, <bdi class="user-text">20260101</bdi>' in text
    assert "Talk-page comment" in text
    _url, form = to_emergency_form(logged_in, wiki, QUERY)
    assert "Talk:Main Page" in form.content.decode()


def test_step_one_requires_a_choice(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.post(step1, {})
    assert response.status_code == 200
    assert "Choose what you want to report." in response.content.decode()


def test_a_threat_of_harm_needs_the_kind_of_threat(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.post(step1, {"flow": "emergency"})
    assert response.status_code == 200
    assert "Choose the kind of threat." in response.content.decode()


def test_a_forged_kind_of_threat_is_refused(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.post(step1, {"flow": "emergency", "harm_subtype": "alien-invasion"})
    assert response.status_code == 200
    assert "Choose one of the kinds of threat listed." in response.content.decode()


def test_a_forged_flow_is_refused(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.post(step1, {"flow": "party"})
    assert "Choose one of the options listed." in response.content.decode()


def test_the_emergency_form_prefills_the_user_and_says_what_is_shared(logged_in, wiki):
    _url, form = to_emergency_form(logged_in, wiki, QUERY)
    text = form.content.decode()
    assert 'value="Troll Account"' in text
    assert "shared privately with the emergency team" in text
    assert "Reporter" in text


def test_an_emergency_report_is_stored_and_confirmed(logged_in, reporter, wiki):
    url, form = to_emergency_form(logged_in, wiki, QUERY, subtype="physical-harm")
    response = logged_in.post(
        url,
        {
            "reported_user": "Troll Account",
            "details": "They said they know where I live.",
            "submission_token": token_in(form),
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/my-reports/{report.reference}/submitted"
    assert report.flow == Flow.EMERGENCY
    assert report.harm_subtype == "physical-harm"
    assert report.incident_type == ""
    assert report.reported_user == "Troll Account"
    assert report.details == "They said they know where I live."
    assert report.page_title == "Talk:Main Page"
    assert report.revision_id == 1234
    assert report.thread_id == "c-Alice-20260101"
    assert report.source == "comment"
    assert report.reporter == reporter
    assert report.reporter_username == "Reporter"
    assert report.reporter_email == "reporter@example.org"
    assert report.filed is True
    assert report.status == Status.NEW
    assert report.language == "en"
    assert report.evidence == {"status": "pending", "attempts": 0}  # captured by a task

    confirmation = logged_in.get(response.headers["Location"]).content.decode()
    assert "Your report was submitted for review" in confirmation
    assert report.reference in confirmation
    assert "within 3 hours" in confirmation
    assert "call your local emergency services" in confirmation
    assert "https://findahelpline.com/" in confirmation
    assert "What happens next" in confirmation
    assert 'href="https://demowiki.example.org/wiki/Talk:Main_Page"' in confirmation


def test_the_confirmation_uses_the_wikis_response_time_and_resources(logged_in, wiki):
    def change(config):
        config["emergency"]["response_time_hours"] = 1
        config["emergency"]["resources"] = [
            {"label": {"en": "Demo crisis line"}, "url": "https://crisis.example.org/"},
            {"label": {"en": "Sneaky"}, "url": "javascript:alert(1)"},
        ]

    change_config(wiki, change)
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(url, {"details": "Threat.", "submission_token": token_in(form)})
    text = logged_in.get(response.headers["Location"]).content.decode()
    assert "within 1 hour." in text
    assert 'href="https://crisis.example.org/"' in text
    assert "javascript:" not in text


def test_an_emergency_report_is_allowed_where_other_reports_are_switched_off(logged_in, wiki):
    change_config(wiki, lambda config: config["non_emergency"].update({"enabled": False}))
    step1 = start(logged_in, wiki)
    page = logged_in.get(step1).content.decode()
    assert 'value="non-emergency"' not in page
    assert logged_in.post(step1, {"flow": "non-emergency"}).status_code == 200
    url, form = to_emergency_form(logged_in, wiki)
    response = logged_in.post(
        url, {"reported_user": "Troll Account", "submission_token": token_in(form)}
    )
    assert response.status_code == 302
    assert Report.objects.filter(flow=Flow.EMERGENCY).count() == 1


def test_the_emergency_form_is_skipped_to_step_one_without_a_choice(logged_in, wiki):
    step1 = start(logged_in, wiki)
    response = logged_in.get(step1.rstrip("/") + "/emergency")
    assert response.status_code == 302
    assert response.headers["Location"] == step1


def test_another_persons_flow_is_not_found(client, logged_in, wiki, other_reporter):
    step1 = start(logged_in, wiki)
    client.logout()
    client.force_login(other_reporter)
    gone = client.get(step1)
    assert gone.status_code == 404
    assert "This report is no longer in progress" in gone.content.decode()


def test_an_empty_emergency_report_is_refused_and_the_form_says_why(logged_in, wiki):
    # Opened from the Tools menu of a page (no comment, no revision): nothing to act on.
    url, form = to_emergency_form(logged_in, wiki, "?page=Talk:Main_Page&source=tools")
    assert "at least one of" in form.content.decode()
    response = logged_in.post(
        url, {"reported_user": "  ", "details": "", "submission_token": token_in(form)}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was sent" in text
    assert 'id="error-summary"' in text
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "query, fields",
    [
        ("?page=Talk:Main_Page&source=tools", {"reported_user": "Troll Account"}),
        ("?page=Talk:Main_Page&source=tools", {"details": "They said they know where I live."}),
        ("?page=Talk:Main_Page&revid=1234&source=tools", {}),
        ("?page=Talk:Main_Page&thread=c-Alice-20260101&source=comment", {}),
    ],
)
def test_one_of_a_user_a_description_or_a_comment_is_enough(logged_in, wiki, query, fields):
    url, form = to_emergency_form(logged_in, wiki, query)
    response = logged_in.post(url, {"submission_token": token_in(form), **fields})
    assert response.status_code == 302
    assert Report.objects.filter(flow=Flow.EMERGENCY).count() == 1


def test_each_kind_of_threat_is_explained_with_an_example(logged_in, wiki):
    text = logged_in.get(start(logged_in, wiki)).content.decode()
    for value in ("physical-harm", "self-harm", "public-harm"):
        label = re.search(rf'value="{value}"[^>]*>\s*<label [^>]*>(.*?)</label>', text, re.S).group(
            1
        )
        assert 'class="description"' in label and "For example" in label, (value, label)
    assert 'aria-describedby="id_harm_subtype_1-description"' in text


def test_the_confirmation_names_the_team_that_receives_it(logged_in, wiki, safety_team):
    safety_team.name = "Global Safety Desk"
    safety_team.save()
    url, form = to_emergency_form(logged_in, wiki, QUERY)
    response = logged_in.post(url, {"submission_token": token_in(form)})
    text = logged_in.get(response.headers["Location"]).content.decode()
    assert "Global Safety Desk" in text
