"""The counts made in SQL (metrics/counts.py) against the plain loops they replaced
(metrics/tests/reference.py), on a random but seeded history: every status, pauses, waits,
reopened cases, closings without an event, several decisions per case (some at the same
moment), per-type targets, a case about the viewer. Periods that start inside the history
(a backlog carried in), a single day (a day dropped or shifted shows) and a whole month."""

import random
import secrets
from datetime import UTC, date, datetime, timedelta

import pytest

from desk import access
from desk.models import CaseEvent, Decision, EventKind, Queue, TeamMembership
from irs import demo
from metrics import counts, totals
from reports.models import Report, Status
from wikis.models import ConfigRevision

from . import reference

NOW = datetime(2026, 3, 31, 12, tzinfo=UTC)
PERIODS = [
    (date(2026, 3, 2), date(2026, 3, 15)),
    (date(2026, 3, 9), date(2026, 3, 9)),
    (date(2026, 2, 20), date(2026, 3, 31)),
]
TYPES = ["intimidation", "spam", "doxing", "trolling", ""]
ACTIONS = [[], ["warning"], ["no-action"], ["content-removed", "partial-block"]]


def _history(seed: int = 11):
    rng = random.Random(seed)
    wiki = demo.ensure_wiki()
    other = demo.ensure_wiki("otherwiki", "Other Wiki")
    config = other.config
    config["response_times"]["types"] = [
        {"type": "spam", "first_response_hours": 2, "decision_hours": 30},
        {"type": "doxing", "first_response_hours": 1},
        {"type": "spam", "decision_hours": 20},  # a later entry for a type wins
    ]
    config["emergency"]["response_time_hours"] = 5
    ConfigRevision.objects.create(wiki=other, data=config)
    team = demo.ensure_community_team(wiki)
    other_team = demo.ensure_community_team(other)
    safety = demo.ensure_safety_team()
    queues = [
        Queue.objects.get(team=team),
        Queue.objects.get(team=other_team),
        safety.queues.get(slug="emergency"),
    ]
    responder = demo.make_user(wiki, "Responder")
    for each in (team, other_team, safety):
        TeamMembership.objects.get_or_create(team=each, user=responder)
    reporter = demo.make_user(wiki, "Reporter")
    start = datetime(2026, 2, 10, tzinfo=UTC)
    for _ in range(160):
        queue = rng.choice(queues)
        emergency = queue == queues[2]
        created = start + timedelta(minutes=rng.randrange(0, 50 * 24 * 60))
        status = rng.choice(list(Status.values))
        fields = {
            "flow": "emergency" if emergency else "non-emergency",
            "incident_type": "" if emergency else rng.choice(TYPES),
            "harm_subtype": "self-harm" if emergency else "",
            "filed": rng.random() > 0.05,
            "status": status,
            "trusted_flagger": rng.random() < 0.3,
            "reported_user": rng.choice(["", "Someone", "responder", "RESPONDER", "Other"]),
            "paused_seconds": rng.choice([0, 0, 3600, 5 * 3600 + 17]),
        }
        if rng.random() < 0.7:
            fields["first_response_at"] = created + timedelta(minutes=rng.randrange(1, 5000))
        if rng.random() < 0.5:
            fields["decided_at"] = created + timedelta(minutes=rng.randrange(30, 30000))
        if status == Status.WAITING and rng.random() < 0.8:
            fields["waiting_since"] = created + timedelta(hours=rng.randrange(1, 400))
        wiki_of = other if queue == queues[1] else wiki
        report = Report.objects.create(
            wiki=wiki_of, reporter=reporter, reporter_username=reporter.username, queue=queue,
            submission_token=secrets.token_urlsafe(12), **fields,
        )  # fmt: skip
        updated = created + timedelta(hours=rng.randrange(0, 900))
        Report.objects.filter(pk=report.pk).update(created_at=created, updated_at=updated)
        # Closing events: none (the last change stands in), one, or several; also on cases
        # reopened since (open now: not closed at all).
        for _ in range(rng.choice([0, 1, 1, 2])):
            event = CaseEvent.objects.create(
                report=report, kind=EventKind.STATUS,
                created_at=created + timedelta(hours=rng.randrange(0, 800)),
                data={"status": rng.choice(["resolved", "closed-duplicate", "in-progress"])},
            )  # fmt: skip
            # A status change saves the case as it writes its event (desk.cases): the last
            # change is never before it.
            if event.created_at > updated:
                updated = event.created_at
                Report.objects.filter(pk=report.pk).update(updated_at=updated)
        decided = created + timedelta(hours=rng.randrange(1, 300))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            Decision.objects.create(
                report=report, actions=rng.choice(ACTIONS),
                outcome=rng.choice(["action-taken", "no-action"]), created_at=decided,
            )  # fmt: skip
            if rng.random() < 0.6:  # else the next one is at the same moment
                decided += timedelta(hours=rng.randrange(1, 200))
    return {"team": team, "responder": responder, "wiki": wiki}


