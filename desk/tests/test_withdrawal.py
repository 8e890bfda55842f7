"""A reporter withdraws their own undecided report (desk.withdrawal): once, only theirs, only
before a decision; the responders are told (one outbox row each); the case stays on the desk,
marked withdrawn; nothing is erased."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from desk import cases, withdrawal
from desk.models import AuditAction, AuditEntry, CaseEvent, EventKind
from desk.tests.conftest import make_report
from reports.models import Report, Status
from routing.models import Delivery
from testing.browser import login

REASON = "REASON-TEXT: we talked and sorted it out"


def url(report) -> str:
    return f"/desk/my-reports/{report.reference}/withdraw"


def withdrawn_notices(report):
    return [
        d
        for d in Delivery.objects.notices().filter(report=report)
        if d.destination.get("template") == "desk/email/withdrawn"
    ]


def nothing_changed(report, status=Status.NEW) -> bool:
    return (
        Report.objects.get(pk=report.pk).status == status
        and not CaseEvent.objects.filter(report=report, kind=EventKind.STATUS).exists()
        and not AuditEntry.objects.filter(action=AuditAction.WITHDRAW).exists()
        and not withdrawn_notices(report)
    )


@pytest.fixture
def team_members(responder, lead):
    return [responder, lead]


def test_the_report_page_links_to_a_confirmation_page_with_a_csrf_form(client, case, reporter):
    client.force_login(reporter)
    page = client.get(f"/my-reports/{case.reference}").content.decode()
    assert f'href="{url(case)}"' in page and "Withdraw this report" in page
    confirm = client.get(url(case))
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert 'method="post"' in body and "csrfmiddlewaretoken" in body
    assert 'name="reason"' in body and 'dir="auto"' in body
    assert f'maxlength="{withdrawal.REASON_MAX}"' in body
    assert "Nothing is erased" in body
    # Looking is not withdrawing.
    assert nothing_changed(case)


def test_a_post_without_the_csrf_token_changes_nothing(case, reporter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post(url(case), {"reason": REASON}).status_code == 403
    assert nothing_changed(case)


def test_the_reporter_withdraws_once_and_a_second_time_is_refused(
    client, case, reporter, team_members
):
    client.force_login(reporter)
    response = client.post(url(case), {"reason": f"  {REASON}  "})
    assert response.status_code == 302 and response.url == f"/my-reports/{case.reference}"
    report = Report.objects.get(pk=case.pk)
    assert report.status == Status.WITHDRAWN
    event = CaseEvent.objects.get(report=case, kind=EventKind.STATUS)
    assert event.actor == reporter and event.text == REASON
    assert event.data == {"previous": Status.NEW, "status": Status.WITHDRAWN, "withdrawn": True}
    entry = AuditEntry.objects.get(action=AuditAction.WITHDRAW)
    assert entry.actor == reporter and entry.report == report
    assert entry.team == case.queue.team and entry.details["event"] == event.pk
    # Nothing erased: the report's own text is all there.
    assert report.details == case.details and report.reported_user == case.reported_user
    told = len(withdrawn_notices(case))

    again = client.post(url(case), {"reason": "once more"})
    assert again.status_code == 409
    assert "You already withdrew this report" in again.content.decode()
    assert 'name="reason"' not in again.content.decode()
    assert CaseEvent.objects.filter(report=case, kind=EventKind.STATUS).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.WITHDRAW).count() == 1
    assert len(withdrawn_notices(case)) == told
    assert "You already withdrew" in client.get(url(case)).content.decode()


def test_a_stale_copy_of_the_report_cannot_withdraw_it_twice(case, reporter):
    stale = Report.objects.get(pk=case.pk)
    withdrawal.withdraw(case, reporter, "")
    with pytest.raises(cases.CaseError, match="already withdrew"):
        withdrawal.withdraw(stale, reporter, "")
    assert CaseEvent.objects.filter(report=case, kind=EventKind.STATUS).count() == 1


@pytest.mark.parametrize("who", ["other_reporter", "responder", "operator"])
def test_someone_elses_report_is_404_and_nothing_changes(request, client, case, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), {"reason": REASON}).status_code == 404
    assert nothing_changed(case)


def test_a_forged_reference_is_404(client, case, reporter):
    client.force_login(reporter)
    for forged in ("R-ZZZZ-ZZZZ", case.reference.lower(), f"{case.reference}x", "%00"):
        response = client.post(f"/desk/my-reports/{forged}/withdraw", {"reason": REASON})
        assert response.status_code == 404, forged
    assert nothing_changed(case)


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, case):
    response = client.post(url(case), {"reason": REASON})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert nothing_changed(case)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"status": Status.RESOLVED, "decided_at": timezone.now()}, "already decided or closed"),
        ({"status": Status.IN_PROGRESS, "decided_at": timezone.now()}, "already decided"),
        ({"status": Status.NOT_ACTIONABLE}, "already decided or closed"),
        ({"status": Status.DUPLICATE}, "already decided or closed"),
        ({"queue": None}, "not handled on the desk"),
    ],
)
def test_a_decided_closed_or_non_desk_report_cannot_be_withdrawn(
    client, wiki, reporter, community_queue, fields, says
):
    values = {"queue": community_queue, **fields}
    report = make_report(wiki, reporter, **values)
    client.force_login(reporter)
    page = client.get(f"/my-reports/{report.reference}").content.decode()
    assert "withdraw-link" not in page
    refused = client.post(url(report), {"reason": REASON})
    assert refused.status_code == 409
    assert says in refused.content.decode() and 'name="reason"' not in refused.content.decode()
    assert nothing_changed(report, fields.get("status", Status.NEW))


@pytest.mark.parametrize(
    "reason",
    ["bad\x00byte", "bell\x07", "c1\x85", "x" * (withdrawal.REASON_MAX + 1)],
)
def test_a_reason_with_control_characters_or_too_long_is_refused_and_kept(
    client, case, reporter, reason
):
    client.force_login(reporter)
    response = client.post(url(case), {"reason": reason})
    body = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in body and 'aria-invalid="true"' in body
    assert reason in body  # what they wrote is still in the form
    assert nothing_changed(case)


def test_an_unassigned_case_tells_every_team_member_one_row_each(
    run_tasks, case, reporter, team_members
):
    run_tasks(withdrawal.withdraw, case, reporter, REASON)
    rows = withdrawn_notices(case)
    assert sorted(d.destination["to"][0] for d in rows) == sorted(u.email for u in team_members)
    assert {d.status for d in rows} == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team_members)
    message = mail.outbox[0]
    assert case.reference in message.subject and "withdrew" in message.subject
    assert f"/desk/cases/{case.reference}" in message.body
    # Emails to responders never carry the reporter's name, the report's text or the reason.
    for message in mail.outbox:
        text = message.subject + message.body
        assert REASON not in text and case.details not in text
        assert reporter.username not in text and reporter.email not in text


def test_an_assigned_case_tells_only_its_assignee(run_tasks, case, reporter, responder, lead):
    cases.claim(case, lead)
    run_tasks(withdrawal.withdraw, case, reporter, "")
    assert [d.destination["to"] for d in withdrawn_notices(case)] == [[lead.email]]
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_the_responders_email_is_in_the_teams_language(case, reporter, community_team, lead):
    community_team.language = "de"
    community_team.save(update_fields=["language"])
    withdrawal.withdraw(case, reporter, "")
    (row,) = withdrawn_notices(case)
    assert row.destination["language"] == "de"
    assert case.reference in row.destination["subject"]
    assert "withdrew" not in row.destination["subject"]


def test_the_case_stays_on_the_desk_marked_withdrawn(client, case, reporter, responder):
    withdrawal.withdraw(case, reporter, REASON)
    client.force_login(responder)
    page = client.get(f"/desk/cases/{case.reference}")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="case-withdrawn"' in body and REASON in body
    assert case.details in body  # still readable
    queue = f"/desk/queues/{case.queue.team.slug}/{case.queue.slug}"
    listed = client.get(queue, {"status": Status.WITHDRAWN}).content.decode()
    assert case.reference in listed and "Withdrawn by the reporter" in listed
    assert case.reference in client.get(queue, {"status": "all"}).content.decode()
    default = client.get(queue).content.decode()
    assert case.reference not in default  # no longer among the open cases
    assert f'href="?status={Status.WITHDRAWN}"' in default  # but counted and one click away
    # A responder can still close it.
    client.post(f"/desk/cases/{case.reference}/status", {"status": Status.NOT_ACTIONABLE})
    assert Report.objects.get(pk=case.pk).status == Status.NOT_ACTIONABLE


def test_my_reports_shows_the_withdrawn_state_with_one_line_of_explanation(client, case, reporter):
    client.force_login(reporter)
    listing = client.get("/my-reports").content.decode()
    assert "Expected: first response" in listing
    withdrawal.withdraw(case, reporter, REASON)
    listing = client.get("/my-reports").content.decode()
    assert "Withdrawn by the reporter" in listing
    assert str(Report.objects.get(pk=case.pk).status_explanation) in listing
    assert "Expected: first response" not in listing
    page = client.get(f"/my-reports/{case.reference}").content.decode()
    assert 'id="withdrawn"' in page and REASON in page
    assert "withdraw-link" not in page and 'id="expected-time"' not in page


@pytest.mark.browser
def test_a_reporter_withdraws_at_320_px_in_arabic_and_the_responder_sees_it(
    new_page, screenshot, live_server, wiki, reporter, responder, community_queue
):
    """No JavaScript needed, no sideways scrolling at 320 px, right to left; axe-core checks
    every page visited (testing.browser)."""
    report = make_report(wiki, reporter, queue=community_queue)
    phone = new_page(width=320, height=720, java_script_enabled=False)
    login(phone, live_server.url, reporter.username)
    phone.goto(f"{live_server.url}/my-reports/{report.reference}?uselang=ar")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator("#withdraw-link a").click()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("#withdraw-reason").get_attribute("dir") == "auto"
    phone.locator("#withdraw-reason").fill("تم حل المشكلة بيننا")
    screenshot(phone, "confirm-ar-320")
    phone.locator("#withdraw button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/my-reports/{report.reference}")
    assert phone.locator("#withdrawn").is_visible()
    assert phone.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot(phone, "withdrawn-ar-320")
    assert Report.objects.get(pk=report.pk).status == Status.WITHDRAWN

    desk = new_page(width=320, height=720)
    login(desk, live_server.url, responder.username)
    desk.goto(f"{live_server.url}/desk/cases/{report.reference}")
    assert "تم حل المشكلة بيننا" in desk.locator("#case-withdrawn").inner_text()
    screenshot(desk, "case-withdrawn-320")


def test_a_withdrawn_report_takes_no_reply_until_the_responders_write(
    client, case, reporter, responder
):
    client.force_login(reporter)
    reply_url = f"/desk/my-reports/{case.reference}/reply"
    page = client.get(f"/my-reports/{case.reference}").content.decode()
    assert f'action="{reply_url}"' in page and 'id="replies-closed"' not in page
    withdrawal.withdraw(case, reporter, "")
    page = client.get(f"/my-reports/{case.reference}").content.decode()
    assert f'action="{reply_url}"' not in page and 'id="replies-closed"' in page
    # A forged POST is refused the same way, with nothing recorded and nobody notified.
    notices = Delivery.objects.notices().count()
    response = client.post(reply_url, {"text": "one more thing"}, follow=True)
    assert "takes no more replies" in response.content.decode()
    assert not CaseEvent.objects.filter(report=case, kind=EventKind.REPLY).exists()
    assert Delivery.objects.notices().count() == notices
    # A responder's question after the withdrawal opens the conversation again.
    cases.message_reporter(Report.objects.get(pk=case.pk), responder, "Are you safe now?")
    page = client.get(f"/my-reports/{case.reference}").content.decode()
    assert f'action="{reply_url}"' in page and 'id="replies-closed"' not in page
    client.post(reply_url, {"text": "Yes, thank you"})
    assert CaseEvent.objects.get(report=case, kind=EventKind.REPLY).text == "Yes, thank you"
