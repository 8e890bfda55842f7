"""Eligibility as the submission decides it (`check_under_lock`, inside the report's
transaction): the daily limits, the suspension and the emergency guard, counted from the
database at that moment. Written against the mutants bin/mutants found in
reports/eligibility.py; each test names the ones it kills (docs/testing.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import WikiAccount
from reports import eligibility
from reports.eligibility import Decision, Reason
from reports.models import Flow, MisuseKind, MisuseMeasure, Report
from reports.submission import Refused, Submission, submit
from reports.tests.helpers import change_config, filed_report

pytestmark = pytest.mark.django_db


def _direct(token: str) -> Submission:
    return Submission(
        flow=Flow.NON_EMERGENCY,
        token=f"{token:-<20}",
        incident_type="spam",
        filed=True,
        direct_report_text="spam",
    )


def _emergency(token: str) -> Submission:
    return Submission(flow=Flow.EMERGENCY, token=f"{token:-<20}", harm_subtype="self-harm")


def _refusal(user, wiki, submission: Submission) -> Decision:
    with pytest.raises(Refused) as refused:
        submit(user, wiki, submission)
    return refused.value.decision


def test_a_newcomer_files_one_report_a_day_and_is_refused_the_second(newcomer, wiki):
    """The count read as 1 when none is filed (x_check_under_lock__mutmut_46) refuses the
    first; a window ending a day ahead (_21) lets the second through."""
    submit(newcomer, wiki, _direct("first"))
    refused = _refusal(newcomer, wiki, _direct("second"))
    assert (refused.reason, refused.limit, refused.filed) == (Reason.RATE_LIMITED, 1, 1)
    assert Report.objects.filter(filed=True).count() == 1


def test_an_autoconfirmed_reporter_files_five_reports_a_day_and_is_refused_the_sixth(
    reporter, wiki
):
    """Five counted in the locked subquery refuse the sixth, with the limit and the count
    (x_decide__mutmut_67 lets the sixth through, _69 and _70 lose the figures)."""
    for n in range(5):
        submit(reporter, wiki, _direct(f"report-{n}"))
    refused = _refusal(reporter, wiki, _direct("report-5"))
    assert (refused.reason, refused.limit, refused.filed) == (Reason.RATE_LIMITED, 5, 5)
    assert Report.objects.filter(filed=True).count() == 5


def test_only_the_last_24_hours_count_under_the_lock(newcomer, wiki):
    """A report just over a day old does not count, two within the day do (_21: the window
    a day ahead)."""
    filed_report(newcomer, wiki, ago=timedelta(hours=24, minutes=1))
    submit(newcomer, wiki, _direct("after-a-day"))
    Report.objects.update(created_at=timezone.now() - timedelta(hours=23, minutes=59))
    refused = _refusal(newcomer, wiki, _direct("within-the-day"))
    assert (refused.reason, refused.filed) == (Reason.RATE_LIMITED, 2)


def test_an_emergency_goes_through_past_the_daily_limit(newcomer, wiki):
    """The count without its flow (x_check_under_lock__mutmut_17, _20) counts the day's other
    report against the emergency guard and refuses the emergency."""
    # The emergency guard at one a day: the day's other report must not count towards it.
    change_config(wiki, lambda config: config["rate_limits"].update(emergency_per_day=1))
    submit(newcomer, wiki, _direct("the-days-report"))
    assert _refusal(newcomer, wiki, _direct("one-too-many")).reason == Reason.RATE_LIMITED
    report = submit(newcomer, wiki, _emergency("emergency"))
    assert report.flow == Flow.EMERGENCY and report.filed


def test_emergencies_do_not_use_up_the_daily_limit(newcomer, wiki):
    """The flows swapped in the count (x__filed__mutmut_8) refuse the day's first report."""
    submit(newcomer, wiki, _emergency("emergency-1"))
    submit(newcomer, wiki, _emergency("emergency-2"))
    assert submit(newcomer, wiki, _direct("the-days-report")).flow == Flow.NON_EMERGENCY


