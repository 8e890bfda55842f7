"""A reported user's history page (desk.history): every case about that user on that wiki
that the viewer may open, with status and outcome, linked from the case page."""

from desk.models import AuditAction, AuditEntry, TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Flow, Status


def history_page(client, viewer, wiki, name, **query):
    client.force_login(viewer)
    return client.get(f"/desk/wikis/{wiki.slug}/reported-user", {"name": name, **query})


def test_the_case_page_links_to_the_reported_users_history(client, responder, case):
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert f'href="/desk/wikis/{case.wiki.slug}/reported-user?name=Troll&amp;from=' in body


def test_it_lists_every_visible_case_about_the_user_with_status_and_outcome(
    client, responder, wiki, reporter, other_reporter, community_queue
):
    first = make_report(wiki, reporter, queue=community_queue, status=Status.RESOLVED,
                        outcome="action-taken")  # fmt: skip
    second = make_report(wiki, other_reporter, queue=community_queue)
    other_user = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    body = history_page(client, responder, wiki, "Troll").content.decode()
    assert first.reference in body and second.reference in body
    assert other_user.reference not in body  # a case about someone else
    assert "2 cases." in body and "1 still open." in body
    assert "Action taken: 1" in body
    assert "Resolved" in body


def test_the_lower_case_first_letter_finds_the_canonical_name(
    client, responder, wiki, reporter, community_queue
):
    report = make_report(wiki, reporter, queue=community_queue, reported_user="Troll")
    assert report.reference in history_page(client, responder, wiki, "troll").content.decode()


def test_cases_the_viewer_may_not_open_are_not_counted(
    client, responder, wiki, reporter, community_queue, safety_queue, other_wiki, other_queue
):
    emergency = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY,
                            outcome="referred")  # fmt: skip
    visible = make_report(wiki, reporter, queue=community_queue)
    make_report(other_wiki, reporter, queue=other_queue)  # same name, another wiki
    not_a_case = make_report(wiki, reporter, status=Status.INFORMATION)
    body = history_page(client, responder, wiki, "Troll").content.decode()
    assert visible.reference in body
    assert emergency.reference not in body and not_a_case.reference not in body
    assert "1 case." in body
    assert "Referred" not in body


def test_the_reported_user_as_responder_sees_none_of_the_cases_about_them(
    client, wiki, reporter, community_team, community_queue
):
    troll = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=troll)
    report = make_report(wiki, reporter, queue=community_queue)
    body = history_page(client, troll, wiki, "Troll").content.decode()
    assert report.reference not in body
    assert "No case about this user that you may open." in body


def test_the_page_view_is_audited(client, responder, wiki, case):
    history_page(client, responder, wiki, "Troll")
    entry = AuditEntry.objects.get(action=AuditAction.USER_HISTORY)
    assert entry.actor == responder
    assert entry.details == {"wiki": wiki.slug, "reported_user": "Troll"}


def test_people_without_a_desk_and_unknown_wikis_are_refused(client, reporter, responder, wiki):
    assert history_page(client, reporter, wiki, "Troll").status_code == 403
    client.force_login(responder)
    assert client.get("/desk/wikis/nowiki/reported-user?name=Troll").status_code == 404


def test_hostile_names_get_a_clear_refusal(client, responder, wiki):
    for name in ["", "a\x00b", "x" * 256, "bell\x07"]:
        response = history_page(client, responder, wiki, name)
        assert response.status_code == 400, name
        assert b"The request was refused" in response.content


def test_long_histories_are_paged(client, responder, wiki, reporter, community_queue):
    made = [make_report(wiki, reporter, queue=community_queue) for _ in range(51)]
    body = history_page(client, responder, wiki, "Troll").content.decode()
    assert "Page 1 of 2" in body and made[0].reference not in body  # oldest on page 2
    body = history_page(client, responder, wiki, "Troll", page="2").content.decode()
    assert made[0].reference in body
    assert history_page(client, responder, wiki, "Troll", page="x").status_code == 200
