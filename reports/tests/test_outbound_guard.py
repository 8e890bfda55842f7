"""Evidence capture, the location check and the reported-user suggestions ask the wiki only
through irs.outbound: an API address on a private or loopback address (loopback allowed only
under the test/demo setting) is never connected to (review finding F3)."""

import socket

import pytest

from irs import demo
from reports import evidence
from reports.models import Report
from routing import delivery as sending
from routing import outbox
from routing.models import Delivery
from wikis.models import ConfigRevision


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing TCP connection attempted during the test (each one is refused)."""
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise ConnectionRefusedError("the test allows no connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture
def private_wiki(wiki, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = False
    config = wiki.config
    config["wiki"]["api_url"] = "https://10.0.0.1/w/api.php"
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="a private API address")
    return type(wiki).objects.get(pk=wiki.pk)


def test_evidence_from_a_private_api_address_fails_for_good_without_a_connection(
    private_wiki, reporter, connections
):
    report = Report.objects.create(
        wiki=private_wiki, reporter=reporter, reporter_username="Reporter", flow="non-emergency",
        incident_type="intimidation", page_title="Talk:Main Page", revision_id=5,
        submission_token="guard-token-0001")  # fmt: skip
    outbox.schedule_evidence(report)
    item = Delivery.objects.get(report=report, kind="evidence")
    assert sending.attempt(item.pk).status == "sent"  # nothing to retry: no dead delivery
    assert Delivery.objects.get(pk=item.pk).external_ref.startswith("failed: no wiki API")
    report.refresh_from_db()
    assert report.evidence["status"] == "failed"
    assert report.evidence["permanent"] is True
    assert "private" in report.evidence["error"]
    assert connections == []


def test_the_location_check_lets_the_report_through_without_a_connection(private_wiki, connections):
    assert evidence.check_location(private_wiki, "Talk:Main Page", 5, "", "") is None
    assert connections == []


def test_suggestions_for_a_private_api_address_are_empty_not_irs_accounts(
    client, private_wiki, reporter, connections
):
    demo.make_user(private_wiki, "Quietvictim")
    client.force_login(reporter)
    response = client.get(f"/w/{private_wiki.slug}/report/users?q=Q")
    assert response.status_code == 200
    assert response.json() == {"users": []}
    assert connections == []
