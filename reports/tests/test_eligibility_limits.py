"""The eligibility rules at their edges: defaults when a wiki's configuration says nothing (or
nonsense), the emergency flood guard, suspensions and the next free slot (written against
the mutants bin/mutants found in reports/eligibility.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import WikiAccount
from reports.eligibility import (
    OK,
    Decision,
    Reason,
    check,
    decide,
    emergency_limit,
    filed_last_day,
    next_slot,
    suspended_until,
)
from reports.models import Flow, MisuseKind, MisuseMeasure
from reports.tests.helpers import change_config, filed_report
from reports.tests.test_eligibility import NON, account

EMERGENCY = "emergency"


def test_a_wiki_configuration_without_rules_gets_the_documented_defaults():
    now = timezone.now()
    assert decide(account(registered_at=now - timedelta(seconds=10799)), {}, 0, now).reason == (
        Reason.TOO_NEW
    )
    assert decide(account(registered_at=now - timedelta(seconds=10800)), {}, 0, now).ok
    assert decide(account(edit_count=0), {}, 0).reason == Reason.TOO_FEW_EDITS
    assert decide(account(edit_count=1), {}, 0).ok
    assert decide(account(email_confirmed=False), {}, 0).reason == Reason.UNCONFIRMED_EMAIL
    assert decide(account(groups=["user"]), {}, 0, flow=NON).ok
    refused = decide(account(groups=["user"]), {}, 1, flow=NON)
    assert (refused.reason, refused.limit, refused.filed) == (Reason.RATE_LIMITED, 1, 1)
    assert decide(account(), {}, 4, flow=NON).ok
    refused = decide(account(), {}, 5, flow=NON)
    assert (refused.reason, refused.limit, refused.filed) == (Reason.RATE_LIMITED, 5, 5)
    assert decide(account(), {}, 9, flow=EMERGENCY).ok
    refused = decide(account(), {}, 10, flow=EMERGENCY)
    assert (refused.reason, refused.limit, refused.filed) == (Reason.EMERGENCY_LIMITED, 10, 10)


def test_unreadable_numbers_in_a_configuration_fall_back_to_the_defaults():
    nonsense = {
        "eligibility": {"min_account_age_seconds": "soon", "min_edit_count": None},
        "rate_limits": {
            "new_user_per_day": [1],
            "autoconfirmed_per_day": "many",
            "emergency_per_day": {},
        },
    }
    now = timezone.now()
    young = account(registered_at=now - timedelta(seconds=10799))
    assert decide(young, nonsense, 0, now).reason == Reason.TOO_NEW
    assert decide(account(edit_count=0), nonsense, 0).reason == Reason.TOO_FEW_EDITS
    assert decide(account(groups=["user"]), nonsense, 1, flow=NON).limit == 1
    assert decide(account(), nonsense, 5, flow=NON).limit == 5
    assert emergency_limit(nonsense) == 10
    assert emergency_limit({"rate_limits": {"emergency_per_day": "3"}}) == 3


def test_the_emergency_guard_never_drops_below_one_report_a_day():
    assert emergency_limit({"rate_limits": {"emergency_per_day": 0}}) == 1
    assert emergency_limit({"rate_limits": {"emergency_per_day": -5}}) == 1
    assert emergency_limit({"rate_limits": {"emergency_per_day": 2}}) == 2
    assert decide(account(), {"rate_limits": {"emergency_per_day": 0}}, 0, flow=EMERGENCY).ok


def test_before_a_flow_is_chosen_only_the_account_checks_apply():
    ends = timezone.now() + timedelta(days=3)
    assert decide(account(), {}, 99, flow=None, suspended_until=ends) == OK
    assert decide(account(edit_count=0), {}, 99, flow=None).reason == Reason.TOO_FEW_EDITS


def test_a_suspension_refuses_non_emergencies_only_and_says_until_when():
    ends = timezone.now() + timedelta(days=3)
    refused = decide(account(), {}, 0, flow=NON, suspended_until=ends)
    assert refused == Decision(Reason.SUSPENDED, until=ends) and not refused
    assert decide(account(), {}, 0, flow=EMERGENCY, suspended_until=ends).ok


def test_a_decision_is_true_exactly_when_it_is_ok():
    assert OK.ok and bool(OK) and OK.reason is None
    refused = Decision(Reason.BLOCKED)
    assert not refused.ok and not bool(refused)


@pytest.mark.django_db
def test_emergencies_and_other_reports_count_apart(newcomer, wiki):
    filed_report(newcomer, wiki, flow=Flow.EMERGENCY)
    filed_report(newcomer, wiki, flow=Flow.EMERGENCY)
    filed_report(newcomer, wiki)
    assert filed_last_day(newcomer, wiki) == 1
    assert filed_last_day(newcomer, wiki, flow=EMERGENCY) == 2
    decision, found = check(newcomer, wiki, flow=EMERGENCY)
    assert decision.ok and found.username == "Newcomer"
    assert check(newcomer, wiki, flow=NON)[0].filed == 1


@pytest.mark.django_db
def test_a_moment_in_the_past_sees_the_reports_of_the_day_before_it(newcomer, wiki):
    filed_report(newcomer, wiki, ago=timedelta(hours=30))
    now = timezone.now()
    assert filed_last_day(newcomer, wiki) == 0
    assert filed_last_day(newcomer, wiki, now - timedelta(hours=10)) == 1
    assert check(newcomer, wiki, now - timedelta(hours=10), flow=NON)[0].reason == (
        Reason.RATE_LIMITED
    )


@pytest.mark.django_db
def test_the_suspension_in_force_is_the_latest_unlifted_one_on_that_wiki(
    reporter, wiki, other_reporter
):
    from irs.demo import ensure_wiki

    now = timezone.now()
    assert suspended_until(reporter, wiki) is None

    def measure(**fields):
        values = {"reporter": reporter, "wiki": wiki, "kind": MisuseKind.SUSPENSION}
        values.update(fields)
        return MisuseMeasure.objects.create(**values)

    measure(ends_at=now - timedelta(minutes=1))  # over
    measure(ends_at=now + timedelta(days=9), lifted_at=now)  # lifted
    measure(kind=MisuseKind.WARNING, ends_at=now + timedelta(days=8))
    measure(wiki=ensure_wiki("otherwiki", "Other Wiki"), ends_at=now + timedelta(days=7))
    measure(reporter=other_reporter, ends_at=now + timedelta(days=6))
    assert suspended_until(reporter, wiki) is None
    assert check(reporter, wiki, flow=NON)[0].ok
    measure(ends_at=now + timedelta(days=2))
    latest = measure(ends_at=now + timedelta(days=5)).ends_at
    assert suspended_until(reporter, wiki) == latest
    assert suspended_until(reporter, wiki, now + timedelta(days=6)) is None
    assert check(reporter, wiki, flow=NON)[0] == Decision(Reason.SUSPENDED, until=latest)
    assert check(reporter, wiki, flow=EMERGENCY)[0].ok
    assert check(reporter, wiki)[0].ok


@pytest.mark.django_db
def test_the_next_slot_is_a_day_after_the_oldest_report_that_counts(reporter, wiki):
    reports = [
        filed_report(reporter, wiki, ago=timedelta(hours=hours)) for hours in (30, 20, 10, 5)
    ]
    decision = Decision(Reason.RATE_LIMITED, limit=3, filed=3)
    # The three newest count; the oldest of them (20 hours ago) frees a slot first.
    assert next_slot(reporter, wiki, decision) == reports[1].created_at + timedelta(hours=24)
    two = Decision(Reason.RATE_LIMITED, limit=2, filed=2)
    assert next_slot(reporter, wiki, two) == reports[2].created_at + timedelta(hours=24)
    # Fewer reports in the window than the limit: no slot to wait for.
    assert next_slot(reporter, wiki, Decision(Reason.RATE_LIMITED, limit=4, filed=4)) is None
    assert next_slot(reporter, wiki, Decision(Reason.RATE_LIMITED, limit=0)) is None
    assert next_slot(reporter, wiki, Decision(Reason.SUSPENDED, limit=3)) is None
    assert next_slot(reporter, wiki, OK) is None
    # Seen from 8 hours ahead, only the reports of 10 and 5 hours ago are in the window.
    later = timezone.now() + timedelta(hours=8)
    assert next_slot(reporter, wiki, decision, later) is None
    assert next_slot(reporter, wiki, two, later) == reports[2].created_at + timedelta(hours=24)


@pytest.mark.django_db
def test_the_next_emergency_slot_counts_emergencies_only(reporter, wiki):
    first = filed_report(reporter, wiki, flow=Flow.EMERGENCY, ago=timedelta(hours=6))
    filed_report(reporter, wiki, ago=timedelta(hours=2))
    decision = Decision(Reason.EMERGENCY_LIMITED, limit=1, filed=1)
    assert next_slot(reporter, wiki, decision) == first.created_at + timedelta(hours=24)
    assert next_slot(reporter, wiki, Decision(Reason.EMERGENCY_LIMITED, limit=2)) is None


@pytest.mark.django_db
def test_the_emergency_form_is_refused_once_the_days_emergencies_reach_the_guard(newcomer, wiki):
    """check() for the emergency step counts emergencies only (mutants that count the other
    flow, x_check__mutmut_14 and _18, let the third emergency through)."""
    change_config(wiki, lambda config: config["rate_limits"].update(emergency_per_day=2))
    filed_report(newcomer, wiki)  # the day's other report: not counted by the guard
    filed_report(newcomer, wiki, flow=Flow.EMERGENCY)
    assert check(newcomer, wiki, flow=EMERGENCY)[0].ok
    filed_report(newcomer, wiki, flow=Flow.EMERGENCY)
    refused = check(newcomer, wiki, flow=EMERGENCY)[0]
    assert (refused.reason, refused.limit, refused.filed) == (Reason.EMERGENCY_LIMITED, 2, 2)


def test_decide_measures_the_account_age_at_the_moment_it_is_given():
    """decide() is pure: the age is the given moment's, not the clock's
    (x_decide__mutmut_22 read the clock)."""
    now = timezone.now()
    young = account(registered_at=now - timedelta(hours=1))
    assert decide(young, {}, 0, now).reason == Reason.TOO_NEW
    assert decide(young, {}, 0, now + timedelta(hours=2)).ok


@pytest.mark.django_db
def test_check_decides_at_the_moment_it_is_given(reporter, wiki):
    """The account's age and the suspension as of `now` (x_check__mutmut_26 and _34 read the
    clock instead)."""
    now = timezone.now()
    WikiAccount.objects.filter(user=reporter).update(registered_at=now - timedelta(hours=1))
    assert check(reporter, wiki, now, flow=NON)[0].reason == Reason.TOO_NEW
    assert check(reporter, wiki, now + timedelta(hours=2), flow=NON)[0].ok
    MisuseMeasure.objects.create(
        reporter=reporter, wiki=wiki, kind=MisuseKind.SUSPENSION, ends_at=now + timedelta(days=2)
    )
    assert check(reporter, wiki, now + timedelta(days=1), flow=NON)[0].reason == Reason.SUSPENDED
    assert check(reporter, wiki, now + timedelta(days=3), flow=NON)[0].ok
