"""The period a transparency report or an export covers: whole days in UTC.

Given as a half-year (`2026-H1`: January to June, `2026-H2`: July to December) or as two dates
(`since` and `until`, both included). Without either: the current half-year. Anything else is
a PeriodError with a sentence for the person who asked.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_YEAR = 2020
LAST_YEAR = 2100
MAX_DAYS = 3 * 366
_HALF = re.compile(r"^([0-9]{4})-H([12])$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # included

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def half(self) -> str:
        """ "2026-H1" when the period is exactly a half-year, else ""."""
        for number in (1, 2):
            if self == half_year(self.since.year, number):
                return f"{self.since.year}-H{number}"
        return ""

    def as_dict(self) -> dict:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


def half_year(year: int, number: int) -> Period:
    if number == 1:
        return Period(date(year, 1, 1), date(year, 6, 30))
    return Period(date(year, 7, 1), date(year, 12, 31))


def current(today: date | None = None) -> Period:
    today = today or timezone.now().astimezone(UTC).date()
    return half_year(today.year, 1 if today.month <= 6 else 2)


def _year_ok(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _day(value: str, name: str) -> date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value or ""):
        raise PeriodError(_("Give %(name)s as a date like 2026-01-31.") % {"name": name})
    try:
        found = date.fromisoformat(value)
    except ValueError as error:
        raise PeriodError(_("%(name)s is not a date in the calendar.") % {"name": name}) from error
    if not _year_ok(found.year):
        raise PeriodError(
            _("Dates must lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return found


def parse(half: str = "", since: str = "", until: str = "") -> Period:
    """The period asked for (strings as they come from a query or a command line)."""
    half, since, until = (str(v or "").strip() for v in (half, since, until))
    if half:
        if since or until:
            raise PeriodError(_("Give either a half-year or two dates, not both."))
        match = _HALF.match(half)
        if not match or not _year_ok(int(match.group(1))):
            raise PeriodError(_("Give the half-year like 2026-H1 or 2026-H2."))
        return half_year(int(match.group(1)), int(match.group(2)))
    if not since and not until:
        return current()
    if not since or not until:
        raise PeriodError(_("Give both dates: since and until."))
    first, last = _day(since, "since"), _day(until, "until")
    if last < first:
        raise PeriodError(_("The period ends before it begins."))
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(_("A period can be at most %(days)s days long.") % {"days": MAX_DAYS})
    return Period(first, last)
