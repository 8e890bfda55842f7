"""Emails from the desk: one outbox row per recipient, sent by the task queue after commit."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from desk import cases
from desk.models import Digest, TeamMembership
from desk.tests.conftest import make_report, work
from reports.models import Status
from routing.models import Delivery


@pytest.fixture
def team_members(community_team, responder, lead):
    return [responder, lead]


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_emails_wait_for_the_transaction_to_commit(case, team_members):
    cases.case_arrived(case)  # no commit inside a test transaction: nothing enqueued
    assert DBTaskResult.objects.count() == 0
    work()
    assert mail.outbox == []


def test_a_new_case_emails_every_immediate_member(run_tasks, case, team_members):
    run_tasks(cases.case_arrived, case)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team_members)
    message = mail.outbox[0]
    assert case.reference in message.subject
    assert f"http://127.0.0.1:8000/desk/cases/{case.reference}" in message.body
    # One outbox row per recipient, sent by one batch task (routing.tasks).
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]
    assert Delivery.objects.notices().filter(report=case, status="sent").count() == 2


def test_new_case_emails_never_reveal_the_reporter(run_tasks, case, team_members, reporter):
    run_tasks(cases.case_arrived, case)
    for message in mail.outbox:
        text = message.subject + message.body
        assert reporter.username not in text and reporter.email not in text
        assert case.details not in text and "Troll" not in text


def test_a_retried_delivery_notifies_once(run_tasks, case, team_members):
    run_tasks(cases.case_arrived, case)
    run_tasks(cases.case_arrived, case)
    assert len(mail.outbox) == len(team_members)


def test_daily_digest_members_get_one_email_from_the_command(
    run_tasks, wiki, reporter, community_queue, responder, lead
):
    TeamMembership.objects.filter(user=responder).update(digest=Digest.DAILY)
    first = make_report(wiki, reporter, queue=community_queue)
    second = make_report(wiki, reporter, queue=community_queue)
    run_tasks(cases.case_arrived, first)
    run_tasks(cases.case_arrived, second)
    assert sent_to(responder.email) == []
    assert len(sent_to(lead.email)) == 2
    run_tasks(call_command, "desk_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    digest = sent_to(responder.email)
    assert len(digest) == 1
    assert first.reference in digest[0].body and second.reference in digest[0].body
    assert "2 new cases" in digest[0].subject
    run_tasks(call_command, "desk_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(sent_to(responder.email)) == 1  # nothing new: no second digest


def test_escalation_emails_every_member_of_the_new_team_at_once(
    run_tasks, case, responder, safety_team, safety_responder
):
    TeamMembership.objects.filter(user=safety_responder).update(digest=Digest.DAILY)
    run_tasks(cases.escalate, case, responder, safety_team.slug, "Threat of violence")
    to_safety = sent_to(safety_responder.email)
    assert len(to_safety) == 1
    assert "escalated" in to_safety[0].subject
    assert "Threat of violence" in to_safety[0].body
    assert case.reporter.username not in to_safety[0].body
    # The reporter hears about the status change; the old team hears nothing.
    assert [m.to for m in mail.outbox if m.to != [safety_responder.email]] == [
        [case.reporter_email]
    ]


def test_the_reporter_is_told_about_a_message_without_its_content(run_tasks, case, responder):
    run_tasks(cases.message_reporter, case, responder, "Secret question", wait_for_reply=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [case.reporter_email]
    assert "Secret question" not in message.body and responder.username not in message.body
    assert f"/my-reports/{case.reference}" in message.body


def test_the_reporter_is_told_about_status_changes_in_their_language(run_tasks, case, responder):
    case.language = "pt"
    case.save()
    run_tasks(cases.change_status, case, responder, Status.RESOLVED)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(f"A sua denúncia {case.reference}")


def test_notes_and_claims_send_no_email(run_tasks, case, responder):
    run_tasks(cases.add_note, case, responder, "internal only")
    run_tasks(cases.claim, case, responder)
    assert mail.outbox == []


def test_a_reporters_reply_tells_the_assignee(run_tasks, case, responder, lead, reporter):
    cases.claim(case, responder)
    run_tasks(cases.reporter_reply, case, reporter, "Here is more")
    assert [m.to for m in mail.outbox] == [[responder.email]]
    assert "Here is more" not in mail.outbox[0].body


def test_nothing_is_ever_sent_to_the_reported_user(
    run_tasks, wiki, case, responder, reporter, safety_team
):
    from irs import demo

    troll = demo.make_user(wiki, "Troll")
    run_tasks(cases.case_arrived, case)
    run_tasks(cases.message_reporter, case, responder, "Question", wait_for_reply=True)
    run_tasks(cases.reporter_reply, case, reporter, "Answer")
    run_tasks(cases.escalate, case, responder, safety_team.slug, "Reason")
    assert mail.outbox
    assert all(troll.email not in m.to for m in mail.outbox)


def test_emails_go_out_through_a_real_smtp_server(
    smtp, run_tasks, case, responder, safety_team, safety_responder
):
    case.language = "uk"
    case.save()
    run_tasks(cases.escalate, case, responder, safety_team.slug, "Погроза")
    arrived = smtp.wait_for(2)
    by_recipient = {message.rcpt_tos[0]: message for message in arrived}
    assert set(by_recipient) == {safety_responder.email, case.reporter_email}
    to_safety = by_recipient[safety_responder.email]
    assert case.reference in to_safety.message["Subject"]
    assert "Погроза" in to_safety.text()
    assert case.reporter_username not in to_safety.text()
    to_reporter = by_recipient[case.reporter_email]
    assert to_reporter.message["Subject"].startswith(f"Ваша скарга {case.reference}")
    assert "Погроза" not in to_reporter.text()


# --- every notification is an outbox row of its own ----------------------------------------


def _member(team, name, email):
    from irs import demo

    user = demo.make_user(team.wiki, name)
    user.email = email
    user.save(update_fields=["email"])
    TeamMembership.objects.get_or_create(team=team, user=user)
    return user


def test_one_failing_recipient_does_not_drop_the_others(
    smtp, run_tasks, case, community_team, responder, client, operator
):
    """A real SMTP server refuses one member for good (550) and one for now (451): the
    others still get their email, the 451 waits for a retry, the 550 is dead and listed."""
    _member(community_team, "Gone", "gone@refused.invalid")
    _member(community_team, "Busy", "busy@busy.invalid")
    _member(community_team, "Later", "later@example.org")

    run_tasks(cases.case_arrived, case)

    arrived = sorted(m.rcpt_tos[0] for m in smtp.wait_for(2))
    assert arrived == sorted([responder.email, "later@example.org"])
    rows = {row.destination["to"][0]: row for row in Delivery.objects.notices()}
    assert rows["busy@busy.invalid"].status == "pending"
    assert rows["busy@busy.invalid"].attempts == 1 and "451" in rows["busy@busy.invalid"].last_error
    assert rows["gone@refused.invalid"].status == "dead"
    assert "550" in rows["gone@refused.invalid"].last_error
    client.force_login(operator)
    page = client.get("/operators/deliveries/dead").content.decode()
    assert "gone@refused.invalid" in page and case.reference in page
    assert "busy@busy.invalid" not in page


def test_emails_that_failed_while_the_server_was_down_arrive_once_it_is_back(
    smtp, run_tasks, case, team_members
):
    smtp.stop()
    run_tasks(cases.case_arrived, case)
    assert set(Delivery.objects.notices().values_list("status", flat=True)) == {"pending"}
    smtp.start()
    Delivery.objects.notices().update(next_attempt_at=timezone.now())
    call_command("deliver_due", grace=0, send=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.rcpt_tos[0] for m in smtp.wait_for(2)) == sorted(u.email for u in team_members)
    assert set(Delivery.objects.notices().values_list("status", flat=True)) == {"sent"}


def test_notifications_are_undone_with_the_event_they_tell_about(case, responder):
    with pytest.raises(RuntimeError), transaction.atomic():
        cases.message_reporter(case, responder, "A question")
        assert Delivery.objects.notices().count() == 1
        raise RuntimeError("the request failed after the message")
    assert not Delivery.objects.notices().exists()


def test_a_lost_send_task_is_found_by_the_sweeper(case, team_members):
    cases.case_arrived(case)  # the test transaction never commits: no send task is queued
    assert DBTaskResult.objects.count() == 0
    Delivery.objects.notices().update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    call_command("deliver_due", grace=60, send=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team_members)


def test_a_dead_digest_is_listed_and_can_be_sent_again(
    smtp, settings, run_tasks, wiki, reporter, community_queue, responder, client, operator
):
    TeamMembership.objects.filter(user=responder).update(digest=Digest.DAILY)
    run_tasks(cases.case_arrived, make_report(wiki, reporter, queue=community_queue))
    settings.IRS_DELIVERY_MAX_ATTEMPTS = 1
    smtp.stop()
    run_tasks(call_command, "desk_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    digest = Delivery.objects.notices().get(destination__to=[responder.email])
    assert digest.report is None and digest.status == "dead"
    assert digest.last_error.startswith("gave up after 1 attempts")
    client.force_login(operator)
    page = client.get("/operators/deliveries/dead")
    assert page.status_code == 200 and responder.email in page.content.decode()
    smtp.start()
    run_tasks(client.post, f"/operators/deliveries/{digest.pk}/retry")
    digest.refresh_from_db()
    assert digest.status == "sent"
    assert "1 new case" in smtp.wait_for(1)[0].message["Subject"]


def test_notifications_are_not_among_the_reports_destinations(run_tasks, case, team_members):
    from routing.status import deliveries_for

    run_tasks(cases.case_arrived, case)
    assert Delivery.objects.notices().filter(report=case).count() == 2
    assert deliveries_for(case) == []
