"""Unread markers (desk/unread.py): the queue marks a case whose reporter replied after its
assignee last opened it; My reports marks a report with a responders' message its reporter
has not read. The marker is text, not colour only."""

from datetime import timedelta

from django.utils import timezone

from desk import cases, unread
from desk.models import CaseEvent, CaseRead, EventKind
from desk.tests.conftest import make_report


def queue_body(client, viewer, queue) -> str:
    client.force_login(viewer)
    return client.get(f"/desk/queues/{queue.team.slug}/{queue.slug}").content.decode()


def test_a_reply_the_assignee_has_not_seen_is_marked_in_the_queue(
    client, responder, reporter, case, community_queue
):
    cases.claim(case, responder)
    client.force_login(responder)
    client.get(f"/desk/cases/{case.reference}")
    assert f'id="unread-{case.reference}"' not in queue_body(client, responder, community_queue)
    cases.reporter_reply(case, reporter, "Here is more.")
    body = queue_body(client, responder, community_queue)
    assert f'id="unread-{case.reference}"' in body
    assert "New reply" in body and "not yet seen by the assignee" in body
    client.get(f"/desk/cases/{case.reference}")  # the assignee opens it
    assert f'id="unread-{case.reference}"' not in queue_body(client, responder, community_queue)


def test_another_responder_opening_the_case_does_not_clear_the_assignees_marker(
    client, responder, lead, reporter, case, community_queue
):
    cases.claim(case, responder)
    cases.reporter_reply(case, reporter, "Hello?")
    client.force_login(lead)
    client.get(f"/desk/cases/{case.reference}")
    assert f'id="unread-{case.reference}"' in queue_body(client, lead, community_queue)


def test_a_reply_older_than_the_last_visit_is_not_marked(
    client, responder, reporter, case, community_queue
):
    cases.claim(case, responder)
    reply = cases.reporter_reply(case, reporter, "Old news.")
    CaseRead.objects.create(user=responder, report=case, seen_at=reply.created_at + timedelta(1))
    assert f'id="unread-{case.reference}"' not in queue_body(client, responder, community_queue)


def test_a_responders_message_is_marked_in_my_reports_until_read(client, responder, reporter,
                                                                 case):  # fmt: skip
    client.force_login(reporter)
    assert f'id="unread-{case.reference}"' not in client.get("/my-reports").content.decode()
    cases.message_reporter(case, responder, "Can you tell us more?")
    body = client.get("/my-reports").content.decode()
    assert f'id="unread-{case.reference}"' in body
    assert "New message" in body and "from the responders, not read yet" in body
    client.get(f"/my-reports/{case.reference}")
    assert f'id="unread-{case.reference}"' not in client.get("/my-reports").content.decode()


def test_the_reporters_own_reply_and_internal_notes_are_not_unread_messages(
    client, responder, reporter, case
):
    cases.add_note(case, responder, "Internal only.")
    cases.reporter_reply(case, reporter, "Me again.")
    client.force_login(reporter)
    assert f'id="unread-{case.reference}"' not in client.get("/my-reports").content.decode()


def test_one_query_marks_a_whole_queue_page(
    client, responder, wiki, reporter, community_queue, django_assert_max_num_queries
):
    made = [make_report(wiki, reporter, queue=community_queue, assignee=responder)
            for _ in range(20)]  # fmt: skip
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        CaseEvent(report=r, kind=EventKind.REPLY, actor=reporter, created_at=now) for r in made
    )
    with django_assert_max_num_queries(1):
        assert unread.unread_replies(made) == {r.pk for r in made}
