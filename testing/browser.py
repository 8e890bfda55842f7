"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright (sync API).

Fixtures (registered as a pytest plugin in the root conftest):
- `browser`: one Chromium for the whole test session (see BROWSER_SCOPE).
- `page`: a fresh browser context (own cookies) and page per test, closed afterwards; when the
  test fails, its last state is saved as a screenshot too.
- `new_page`: `new_page(width=1000, height=900, **context_options)` opens one more page, each
  in a fresh context, for tests with several people or screen sizes; closed (and screenshotted
  on failure) afterwards, like `page`.
- `screenshot`: `screenshot(page, "step-name")` saves test-artifacts/<test>/NN-step-name.png.
Helpers: `login(page, live_server_url, username)` logs in through the login form;
`accessibility_violations(page, within=None)` runs axe-core now (on the page, or on the elements
matching the `within` selector on any page, e.g. the report dialog over a wiki page).

Every IRS page a test visits (any frame whose document loads irs/irs.css) is checked with
axe-core (testing/vendor/axe-core, bin/refresh-axe-core) against WCAG 2.1 A and AA once it has
loaded, and every open page again when the test ends: any violation fails the test, like
anything the Content-Security-Policy blocked. The HTML of the same pages, as served, is kept
(`html_pages`, one per test module) and checked with the Nu HTML checker (testing/html_check.py)
once the module's tests have run: any error fails the module's last test, naming the page and
the test that visited it.

Browser tests use pytest-django's `live_server` (bound to 127.0.0.1 on a free port) and are
marked `@pytest.mark.browser`.
"""

import itertools
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from testing import html_check

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# pytest-django's live server listens on loopback only, on a free port.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("IRS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DEFAULT_TIMEOUT_MS = 10_000
VIEWPORT = {"width": 1000, "height": 900}
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Runs in every frame after axe itself. IRS pages are those that load irs/irs.css; runs are
# queued because axe refuses to start while another run is going.
_AXE_RUNNER = """
(() => {
  let queue = Promise.resolve();
  const tags = TAGS;
  const isIrs = () => !!document.querySelector('link[rel=stylesheet][href*="/irs/irs.css"]');
  const run = (within) => {
    if (!window.axe || (!within && !isIrs())) return Promise.resolve(null);
    const scope = within ? {include: [[within]]} : document;
    return axe.run(scope, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
      .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(
          n => n.target.join(' ') + ' ' + (n.failureSummary || ''))})));
  };
  window.__irsAxeCheck = (within) => (queue = queue.then(() => run(within), () => run(within)));
  window.addEventListener('load', () => {
    window.__irsAxeCheck().then(
      v => { if (v && v.length) window.__irsAxeReport(location.href, v); },
      e => window.__irsAxeReport(location.href, [{id: 'axe-error', help: String(e), targets: []}]));
  });
})();
""".replace("TAGS", json.dumps(AXE_TAGS))


# Only one sync Playwright can run at a time in a process, so every browser test uses this
# module's `browser` (never a sync_playwright() of its own): one Chromium serves the whole run.
# While it runs, the test thread has Playwright's event loop, so no test may call asyncio.run()
# or async_to_sync() in that thread.
BROWSER_SCOPE = "session"


@pytest.fixture(scope=BROWSER_SCOPE)
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _folder_name(node_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", node_name).strip("-")[:120]


@pytest.fixture
def artifacts_dir(request) -> Path:
    folder = ARTIFACTS / _folder_name(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


def _failure_screenshot(tab, path: Path) -> None:
    try:
        tab.screenshot(path=str(path), full_page=True)
    except Exception:  # noqa: BLE001 - a failure screenshot must never hide the failure
        pass


def _watch_for_blocked_content(context, blocked: list[str]) -> None:
    """Record what the page's Content-Security-Policy blocked: a test fails on any of it."""

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            blocked.append(message.text)

    context.on("page", lambda tab: tab.on("console", on_console))


