"""Every main page at 320 px, as the demo personas, with the data a worked demo holds: the page
itself never scrolls sideways; a table too wide for the screen scrolls inside its own labelled,
focusable region; and the tables people read on a phone (My reports, a queue) show every column
as a labelled row of a card instead of hiding columns off the screen."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from desk import decisions
from desk.cases import add_note, claim
from desk.models import Team
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Flow
from routing.models import Delivery
from testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320

# Words without a place to break: addresses and references as people paste them.
LONG_URL = (
    "https://demowiki.example.org/w/index.php?title=User_talk:Reporter&diff=prev"
    "&oldid=123456789&diffmode=source&permanent-link-to-the-comment-they-wrote"
)


def _deliveries(report) -> None:
    now = timezone.now()
    Delivery.objects.create(
        report=report,
        kind="email",
        status="sent",
        attempts=1,
        destination={"kind": "email", "to": ["community-responders-of-the-demo-wiki@example.org"]},
        external_ref="<20261124101500.12345.community-responders@irs.example.org>",
        sent_at=now,
    )
    Delivery.objects.create(
        report=report,
        kind="webhook",
        status="dead",
        attempts=8,
        destination={"kind": "webhook", "url": "https://hooks.example.org/incidents/" + "x" * 60},
        last_error="ConnectionRefusedError: [Errno 111] Connection refused " + "y" * 80,
    )


@pytest.fixture
def demo_data(db):
    """The demo's wiki, teams and personas with cases in both queues, one decided and appealed,
    and deliveries, notes and evidence on the case the responders open."""
    wiki = demo.seed_demo()
    users = {u: demo.make_user(wiki, u) for u in ("Reporter", "Responder", "Safety")}
    community = Team.objects.get(slug=f"{wiki.slug}-responders")
    safety = demo.ensure_safety_team()
    queue, emergencies = community.queues.get(), safety.queues.get()
    case = make_report(
        wiki,
        users["Reporter"],
        queue=queue,
        reported_user="Grimsby-with-a-rather-long-username-2026",
        page_title="User talk:Reporter/Archive_2026_November_with_a_long_title",
        details=f"He keeps following me. See {LONG_URL}\nSecond line of the report.",
        evidence={
            "status": "captured",
            "captured_at": timezone.now().isoformat(),
            "page": {"title": "User_talk:Reporter/Archive_2026_November_with_a_long_title"},
            "revision": {"id": 123456789, "user": "Grimsby", "comment": LONG_URL},
            "text": f"Grimsby wrote: {LONG_URL}",
        },
    )
    _deliveries(case)
    add_note(case, users["Responder"], f"Checked the history: {LONG_URL}")
    claim(case, users["Responder"])
    decided = make_report(wiki, users["Reporter"], queue=queue, incident_type="trolling")
    data = {
        "actions": ["warning"],
        "ground": "ucoc-3.1",
        "facts": "Repeated personal attacks on the talk page.",
        "reporter_text": "We warned the user.",
        "well_founded": "founded",
    }
    decision = decisions.record(decided, users["Responder"], decisions.DecisionForm(**data))
    decisions.contest(decision, users["Reporter"], "The warning is too mild.")
    emergency = make_report(
        wiki, users["Reporter"], queue=emergencies, flow=Flow.EMERGENCY, details=LONG_URL
    )
    return {
        "wiki": wiki,
        "case": case,
        "emergency": emergency,
        "community": community,
        "safety": safety,
        "queue": queue,
        "emergencies": emergencies,
    }


def _pages(d) -> dict[str, list[tuple[str, str]]]:
    wiki, team, case = d["wiki"].slug, d["community"].slug, d["case"]
    return {
        "Reporter": [
            ("reporter flow: start", f"/w/{wiki}/report?page=Talk:Main_Page&source=tools"),
            ("my reports", reverse("reports:mine")),
            ("my report", reverse("reports:detail", args=[case.reference])),
            ("confirmation", reverse("reports:submitted", args=[case.reference])),
        ],
        "Responder": [
            ("desk overview", reverse("desk:overview")),
            ("queue", reverse("desk:queue", args=[team, d["queue"].slug]) + "?status=all"),
            ("case", reverse("desk:case", args=[case.reference])),
            ("search", reverse("desk:search") + "?q=following"),
            (
                "reported user",
                reverse("desk:reported_user", args=[wiki]) + f"?name={case.reported_user}",
            ),
            ("audit", reverse("desk:audit", args=[team])),
            ("members", reverse("desk:members", args=[team])),
            ("appeals", reverse("desk:appeals", args=[team])),
            ("team metrics", reverse("metrics:team", args=[team])),
        ],
        "Safety": [
            (
                "emergency queue",
                reverse("desk:queue", args=[d["safety"].slug, d["emergencies"].slug]),
            ),
            ("emergency case", reverse("desk:case", args=[d["emergency"].reference])),
        ],
        "WikiAdmin": [
            ("config view", reverse("wikis:config", args=[wiki])),
            ("config edit", reverse("wikis:config_edit", args=[wiki])),
            ("config raw", reverse("wikis:config_raw", args=[wiki])),
            ("config history", reverse("wikis:history", args=[wiki])),
            ("wiki metrics", reverse("metrics:wiki", args=[wiki])),
        ],
        "Operator": [
            ("operators", reverse("operators")),
            ("all metrics", reverse("metrics:operators")),
            ("transparency", reverse("transparency:report")),
            ("wiki transparency", reverse("transparency:wiki_report", args=[wiki])),
        ],
    }


# What sticks out of the screen, to say what makes a page scroll sideways; and every element
# that scrolls sideways inside the page, with what a keyboard and screen reader user gets.
_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 || e.getBoundingClientRect().left < -1)
    .filter(e => !e.closest('.visually-hidden, .skip-link'))
    .filter(e => { for (let p = e.parentElement; p; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return false; } return true; })
    .slice(0, 6)
    .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().width)}px`);
  const scrollers = [...document.querySelectorAll('main *')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
      && e.scrollWidth > e.clientWidth + 1)
    .map(e => ({what: `${e.tagName}.${e.className}`, role: e.getAttribute('role'),
      label: e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'),
      tabindex: e.getAttribute('tabindex')}));
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, out, scrollers};
}"""


