"""The transparency report: every number on a seeded data set, suppression, CSV and JSON."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from desk.models import Appeal, AppealStatus, Decision
from desk.tests.conftest import make_report
from reports.models import Flow, MisuseKind, MisuseMeasure, Report
from transparency import periods
from transparency.report import COLUMNS, rows

H1 = periods.parse(half="2026-H1")
DAY = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _report(wiki, reporter, *, at=DAY, **fields):
    report = make_report(wiki, reporter, **fields)
    Report.objects.filter(pk=report.pk).update(created_at=at)
    report.refresh_from_db()
    return report


def _decision(report, actions, ground, *, at=DAY, **fields):
    return Decision.objects.create(
        report=report, actions=actions, ground=ground, facts="Facts.", created_at=at, **fields
    )


@pytest.fixture
def seeded(wiki, other_wiki, reporter, other_reporter):
    """Known answers on the demo wiki (and a few on another wiki, and outside the period)."""
    intimidation = [_report(wiki, reporter, trusted_flagger=i < 5) for i in range(6)]
    for _ in range(2):
        _report(wiki, reporter, incident_type="spam")
    _report(wiki, reporter, flow=Flow.EMERGENCY)
    _report(wiki, reporter, filed=False)  # support only: not a notice
    _report(wiki, reporter, at=datetime(2025, 12, 31, 23, 59, tzinfo=UTC))  # before H1
    _report(wiki, reporter, at=datetime(2026, 7, 1, 0, 0, tzinfo=UTC))  # after H1
    for _ in range(3):
        _report(other_wiki, other_reporter, incident_type="doxing")

    # First decisions after 10, 20, 30, 40, 50 and 100 hours: median 35.
    decisions = []
    for report, hours in zip(intimidation, [10, 20, 30, 40, 50, 100], strict=True):
        decided = DAY + timedelta(hours=hours)
        Report.objects.filter(pk=report.pk).update(decided_at=decided)
        actions, ground = (
            (["content-removed", "partial-block"], "ucoc-3.1")
            if hours != 100
            else (["warning"], "ucoc-2")
        )
        decisions.append(_decision(report, actions, ground, at=decided))

    # Five appeals: two upheld after 24 and 48 hours, one changed after 72, two open.
    for number, decision in enumerate(decisions[:5]):
        appeal = Appeal.objects.create(
            decision=decision,
            report=decision.report,
            appellant=reporter,
            role="reporter",
            text="I contest it.",
            created_at=DAY + timedelta(days=10),
        )
        if number < 3:
            answered = appeal.created_at + timedelta(hours=24 * (number + 1))
            Appeal.objects.filter(pk=appeal.pk).update(
                status=AppealStatus.DECIDED, decided_at=answered
            )
            upheld = number < 2
            _decision(
                decision.report,
                decision.actions if upheld else ["warning"],
                decision.ground if upheld else "ucoc-2",
                at=answered,
                answers=appeal,
                appeal_result="upheld" if upheld else "changed",
            )

    MisuseMeasure.objects.create(
        reporter=other_reporter, wiki=wiki, kind=MisuseKind.WARNING, created_at=DAY
    )
    for _ in range(5):
        MisuseMeasure.objects.create(
            reporter=other_reporter,
            wiki=wiki,
            kind=MisuseKind.SUSPENSION,
            created_at=DAY,
            ends_at=DAY + timedelta(days=14),
        )
    MisuseMeasure.objects.create(
        reporter=reporter, wiki=other_wiki, kind=MisuseKind.SUSPENSION, created_at=DAY
    )
    return wiki


def table(found) -> dict:
    return {(row.section, row.key, row.detail): row.value for row in found}


EXACT = {
    ("notices", "total", ""): 9,
    ("notices_by_type", "emergency", "physical-harm"): 1,
    ("notices_by_type", "non-emergency", "intimidation"): 6,
    ("notices_by_type", "non-emergency", "spam"): 2,
    ("notices_by_source", "trusted-flagger", ""): 5,
    ("notices_by_source", "other", ""): 4,
    ("decisions", "total", ""): 9,
    ("actions", "content-removed", "ucoc-3.1"): 7,
    ("actions", "partial-block", "ucoc-3.1"): 7,
    ("actions", "warning", "ucoc-2"): 2,
    ("decision_time", "decided", ""): 6,
    ("decision_time", "median_hours", ""): 35.0,
    ("appeals", "received", ""): 5,
    ("appeals", "open", ""): 2,
    ("appeals", "upheld", ""): 2,
    ("appeals", "changed", ""): 1,
    ("appeal_time", "decided", ""): 3,
    ("appeal_time", "median_hours", ""): 48.0,
    ("misuse", "warnings", ""): 1,
    ("misuse", "suspensions", ""): 5,
}


def test_every_number_of_a_wiki_on_the_seeded_data(seeded):
    assert table(rows(H1, seeded, public=False)) == EXACT


def test_outside_the_team_small_cells_are_suppressed(seeded):
    public = table(rows(H1, seeded, public=True))
    small = {key for key, value in EXACT.items() if isinstance(value, int) and 0 < value < 5}
    assert small
    for key, value in EXACT.items():
        if key in small:
            assert public[key] == "<5", key
        elif key == ("appeal_time", "median_hours", ""):
            assert public[key] is None  # a median over 3 appeals could point at them
        else:
            assert public[key] == value, key


def test_all_wikis_together(seeded, other_wiki):
    found = table(rows(H1, None, public=False))
    assert found[("notices", "total", "")] == 12
    assert found[("notices_by_type", "non-emergency", "doxing")] == 3
    assert found[("misuse", "suspensions", "")] == 6
    assert table(rows(H1, other_wiki, public=False))[("notices", "total", "")] == 3


def test_a_period_boundary_is_exact(seeded):
    second_half = table(rows(periods.parse(half="2026-H2"), seeded, public=False))
    assert second_half[("notices", "total", "")] == 1
    day_before = periods.parse(since="2025-12-31", until="2025-12-31")
    assert table(rows(day_before, seeded, public=False))[("notices", "total", "")] == 1


def test_the_page_shows_the_numbers_and_no_one(client, seeded, reporter):
    page = client.get(f"/transparency/w/{seeded.slug}/?half=2026-H1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Intimidation or aggressive behavior" in text
    assert "&lt;5" in text
    assert "35.0" in text
    assert reporter.username not in text
    assert "Troll" not in text
    assert f"/transparency/w/{seeded.slug}/report.csv?half=2026-H1" in text


def test_the_global_page_lists_every_wiki(client, seeded, other_wiki):
    page = client.get("/transparency/?since=2026-01-01&until=2026-06-30")
    assert page.status_code == 200
    assert f"/transparency/w/{other_wiki.slug}/" in page.content.decode()


def test_the_csv_has_the_documented_columns(client, seeded):
    response = client.get(f"/transparency/w/{seeded.slug}/report.csv?half=2026-H1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        f"transparency-{seeded.slug}-2026-01-01-2026-06-30.csv" in response["Content-Disposition"]
    )
    found = list(csv.reader(io.StringIO(response.content.decode())))
    assert found[0] == COLUMNS
    assert ["notices", "total", "", "9"] in found
    assert ["notices_by_type", "non-emergency", "spam", "<5"] in found
    assert ["appeal_time", "median_hours", "", ""] in found
    assert len(found) == 1 + len(EXACT)


def test_the_json_has_the_documented_shape(client, seeded):
    body = client.get(f"/transparency/w/{seeded.slug}/report.json?half=2026-H1").json()
    assert set(body) == {"wiki", "period", "generated_at", "columns", "rows"}
    assert body["wiki"] == seeded.slug
    assert body["period"] == {"since": "2026-01-01", "until": "2026-06-30"}
    assert body["columns"] == COLUMNS
    assert all(list(row) == COLUMNS for row in body["rows"])
    assert {"section": "decision_time", "key": "median_hours", "detail": "", "value": 35.0} in (
        body["rows"]
    )
    assert client.get("/transparency/report.json?half=2026-H1").json()["wiki"] is None


@pytest.mark.parametrize("suffix", ["", "report.csv", "report.json"])
@pytest.mark.parametrize(
    "query",
    ["?half=2026-H3", "?since=2026-02-30&until=2026-03-01", "?since=2026-01-01", "?half=%00"],
)
def test_a_bad_period_is_a_clear_400(client, wiki, suffix, query):
    response = client.get(f"/transparency/w/{wiki.slug}/{suffix}{query}")
    assert response.status_code == 400
    assert response.content


def test_an_unknown_wiki_is_a_404(client, db):
    assert client.get("/transparency/w/no-such-wiki/").status_code == 404
    assert client.post("/transparency/").status_code == 405


def test_the_page_is_translated(client, seeded):
    page = client.get(f"/transparency/w/{seeded.slug}/?half=2026-H1&uselang=uk").content.decode()
    assert "Звіт про прозорість" in page


def test_medians_of_an_odd_count_and_of_a_single_case(wiki, reporter):
    """The middle value itself (odd count); a case whose decision precedes its filing (a
    clock error) is left out, not counted as a negative time."""
    for hours in (7, 1, 30, 2, 5):
        report = _report(wiki, reporter)
        Report.objects.filter(pk=report.pk).update(decided_at=DAY + timedelta(hours=hours))
    broken = _report(wiki, reporter)
    Report.objects.filter(pk=broken.pk).update(decided_at=DAY - timedelta(hours=3))
    found = table(rows(H1, wiki, public=False))
    assert found[("decision_time", "decided", "")] == 5
    assert found[("decision_time", "median_hours", "")] == 5.0
    Report.objects.filter(decided_at__gt=DAY + timedelta(hours=6)).update(decided_at=None)
    Report.objects.filter(decided_at__lt=DAY + timedelta(hours=4)).update(decided_at=None)
    assert table(rows(H1, wiki, public=False))[("decision_time", "median_hours", "")] == 5.0
