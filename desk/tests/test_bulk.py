"""Bulk actions on cases selected in a queue (desk/bulk.py): a confirmation page listing the
cases, then one change per case through the case's own action (one audit entry each);
permission per case: a forged reference refuses the whole request and changes nothing."""

import pytest

from desk.models import AuditAction, AuditEntry, CaseEvent, EventKind, TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Flow, Report, Status


@pytest.fixture
def three(wiki, reporter, community_queue):
    return [make_report(wiki, reporter, queue=community_queue) for _ in range(3)]


def url(queue):
    return f"/desk/queues/{queue.team.slug}/{queue.slug}/bulk"


def post(client, queue, cases, confirm=True, **fields):
    data = {"case": [c.reference for c in cases], **fields}
    if confirm:
        data["confirm"] = "1"
    return client.post(url(queue), data)


def fresh(cases):
    return [Report.objects.get(pk=c.pk) for c in cases]


def test_the_queue_page_offers_selection_and_the_bulk_form(client, responder, three,
                                                          community_queue):  # fmt: skip
    client.force_login(responder)
    body = client.get(f"/desk/queues/{community_queue.team.slug}/{community_queue.slug}")
    body = body.content.decode()
    assert f'form="bulk" name="case" value="{three[0].reference}"' in body
    assert f'action="{url(community_queue)}"' in body


def test_the_first_post_only_asks_for_confirmation(client, responder, three, community_queue):
    client.force_login(responder)
    response = post(client, community_queue, three[:2], confirm=False, action="not-actionable")
    body = response.content.decode()
    assert response.status_code == 200
    assert three[0].reference in body and three[1].reference in body
    assert three[2].reference not in body
    assert 'name="confirm" value="1"' in body
    assert all(c.status == Status.NEW for c in fresh(three))
    assert not AuditEntry.objects.filter(action=AuditAction.STATUS).exists()


def test_closing_as_not_actionable_changes_each_case_with_its_own_audit_entry(
    client, responder, three, community_queue
):
    client.force_login(responder)
    response = post(client, community_queue, three[:2], action="not-actionable")
    assert response.status_code == 302
    assert [c.status for c in fresh(three)] == [
        Status.NOT_ACTIONABLE, Status.NOT_ACTIONABLE, Status.NEW]  # fmt: skip
    entries = AuditEntry.objects.filter(action=AuditAction.STATUS)
    assert sorted(e.report_id for e in entries) == sorted(c.pk for c in three[:2])
    assert CaseEvent.objects.filter(kind=EventKind.STATUS).count() == 2


def test_assigning_and_changing_status_in_bulk(client, responder, lead, three, community_queue):
    client.force_login(responder)
    post(client, community_queue, three, action="assign", assignee=str(lead.pk))
    assert all(c.assignee == lead for c in fresh(three))
    assert AuditEntry.objects.filter(action=AuditAction.ASSIGN).count() == 3
    post(client, community_queue, three, action="status", status=Status.IN_PROGRESS)
    assert all(c.status == Status.IN_PROGRESS for c in fresh(three))
    post(client, community_queue, three[:1], action="assign", assignee="")
    assert fresh(three)[0].assignee is None


def test_closing_as_duplicates_of_one_case(client, responder, three, community_queue):
    client.force_login(responder)
    keep, *dupes = three
    post(client, community_queue, dupes, action="duplicate", target=keep.reference.lower())
    for case in fresh(dupes):
        assert case.status == Status.DUPLICATE and case.duplicate_of_id == keep.pk
    assert AuditEntry.objects.filter(action=AuditAction.MERGE).count() == 2
    response = post(client, community_queue, [keep, dupes[0]], action="duplicate",
                    target=keep.reference)  # fmt: skip
    assert fresh([keep])[0].status == Status.NEW  # refused: the kept case among the selected
    assert response.status_code == 302


def test_cases_already_so_are_left_alone_and_said_so(client, responder, wiki, reporter,
                                                    community_queue):  # fmt: skip
    done = make_report(wiki, reporter, queue=community_queue, status=Status.NOT_ACTIONABLE)
    todo = make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    body = post(client, community_queue, [done, todo], confirm=False,
                action="not-actionable").content.decode()  # fmt: skip
    assert "Already so: left alone" in body
    post(client, community_queue, [done, todo], action="not-actionable")
    assert AuditEntry.objects.filter(action=AuditAction.STATUS).count() == 1


def test_a_forged_reference_refuses_everything(
    client, responder, three, wiki, reporter, safety_queue, other_wiki, other_queue,
    community_queue,
):  # fmt: skip
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    elsewhere = make_report(other_wiki, reporter, queue=other_queue)
    client.force_login(responder)
    for forged in (emergency, elsewhere):
        response = post(client, community_queue, [three[0], forged], action="not-actionable")
        assert response.status_code == 302
        assert Report.objects.get(pk=forged.pk).status == Status.NEW
        assert fresh(three)[0].status == Status.NEW
    response = client.post(url(community_queue), {"case": [three[0].reference, "R-NOPE-NOPE"],
                                                  "action": "not-actionable", "confirm": "1"},
                           follow=True)  # fmt: skip
    assert fresh(three)[0].status == Status.NEW
    assert "1 of the selected cases are not cases of this queue" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.STATUS).exists()


def test_a_recused_responder_cannot_act_on_the_case_about_them(
    client, wiki, reporter, community_team, community_queue, responder
):
    troll = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=troll)
    about = make_report(wiki, reporter, queue=community_queue, reported_user="Troll")
    other = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    client.force_login(troll)
    post(client, community_queue, [about, other], action="not-actionable")
    assert [c.status for c in fresh([about, other])] == [Status.NEW, Status.NEW]
    client.force_login(responder)  # nor may they be given it in bulk
    post(client, community_queue, [about, other], action="assign", assignee=str(troll.pk))
    assert [c.assignee_id for c in fresh([about, other])] == [None, None]


def test_another_teams_queue_is_a_404(client, other_responder, three, community_queue):
    client.force_login(other_responder)
    assert post(client, community_queue, three, action="not-actionable").status_code == 404
    assert all(c.status == Status.NEW for c in fresh(three))


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "explode"},
        {"action": "status", "status": Status.DUPLICATE},
        {"action": "status", "status": "\x00"},
        {"action": "assign", "assignee": "99999999999999999999999"},
        {"action": "assign", "assignee": "abc"},
        {"action": "duplicate", "target": "R-NONE-NONE"},
        {"action": "not-actionable", "case": ["x" * 5000]},
        {"action": "not-actionable", "case": [f"R-{i:04d}-AAAA" for i in range(101)]},
        {"action": "not-actionable", "case": []},
    ],
)
def test_bad_requests_change_nothing_and_say_why(client, responder, three, community_queue,
                                                fields):  # fmt: skip
    client.force_login(responder)
    data = {"case": [c.reference for c in three], "confirm": "1", **fields}
    response = client.post(url(community_queue), data, follow=True)
    assert response.status_code == 200
    assert b'<li class="error">' in response.content
    assert all(c.status == Status.NEW and c.assignee_id is None for c in fresh(three))
