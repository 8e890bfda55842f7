"""Every shipped language (settings.LANGUAGES) is complete in every app: each message the code
and templates hold now is translated, nothing fuzzy or left over, every plural form filled,
the same placeholders and markup as the English text; and where two apps share a message
they translate it alike (Django merges the apps' catalogs; the first app listed wins)."""

import gettext
import re

import pytest
from django.conf import settings

from testing import catalogs

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Catalogs are files: checked once, in the SQLite run (bin/test runs the suite again on
# PostgreSQL for the database's sake).
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="catalogs do not depend on the database",
)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """Each app's messages, extracted afresh from its code (once per test run)."""
    scratch = tmp_path_factory.mktemp("sources")
    return {app: catalogs.source_entries(app, scratch) for app in catalogs.APPS}


def test_every_app_with_messages_is_checked():
    assert {"reports", "desk", "wikis", "embed", "irs"} <= set(catalogs.APPS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", catalogs.APPS)
def test_the_catalog_holds_exactly_the_apps_messages(sources, app, language):
    path = catalogs.po_path(app, language)
    assert path.exists(), f"{app} has no catalog for {language}"
    entries = catalogs.parse(path)
    wanted = {entry.key for entry in sources[app][1:]}
    have = {entry.key for entry in entries[1:] if not entry.obsolete}
    assert not wanted - have, f"missing in {path}: run makemessages and translate"
    assert not have - wanted, f"no longer in the code, still in {path}: run makemessages"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("app", catalogs.APPS)
def test_every_message_is_translated_with_its_placeholders(app, language):
    path = catalogs.po_path(app, language)
    entries = catalogs.parse(path)
    forms = catalogs.nplurals(entries)
    problems = []
    for entry in entries[1:]:
        if entry.obsolete:
            continue
        where = f"{entry.msgctxt or ''}|{entry.msgid[:60]}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
        expected = range(forms) if entry.msgid_plural is not None else range(1)
        if sorted(entry.msgstr) != list(expected):
            problems.append(f"{len(entry.msgstr)} forms, not {len(expected)}: {where}")
        for index, text in entry.msgstr.items():
            if not text.strip():
                problems.append(f"empty: {where}")
                continue
            source = entry.msgid if index == 0 or entry.msgid_plural is None else None
            source = source if source is not None else entry.msgid_plural
            # A plural form may leave out the number (Arabic's "one", "two"), nothing else.
            mine, theirs = catalogs.placeholders(text), catalogs.placeholders(source or "")
            if entry.msgid_plural is not None:
                mine = [p for p in mine if p not in ("%d", "%s")]
                theirs = [p for p in theirs if p not in ("%d", "%s")]
                mine = [p for p in mine if "counter" not in p and "count" not in p]
                theirs = [p for p in theirs if "counter" not in p and "count" not in p]
            if mine != theirs:
                problems.append(f"placeholders {mine} vs {theirs}: {where}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


def _compiled(app: str, language: str) -> dict:
    path = catalogs.po_path(app, language).with_suffix(".mo")
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_two_apps_share_is_translated_alike(language):
    compiled = {app: _compiled(app, language) for app in catalogs.APPS}
    seen: dict = {}
    clashes = []
    for app, catalog in compiled.items():
        for key, text in catalog.items():
            if key == "":
                continue
            if key in seen and seen[key][1] != text:
                clashes.append(f"{key!r}: {seen[key][0]} {seen[key][1]!r}, {app} {text!r}")
            seen.setdefault(key, (app, text))
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(
    "path", catalogs.templates(), ids=lambda p: str(p.relative_to(catalogs.ROOT))
)
def test_no_template_shows_text_not_marked_for_translation(path):
    assert catalogs.untranslated_text(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello</p>",
        '<button aria-label="Close">×</button>',
        "{% if x %}<td>None yet</td>{% endif %}",
        '<img alt="Logo of {{ wiki }}" src="x">',
    ],
)
def test_the_template_check_sees_plain_text(source):
    assert catalogs.untranslated_text(source)


@pytest.mark.parametrize(
    "source",
    [
        '{% load i18n %}<p>{% translate "Hello" %}</p>',
        "<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>",
        '<a href="{{ url }}" class="button primary">{{ label }}</a>',
        "<script>var a = 'word';</script><style>p { color: red }</style>",
        "{# a comment #}<p>CSV · JSON</p>",
    ],
)
def test_the_template_check_leaves_translated_text_alone(source):
    assert catalogs.untranslated_text(source) == []


@pytest.mark.parametrize(
    "path", catalogs.templates(), ids=lambda p: str(p.relative_to(catalogs.ROOT))
)
def test_every_text_field_declares_its_direction(path):
    """What people type keeps its own direction (dir="auto"), codes read left to right
    (dir="ltr"): without it, an English sentence typed on an Arabic page shows its full stop
    at the wrong end, and an Arabic one on an English page too."""
    source = path.read_text(encoding="utf-8")
    fields = re.findall(r"<textarea\b[^>]*>|<input\b[^>]*\btype=\"(?:text|search)\"[^>]*>", source)
    assert [field for field in fields if " dir=" not in field] == []
