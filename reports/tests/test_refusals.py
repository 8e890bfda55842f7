from datetime import timedelta

from accounts.models import WikiAccount
from irs import demo
from reports.models import Report

from .helpers import (
    change_config,
    enable_direct_report,
    start,
    to_emergency_form,
    to_support_page,
    token_in,
)


def login(client, wiki, username, **facts):
    user = demo.make_user(wiki, username, **facts)
    client.force_login(user)
    return user


def test_a_logged_in_user_without_an_account_on_the_wiki_is_refused_clearly(client, outsider, wiki):
    client.force_login(outsider)
    response = client.get(f"/w/{wiki.slug}/report")
    assert response.status_code == 403
    assert "you have no account on Demo Wiki" in response.content.decode()


def test_a_blocked_user_is_refused(client, wiki):
    login(client, wiki, "Blocked", blocked=True)
    response = client.get(f"/w/{wiki.slug}/report")
    assert response.status_code == 403
    assert "Your account is blocked on Demo Wiki" in response.content.decode()


def test_an_unconfirmed_email_is_sent_to_the_wikis_confirmation_page(client, wiki):
    login(client, wiki, "Unconfirmed", email_confirmed=False)
    response = client.get(f"/w/{wiki.slug}/report")
    text = response.content.decode()
    assert response.status_code == 403
    assert "Please confirm your email address first" in text
    assert 'href="https://demowiki.example.org/wiki/Special:ConfirmEmail"' in text


def test_an_account_without_email_is_sent_to_add_one(client, wiki):
    user = login(client, wiki, "Noemail", email_confirmed=False)
    WikiAccount.objects.filter(user=user).update(email="")
    text = client.get(f"/w/{wiki.slug}/report").content.decode()
    assert 'href="https://demowiki.example.org/wiki/Special:ChangeEmail"' in text
    assert "Add an email address" in text


def test_the_wikis_own_confirmation_address_wins(client, wiki):
    change_config(
        wiki,
        lambda c: c["eligibility"].update({"confirm_email_url": "https://id.example.org/confirm"}),
    )
    login(client, wiki, "Unconfirmed", email_confirmed=False)
    text = client.get(f"/w/{wiki.slug}/report").content.decode()
    assert 'href="https://id.example.org/confirm"' in text


def test_a_new_account_is_refused(client, wiki):
    login(client, wiki, "Justjoined", age=timedelta(minutes=30))
    response = client.get(f"/w/{wiki.slug}/report")
    assert response.status_code == 403
    assert "at least 3 hours old" in response.content.decode()


def test_an_account_without_edits_is_refused(client, wiki):
    login(client, wiki, "Noedits", edit_count=0)
    response = client.get(f"/w/{wiki.slug}/report")
    assert response.status_code == 403
    assert "at least 1 edit." in response.content.decode()


def _file_direct(client, wiki, key="spam"):
    url, page = to_support_page(client, wiki, key)
    response = client.post(url, {"text": "they spam", "submission_token": token_in(page)})
    assert response.status_code == 302, response.content[:500]


def _non_emergency_step(client, wiki, query=""):
    step1 = start(client, wiki, query)
    response = client.post(step1, {"flow": "non-emergency"})
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def test_a_new_user_is_refused_after_one_report_a_day(client, newcomer, wiki):
    enable_direct_report(wiki, "spam")
    client.force_login(newcomer)
    _file_direct(client, wiki)
    response = _non_emergency_step(client, wiki)
    text = response.content.decode()
    assert response.status_code == 403
    assert "You can file 1 report in 24 hours" in text
    assert "You can file another report after" in text


def test_an_autoconfirmed_user_is_refused_after_five_reports_a_day(client, reporter, wiki):
    enable_direct_report(wiki, "spam")
    client.force_login(reporter)
    for _ in range(5):
        _file_direct(client, wiki)
    response = _non_emergency_step(client, wiki)
    assert response.status_code == 403
    assert "You can file 5 reports in 24 hours" in response.content.decode()
    assert Report.objects.filter(filed=True).count() == 5


def test_a_limited_user_can_still_report_an_emergency(client, newcomer, wiki):
    enable_direct_report(wiki, "spam")
    client.force_login(newcomer)
    _file_direct(client, wiki)
    url, form = to_emergency_form(client, wiki)
    assert form.status_code == 200
    assert (
        client.post(url, {"details": "help", "submission_token": token_in(form)}).status_code == 302
    )
    assert Report.objects.filter(flow="emergency").count() == 1


def test_emergency_reports_do_not_count_against_the_daily_limit(client, newcomer, wiki):
    enable_direct_report(wiki, "spam")
    client.force_login(newcomer)
    url, form = to_emergency_form(client, wiki)
    assert (
        client.post(url, {"details": "help", "submission_token": token_in(form)}).status_code == 302
    )
    _file_direct(client, wiki)  # the day's one non-emergency report is still free
    assert Report.objects.filter(filed=True).count() == 2


def test_the_emergency_flood_guard_refuses_the_eleventh_and_still_gives_contacts(
    client, reporter, wiki, settings
):
    settings.IRS_SAFETY_EMAIL = "safety-team@example.org"
    client.force_login(reporter)
    for _ in range(10):
        url, form = to_emergency_form(client, wiki)
        assert (
            client.post(url, {"details": "help", "submission_token": token_in(form)}).status_code
            == 302
        )
    _url, response = to_emergency_form(client, wiki)
    text = response.content.decode()
    assert response.status_code == 403
    assert "10 emergency reports a day" in text
    assert "call your local emergency services" in text
    assert "mailto:safety-team@example.org" in text
    assert Report.objects.count() == 10


def test_a_block_during_the_flow_refuses_the_next_step(client, reporter, wiki):
    client.force_login(reporter)
    step1 = start(client, wiki)
    WikiAccount.objects.filter(user=reporter).update(blocked=True)
    assert client.get(step1).status_code == 403


def test_a_refused_submission_stores_nothing_and_says_why(client, reporter, wiki):
    client.force_login(reporter)
    url, form = to_emergency_form(client, wiki)
    WikiAccount.objects.filter(user=reporter).update(email_confirmed=False)
    response = client.post(url, {"details": "help", "submission_token": token_in(form)})
    assert response.status_code == 403
    assert "confirm your email address" in response.content.decode()
    assert Report.objects.count() == 0


def test_the_limit_reached_in_another_tab_refuses_the_other_submission(client, newcomer, wiki):
    enable_direct_report(wiki, "spam")
    client.force_login(newcomer)
    direct_url, direct_form = to_support_page(client, wiki, "spam")
    _file_direct(client, wiki)  # in another tab
    response = client.post(
        direct_url, {"text": "spam again", "submission_token": token_in(direct_form)}
    )
    assert response.status_code == 403
    assert "You can file 1 report in 24 hours" in response.content.decode()
    assert Report.objects.filter(filed=True).count() == 1
