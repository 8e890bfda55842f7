"""Raw funnel events become daily counts after the retention period, then are deleted."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from metrics.funnel import record
from metrics.models import FunnelDaily, FunnelEvent
from metrics.rollup import rollup

A = "aaaaaaaaaaaaaaaaaaaa"
B = "bbbbbbbbbbbbbbbbbbbb"


def at(day, hour=12, minute=30):
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def seeded(wiki):
    # 1 March: two dialogs open from the tools menu, one views step 1 twice, one submits.
    record(wiki, "open", A, entry_point="tools", language="en", now=at(1, 9))
    record(wiki, "open", B, entry_point="tools", language="en", now=at(1, 23, 59))
    for _ in range(2):
        record(wiki, "view-step", A, step="choose", language="en", now=at(1, 10))
    record(wiki, "view-step", B, step="choose", language="en", now=at(1, 11))
    record(wiki, "submit", A, flow="emergency", incident_type="self-harm", now=at(1, 12))
    # 2 March: one more dialog opens from a comment.
    record(wiki, "open", "cccccccccccccccccccc", entry_point="comment", now=at(2, 8))
    return wiki


def counts(day):
    return {
        (r.name, r.entry_point, r.step): (r.events, r.dialogs)
        for r in FunnelDaily.objects.filter(day=day)
    }


def test_finished_days_are_counted_in_events_and_dialogs(seeded):
    done = rollup(now=at(3, 0, 5), retention_days=90)
    assert done == {"days": 2, "deleted": 0}
    assert counts(date(2026, 3, 1)) == {
        ("open", "tools", ""): (2, 2),
        ("view-step", "", "choose"): (3, 2),
        ("submit", "", ""): (1, 1),
    }
    assert counts(date(2026, 3, 2)) == {("open", "comment", ""): (1, 1)}
    assert FunnelDaily.objects.get(name="submit").incident_type == "self-harm"


def test_today_is_not_counted_yet(seeded):
    rollup(now=at(2, 20), retention_days=90)
    assert set(FunnelDaily.objects.values_list("day", flat=True)) == {date(2026, 3, 1)}


def test_running_again_or_late_replaces_counts_instead_of_adding(seeded):
    rollup(now=at(2, 1), retention_days=90)
    rollup(now=at(2, 2), retention_days=90)
    rollup(now=at(5, 1), retention_days=90)
    assert counts(date(2026, 3, 1))[("view-step", "", "choose")] == (3, 2)
    assert FunnelDaily.objects.filter(day=date(2026, 3, 2)).count() == 1


def test_raw_events_past_retention_are_deleted_and_their_counts_stay(seeded):
    first = rollup(now=at(3, 1), retention_days=90)
    assert first["deleted"] == 0
    # On 30 May, 1 March is 90 days back: its events stay that day, and go on 31 May.
    assert rollup(now=datetime(2026, 5, 30, 23, tzinfo=UTC), retention_days=90)["deleted"] == 0
    later = rollup(now=datetime(2026, 5, 31, 6, tzinfo=UTC), retention_days=90)
    assert later["deleted"] == 6
    assert set(FunnelEvent.objects.values_list("token", flat=True)) == {"cccccccccccccccccccc"}
    assert counts(date(2026, 3, 1))[("open", "tools", "")] == (2, 2)
    # Another run leaves the counts of a day whose raw events are gone as they were.
    rollup(now=datetime(2026, 6, 30, tzinfo=UTC), retention_days=90)
    assert FunnelEvent.objects.count() == 0
    assert counts(date(2026, 3, 1))[("view-step", "", "choose")] == (3, 2)
    assert counts(date(2026, 3, 2)) == {("open", "comment", ""): (1, 1)}


def test_a_run_after_a_long_pause_counts_before_it_deletes(seeded):
    done = rollup(now=datetime(2026, 12, 1, tzinfo=UTC), retention_days=90)
    assert done["deleted"] == 7
    assert counts(date(2026, 3, 1))[("submit", "", "")] == (1, 1)
    assert counts(date(2026, 3, 2)) == {("open", "comment", ""): (1, 1)}


def test_the_default_retention_is_90_days(seeded, settings):
    assert settings.IRS_FUNNEL_RETENTION_DAYS == 90
    day_91 = at(1) + timedelta(days=91)
    assert rollup(now=day_91)["deleted"] == 6


def test_the_command_runs_it_and_refuses_a_zero_retention(seeded, capsys):
    call_command("funnel_rollup")
    assert "2 day(s) counted, 7 raw event(s) deleted" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("funnel_rollup", "--retention-days", "0")


def test_the_command_counts_the_cases_too(db, capsys):
    """The same daily job counts the dashboards' case totals (metrics.totals): every case the
    first time (or with --full), then only those changed since."""
    from metrics.tests.seed import seed
    from metrics.totals import rolled_through
    from reports.models import Report

    seed()
    call_command("funnel_rollup")
    out = capsys.readouterr().out
    assert f"cases: {Report.objects.count()} looked at, every day recounted" in out
    assert rolled_through() == (timezone.now() - timedelta(days=1)).date()
    call_command("funnel_rollup")  # nothing changed: nothing to recount
    assert "looked at, 0 day(s) recounted" in capsys.readouterr().out
    call_command("funnel_rollup", "--full")
    assert f"cases: {Report.objects.count()} looked at" in capsys.readouterr().out