def _check_accessibility(context, found: list[str]) -> None:
    """axe-core in every frame of the context; violations on IRS pages are added to `found`."""

    def report(source, url, violations):
        found.extend(_describe(url, violations))

    context.expose_binding("__irsAxeReport", report)
    context.add_init_script(path=str(AXE_JS))
    context.add_init_script(script=_AXE_RUNNER)


def _describe(url: str, violations: list[dict]) -> list[str]:
    return [
        f"{url}: {v['id']} ({v.get('impact')}): {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in violations
    ]


def accessibility_violations(tab, within: str | None = None) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page (its IRS frames), or inside `within`."""
    found: list[str] = []
    frames = [tab.main_frame] if within else tab.frames
    for frame in frames:
        if frame.is_detached():
            continue
        violations = frame.evaluate(
            "(within) => window.__irsAxeCheck ? window.__irsAxeCheck(within) : null", within
        )
        found.extend(_describe(frame.url, violations or []))
    return found


def _final_accessibility_check(context, found: list[str]) -> None:
    for tab in context.pages:
        try:
            found.extend(accessibility_violations(tab))
        except Exception as error:  # noqa: BLE001 - a closed or navigating page has no verdict
            if not any(word in str(error) for word in ("closed", "destroyed", "detached")):
                raise


def _unique(found: list[str]) -> list[str]:
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def html_pages():
    """The IRS pages this module's browser tests loaded, checked with the Nu HTML checker
    (one run of vnu.jar for the module) after its last test: any error fails it."""
    pages = html_check.Pages()
    yield pages
    problems = html_check.validate(pages.visited)
    assert not problems, "The Nu HTML checker found errors:\n" + "\n".join(problems)


@pytest.fixture
def page(browser, request, artifacts_dir, html_pages):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    blocked: list[str] = []
    inaccessible: list[str] = []
    _watch_for_blocked_content(context, blocked)
    html_pages.watch(context, request.node.nodeid)
    _check_accessibility(context, inaccessible)
    tab = context.new_page()
    yield tab
    if _failed(request):
        _failure_screenshot(tab, artifacts_dir / "99-failure.png")
    else:
        _final_accessibility_check(context, inaccessible)
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on the page"
    found = _unique(inaccessible)
    assert not found, "axe-core found accessibility violations:\n" + "\n".join(found)


@pytest.fixture
def new_page(browser, request, artifacts_dir, html_pages):
    """`new_page(width=1000, height=900, **context_options)`: a page in a fresh context."""
    contexts = []
    scriptless: list = []
    blocked: list[str] = []
    inaccessible: list[str] = []

    def make(width: int = VIEWPORT["width"], height: int = VIEWPORT["height"], **options):
        options.setdefault("locale", "en-US")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        _watch_for_blocked_content(context, blocked)
        html_pages.watch(context, request.node.nodeid)
        _check_accessibility(context, inaccessible)
        # axe-core runs from init scripts, which a context without JavaScript never runs:
        # its pages have nothing to ask at the end (and an evaluate there can wait forever).
        if options.get("java_script_enabled", True):
            contexts.append(context)
        else:
            scriptless.append(context)
        return context.new_page()

    yield make
    failed = _failed(request)
    for number, context in enumerate(contexts, 1):
        if failed:
            for index, tab in enumerate(context.pages, 1):
                _failure_screenshot(tab, artifacts_dir / f"99-failure-{number}-{index}.png")
        else:
            _final_accessibility_check(context, inaccessible)
        context.close()
    for context in scriptless:
        if failed:
            for index, tab in enumerate(context.pages, 1):
                _failure_screenshot(tab, artifacts_dir / f"99-failure-scriptless-{index}.png")
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on the page"
    found = _unique(inaccessible)
    assert not found, "axe-core found accessibility violations:\n" + "\n".join(found)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def screenshot(artifacts_dir):
    """`screenshot(page, "step")`: saves NN-step.png in this test's artifacts folder."""
    counter = itertools.count(1)

    def take(target, step: str) -> Path:
        path = artifacts_dir / f"{next(counter):02d}-{_folder_name(step)}.png"
        target.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, base_url: str, username: str, password: str | None = None) -> None:
    """Log in through the login form, as a person would."""
    from irs.demo import DEMO_PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"could not log in as {username}")
