"""Operators see dead deliveries and send them again; nobody else does."""

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from routing import status
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead(wiki, reporter):
    report = make_report(wiki, reporter)
    return Delivery.objects.create(
        report=report,
        kind="email",
        destination={"kind": "email", "to": ["x@example.org"]},
        status=DeliveryStatus.DEAD,
        attempts=12,
        last_error="SMTP 550: <b>no such user</b>",
    )


def test_an_operator_sees_dead_deliveries_with_their_errors(client, operator, dead):
    client.force_login(operator)

    page = client.get(reverse("routing:dead"))

    assert page.status_code == 200
    html = page.content.decode()
    assert dead.report.reference in html
    assert "Email to x@example.org" in html
    assert "&lt;b&gt;no such user&lt;/b&gt;" in html
    assert f'action="{reverse("routing:retry", args=[dead.pk])}"' in html


@pytest.mark.parametrize("persona", ["reporter", "responder", "wiki_admin"])
def test_anyone_else_gets_not_found(client, request, persona, dead):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("routing:dead")).status_code == 404
    assert client.post(reverse("routing:retry", args=[dead.pk])).status_code == 404
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.DEAD


def test_a_visitor_is_sent_to_log_in(client, dead):
    response = client.get(reverse("routing:dead"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_retry_sends_a_dead_delivery_again_with_fresh_attempts(
    operator, dead, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    client.get(reverse("routing:dead"))
    token = client.cookies["csrftoken"].value

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("routing:retry", args=[dead.pk]), {"csrfmiddlewaretoken": token}
        )

    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.PENDING and dead.attempts == 0
    assert sends().get().args_kwargs["args"] == [dead.pk]


def test_retry_without_a_csrf_token_is_refused(operator, dead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)

    assert client.post(reverse("routing:retry", args=[dead.pk])).status_code == 403
    dead.refresh_from_db()
    assert dead.status == DeliveryStatus.DEAD


def test_retry_only_accepts_post(client, operator, dead):
    client.force_login(operator)
    assert client.get(reverse("routing:retry", args=[dead.pk])).status_code == 405


def test_the_command_retries_one_or_all_dead_deliveries(
    dead, wiki, reporter, django_capture_on_commit_callbacks
):
    other = Delivery.objects.create(
        report=dead.report,
        kind="email",
        destination=dead.destination,
        status=DeliveryStatus.DEAD,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_dead_deliveries", "--id", str(dead.pk))
    assert Delivery.objects.get(pk=dead.pk).status == DeliveryStatus.PENDING
    assert Delivery.objects.get(pk=other.pk).status == DeliveryStatus.DEAD

    with pytest.raises(CommandError):
        call_command("retry_dead_deliveries", "--id", str(dead.pk))  # not dead any more
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_dead_deliveries")
    assert Delivery.objects.get(pk=other.pk).status == DeliveryStatus.PENDING
    assert sends().count() == 2


def test_responders_get_each_deliverys_status(dead):
    sent = Delivery.objects.create(
        report=dead.report,
        kind="desk",
        destination={"kind": "desk", "team": "t", "queue": "q"},
        status=DeliveryStatus.SENT,
        external_ref="t/q",
    )

    rows = status.deliveries_for(dead.report)

    assert rows == [dead, sent]
    assert [row.get_status_display() for row in rows] == ["Failed", "Sent"]
    assert rows[1].summary == "Desk queue t/q"
    assert status.delivery_summary(dead.report)["all_sent"] is False


def test_the_service_refuses_to_start_without_an_emergency_route(settings):
    settings.IRS_SAFETY_EMAIL = ""
    assert [e.id for e in checks.run_checks(tags=["irs"])] == ["irs.E001"]

    settings.IRS_SAFETY_EMAIL = "not an address"
    assert [e.id for e in checks.run_checks(tags=["irs"])] == ["irs.E001"]

    settings.IRS_SAFETY_EMAIL = "safety@example.org"
    settings.IRS_SAFETY_TEAM = ""
    assert [e.id for e in checks.run_checks(tags=["irs"])] == ["irs.E002"]

    settings.IRS_SAFETY_TEAM = "safety"
    assert checks.run_checks(tags=["irs"]) == []


def test_the_manage_py_check_command_fails_loudly_without_an_emergency_route(settings):
    from django.core.management.base import SystemCheckError

    settings.IRS_SAFETY_EMAIL = ""
    with pytest.raises(SystemCheckError, match="No emergency route is configured"):
        call_command("check")


def sends():
    """Queued send_delivery tasks (the desk queues tasks of its own)."""
    return DBTaskResult.objects.filter(task_path="routing.tasks.send_delivery")
