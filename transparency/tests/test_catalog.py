"""The transparency app's translations are complete and agree with other apps' catalogs.

Django merges every app's catalog into one per language; the first app listed wins a msgid
two apps share. A msgid translated differently elsewhere (e.g. "Report" as a noun here, a
verb in the embed) must carry a context here, or one of the two apps shows the wrong word.
"""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.mark.parametrize("language", ["pt", "uk"])
def test_every_transparency_string_is_translated(language):
    po = (ROOT / f"transparency/locale/{language}/LC_MESSAGES/django.po").read_text(
        encoding="utf-8"
    )
    assert "#, fuzzy" not in po
    entries = po.split("\n\n")[1:]
    assert entries
    for entry in entries:
        assert re.search(r'msgstr(\[\d\])? ""\n(?!")', entry + "\n") is None, entry


@pytest.mark.parametrize("language", ["pt", "uk"])
def test_shared_msgids_mean_the_same_as_in_other_apps(language):
    mine = catalog(ROOT / f"transparency/locale/{language}/LC_MESSAGES/django.mo")
    for other_path in ROOT.glob(f"*/locale/{language}/LC_MESSAGES/django.mo"):
        if other_path.parts[-5] == "transparency":
            continue
        other = catalog(other_path)
        for key in set(mine) & set(other):
            if key == "":
                continue
            assert mine[key] == other[key], (other_path.parts[-5], key)
