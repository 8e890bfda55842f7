"""Helpers for the on-wiki browser tests: reading report links, opening the ⋮ menus the entry
point adds, and measuring layout shift (the Layout Instability API, as Chromium reports it)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "onwiki"

# Every layout shift Chromium reports from the start of the page's life (buffered), except
# those right after the person's own input (which the metric leaves out too), with the nodes
# that moved. Installed before any of the page's scripts run.
LAYOUT_SHIFTS = """
window.irsShifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    if (entry.hadRecentInput) return;
    window.irsShifts.push({ value: entry.value, at: entry.startTime,
      nodes: entry.sources.map(function (s) {
        var n = s.node;
        if (!n) return '';
        var e = n.nodeType === 1 ? n : n.parentElement;
        return (e.closest('.mw-parser-output') ? 'content ' : 'chrome ') +
          e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
      }) });
  });
}).observe({ type: 'layout-shift', buffered: true });
"""


def params(href: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


def open_talk(page, mediawiki, title: str, extra: str = "") -> None:
    """Load a wiki page and wait until the entry point has run (its Tools link is there)."""
    page.goto(mediawiki.page_url(title) + extra)
    page.wait_for_selector("#irs-report-tools a", state="attached")


def buttons(page, kind: str = "comment"):
    return page.locator(f"button.irs-more-{kind}")


def open_menu(page, button):
    """Click a ⋮ button; returns its menu's Report item."""
    button.click()
    item = page.locator(".irs-menu [role=menuitem]")
    item.wait_for()
    return item


def report_href(page, button) -> str:
    """The address the Report item of this ⋮ button's menu opens (the menu closed again)."""
    href = open_menu(page, button).get_attribute("href")
    page.keyboard.press("Escape")
    page.locator(".irs-menu").wait_for(state="detached")
    return href


def settle(page) -> None:
    """Two animation frames and a pause: any shift the page is going to make has been made."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(300)


def layout_shifts(page) -> list[dict]:
    settle(page)
    return page.evaluate("window.irsShifts")


def cls(shifts: list[dict]) -> float:
    return sum(shift["value"] for shift in shifts)
