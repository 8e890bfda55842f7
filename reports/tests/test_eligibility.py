from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import WikiAccount
from reports.eligibility import OK, Reason, check, decide, filed_last_day, next_slot
from reports.models import Flow, Report, Status
from wikis.defaults import default_config

NON = "non-emergency"


def account(**facts) -> WikiAccount:
    values = {
        "username": "Someone",
        "edit_count": 10,
        "registered_at": timezone.now() - timedelta(days=30),
        "email": "someone@example.org",
        "email_confirmed": True,
        "groups": ["user", "autoconfirmed"],
        "blocked": False,
    }
    values.update(facts)
    return WikiAccount(**values)


CONFIG = default_config("x")


def test_it_accepts_an_eligible_account():
    assert decide(account(), CONFIG, 0, flow=NON) == OK
    assert decide(account(), CONFIG, 0, flow=NON).ok


def test_it_refuses_someone_without_an_account_on_the_wiki():
    assert decide(None, CONFIG, 0).reason == Reason.NO_ACCOUNT


def test_it_refuses_a_blocked_user():
    assert decide(account(blocked=True), CONFIG, 0).reason == Reason.BLOCKED


def test_it_refuses_an_unconfirmed_email():
    assert decide(account(email_confirmed=False), CONFIG, 0).reason == Reason.UNCONFIRMED_EMAIL


def test_it_accepts_an_unconfirmed_email_where_the_wiki_does_not_require_one():
    config = default_config("x")
    config["eligibility"]["require_confirmed_email"] = False
    assert decide(account(email_confirmed=False), config, 0).ok


def test_it_refuses_an_account_younger_than_three_hours_and_accepts_it_at_three():
    now = timezone.now()
    young = account(registered_at=now - timedelta(seconds=10799))
    old_enough = account(registered_at=now - timedelta(seconds=10800))
    assert decide(young, CONFIG, 0, now).reason == Reason.TOO_NEW
    assert decide(old_enough, CONFIG, 0, now).ok


def test_it_treats_an_account_without_registration_date_as_old():
    assert decide(account(registered_at=None), CONFIG, 0).ok


def test_it_refuses_an_account_without_edits_and_accepts_one_edit():
    assert decide(account(edit_count=0), CONFIG, 0).reason == Reason.TOO_FEW_EDITS
    assert decide(account(edit_count=1), CONFIG, 0).ok


def test_it_uses_the_wikis_own_thresholds():
    config = default_config("x")
    config["eligibility"].update({"min_account_age_seconds": 86400, "min_edit_count": 50})
    assert decide(account(registered_at=timezone.now() - timedelta(hours=5)), config, 0).reason == (
        Reason.TOO_NEW
    )
    assert decide(account(edit_count=49), config, 0).reason == Reason.TOO_FEW_EDITS


def test_a_new_user_may_file_one_report_a_day():
    newbie = account(groups=["user"])
    assert decide(newbie, CONFIG, 0, flow=NON).ok
    refused = decide(newbie, CONFIG, 1, flow=NON)
    assert refused.reason == Reason.RATE_LIMITED
    assert refused.limit == 1


def test_an_autoconfirmed_user_may_file_five_reports_a_day():
    assert decide(account(), CONFIG, 4, flow=NON).ok
    assert decide(account(), CONFIG, 5, flow=NON).reason == Reason.RATE_LIMITED


def test_the_daily_limits_come_from_the_wikis_configuration():
    config = default_config("x")
    config["rate_limits"] = {"new_user_per_day": 2, "autoconfirmed_per_day": 7}
    assert decide(account(groups=["user"]), config, 1, flow=NON).ok
    assert not decide(account(groups=["user"]), config, 2, flow=NON).ok
    assert decide(account(), config, 6, flow=NON).ok
    assert not decide(account(), config, 7, flow=NON).ok


def test_a_block_is_reported_before_anything_else():
    everything_wrong = account(blocked=True, email_confirmed=False, edit_count=0)
    assert decide(everything_wrong, CONFIG, 99).reason == Reason.BLOCKED


def _report(user, wiki, *, filed=True, ago=timedelta(0)):
    report = Report.objects.create(
        wiki=wiki,
        reporter=user,
        reporter_username=user.username,
        flow=Flow.NON_EMERGENCY,
        incident_type="spam",
        filed=filed,
        status=Status.NEW if filed else Status.INFORMATION,
        submission_token=f"token-{Report.objects.count():012d}",
    )
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - ago)
    return report


@pytest.mark.django_db
def test_the_rate_limit_window_is_a_rolling_24_hours(newcomer, wiki):
    _report(newcomer, wiki, ago=timedelta(hours=23, minutes=59))
    assert filed_last_day(newcomer, wiki) == 1
    assert check(newcomer, wiki, flow=NON)[0].reason == Reason.RATE_LIMITED
    Report.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    assert filed_last_day(newcomer, wiki) == 0
    assert check(newcomer, wiki, flow=NON)[0].ok


@pytest.mark.django_db
def test_support_information_alone_does_not_count_against_the_limit(newcomer, wiki):
    _report(newcomer, wiki, filed=False)
    assert check(newcomer, wiki, flow=NON)[0].ok


@pytest.mark.django_db
def test_reports_on_another_wiki_do_not_count(newcomer, wiki):
    from irs.demo import ensure_wiki

    other = ensure_wiki("otherwiki", "Other Wiki")
    _report(newcomer, other)
    assert check(newcomer, wiki, flow=NON)[0].ok


@pytest.mark.django_db
def test_it_says_when_a_limited_user_may_file_again(newcomer, wiki):
    earlier = _report(newcomer, wiki, ago=timedelta(hours=20))
    earlier.refresh_from_db()
    decision, _account = check(newcomer, wiki, flow=NON)
    assert next_slot(newcomer, wiki, decision) == earlier.created_at + timedelta(hours=24)


@pytest.mark.django_db
def test_check_refuses_a_logged_in_user_with_no_account_on_the_wiki(outsider, wiki):
    decision, found = check(outsider, wiki)
    assert decision.reason == Reason.NO_ACCOUNT
    assert found is None