def _problems(tab, name: str) -> list[str]:
    facts = tab.evaluate(_WIDE)
    found = []
    if facts["scrollWidth"] > facts["clientWidth"]:
        found.append(
            f"{name} ({tab.url}): the page is {facts['scrollWidth']} px wide in a "
            f"{facts['clientWidth']} px screen: {facts['out']}"
        )
    for scroller in facts["scrollers"]:
        if scroller["role"] != "region" or not scroller["label"] or scroller["tabindex"] != "0":
            found.append(f"{name}: scrolls sideways, not a labelled focusable region: {scroller}")
    return found


def _reporter_flow(tab, name: str) -> list[str]:
    """The reporter flow's steps past the first (in the language the first one chose): the
    kinds of behaviour, a support page, then from the first step again the emergency form."""
    found = []
    start = tab.url
    tab.locator("#id_flow_non_emergency").check()
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("input[name=incident_type]").first).to_be_visible()
    found += _problems(tab, f"{name}: type")
    tab.locator("input[name=incident_type][value=intimidation]").check()
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("h2").first).to_be_visible()
    assert "/support" in tab.url, tab.url
    found += _problems(tab, f"{name}: support page")
    tab.goto(start)
    tab.locator("#id_flow_emergency").check()
    tab.locator("input[name=harm_subtype]").first.check()
    tab.locator("main form [type=submit]").click()
    expect(tab.locator("textarea[name=details]")).to_be_visible()
    found += _problems(tab, f"{name}: emergency form")
    return found


# English; French, whose words run longest of the fourteen; Arabic, right to left.
@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_every_main_page_fits_a_320_px_screen(new_page, screenshot, live_server, demo_data, lang):
    found: list[str] = []
    for username, pages in _pages(demo_data).items():
        tab = new_page(width=WIDTH, height=800)
        login(tab, live_server.url, username)
        for name, path in pages:
            url = f"{live_server.url}{path}{'&' if '?' in path else '?'}uselang={lang}"
            response = tab.goto(url)
            assert response is not None and response.status == 200, (name, path)
            found += _problems(tab, name)
            screenshot(tab, f"{username}-{name.replace(' ', '-').replace(':', '')}")
            if name == "reporter flow: start":
                found += _reporter_flow(tab, name)
    assert found == [], "\n".join(found)


# Every cell of a row: inside the screen, and labelled with its column's heading.
_CELLS = """(selector) => {
  const table = document.querySelector(selector);
  const headings = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const width = document.documentElement.clientWidth;
  return [...table.querySelector('tbody tr').children].map((cell, i) => {
    const r = cell.getBoundingClientRect();
    const label = getComputedStyle(cell, '::before').content;
    return {heading: headings[i], inside: r.width > 0 && r.left >= -1 && r.right <= width + 1,
            label: label === 'none' ? '' : label};
  });
}"""


@pytest.mark.parametrize("persona", ["Reporter", "Responder"])
def test_the_tables_read_on_a_phone_show_every_column_as_a_labelled_row(
    new_page, screenshot, live_server, demo_data, persona
):
    tab = new_page(width=WIDTH, height=800)
    login(tab, live_server.url, persona)
    if persona == "Reporter":
        path, selector = reverse("reports:mine"), "main table"
    else:
        team, queue = demo_data["community"].slug, demo_data["queue"].slug
        path, selector = reverse("desk:queue", args=[team, queue]), "main table"
    tab.goto(f"{live_server.url}{path}")
    cells = tab.evaluate(_CELLS, selector)
    assert len(cells) >= 5
    for cell in cells:
        assert cell["inside"], (cell, cells)
        # Cells with a visible heading carry it as their label (the bulk checkbox's column has
        # only a hidden one: its checkbox has its own label).
        if cell["heading"] and cell["heading"] != "Select":
            assert cell["heading"] in cell["label"], (cell, cells)
    screenshot(tab, f"{persona}-cards")
    # At desktop width the same table is a table again.
    tab.set_viewport_size({"width": 1000, "height": 800})
    assert tab.locator(selector).evaluate("e => getComputedStyle(e).display") == "table"
    assert tab.locator(f"{selector} thead").evaluate("e => getComputedStyle(e).display") != "none"
