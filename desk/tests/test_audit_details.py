"""The audit log's details and the names of teams and queues read in the viewer's language."""

import re

import pytest
from django.utils import translation

from desk import case_page, cases
from desk.audit_details import describe_entries
from desk.models import AuditEntry, Queue, Team
from reports.models import Status

t = translation.gettext


def _details_cells(body: str) -> list[str]:
    """The text of the audit table's last column (the details), one per entry."""
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return [row[-1] for row in cells if len(row) == 5]


@pytest.fixture
def worked_case(case, responder, lead, safety_team):
    """A case with a status change, a note, a message, a member added and an escalation."""
    cases.record_view(case, responder)
    cases.change_status(case, responder, Status.IN_PROGRESS)
    cases.add_note(case, responder, "A private note")
    cases.message_reporter(case, responder, "Hello")
    cases.add_member(case.queue.team, lead, "Reporter", lead=True)
    cases.set_team_language(case.queue.team, lead, "uk")
    cases.escalate(case, responder, safety_team.slug, "Credible threat")
    return case


def test_the_audit_page_in_portuguese_shows_no_raw_keys_slugs_or_ids(client, lead, worked_case):
    client.force_login(lead)
    body = client.get("/desk/teams/demowiki-responders/audit?uselang=pt").content.decode()
    details = " | ".join(_details_cells(body))
    for raw in ("previous", "status:", "in-progress", "event", "from_team", "to_team", "safety"):
        assert raw not in details, raw
    event_ids = [str(e.details["event"]) for e in AuditEntry.objects.filter(action="note")]
    assert not any(re.search(rf"\b{pk}\b", details) for pk in event_ids)
    with translation.override("pt"):
        received, in_progress = t("Received"), t("In progress")
        safety = t("Trust and Safety")
    assert f"{received} → {in_progress}" in details
    assert safety in details and safety != "Trust and Safety"  # the escalation names the team


def test_each_desk_action_reads_as_words(worked_case, lead, community_team):
    entries = list(AuditEntry.objects.filter(team=community_team).order_by("id"))
    describe_entries(entries)
    by_action = {entry.action: entry.summary for entry in entries}
    assert by_action["status"] == "Received → In progress"
    assert by_action["note"].startswith("Timeline entry of ")
    assert by_action["member-add"] == "Reporter, as a lead"
    assert by_action["team-language"] == "From the wiki's language to Ukrainian"
    assert by_action["escalate"] == "To Trust and Safety; Reason: Credible threat"
    assert by_action["view"] == ""


def test_a_decision_names_the_wikis_labels_not_its_keys(case, responder):
    entry = AuditEntry(
        action="decision",
        report=case,
        details={"decision": 7, "actions": ["sitewide-block"], "ground": "ucoc-3.1",
                 "well_founded": "founded", "appeal": None, "appeal_result": ""},
    )  # fmt: skip
    describe_entries([entry])
    assert "sitewide-block" not in entry.summary and "ucoc" not in entry.summary
    assert "7" not in entry.summary
    assert entry.summary == (
        "Actions: Sitewide block; "
        "Ground: Universal Code of Conduct, section 3.1: harassment; Founded"
    )


def test_the_built_in_names_are_translated_and_typed_names_stay(client, responder, community_team):
    queue = community_team.queues.get()
    with translation.override("uk"):
        assert queue.label == t("Reports") != "Reports"
        assert community_team.label == t("%(wiki)s responders") % {"wiki": "Demo Wiki"}
        assert community_team.label != community_team.name
    client.force_login(responder)
    body = client.get("/desk/?uselang=uk").content.decode()
    with translation.override("uk"):
        assert t("Reports") in body
    Queue.objects.filter(pk=queue.pk).update(name="Reports")  # unchanged: still IRS's
    Team.objects.filter(pk=community_team.pk).update(name="Equipa de resposta")
    queue.name = "Meldungen (Moderation)"
    queue.save()
    community_team.refresh_from_db()
    queue.refresh_from_db()
    with translation.override("uk"):
        assert queue.label == "Meldungen (Moderation)"
        assert community_team.label == "Equipa de resposta"


def test_the_safety_teams_names_are_translated(safety_team):
    queue = safety_team.queues.get()
    with translation.override("pt"):
        assert safety_team.label == t("Trust and Safety") != "Trust and Safety"
        assert queue.label == t("Emergencies") != "Emergencies"


def test_the_timeline_names_the_teams_of_an_escalation(case, responder, safety_team):
    cases.escalate(case, responder, safety_team.slug, "Credible threat")
    with translation.override("pt"):
        summaries = [event.summary for event in case_page.timeline(case)]
        expected = t("From %(from_team)s to %(to_team)s; %(from_team)s keeps read access") % {
            "from_team": t("%(wiki)s responders") % {"wiki": "Demo Wiki"},
            "to_team": t("Trust and Safety"),
        }
    assert expected in summaries
    assert not any("demowiki-responders" in summary for summary in summaries)
