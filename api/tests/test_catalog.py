"""The API pages' translations are complete."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["pt", "uk"])
def test_every_api_string_is_translated(language):
    po = (ROOT / f"api/locale/{language}/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    entries = po.split("\n\n")[1:]
    assert entries
    for entry in entries:
        assert re.search(r'msgstr(\[\d\])? ""\n(?!")', entry + "\n") is None, entry
