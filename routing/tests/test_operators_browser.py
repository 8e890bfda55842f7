"""An operator sends a dead delivery again from a phone-sized screen, with the keyboard."""

import pytest

from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report
from testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_retries_a_dead_delivery_with_the_keyboard_on_a_phone(
    page, screenshot, live_server, wiki, reporter, operator
):
    report = make_report(wiki, reporter)
    dead = Delivery.objects.create(
        report=report,
        kind="email",
        destination={"kind": "email", "to": ["x@example.org"]},
        status=DeliveryStatus.DEAD,
        attempts=12,
        last_error="SMTP 550: no such user " * 8,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server.url, operator.username)
    page.goto(f"{live_server.url}/operators/deliveries/dead")

    assert page.get_by_role("heading", name="Failed deliveries").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "dead-deliveries-phone")

    # The visible words first (WCAG 2.5.3, label in name), then which delivery it is.
    button = page.get_by_role(
        "button", name=f"Send again ({report.reference}, Email to x@example.org)"
    )
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert page.get_by_role("status").inner_text().startswith(f"Delivery {dead.pk} will be sent")
    assert page.get_by_text("No failed deliveries.").is_visible()
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.PENDING
