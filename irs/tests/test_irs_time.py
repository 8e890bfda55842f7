"""Times on pages (irs/templatetags/irs_time.py): `<time datetime>` values that are valid HTML
(UTC, whole seconds) and "how long ago" that never says "0 minutes ago"."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from irs.templatetags.irs_time import ago, iso
from testing.catalogs import ROOT, templates


def test_iso_is_utc_in_whole_seconds():
    moment = datetime(2026, 12, 1, 11, 30, 5, 123456, tzinfo=ZoneInfo("Europe/Berlin"))
    assert iso(moment) == "2026-12-01T10:30:05Z"
    assert iso("2026-12-01T10:30:05.999999+00:00") == "2026-12-01T10:30:05Z"
    assert iso(datetime(2026, 12, 1, 10, 30, 5, 1)) == "2026-12-01T10:30:05Z"  # naive: UTC
    assert iso(None) == "" and iso("not a date") == "" and iso(3) == ""


def test_under_a_minute_is_just_now_in_the_active_language():
    now = timezone.now()
    assert ago(now - timedelta(seconds=59)) == "just now"
    assert ago(now + timedelta(seconds=5)) == "just now"  # a clock a little ahead
    assert ago(now - timedelta(minutes=1, seconds=1)) == "1 minute ago"
    assert ago(now - timedelta(minutes=5)) == "5 minutes ago"
    assert ago(None) == ""
    with translation.override("de"):
        assert ago(now) == "gerade eben"
        assert ago(now - timedelta(minutes=5, seconds=1)) == "vor 5 Minuten"


def test_the_largest_whole_unit_is_said():
    now = timezone.now()
    assert ago(now - timedelta(minutes=59, seconds=59)) == "59 minutes ago"
    assert ago(now - timedelta(hours=1)) == "1 hour ago"
    assert ago(now - timedelta(hours=23, minutes=59)) == "23 hours ago"
    assert ago(now - timedelta(days=2, hours=5)) == "2 days ago"
    assert ago(now - timedelta(days=65)) == "2 months ago"
    assert ago(now - timedelta(days=400)) == "1 year ago"


def test_plural_forms_follow_the_language():
    now = datetime.now(UTC)
    with translation.override("ru"):
        assert ago(now - timedelta(minutes=2, seconds=1)) == "2 минуты назад"
        assert ago(now - timedelta(minutes=5, seconds=1)) == "5 минут назад"
        assert ago(now - timedelta(minutes=21, seconds=1)) == "21 минуту назад"
    with translation.override("uk"):
        assert ago(now - timedelta(days=1, seconds=1)) == "1 день тому"
        assert ago(now - timedelta(days=3, seconds=1)) == "3 дні тому"
        assert ago(now - timedelta(days=11, seconds=1)) == "11 днів тому"
    with translation.override("ar"):
        assert ago(now - timedelta(hours=2, seconds=1)) == "منذ ساعتين"


def test_every_time_element_in_every_template_uses_iso():
    found = []
    for path in templates():
        if path.suffix == ".html":
            for tag in re.findall(r"<time\b[^>]*>", path.read_text()):
                if not re.search(r'datetime="\{\{ [\w.]+\|iso \}\}"', tag):
                    found.append(f"{path.relative_to(ROOT)}: {tag}")
    assert found == []