@pytest.fixture
def history(db):
    return _history()


def _scopes(history):
    team_view = access.restrict_to_visible(
        Report.objects.filter(queue__team=history["team"]), history["responder"]
    )
    return {
        "team, recused from some": team_view,
        "one wiki": Report.objects.filter(wiki=history["wiki"]),
        "all wikis": Report.objects.all(),
    }


def test_the_history_has_what_the_comparison_needs(history):
    """The data set exercises each case the SQL must get right (else a test below proves little)."""
    reports = Report.objects.all()
    assert reports.filter(status=Status.WITHDRAWN).exists()
    assert reports.filter(waiting_since__isnull=False, status=Status.WAITING).exists()
    assert reports.filter(reported_user__iexact="responder", queue__team=history["team"]).exists()
    closed = reports.filter(status__in=counts.CLOSED)
    assert closed.exclude(pk__in=CaseEvent.objects.values("report")).exists()
    assert (
        reports.exclude(status__in=counts.CLOSED)
        .filter(pk__in=CaseEvent.objects.filter(data__status="resolved").values("report"))
        .exists()
    )
    assert reports.filter(wiki__slug="otherwiki", incident_type="spam").exists()


@pytest.mark.parametrize("start,end", PERIODS)
def test_period_counts_match_the_loops(history, start, end):
    for label, reports in _scopes(history).items():
        assert counts.response_times(reports, start, end) == reference.response_times(
            reports, start, end
        ), label
        assert counts.backlog(reports, start, end) == reference.backlog(reports, start, end), label
        assert counts.outcomes(reports, start, end) == reference.outcomes(reports, start, end), (
            label
        )


def test_counts_now_match_the_loops(history):
    for label, reports in _scopes(history).items():
        for now in (NOW, datetime(2026, 3, 5, 8, tzinfo=UTC)):
            assert counts.age_distribution(reports, now) == reference.age_distribution(
                reports, now
            ), label
            assert counts.overdue(reports, now) == reference.overdue(reports, now), label


def test_the_comparison_is_not_empty(history):
    """Non-trivial figures: a comparison of zeros with zeros would pass any mutant."""
    reports = Report.objects.all()
    start, end = PERIODS[0]
    weekly = counts.response_times(reports, start, end)
    assert all(week["first_count"] > 2 and week["decision_count"] > 2 for week in weekly)
    assert {week["first_target"] for week in weekly} <= {72.0, 3.0}
    assert min(row["open"] for row in counts.backlog(reports, start, end)) > 5
    assert sum(row["cases"] for row in counts.outcomes(reports, start, end)) > 10
    late = counts.overdue(reports, NOW)
    assert all(0 < row["overdue"] < row["running"] for row in late)


