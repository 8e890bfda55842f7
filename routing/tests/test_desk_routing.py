"""Desk destinations: only this wiki's own teams and queues, and a filed report always ends
up in some queue, even when a destination names one that does not exist."""

import pytest
from django.db import transaction

from desk.channel import DeskChannel
from desk.models import Queue, Team, TeamMembership
from irs import demo
from routing import outbox
from routing.models import Delivery, DeliveryStatus
from routing.tests.conftest import make_report, set_routes
from wikis.validation import validate_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(db):
    """Another wiki's community team with a responder of its own."""
    other_wiki = demo.ensure_wiki("otherwiki", "Other Wiki")
    team = demo.ensure_community_team(other_wiki)
    member = demo.make_user(other_wiki, "Otherresponder")
    TeamMembership.objects.create(team=team, user=member)
    return team, member


def _routed(wiki, destination):
    config = wiki.config
    config["non_emergency"]["types"][0]["direct_report"] = {
        "enabled": True,
        "destinations": [destination],
    }
    return config


def _messages(result):
    return [(e.pointer, e.message) for e in result.errors]


def test_a_config_may_route_to_its_own_wikis_team(wiki, community_team):
    config = _routed(wiki, {"kind": "desk", "team": community_team.slug, "queue": "reports"})
    assert validate_config(config, wiki=wiki.slug, check_titles=False).ok


@pytest.mark.parametrize(
    "team, queue, message",
    [
        (
            "otherwiki-responders",
            "reports",
            "There is no team “otherwiki-responders” for this wiki.",
        ),
        ("safety", "emergency", "There is no team “safety” for this wiki."),
        ("demowiki-responder", "reports", "There is no team “demowiki-responder” for this wiki."),
        ("demowiki-responders", "report", "The team “demowiki-responders” has no queue “report”."),
    ],
)
def test_a_desk_destination_must_name_an_existing_queue_of_this_wikis_team(
    wiki, community_team, safety_team, other, team, queue, message
):
    config = _routed(wiki, {"kind": "desk", "team": team, "queue": queue})
    result = validate_config(config, wiki=wiki.slug, check_titles=False)
    assert _messages(result) == [("/non_emergency/types/0/direct_report/destinations/0", message)]


def test_the_editor_refuses_another_wikis_team(client, wiki, wiki_admin, other):
    import json

    team, _member = other
    config = _routed(wiki, {"kind": "desk", "team": team.slug, "queue": "reports"})
    client.force_login(wiki_admin)
    base = client.get(f"/w/{wiki.slug}/config/raw").context["base_id"]
    response = client.post(
        f"/w/{wiki.slug}/config/raw", {"raw": json.dumps(config), "base": base, "summary": "x"}
    )
    assert response.status_code == 422
    assert wiki.config_revisions.count() == 1


def test_a_delivery_to_another_wikis_team_lands_in_the_own_wikis_queue(
    client, wiki, reporter, community_team, other
):
    team, member = other
    destination = {"kind": "desk", "team": team.slug, "queue": "reports"}
    report = make_report(wiki, reporter)
    delivery = Delivery.objects.create(report=report, kind="desk", destination=destination)

    reference = DeskChannel(destination).send(delivery)

    report.refresh_from_db()
    assert report.queue == community_team.queues.get()
    assert "belongs to another wiki" in reference
    client.force_login(member)
    assert client.get(f"/desk/cases/{report.reference}").status_code == 404


def test_a_non_emergency_delivery_to_the_safety_queue_is_not_accepted(
    wiki, reporter, community_team
):
    destination = {"kind": "desk", "team": "safety", "queue": "emergency"}
    report = make_report(wiki, reporter)
    delivery = Delivery.objects.create(report=report, kind="desk", destination=destination)

    reference = DeskChannel(destination).send(delivery)

    report.refresh_from_db()
    assert report.queue.team == community_team
    assert "not a route for this report" in reference


@pytest.mark.django_db(transaction=True)
def test_a_misspelt_desk_queue_still_puts_the_report_in_the_wikis_queue_and_says_why(
    wiki, reporter, community_team
):
    destination = {"kind": "desk", "team": "demowiki-responder", "queue": "reports"}  # typo
    set_routes(wiki, "intimidation", [destination])
    with transaction.atomic():
        report = make_report(wiki, reporter)
        (delivery,) = outbox.record_deliveries(report)
    outbox.place_locally(report)  # the reporter's confirmation page

    report.refresh_from_db()
    delivery.refresh_from_db()
    assert report.queue == community_team.queues.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.external_ref == (
        "demowiki-responders/reports (fallback: no desk queue demowiki-responder/reports)"
    )


def test_without_a_team_of_its_own_the_report_goes_to_the_safety_teams_unrouted_queue(
    wiki, reporter
):
    assert not Team.objects.filter(wiki=wiki).exists()
    destination = {"kind": "desk", "team": "nobody", "queue": "reports"}
    report = make_report(wiki, reporter)
    delivery = Delivery.objects.create(report=report, kind="desk", destination=destination)

    reference = DeskChannel(destination).send(delivery)

    report.refresh_from_db()
    assert (report.queue.team.slug, report.queue.slug) == ("safety", "unrouted")
    assert reference == "safety/unrouted (fallback: no desk queue nobody/reports)"
    assert Queue.objects.filter(team__slug="safety", slug="unrouted").exists()


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_only_webhook_dies_goes_to_the_fallback_queue(
    wiki, reporter, community_team, webhook
):
    from routing.delivery import attempt

    destination = {"kind": "webhook", "url": webhook.url, "secret": "never-set"}
    set_routes(wiki, "intimidation", [destination])
    with transaction.atomic():
        report = make_report(wiki, reporter)
        (hook,) = outbox.record_deliveries(report)
    report.refresh_from_db()
    assert report.queue_id is None  # the webhook may still work: no fallback yet

    assert attempt(hook.pk).status == "dead"

    report.refresh_from_db()
    assert report.queue == community_team.queues.get()
    fallback = report.deliveries.get(kind="desk")
    assert fallback.destination["fallback"] is True and fallback.status == DeliveryStatus.SENT
    assert outbox.ensure_fallback(report) is None  # once only
    assert report.deliveries.count() == 2
