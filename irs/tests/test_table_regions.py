"""Every template's table wrapper (class "table-wrap", which scrolls sideways when the table is
wider than the screen) is a region a keyboard reaches and a screen reader names: role="region",
tabindex="0" and aria-labelledby naming an element of the same app's templates; and every
cell of a table shown as cards on phones (class "cards") carries its column's label."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    p
    for p in ROOT.glob("*/templates/**/*.html")
    if ".venv" not in p.parts and "email" not in p.parts
)
WRAPPER = re.compile(r"<div\b[^>]*\bclass=\"table-wrap\"[^>]*>")


def _app_ids(app: str) -> str:
    return "\n".join(p.read_text() for p in TEMPLATES if p.relative_to(ROOT).parts[0] == app)


def test_templates_are_found():
    names = {p.name for p in TEMPLATES}
    assert {"queue.html", "mine.html", "case.html", "operators.html"} <= names


def test_every_table_wrapper_is_a_labelled_focusable_region():
    problems = []
    seen = 0
    for path in TEMPLATES:
        for tag in WRAPPER.findall(path.read_text()):
            seen += 1
            name = path.relative_to(ROOT)
            if 'role="region"' not in tag or 'tabindex="0"' not in tag:
                problems.append(f"{name}: {tag}")
                continue
            label = re.search(r'aria-labelledby="([^"]+)"', tag)
            if label is None:
                problems.append(f"{name}: no aria-labelledby: {tag}")
                continue
            target = label.group(1)
            if f'id="{target}"' not in _app_ids(name.parts[0]):
                problems.append(f"{name}: aria-labelledby names no element: {target}")
    assert seen >= 15
    assert problems == [], "\n".join(problems)


def test_every_cell_of_a_card_table_is_labelled():
    problems = []
    for path in TEMPLATES:
        text = path.read_text()
        for table in re.findall(r"<table class=\"cards\">.*?</table>", text, re.S):
            body = table.split("<tbody>", 1)[1]
            for cell in re.findall(r"<td\b[^>]*>", body):
                if "data-label=" not in cell and "colspan" not in cell:
                    problems.append(f"{path.relative_to(ROOT)}: {cell}")
    assert problems == [], "\n".join(problems)
