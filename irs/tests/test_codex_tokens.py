"""The vendored Codex design tokens: one version throughout, both files linked from the base
layout, and every custom property the project's stylesheets use defined somewhere."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "irs" / "static" / "irs" / "vendor" / "codex-design-tokens"
LIGHT = VENDOR / "theme-wikimedia-ui.css"
DARK = VENDOR / "theme-wikimedia-ui-mode-dark.css"
STYLESHEETS = sorted(
    path
    for path in ROOT.glob("*/static/*/*.css")
    if ".venv" not in path.parts and "vendor" not in path.parts
)


def _defined(css: str) -> set[str]:
    return set(re.findall(r"(--[\w-]+)\s*:", css))


def test_the_vendored_files_are_one_version_with_their_licence():
    version = re.match(
        r"@wikimedia/codex-design-tokens (\d+\.\d+\.\d+) ", (VENDOR / "VERSION").read_text()
    )
    assert version, "VERSION names the package and its version"
    for path in (LIGHT, DARK):
        assert f"Codex Design Tokens v{version[1]}" in path.read_text()[:200], path.name
    assert "GNU GENERAL PUBLIC LICENSE" in (VENDOR / "LICENSE").read_text()


def test_the_dark_values_only_replace_tokens_the_light_file_has():
    light, dark = _defined(LIGHT.read_text()), _defined(DARK.read_text())
    assert dark and dark <= light
    assert "--background-color-base" in dark


def test_the_base_layout_loads_the_tokens_before_the_site_css_and_the_dark_ones_on_screens():
    base = (ROOT / "irs" / "templates" / "irs" / "base.html").read_text()
    light = base.index("codex-design-tokens/theme-wikimedia-ui.css")
    dark = base.index("codex-design-tokens/theme-wikimedia-ui-mode-dark.css")
    assert light < dark < base.index("'irs/irs.css'")
    link = base[base.rindex("<link", 0, dark) : base.index(">", dark)]
    assert 'media="screen and (prefers-color-scheme: dark)"' in link


def test_every_custom_property_the_stylesheets_use_is_defined():
    assert len(STYLESHEETS) >= 4
    defined = _defined(LIGHT.read_text())
    for path in STYLESHEETS:
        defined |= _defined(path.read_text())
    for path in STYLESHEETS:
        # A use with a fallback (var(--x, value)) may name a property defined elsewhere.
        used = set(re.findall(r"var\(\s*(--[\w-]+)\s*\)", path.read_text()))
        assert used - defined == set(), path.relative_to(ROOT)


def test_the_stylesheets_take_colours_from_the_tokens():
    for path in STYLESHEETS:
        css = re.sub(r'url\("data:[^"]*"\)', "", path.read_text())
        assert re.findall(r"#[0-9a-fA-F]{3,8}\b", css) == [], path.relative_to(ROOT)