def test_a_new_configuration_changes_the_targets_at_once(history):
    """The targets are worked out once per configuration revision: a new revision is used on
    the next page, not after a restart."""
    reports = Report.objects.filter(wiki=history["wiki"], flow="non-emergency")
    start, end = PERIODS[0]
    assert {w["first_target"] for w in counts.response_times(reports, start, end)} == {72.0}
    config = history["wiki"].config
    config["response_times"]["first_response_hours"] = 10
    ConfigRevision.objects.create(wiki=history["wiki"], data=config)
    assert {w["first_target"] for w in counts.response_times(reports, start, end)} == {10.0}
    assert counts.overdue(reports, NOW) == reference.overdue(reports, NOW)


def _wheres(history):
    """The daily totals (metrics.totals) that add up to each of `_scopes`, as the pages ask."""
    return {
        "team, recused from some": totals.Where(
            queue_ids=list(Queue.objects.filter(team=history["team"]).values_list("pk", flat=True)),
            recused=access.recusal_condition(history["responder"]),
        ),
        "one wiki": totals.Where(wiki_ids=[history["wiki"].pk]),
        "all wikis": totals.Where(),
    }


def _same_from_totals(history):
    scopes, wheres = _scopes(history), _wheres(history)
    for start, end in PERIODS:
        for label, reports in scopes.items():
            where = wheres[label]
            assert counts.backlog(reports, start, end, where) == reference.backlog(
                reports, start, end
            ), (label, start)
            assert counts.outcomes(reports, start, end, where) == reference.outcomes(
                reports, start, end
            ), (label, start)
            for count in (counts.reports_per_day, counts.trusted_share):
                assert count(reports, start, end, where) == count(reports, start, end), (
                    label,
                    start,
                )


@pytest.mark.parametrize(
    "now",
    # Every period counted; periods that straddle the last counted day (9 March); none.
    [NOW, datetime(2026, 3, 10, 12, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)],
)
def test_the_daily_totals_give_the_same_figures(history, now):
    done = totals.rollup_cases(now=now)
    assert done["cases"] == Report.objects.count()
    assert totals.rolled_through() == now.date() - timedelta(days=1)
    _same_from_totals(history)


def test_changes_to_counted_cases_are_recounted(history):
    """A case moved to another queue, reopened, closed, decided again or withdrawn changes
    days already counted: the next run recounts them (and only looks at those cases)."""
    totals.rollup_cases(now=NOW)
    team_queue = Queue.objects.get(team=history["team"])
    reports = Report.objects.filter(filed=True, created_at__lt=datetime(2026, 3, 5, tzinfo=UTC))
    moved = reports.filter(queue=team_queue, status__in=counts.CLOSED).first()
    moved.queue = Queue.objects.exclude(team=history["team"]).first()
    moved.save()
    reopened = reports.filter(status__in=counts.CLOSED).exclude(pk=moved.pk).first()
    reopened.status = Status.IN_PROGRESS
    reopened.save()
    closing = reports.filter(status=Status.NEW).first()
    closing.status = Status.RESOLVED
    closing.save()
    CaseEvent.objects.create(
        report=closing, kind=EventKind.STATUS, data={"status": "resolved"},
        created_at=datetime(2026, 3, 12, 9, tzinfo=UTC),
    )  # fmt: skip
    decided = Decision.objects.filter(
        created_at__gte=datetime(2026, 3, 3, tzinfo=UTC),
        created_at__lt=datetime(2026, 3, 14, tzinfo=UTC),
        report__filed=True,
    ).first()
    Decision.objects.create(
        report=decided.report, actions=["warning"], outcome="action-taken",
        created_at=decided.created_at + timedelta(days=3),
    )  # fmt: skip
    before = counts.backlog(Report.objects.all(), *PERIODS[2], totals.Where())
    # The live figures moved; the counted days still show the old ones until the next run.
    assert before != reference.backlog(Report.objects.all(), *PERIODS[2])
    done = totals.rollup_cases(now=NOW)
    assert done["cases"] == 4
    _same_from_totals(history)
