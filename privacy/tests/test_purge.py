"""The retention purge: boundaries, what is replaced and kept, holds, dry runs, batches."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from desk.models import Appeal, AuditAction, AuditEntry, CaseEvent, Decision, EventKind
from privacy import holds, purge
from privacy.models import PurgeRun, Tombstone, TombstoneReason
from privacy.tests.conftest import (
    SECRET,
    SECRET_FACTS,
    at,
    closed_case,
    information_visit,
    make_report,
)
from reports.models import Flow, Report, Status
from routing.models import Delivery, DeliveryStatus
from wikis.accountability import add_months
from wikis.models import ConfigRevision

SECOND = timedelta(seconds=1)


def expiry_of_decided(decided_at, *, appeal_months=6, keep_months=12):
    return add_months(add_months(decided_at, appeal_months), keep_months)


def is_pseudonymised(report) -> bool:
    return Tombstone.objects.filter(report=report).exists()


# --- boundaries ------------------------------------------------------------------------------


def test_a_closed_case_expires_exactly_its_months_after_the_appeal_window(
    wiki, reporter, community_queue, long_ago
):
    report = closed_case(wiki, reporter, community_queue, long_ago)
    ends = expiry_of_decided(long_ago)
    purge.run(ends - SECOND)
    assert not is_pseudonymised(report)
    purge.run(ends + SECOND)
    assert is_pseudonymised(report)


def test_the_wikis_own_months_move_the_boundary(wiki, reporter, community_queue, long_ago):
    config = wiki.config
    config["retention"]["closed_months"] = 24
    config["decisions"]["appeal_window_months"] = 3
    ConfigRevision.objects.create(wiki=wiki, data=config)
    report = closed_case(wiki, reporter, community_queue, long_ago)
    ends = expiry_of_decided(long_ago, appeal_months=3, keep_months=24)
    purge.run(ends - SECOND)
    assert not is_pseudonymised(report)
    purge.run(ends + SECOND)
    assert is_pseudonymised(report)


def test_an_emergency_case_follows_the_safety_teams_months(
    wiki, reporter, safety_queue, long_ago, settings
):
    settings.IRS_RETENTION_EMERGENCY_MONTHS = 30
    report = closed_case(wiki, reporter, safety_queue, long_ago, flow=Flow.EMERGENCY)
    ends = expiry_of_decided(long_ago, keep_months=30)
    purge.run(ends - SECOND)
    assert not is_pseudonymised(report)
    purge.run(ends + SECOND)
    assert is_pseudonymised(report)


def test_an_information_visit_expires_after_its_days(wiki, reporter, long_ago):
    visit = information_visit(wiki, reporter, long_ago)
    purge.run(long_ago + timedelta(days=90) - SECOND)
    assert not is_pseudonymised(visit)
    purge.run(long_ago + timedelta(days=90) + SECOND)
    assert is_pseudonymised(visit)


def test_later_activity_restarts_the_clock_but_views_do_not(
    wiki, reporter, community_queue, long_ago
):
    report = closed_case(wiki, reporter, community_queue, long_ago)
    ends = expiry_of_decided(long_ago)
    CaseEvent.objects.create(report=report, kind=EventKind.VIEWED, created_at=ends - SECOND)
    purge.run(ends + SECOND)
    assert is_pseudonymised(report)

    other = closed_case(wiki, reporter, community_queue, long_ago)
    reply_at = add_months(long_ago, 7)  # after the appeal window ended
    CaseEvent.objects.create(report=other, kind=EventKind.REPLY, text="x", created_at=reply_at)
    purge.run(ends + SECOND)
    assert not is_pseudonymised(other)
    purge.run(add_months(reply_at, 12) + SECOND)
    assert is_pseudonymised(other)


def test_open_cases_and_cases_with_a_waiting_appeal_are_kept(
    wiki, reporter, community_queue, long_ago
):
    open_case = make_report(wiki, reporter, queue=community_queue, status=Status.IN_PROGRESS)
    at(open_case, long_ago)
    appealed = closed_case(wiki, reporter, community_queue, long_ago)
    Appeal.objects.create(
        decision=appealed.decisions.get(),
        report=appealed,
        appellant=reporter,
        role="reporter",
        text="I disagree",
    )
    summary = purge.run(expiry_of_decided(long_ago) + timedelta(days=3650))
    assert summary.pseudonymised == 0
    assert not Tombstone.objects.exists()


# --- what is replaced, what is kept ----------------------------------------------------------


def test_personal_data_is_replaced_by_a_tombstone_saying_when_and_why(
    wiki, reporter, community_queue, long_ago
):
    report = closed_case(
        wiki, reporter, community_queue, long_ago, something_else_text="SECRET-SOMETHING"
    )
    Appeal.objects.create(
        decision=report.decisions.get(),
        report=report,
        appellant=reporter,
        role="reporter",
        text="SECRET-APPEAL",
        status="decided",
    )
    notice = Delivery.objects.create(
        report=report,
        kind="notice",
        destination={"to": ["reporter@example.org"], "subject": "s", "text": SECRET},
        status=DeliveryStatus.SENT,
    )
    created, reference = report.created_at, report.reference
    now = expiry_of_decided(long_ago) + SECOND
    purge.run(now)
    report.refresh_from_db()
    assert report.reporter_email == "" and report.reporter_username == ""
    assert report.reported_user == "" and report.page_title == "" and report.thread_id == ""
    assert report.revision_id is None
    assert SECRET not in report.details and SECRET not in str(report.evidence)
    for text in (report.details, report.something_else_text):
        assert text.startswith("[Removed on ") and "retention period ended" in text
    assert report.direct_report_text == ""  # was empty: stays empty
    assert report.evidence == {"removed": now.isoformat(), "reason": "retention"}
    assert report.reference == reference and report.created_at == created
    assert report.incident_type == "intimidation" and report.status == Status.RESOLVED
    decision = report.decisions.get()
    assert decision.actions == ["warning"] and decision.ground == "ucoc-3.1"
    assert SECRET_FACTS not in decision.facts and decision.well_founded == "founded"
    assert not CaseEvent.objects.filter(text__contains="SECRET").exists()
    assert CaseEvent.objects.filter(report=report, text__startswith="[Removed").count() == 1
    assert "SECRET" not in Appeal.objects.get(report=report).text
    notice.refresh_from_db()
    assert "reporter@example.org" not in str(notice.destination)
    tombstone = Tombstone.objects.get(report=report)
    assert tombstone.reason == TombstoneReason.RETENTION and tombstone.created_at == now


def test_the_tombstone_is_written_in_the_reports_language(
    wiki, reporter, community_queue, long_ago
):
    report = closed_case(wiki, reporter, community_queue, long_ago, language="pt")
    purge.run(expiry_of_decided(long_ago) + SECOND)
    report.refresh_from_db()
    assert report.details.startswith("[Removido em ")


def test_transparency_counts_are_the_same_before_and_after(
    wiki, reporter, other_reporter, community_queue, safety_queue, long_ago
):
    closed_case(wiki, reporter, community_queue, long_ago)
    closed_case(wiki, reporter, community_queue, long_ago, incident_type="doxing")
    closed_case(wiki, other_reporter, community_queue, long_ago, actions=("no-action",))
    closed_case(
        wiki, other_reporter, community_queue, long_ago, actions=("warning", "partial-block")
    )
    closed_case(wiki, reporter, safety_queue, long_ago, flow=Flow.EMERGENCY)
    information_visit(wiki, reporter, long_ago)

    def counts():
        by_type = Counter(
            {
                (row["flow"], row["incident_type"], row["harm_subtype"], row["outcome"]): row["n"]
                for row in Report.objects.values(
                    "flow", "incident_type", "harm_subtype", "outcome"
                ).annotate(n=Count("pk"))
            }
        )
        by_action = Counter(a for d in Decision.objects.all() for a in d.actions)
        by_ground = Counter(Decision.objects.values_list("ground", flat=True))
        per_reporter = Counter(Report.objects.values_list("reporter_id", flat=True))
        return by_type, by_action, by_ground, per_reporter, Report.objects.count()

    before = counts()
    summary = purge.run(expiry_of_decided(long_ago, keep_months=24) + SECOND)
    assert summary.pseudonymised == 6
    assert counts() == before


# --- holds, dry runs, idempotence, batches, audit -------------------------------------------


def test_a_case_under_legal_hold_is_skipped_until_the_hold_is_lifted(
    wiki, reporter, community_queue, long_ago, lead
):
    report = closed_case(wiki, reporter, community_queue, long_ago)
    holds.place(report, lead, "Court order 123/2026")
    now = expiry_of_decided(long_ago) + SECOND
    summary = purge.run(now)
    assert summary.held == 1 and summary.pseudonymised == 0
    report.refresh_from_db()
    assert report.details == SECRET
    holds.lift(report, lead, "The order was withdrawn")
    assert purge.run(now).pseudonymised == 1


def _snapshot():
    return (
        list(Report.objects.order_by("pk").values()),
        list(Decision.objects.order_by("pk").values()),
        list(CaseEvent.objects.order_by("pk").values()),
        list(Delivery.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
        PurgeRun.objects.count(),
        Tombstone.objects.count(),
    )


def test_a_dry_run_changes_nothing_and_says_what_it_would_do(
    wiki, reporter, community_queue, long_ago
):
    one = closed_case(wiki, reporter, community_queue, long_ago)
    closed_case(wiki, reporter, community_queue, long_ago)
    make_report(wiki, reporter, queue=community_queue)  # open: not expired
    before = _snapshot()
    summary = purge.run(expiry_of_decided(long_ago) + SECOND, dry_run=True, keep_references=10)
    assert _snapshot() == before
    assert summary.expired == 2 and summary.pseudonymised == 0
    assert one.reference in summary.references
    assert summary.by_wiki == Counter({wiki.slug: 2})


def test_a_second_run_does_nothing_more(wiki, reporter, community_queue, long_ago):
    closed_case(wiki, reporter, community_queue, long_ago)
    now = expiry_of_decided(long_ago) + SECOND
    assert purge.run(now).pseudonymised == 1
    before = _snapshot()[:5]
    second = purge.run(now)
    assert second.pseudonymised == 0 and second.scanned == 0
    assert _snapshot()[:4] == before[:4]


def test_small_batches_reach_every_report(wiki, reporter, community_queue, long_ago):
    made = [closed_case(wiki, reporter, community_queue, long_ago) for _ in range(5)]
    summary = purge.run(expiry_of_decided(long_ago) + SECOND, batch_size=2)
    assert summary.pseudonymised == 5 and summary.scanned == 5
    assert Tombstone.objects.filter(report__in=made).count() == 5


def test_each_pseudonymisation_and_the_run_are_audited(
    wiki, reporter, community_queue, long_ago, community_team
):
    report = closed_case(wiki, reporter, community_queue, long_ago)
    summary = purge.run(expiry_of_decided(long_ago) + SECOND)
    entry = AuditEntry.objects.get(action=AuditAction.PSEUDONYMISE)
    assert entry.report_id == report.pk and entry.team_id == community_team.pk
    assert entry.details == {"reason": "retention", "run": summary.run.pk}
    assert entry.actor_name == "privacy"
    run = PurgeRun.objects.get()
    assert (run.scanned, run.pseudonymised, run.held) == (1, 1, 0)
    assert run.finished_at is not None


def test_the_command_purges_and_its_dry_run_lists(wiki, reporter, community_queue, long_ago):
    report = closed_case(wiki, reporter, community_queue, long_ago)
    out = StringIO()
    call_command("privacy_purge", "--dry-run", "--verbosity", "2", stdout=out)
    assert "would pseudonymise=1" in out.getvalue() and report.reference in out.getvalue()
    assert not Tombstone.objects.exists()
    out = StringIO()
    call_command("privacy_purge", "--batch-size", "10", stdout=out)
    assert "pseudonymised=1" in out.getvalue()
    assert Tombstone.objects.filter(report=report).exists()


def test_the_command_refuses_a_batch_size_below_one(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("privacy_purge", "--batch-size", "0")
