"""A required select starts with an empty placeholder option (HTML requires it: otherwise the
first real choice is preselected and "required" can never fail). Checked in every template;
the Nu HTML checker in the browser tests checks the pages they visit as rendered."""

import re

from testing.catalogs import ROOT, templates


def test_every_required_select_starts_with_an_empty_option():
    found = []
    for path in templates():
        if path.suffix == ".html":
            text = path.read_text()
            for match in re.finditer(r"<select\b[^>]*>", text):
                if not re.search(r"\srequired\b", match.group(0)):
                    continue
                after = text[match.end() :].lstrip()
                if not re.match(r'<option value="">[^<]+</option>', after):
                    found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []
