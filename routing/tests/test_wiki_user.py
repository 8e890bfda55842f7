"""Statements of reasons to a reported user on their user talk page, on a real MediaWiki."""

import pytest
from django.http import QueryDict

from desk import decisions
from desk.tests.conftest import make_report
from routing.delivery import attempt
from routing.models import Delivery
from wikis.models import ConfigRevision

HOSTILE_FACTS = "Two insults. {{Delete}} [[Category:X]] ~~~~ <script>alert(1)</script>"


def decision_form(**values):
    data = QueryDict(mutable=True)
    base = {
        "actions": ["warning"],
        "ground": "ucoc-3.1",
        "facts": HOSTILE_FACTS,
        "reporter_text": "We warned them.",
        "well_founded": "founded",
    }
    base.update(values)
    for key, value in base.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return decisions.DecisionForm.from_post(data)


def notify_warnings_on_talk_pages(wiki):
    config = wiki.config
    for action in config["decisions"]["actions"]:
        action["notify_reported_user"] = action["key"] == "warning"
    config["decisions"]["reported_user_notices"] = {
        "channel": "user-talk",
        "credential": "testwiki-bot",
    }
    ConfigRevision.objects.create(wiki=wiki, data=config)


@pytest.mark.mediawiki
@pytest.mark.django_db
def test_the_reported_user_gets_a_statement_on_their_talk_page(
    board, wiki, reporter, community_team, responder
):
    board.create_user("Reporteduser")
    notify_warnings_on_talk_pages(wiki)
    case = make_report(
        wiki,
        reporter,
        queue=community_team.queues.get(),
        reported_user="Reporteduser",
        details="PRIVATE-REPORT-TEXT",
    )
    decision = decisions.record(case, responder, decision_form())
    delivery = Delivery.objects.get(kind="wiki-user")

    assert attempt(delivery.pk).status == "sent", Delivery.objects.get(pk=delivery.pk).last_error
    delivery.refresh_from_db()
    page = "User talk:Reporteduser"
    assert int(delivery.external_ref) == board.latest_revision(page)
    wikitext = board.wikitext(page)
    html = board.rendered_html(page)
    assert "The user was warned." in html
    assert "harassment" in html
    assert "Two insults." in html and "{{Delete}}" in html and "~~~~" in html
    assert "<script>" not in html
    assert f"/desk/decisions/{decision.public_id}" in html  # the link to contest it
    for secret in (reporter.username, reporter.email, "PRIVATE-REPORT-TEXT", "We warned them."):
        assert secret not in wikitext
    categories = board.api(action="query", prop="categories", titles=page)
    assert "categories" not in categories["query"]["pages"][0]

    # A re-send after a crash finds its own edit instead of posting twice.
    Delivery.objects.filter(pk=delivery.pk).update(status="pending", attempts=1)
    assert attempt(delivery.pk).status == "sent"
    assert board.wikitext(page).count("The user was warned.") == 1


@pytest.mark.django_db
def test_without_a_credential_the_statement_is_a_visible_dead_delivery(
    wiki, reporter, community_team, responder
):
    config = wiki.config
    config["decisions"]["actions"][1]["notify_reported_user"] = True  # warning
    ConfigRevision.objects.create(wiki=wiki, data=config)
    case = make_report(wiki, reporter, queue=community_team.queues.get())
    decisions.record(case, responder, decision_form())
    delivery = Delivery.objects.get(kind="wiki-user")
    assert delivery.status == "dead"
    assert "No bot credential" in delivery.last_error
    assert Delivery.objects.dead().filter(pk=delivery.pk).exists()
