import pytest
from django.core.exceptions import PermissionDenied

from desk import cases
from desk.models import AuditEntry


def test_audit_entries_cannot_be_changed_or_removed(case, responder):
    cases.record_view(case, responder)
    entry = AuditEntry.objects.get()
    entry.action = "claim"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(action="claim")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.bulk_update([entry], ["action"])
    entry.refresh_from_db()
    assert entry.action == "view"


def test_each_entry_says_who_what_when_and_which_case(case, responder):
    cases.add_note(case, responder, "hello")
    entry = AuditEntry.objects.get()
    assert entry.actor == responder and entry.actor_name == "Responder"
    assert entry.action == "note" and entry.report == case
    assert entry.team == case.queue.team and entry.created_at is not None
    assert entry.details["event"]


def test_a_lead_sees_only_their_teams_entries(
    client, lead, case, other_queue, wiki, reporter, other_responder
):
    from desk.tests.conftest import make_report

    elsewhere = make_report(wiki, reporter, queue=other_queue)
    cases.record_view(elsewhere, other_responder)
    cases.record_view(case, lead)
    client.force_login(lead)
    body = client.get("/desk/teams/demowiki-responders/audit").content.decode()
    assert case.reference in body and elsewhere.reference not in body


def test_a_huge_page_number_on_the_audit_page_is_an_empty_page_not_an_error(lead, case, responder):
    from django.test import Client

    cases.record_view(case, responder)
    client = Client(raise_request_exception=False)
    client.force_login(lead)
    team = case.queue.team
    for page in ("9" * 25, "-5", "x"):
        response = client.get(f"/desk/teams/{team.slug}/audit", {"page": page})
        assert response.status_code == 200, page
    first = client.get(f"/desk/teams/{team.slug}/audit", {"page": "1"})
    assert "Responder" in first.content.decode()
