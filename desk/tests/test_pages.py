"""The desk's pages as a responder sees them: overview, queue, case, members, audit."""

from desk import cases
from desk.models import AuditEntry, CaseEvent, Digest, TeamMembership
from desk.tests.conftest import make_report
from reports.models import Flow, Status


def test_the_overview_counts_cases_per_status(client, responder, case, wiki, reporter):
    make_report(wiki, reporter, queue=case.queue, status=Status.RESOLVED)
    client.force_login(responder)
    response = client.get("/desk/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Demo Wiki responders" in body
    assert "1 open" in body
    assert 'href="/desk/queues/demowiki-responders/reports"' in body


def test_the_case_page_shows_report_evidence_permalink_and_timeline(client, responder, case):
    case.evidence = {"comment": "<script>alert(1)</script> you will regret this", "rev": 1234}
    case.save()
    cases.add_note(case, responder, "<img src=x onerror=alert(2)>")
    client.force_login(responder)
    response = client.get(f"/desk/cases/{case.reference}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "https://demowiki.example.org/w/index.php?oldid=1234#c-Troll-20261124-Hello" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "Reporter" in body  # responders see who reported
    assert "No delivery recorded" in body


def test_a_case_without_evidence_or_revision_still_renders(
    client, responder, wiki, reporter, community_queue
):
    report = make_report(wiki, reporter, queue=community_queue, evidence=None, revision_id=None)
    client.force_login(responder)
    body = client.get(f"/desk/cases/{report.reference}").content.decode()
    assert "No evidence was captured" in body


def test_earlier_reports_are_counted_and_linked_only_when_visible(
    client, responder, wiki, reporter, community_queue, other_queue
):
    visible = make_report(wiki, reporter, queue=community_queue, outcome="no-action")
    hidden = make_report(wiki, reporter, queue=other_queue, outcome="action-taken")
    make_report(wiki, reporter, queue=None, status=Status.INFORMATION)  # never sent: not counted
    current = make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    response = client.get(f"/desk/cases/{current.reference}")
    body = response.content.decode()
    assert "1 earlier report by the same reporter." in body
    assert "(No action: 1)" in body and "Action taken: 1" not in body
    assert "1 earlier report about the same user." in body
    assert visible.reference in body
    assert hidden.reference not in body


def test_the_case_page_runs_a_bounded_number_of_queries(
    client, responder, wiki, reporter, community_queue, django_assert_max_num_queries
):
    reports = [make_report(wiki, reporter, queue=community_queue) for _ in range(5)]
    for report in reports:
        cases.add_note(report, responder, "note")
        cases.message_reporter(report, responder, "message")
    client.force_login(responder)
    # 31 with the wiki's name read from its configuration (desk_tags.wiki_name).
    with django_assert_max_num_queries(31):
        page = client.get(f"/desk/cases/{reports[-1].reference}")
    # The bound only means something for the page itself (a 404 or a 500 is cheap).
    assert page.status_code == 200
    assert reports[-1].reference in page.content.decode()


def test_viewing_a_case_is_audited(client, responder, case):
    client.force_login(responder)
    client.get(f"/desk/cases/{case.reference}")
    entry = AuditEntry.objects.get(report=case)
    assert (entry.action, entry.actor, entry.team) == ("view", responder, case.queue.team)
    assert not CaseEvent.objects.filter(report=case).exists()


def test_every_action_through_the_page(client, responder, case, safety_team, reporter):
    client.force_login(responder)
    url = f"/desk/cases/{case.reference}"
    steps = [
        ("claim", {}),
        ("note", {"text": "internal"}),
        ("message", {"text": "question?", "wait": "1"}),
        ("status", {"status": "in-progress"}),
        ("assign", {"assignee": ""}),
        (
            "decide",
            {
                "actions": "no-action",
                "ground": "not-a-violation",
                "facts": "Nothing against the rules happened.",
                "reporter_text": "We looked and found nothing to act on.",
                "well_founded": "unfounded",
            },
        ),
    ]
    for action, data in steps:
        response = client.post(f"{url}/{action}", data)
        assert response.status_code == 302, action
        assert response.url == url
    case.refresh_from_db()
    assert case.assignee is None and case.outcome == "no-action"
    assert case.status == Status.NOT_ACTIONABLE
    actions = set(AuditEntry.objects.filter(report=case).values_list("action", flat=True))
    assert actions == {"claim", "note", "message", "status", "assign", "decision"}
    response = client.post(f"{url}/escalate", {"team": safety_team.slug, "reason": "threat"})
    # The escalating team keeps read access: back to the (now read-only) case.
    assert response.status_code == 302 and response.url == url
    case.refresh_from_db()
    assert case.queue.team == safety_team


def test_a_refused_action_shows_why_and_changes_nothing(client, responder, case):
    client.force_login(responder)
    response = client.post(f"/desk/cases/{case.reference}/note", {"text": "x" * 6000}, follow=True)
    assert "at most 5000 characters" in response.content.decode()
    assert not CaseEvent.objects.filter(report=case).exists()


def test_an_unknown_action_is_not_found(client, responder, case):
    client.force_login(responder)
    assert client.post(f"/desk/cases/{case.reference}/delete").status_code == 404


def test_merge_through_the_page(client, responder, wiki, reporter, community_queue):
    original = make_report(wiki, reporter, queue=community_queue)
    duplicate = make_report(wiki, reporter, queue=community_queue)
    client.force_login(responder)
    asked = client.post(f"/desk/cases/{duplicate.reference}/merge", {"target": original.reference})
    assert asked.status_code == 200 and 'id="merge-confirm"' in asked.content.decode()
    client.post(
        f"/desk/cases/{duplicate.reference}/merge",
        {"target": original.reference, "confirm": "1"},
    )
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original
    body = client.get(f"/desk/cases/{original.reference}").content.decode()
    assert duplicate.reference in body


def test_members_choose_immediate_or_daily_emails(client, responder, community_team):
    client.force_login(responder)
    response = client.post(f"/desk/teams/{community_team.slug}/notifications", {"digest": "daily"})
    assert response.status_code == 302
    assert TeamMembership.objects.get(user=responder).digest == Digest.DAILY
    client.post(f"/desk/teams/{community_team.slug}/notifications", {"digest": "hourly"})
    assert TeamMembership.objects.get(user=responder).digest == Digest.DAILY


def test_a_lead_manages_members_and_reads_the_audit_log(
    client, lead, community_team, outsider, case
):
    client.force_login(lead)
    url = f"/desk/teams/{community_team.slug}/members"
    assert client.get(url).status_code == 200
    client.post(url, {"op": "add", "username": "Outsider"})
    membership = community_team.memberships.get(user=outsider)
    client.post(url, {"op": "lead", "membership": membership.pk})
    membership.refresh_from_db()
    assert membership.is_lead
    client.post(url, {"op": "remove", "membership": membership.pk})
    assert not community_team.memberships.filter(user=outsider).exists()
    client.get(f"/desk/cases/{case.reference}")
    body = client.get(f"/desk/teams/{community_team.slug}/audit").content.decode()
    assert "Added a team member" in body and "Viewed the case" in body
    assert case.reference in body


def test_the_safety_team_sees_emergencies_of_every_wiki(
    client, safety_responder, safety_queue, wiki, other_wiki, reporter
):
    here = make_report(wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    there = make_report(other_wiki, reporter, queue=safety_queue, flow=Flow.EMERGENCY)
    client.force_login(safety_responder)
    body = client.get("/desk/queues/safety/emergency").content.decode()
    assert here.reference in body and there.reference in body


def test_the_desk_speaks_portuguese_and_ukrainian(client, responder, case):
    client.force_login(responder)
    assert "As minhas filas" in client.get("/desk/?uselang=pt").content.decode()
    assert "Мої черги" in client.get("/desk/?uselang=uk").content.decode()


def test_the_desk_works_right_to_left(client, responder, case):
    client.force_login(responder)
    assert 'dir="rtl"' in client.get(f"/desk/cases/{case.reference}?uselang=ar").content.decode()


def test_the_case_page_shows_each_destinations_delivery_status(client, responder, case):
    from django.utils import timezone

    from routing.models import Delivery

    Delivery.objects.create(
        report=case,
        kind="email",
        status="sent",
        attempts=1,
        destination={"kind": "email", "to": ["team@example.org"]},
        external_ref="<msg-1@irs>",
        sent_at=timezone.now(),
    )
    Delivery.objects.create(
        report=case,
        kind="webhook",
        status="dead",
        attempts=6,
        destination={
            "kind": "webhook",
            "url": "https://h.example.org/x",
            "secret": "helpdesk-hmac",
        },
        last_error="HTTP 500 <b>boom</b>",
    )
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert "team@example.org" in body and "&lt;msg-1@irs&gt;" in body
    assert 'class="delivery-dead"' in body and "HTTP 500 &lt;b&gt;boom&lt;/b&gt;" in body


def test_a_captured_snapshot_is_shown_field_by_field_and_inert(client, responder, case):
    case.evidence = {
        "status": "captured",
        "captured_at": "2026-11-24T12:00:00+00:00",
        "page": {"title": "Talk:Main Page", "id": 7},
        "revision": {
            "id": 1234,
            "timestamp": "2026-11-24T11:59:00Z",
            "user": "Troll",
            "comment": "<b>reply</b>",
        },
        "permalink": "https://demowiki.example.org/w/index.php?oldid=1234#c-Troll-1",
        "author": "Troll",
        "section": "Hello",
        "text": "[[User:X]] '''you''' <script>alert(1)</script>",
        "text_truncated": True,
    }
    case.save()
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert "Captured from the wiki" in body
    assert 'href="https://demowiki.example.org/w/index.php?oldid=1234#c-Troll-1"' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert "&lt;b&gt;reply&lt;/b&gt;" in body
    assert "Shortened" in body
    assert "Intimidation or aggressive behavior" in body


def test_a_forged_permalink_in_the_snapshot_is_not_linked(client, responder, case):
    case.evidence = {
        "status": "failed",
        "permalink": "javascript:alert(1)",
        "error": "Wiki unreachable",
    }
    case.save()
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert "javascript:" not in body.split("Raw snapshot")[0]
    assert "Could not be captured" in body and "Wiki unreachable" in body
    assert "https://demowiki.example.org/w/index.php?oldid=1234" in body


def test_responders_read_a_waiting_case_as_waiting_for_the_reporter(client, responder, case):
    # The model's label ("Waiting for your reply") speaks to the reporter; on the desk it
    # would tell the responder the case waits for them.
    cases.message_reporter(case, responder, "When did it start?", wait_for_reply=True)
    client.force_login(responder)
    pages = [
        client.get("/desk/").content.decode(),
        client.get("/desk/queues/demowiki-responders/reports?status=all").content.decode(),
        client.get(f"/desk/cases/{case.reference}").content.decode(),
    ]
    for body in pages:
        assert "Waiting for the reporter" in body
        assert "Waiting for your reply" not in body
    client.get("/?uselang=pt")
    pt = client.get(f"/desk/cases/{case.reference}?uselang=pt").content.decode()
    assert "À espera do denunciante" in pt


def test_the_reporters_name_and_address_keep_their_order_on_right_to_left_pages(
    client, responder, case
):
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}?uselang=ar").content.decode()
    assert 'dir="rtl"' in body
    assert f"<bdi>{case.reporter_username} &lt;{case.reporter_email}&gt;</bdi>" in body
