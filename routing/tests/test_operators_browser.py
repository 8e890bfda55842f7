"""An operator sends a dead delivery again from a phone-sized screen, with the keyboard."""

import os
from pathlib import Path

import pytest

from irs.demo import DEMO_PASSWORD
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def test_an_operator_retries_a_dead_delivery_with_the_keyboard_on_a_phone(
    browser, live_server, wiki, reporter, operator
):
    report = make_report(wiki, reporter)
    dead = Delivery.objects.create(
        report=report, kind="email", destination={"kind": "email", "to": ["x@example.org"]},
        status=DeliveryStatus.DEAD, attempts=12, last_error="SMTP 550: no such user " * 8,
    )
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/operators/deliveries/dead")
    page.get_by_label("Username").fill(operator.username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/operators/deliveries/dead")

    assert page.get_by_role("heading", name="Failed deliveries").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "routing-dead-deliveries.png"), full_page=True)

    button = page.get_by_role(
        "button", name=f"Send {report.reference} to Email to x@example.org again"
    )
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert page.get_by_role("status").inner_text().startswith(f"Delivery {dead.pk} will be sent")
    assert page.get_by_text("No failed deliveries.").is_visible()
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.PENDING
    context.close()