def test_the_emergency_guard_counts_the_days_emergencies_under_the_lock(newcomer, wiki):
    """The guard at 2: a third emergency is refused with the limit and the count (x_decide
    mutants 50, 52, 53); one older than a day does not count."""
    change_config(wiki, lambda config: config["rate_limits"].update(emergency_per_day=2))
    filed_report(newcomer, wiki, ago=timedelta(hours=25), flow=Flow.EMERGENCY)
    submit(newcomer, wiki, _emergency("emergency-1"))
    submit(newcomer, wiki, _emergency("emergency-2"))
    refused = _refusal(newcomer, wiki, _emergency("emergency-3"))
    assert (refused.reason, refused.limit, refused.filed) == (Reason.EMERGENCY_LIMITED, 2, 2)


def _suspend(user, wiki, days: float, **fields) -> MisuseMeasure:
    return MisuseMeasure.objects.create(
        reporter=user,
        wiki=wiki,
        kind=MisuseKind.SUSPENSION,
        ends_at=timezone.now() + timedelta(days=days),
        **fields,
    )


def test_a_suspended_reporter_is_refused_a_report_until_the_latest_end_but_not_an_emergency(
    reporter, wiki
):
    """No other test submits while suspended: x_check_under_lock mutants 31, 32, 40, 41, 43,
    53 and 59 dropped the suspension under the lock. The latest end is created first, so
    the measures' own ordering (newest first) would give the other one."""
    # The latest end first: the newest measure (the two-day one) is not the one in force.
    latest = _suspend(reporter, wiki, 5).ends_at
    _suspend(reporter, wiki, 2)
    _suspend(reporter, wiki, 9, lifted_at=timezone.now())
    refused = _refusal(reporter, wiki, _direct("while-suspended"))
    assert refused == Decision(Reason.SUSPENDED, until=latest)
    assert submit(reporter, wiki, _emergency("emergency")).flow == Flow.EMERGENCY


def test_a_suspension_that_ended_refuses_nothing(reporter, wiki):
    """A suspension is in force only until its end (x__suspensions__mutmut_15 dropped it)."""
    _suspend(reporter, wiki, -0.01)
    assert submit(reporter, wiki, _direct("after-the-suspension")).filed


def test_an_account_gone_before_the_lock_is_refused_as_no_account(reporter, wiki):
    """The account row deleted after it was read (its data erased meanwhile): no decision
    is taken on facts that are gone (x_check_under_lock__mutmut_39 went on without it)."""
    account = WikiAccount.objects.get(user=reporter, wiki=wiki)
    WikiAccount.objects.filter(pk=account.pk).delete()
    decision, locked = eligibility.check_under_lock(
        reporter, wiki, account, timezone.now(), Flow.NON_EMERGENCY
    )
    assert (decision, locked) == (Decision(Reason.NO_ACCOUNT), None)


def test_the_decision_under_the_lock_is_taken_at_the_moment_given(reporter, wiki):
    """The account's age and the suspension in force as of `now`, not of the clock (mutants
    x_check_under_lock__mutmut_51 and _57 measured the age at the clock, _33 and _36 the
    suspension)."""
    now = timezone.now()
    WikiAccount.objects.filter(user=reporter).update(registered_at=now - timedelta(hours=1))
    ends = _suspend(reporter, wiki, 2).ends_at
    account = WikiAccount.objects.get(user=reporter, wiki=wiki)

    def decision(at):
        return eligibility.check_under_lock(reporter, wiki, account, at, Flow.NON_EMERGENCY)[0]

    assert decision(now).reason == Reason.TOO_NEW
    assert decision(now + timedelta(hours=2)) == Decision(Reason.SUSPENDED, until=ends)
    assert decision(now + timedelta(days=3)).ok
