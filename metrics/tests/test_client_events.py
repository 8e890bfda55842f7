"""POST /funnel/event: the dialog's events, only of known shapes, rate limited."""

import pytest

from metrics.models import FunnelEvent
from reports.funnel import CLIENT_PATH
from reports.tests.helpers import change_config

TOKEN = "0b6f3c1e-8a2d-4c47-9e5b-6d1f2a3b4c5d"
URL = "/" + CLIENT_PATH


def event(**fields):
    return {"token": TOKEN, "wiki": "demowiki", "lang": "uk", **fields}


@pytest.mark.parametrize(
    ("fields", "stored"),
    [
        ({"name": "open", "entry": "tools"}, ("open", "tools", "", "")),
        ({"name": "close"}, ("close", "", "", "")),
        ({"name": "back", "step": "type"}, ("back", "", "type", "")),
        ({"name": "back"}, ("back", "", "", "")),
        ({"name": "support-link", "link": "community"}, ("support-link", "", "", "community")),
    ],
)
def test_the_dialogs_known_events_are_stored(client, wiki, fields, stored):
    response = client.post(URL, event(**fields))
    assert response.status_code == 204
    row = FunnelEvent.objects.get()
    assert (row.name, row.entry_point, row.step, row.link) == stored
    assert (row.token, row.wiki, row.language) == (TOKEN, wiki, "uk")


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "submit"},  # the server's own event: a script may not claim it
        {"name": "view-step", "step": "type"},
        {"name": "opened", "entry": "tools"},
        {"name": "open"},  # no entry point
        {"name": "open", "entry": "sidebar"},
        {"name": "open", "entry": "tools", "user": "Alice"},  # unknown field
        {"name": "close", "text": "why I left"},
        {"name": "close", "step": "type"},  # a field the event does not take
        {"name": "back", "step": "payment"},
        {"name": "support-link", "link": "https://evil.example/"},
        {"name": "support-link"},
        {"name": "close", "token": "short"},
        {"name": "close", "token": "x" * 65},
        {"name": "close", "wiki": "nosuchwiki"},
        {"name": "close", "wiki": "../../etc"},
        {"name": "close", "lang": "en<script>"},
    ],
)
def test_anything_else_is_refused_with_400(client, wiki, fields):
    response = client.post(URL, event(**fields))
    assert response.status_code == 400
    assert FunnelEvent.objects.count() == 0


def test_a_repeated_field_json_or_a_large_body_is_refused(client, wiki):
    body = f"name=close&name=open&token={TOKEN}&wiki=demowiki"
    repeated = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    as_json = client.post(URL, {"name": "close", "token": TOKEN, "wiki": "demowiki"},
                          content_type="application/json")  # fmt: skip
    large = client.post(URL, event(name="close", lang="en-" + "a" * 2000))
    assert [repeated.status_code, as_json.status_code, large.status_code] == [400, 400, 400]
    assert FunnelEvent.objects.count() == 0


def test_only_post_is_accepted(client, wiki):
    assert client.get(URL, event(name="close")).status_code == 405


def test_no_cookie_or_csrf_token_is_needed(wiki):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, event(name="close")).status_code == 204


def test_a_wiki_with_the_funnel_off_takes_the_event_and_keeps_nothing(client, wiki):
    change_config(wiki, lambda config: config["metrics"].update(funnel=False))
    assert client.post(URL, event(name="close")).status_code == 204
    assert FunnelEvent.objects.count() == 0


def test_one_address_is_limited_per_minute(client, wiki, settings):
    from reports import throttle

    settings.IRS_FUNNEL_EVENTS_PER_MINUTE = 3
    throttle._clock = lambda: 1_000_020.0
    try:
        codes = [client.post(URL, event(name="close")).status_code for _ in range(4)]
        other = client.post(URL, event(name="close"), REMOTE_ADDR="10.0.0.9")
    finally:
        import time

        throttle._clock = time.time
    assert codes == [204, 204, 204, 429]
    assert other.status_code == 204
    assert FunnelEvent.objects.count() == 4


def test_the_dialog_script_posts_to_this_endpoint():
    from embed.script import dialog_script

    source = dialog_script()
    assert f"'/{CLIENT_PATH}'" in source
    assert "sendBeacon" in source and "randomUUID" in source
