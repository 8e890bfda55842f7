"""The period of a report or an export: half-years or two dates, everything else refused."""

from datetime import date

import pytest

from transparency import periods


def test_a_half_year_is_january_to_june_or_july_to_december():
    first = periods.parse(half="2026-H1")
    assert (first.since, first.until) == (date(2026, 1, 1), date(2026, 6, 30))
    second = periods.parse(half="2026-H2")
    assert (second.since, second.until) == (date(2026, 7, 1), date(2026, 12, 31))
    assert second.start.isoformat() == "2026-07-01T00:00:00+00:00"
    assert second.end.isoformat() == "2027-01-01T00:00:00+00:00"
    assert second.half == "2026-H2"
    assert periods.parse(since="2026-01-01", until="2026-06-29").half == ""


def test_without_a_choice_it_is_the_current_half_year():
    assert periods.current(date(2026, 6, 30)) == periods.parse(half="2026-H1")
    assert periods.current(date(2026, 7, 1)) == periods.parse(half="2026-H2")


def test_two_dates_include_both_days():
    found = periods.parse(since="2026-03-01", until="2026-03-01")
    assert (found.end - found.start).days == 1


@pytest.mark.parametrize(
    "values",
    [
        {"half": "2026-H3"},
        {"half": "26-H1"},
        {"half": "1999-H1"},
        {"half": "2026-H1", "since": "2026-01-01"},
        {"since": "2026-01-01"},
        {"until": "2026-01-01"},
        {"since": "2026-02-30", "until": "2026-03-01"},
        {"since": "2026-1-1", "until": "2026-03-01"},
        {"since": "2026-03-02", "until": "2026-03-01"},
        {"since": "2019-12-31", "until": "2020-01-02"},
        {"since": "2020-01-01", "until": "2026-01-01"},
        {"since": "2026-01-01\n", "until": "２０２６-01-02"},
    ],
)
def test_anything_else_is_refused_with_a_sentence(values):
    with pytest.raises(periods.PeriodError) as refused:
        periods.parse(**values)
    assert str(refused.value).endswith(".")
