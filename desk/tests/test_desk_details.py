"""Issue 13, defect 12: the Type filter offers only the types the wikis in view use (from their
current configurations, labels in the reader's language); the desk names a wiki as everywhere
else (its configured name, desk_tags.wiki_name); a new case was received "just now"."""

import copy
import re

from django.core import mail

from desk import cases
from desk.tests.conftest import make_report
from reports.models import Flow
from wikis.models import ConfigRevision

QUEUE = "/desk/queues/demowiki-responders/reports"


def options(response, select_id: str) -> dict[str, str]:
    html = response.content.decode()
    select = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def reconfigure(wiki, change) -> None:
    config = copy.deepcopy(wiki.config)
    change(config)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="test")


def test_the_type_filter_offers_the_types_the_wiki_shows(client, responder, community_queue):
    client.force_login(responder)
    types = options(client.get(QUEUE), "f-type")
    shown = [
        t["key"] for t in community_queue.team.wiki.config["non_emergency"]["types"] if t["shown"]
    ]
    assert list(types) == ["", *shown, "physical-harm", "self-harm", "public-harm"]
    assert "sockpuppetry" not in types and "vandalism" not in types  # off in the defaults
    assert types["intimidation"] == "Intimidation or aggressive behavior"


def test_the_type_filter_follows_the_current_configuration(
    client, responder, wiki, reporter, community_queue
):
    def change(config):
        entries = config["non_emergency"]["types"]
        for entry in entries:
            entry["shown"] = entry["key"] in ("trolling", "vandalism")
            if entry["key"] == "trolling":
                entry["label"] = {"en": "Baiting", "de": "Ködern"}
        entries.append(
            {
                **copy.deepcopy(entries[0]),
                "key": "edit-warring",
                "shown": True,
                "label": {"en": "Edit warring"},
            }
        )

    reconfigure(wiki, change)
    war = make_report(wiki, reporter, queue=community_queue, incident_type="edit-warring")
    make_report(wiki, reporter, queue=community_queue, incident_type="intimidation")
    client.force_login(responder)
    response = client.get(QUEUE)
    types = options(response, "f-type")
    assert list(types)[1:4] == ["trolling", "vandalism", "edit-warring"]
    assert types["trolling"] == "Baiting" and types["edit-warring"] == "Edit warring"
    assert "intimidation" not in types
    # The wiki's own type can be filtered on; a type it no longer uses is not a filter.
    found = client.get(QUEUE + "?type=edit-warring").context["cases"]
    assert [c.reference for c in found] == [war.reference]
    assert client.get(QUEUE + "?type=intimidation").context["filters"].type == ""
    assert re.search(r"<td[^>]*>Edit warring", client.get(QUEUE).content.decode())


def test_the_type_filter_is_in_the_readers_language(client, responder, community_queue):
    client.force_login(responder)
    response = client.get(QUEUE + "?uselang=de")
    types = options(response, "f-type")
    assert types["intimidation"] != "Intimidation or aggressive behavior"
    assert types["self-harm"] != "Threats of self-harm"


def test_search_offers_the_types_of_every_wiki_in_view(client, responder, other_wiki):
    def change(config):
        config["non_emergency"]["types"][0]["shown"] = False  # intimidation, elsewhere only

    reconfigure(other_wiki, change)
    client.force_login(responder)  # sees the demo wiki only
    types = options(client.get("/desk/search"), "f-type")
    assert "intimidation" in types and "sockpuppetry" not in types


def test_the_desk_names_each_wiki_by_its_name(client, responder, wiki, reporter, community_queue):
    cases = [make_report(wiki, reporter, queue=community_queue) for _ in range(3)]
    client.force_login(responder)
    queue = client.get(QUEUE).content.decode()
    assert len(re.findall(r"<td[^>]*>Demo Wiki</td>", queue)) == 3
    assert not re.search(r"<td[^>]*>demowiki</td>", queue)
    assert options(client.get(QUEUE), "f-wiki") == {"": "Any", "demowiki": "Demo Wiki"}
    search = client.get("/desk/search?flow=non-emergency")
    assert re.search(r"<td[^>]*>Demo Wiki</td>", search.content.decode())
    assert options(search, "f-wiki")["demowiki"] == "Demo Wiki"
    case = client.get(f"/desk/cases/{cases[0].reference}").content.decode()
    assert re.search(r"<dt>Wiki</dt><dd>Demo Wiki</dd>", case)
    # A rename shows at once.
    reconfigure(wiki, lambda config: config["wiki"].update(name="Renamed Wiki"))
    assert re.search(r"<td[^>]*>Renamed Wiki</td>", client.get(QUEUE).content.decode())


def test_the_wiki_name_is_read_once_per_page(
    client, responder, wiki, reporter, community_queue, django_assert_max_num_queries
):
    client.force_login(responder)
    make_report(wiki, reporter, queue=community_queue)
    client.get(QUEUE)
    with django_assert_max_num_queries(100) as one:
        client.get(QUEUE)
    for _ in range(10):
        make_report(wiki, reporter, queue=community_queue)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(QUEUE)


def test_the_responders_email_names_the_wiki(run_tasks, case, responder):
    run_tasks(cases.case_arrived, case)
    assert mail.outbox and "Wiki: Demo Wiki" in mail.outbox[0].body


def test_a_case_received_a_moment_ago_was_received_just_now(
    client, responder, wiki, reporter, community_queue
):
    make_report(wiki, reporter, queue=community_queue, flow=Flow.EMERGENCY)
    client.force_login(responder)
    html = client.get(QUEUE).content.decode()
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">just now</time>', html)
    assert "0 minutes" not in html
