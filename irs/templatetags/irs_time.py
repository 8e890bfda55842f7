"""Times on pages, for every app's templates: `{% load irs_time %}`.

- `iso`: the value of a `<time datetime>` attribute: UTC, whole seconds, `Z`
  (`2026-12-01T10:00:00Z`), a valid date-time string (microseconds are not: HTML allows at
  most three digits of a fraction). Takes an aware datetime or an ISO 8601 string (as in the
  data export); anything else gives "".
- `ago`: how long ago, in the active language, in its largest whole unit: "just now" under a
  minute (never "0 minutes ago"), then minutes, hours, days, months (30 days) and years, each
  one message with its plural forms (ngettext), so that every language says "ago" with the
  right form of the number ("21 минуту назад", not the nominative that a translated "%s ago"
  around Django's timesince gives).

Every `<time>` in the templates uses both: `<time datetime="{{ t|iso }}">{{ t|ago }}</time>`
or `iso` with a date format.
"""

from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

register = template.Library()

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
MONTH = 30 * DAY
YEAR = 365 * DAY


def _moment(value) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


@register.filter
def iso(value) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    return moment.astimezone(UTC).replace(microsecond=0).strftime(ISO_FORMAT)


@register.filter
def ago(value) -> str:
    moment = _moment(value)
    if moment is None:
        return ""
    seconds = (timezone.now() - moment).total_seconds()
    if seconds < MINUTE:
        return gettext("just now")
    if seconds < HOUR:
        n = int(seconds // MINUTE)
        text = ngettext("%(count)s minute ago", "%(count)s minutes ago", n)
    elif seconds < DAY:
        n = int(seconds // HOUR)
        text = ngettext("%(count)s hour ago", "%(count)s hours ago", n)
    elif seconds < MONTH:
        n = int(seconds // DAY)
        text = ngettext("%(count)s day ago", "%(count)s days ago", n)
    elif seconds < YEAR:
        n = int(seconds // MONTH)
        text = ngettext("%(count)s month ago", "%(count)s months ago", n)
    else:
        n = int(seconds // YEAR)
        text = ngettext("%(count)s year ago", "%(count)s years ago", n)
    return text % {"count": n}
