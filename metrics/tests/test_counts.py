"""Every count of the dashboards on the seeded data set (metrics/tests/seed.py), by hand."""

from datetime import date

import pytest

from desk import access
from desk.models import CaseEvent, EventKind
from metrics import counts
from reports.models import Report, Status

from .seed import END, NOW, START, at, seed


@pytest.fixture
def seeded(db):
    return seed()


def team_view(people, who):
    reports = Report.objects.filter(queue__team=people["team"])
    return access.restrict_to_visible(reports, people[who])


def test_reports_per_day_by_flow_and_type(seeded):
    rows = counts.reports_per_day(team_view(seeded, "responder"), START, END)
    assert [(r["day"].day, r["flow"], r["type"], r["reports"]) for r in rows] == [
        (2, "non-emergency", "intimidation", 1),
        (3, "non-emergency", "intimidation", 1),
        (4, "non-emergency", "spam", 1),
        (5, "non-emergency", "doxing", 1),
        (9, "non-emergency", "intimidation", 1),
        (10, "non-emergency", "spam", 1),
    ]
    # The lead also counts the case about the responder; the whole wiki also the emergency.
    assert len(counts.reports_per_day(team_view(seeded, "lead"), START, END)) == 7
    wiki_rows = counts.reports_per_day(Report.objects.filter(wiki=seeded["wiki"]), START, END)
    assert ("emergency", "self-harm") in {(r["flow"], r["type"]) for r in wiki_rows}
    assert sum(r["reports"] for r in wiki_rows) == 8


def test_funnel_conversion_mixes_daily_totals_and_raw_events(seeded):
    rows = counts.funnel_conversion([seeded["wiki"].pk], START, END)
    assert [(r["stage"], r["dialogs"], r["share"]) for r in rows] == [
        ("opened", 10, 100),
        ("chose", 7, 70),
        ("submitted", 3, 30),
        ("confirmed", 3, 30),
    ]
    assert counts.drop_off(rows) == "submitted"
    only_the_second_day = counts.funnel_conversion([seeded["wiki"].pk], date(2026, 3, 3), END)
    assert [r["dialogs"] for r in only_the_second_day] == [4, 3, 1, 1]
    assert counts.funnel_conversion([], START, END)[0]["dialogs"] == 0


def test_time_to_first_response_and_decision_per_week(seeded):
    week1, week2 = counts.response_times(team_view(seeded, "responder"), START, END)
    assert week1["week"] == date(2026, 3, 2) and week2["week"] == date(2026, 3, 9)
    assert week1["cases"] == 4
    assert (week1["first_median"], week1["first_p90"], week1["first_count"]) == (4.0, 6.0, 3)
    # The second case's decision clock stood still for the 6 hours it waited for the reporter.
    assert (week1["decision_median"], week1["decision_p90"]) == (17.0, 24.0)
    assert (week1["first_target"], week1["decision_target"]) == (72.0, 336.0)
    assert (week1["first_within"], week1["decision_within"]) == (3, 2)
    assert (week2["cases"], week2["first_median"], week2["decision_median"]) == (2, 1.0, 5.0)


def test_open_backlog_over_time_and_by_age(seeded):
    rows = counts.backlog(team_view(seeded, "responder"), START, END)
    assert [r["open"] for r in rows] == [1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]
    lead_rows = counts.backlog(team_view(seeded, "lead"), START, END)
    assert [r["open"] for r in lead_rows][8:] == [4, 5, 5, 5, 5, 5]
    ages = counts.age_distribution(team_view(seeded, "responder"), NOW)
    assert {r["age"]: r["open"] for r in ages} == {
        "under-1-day": 0,
        "1-3-days": 1,
        "3-7-days": 0,
        "7-30-days": 3,
        "over-30-days": 1,
    }


def test_overdue_cases_now(seeded):
    rows = counts.overdue(team_view(seeded, "responder"), NOW)
    assert rows == [
        {"clock": "first-response", "running": 3, "overdue": 2},
        {"clock": "decision", "running": 2, "overdue": 2},
    ]


def test_outcomes_count_the_decision_in_force_once_per_action(seeded):
    rows = counts.outcomes(team_view(seeded, "responder"), START, END)
    assert [(r["outcome"], r["action"], r["type"], r["cases"]) for r in rows] == [
        ("action-taken", "content-removed", "intimidation", 1),
        ("action-taken", "partial-block", "intimidation", 1),
        ("action-taken", "warning", "intimidation", 1),
        ("no-action", "no-action", "intimidation", 1),
    ]


def test_appeals_and_their_results(seeded):
    rows = counts.appeals(team_view(seeded, "responder"), START, END)
    assert rows == [{"role": "reported-user", "result": "upheld", "appeals": 1}]
    assert counts.appeals(team_view(seeded, "responder"), date(2026, 3, 11), END) == []


def test_share_from_trusted_flaggers_per_week(seeded):
    rows = counts.trusted_share(team_view(seeded, "responder"), START, END)
    assert [(r["week"].day, r["reports"], r["trusted"]) for r in rows] == [(2, 4, 1), (9, 2, 1)]


def test_delivery_health_per_channel(seeded):
    rows = counts.delivery_health(START, END)
    assert rows == [
        {"channel": "email", "sent": 3, "retrying": 0, "waiting": 0, "dead": 1,
         "median_latency_seconds": 20.0},
        {"channel": "webhook", "sent": 0, "retrying": 1, "waiting": 1, "dead": 0,
         "median_latency_seconds": None},
    ]  # fmt: skip


def test_percentiles_use_the_nearest_rank():
    assert counts._percentile([], 0.9) is None
    assert counts._percentile([5.0], 0.9) == 5.0
    assert counts._percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert counts._percentile([float(n) for n in range(1, 12)], 0.9) == 10.0


def test_a_case_decided_again_after_the_period_is_not_counted_in_it(seeded):
    rows = counts.outcomes(team_view(seeded, "responder"), START, date(2026, 3, 10))
    assert [(r["action"], r["cases"]) for r in rows] == [("warning", 1), ("no-action", 1)]


def test_a_withdrawn_case_leaves_the_backlog_on_the_day_it_was_withdrawn(seeded):
    # Closed, as on the desk (reports.models.CLOSED_STATUSES): nobody works it any more.
    doxing = Report.objects.get(incident_type="doxing")
    Report.objects.filter(pk=doxing.pk).update(status=Status.WITHDRAWN, updated_at=at(3, 10, 12))
    CaseEvent.objects.create(
        report=doxing, kind=EventKind.STATUS, created_at=at(3, 10, 12),
        data={"previous": "new", "status": "withdrawn", "withdrawn": True},
    )  # fmt: skip
    rows = counts.backlog(team_view(seeded, "responder"), START, END)
    # Open at the end of each day from 2 March: one less from the 10th on.
    assert [r["open"] for r in rows] == [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    ages = counts.age_distribution(team_view(seeded, "responder"), NOW)
    assert {r["age"]: r["open"] for r in ages}["7-30-days"] == 2
