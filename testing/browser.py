"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright (sync API).

Fixtures (registered as a pytest plugin in the root conftest):
- `browser`: one Chromium for the whole test session (see BROWSER_SCOPE).
- `page`: a fresh browser context (own cookies) and page per test, closed afterwards; when the
  test fails, its last state is saved as a screenshot too.
- `new_page`: `new_page(width=1000, height=900, **context_options)` opens one more page, each
  in a fresh context, for tests with several people or screen sizes; closed (and screenshotted
  on failure) afterwards, like `page`.
- `screenshot`: `screenshot(page, "step-name")` saves test-artifacts/<test>/NN-step-name.png.
Helpers: `login(page, live_server_url, username)` logs in through the login form.

Browser tests use pytest-django's `live_server` (bound to 127.0.0.1 on a free port) and are
marked `@pytest.mark.browser`.
"""

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest

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


@pytest.fixture
def page(browser, request, artifacts_dir):
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    blocked: list[str] = []
    _watch_for_blocked_content(context, blocked)
    tab = context.new_page()
    yield tab
    if _failed(request):
        _failure_screenshot(tab, artifacts_dir / "99-failure.png")
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on the page"


@pytest.fixture
def new_page(browser, request, artifacts_dir):
    """`new_page(width=1000, height=900, **context_options)`: a page in a fresh context."""
    contexts = []
    blocked: list[str] = []

    def make(width: int = VIEWPORT["width"], height: int = VIEWPORT["height"], **options):
        options.setdefault("locale", "en-US")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        _watch_for_blocked_content(context, blocked)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = _failed(request)
    for number, context in enumerate(contexts, 1):
        if failed:
            for index, tab in enumerate(context.pages, 1):
                _failure_screenshot(tab, artifacts_dir / f"99-failure-{number}-{index}.png")
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked something on the page"


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
