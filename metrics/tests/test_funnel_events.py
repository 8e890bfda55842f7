"""The reporter funnel: what the server records along the flow, and nothing personal."""

import pytest
from django.db import connection

from metrics.models import FunnelEvent
from reports.models import Report
from reports.tests.helpers import change_config, enable_direct_report, start, token_in

QUERY = "?page=Talk:Main_Page&revid=1234&thread=c-Alice-20260101&user=Troll_Account&source=comment"
DIALOG_TOKEN = "0b6f3c1e-8a2d-4c47-9e5b-6d1f2a3b4c5d"


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def names(token=None):
    events = FunnelEvent.objects.order_by("id")
    if token:
        events = events.filter(token=token)
    return [(e.name, e.step) for e in events]


def test_a_direct_report_leaves_the_whole_funnel_under_one_token(logged_in, wiki):
    enable_direct_report(wiki)
    step1 = start(logged_in, wiki, QUERY + "&funnel=" + DIALOG_TOKEN)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    logged_in.get(type_url)
    support_url = logged_in.post(type_url, {"incident_type": "intimidation"}).headers["Location"]
    page = logged_in.get(support_url)
    done = logged_in.post(
        support_url, {"text": "He keeps following me.", "submission_token": token_in(page)}
    )
    logged_in.get(done.headers["Location"])
    assert names(DIALOG_TOKEN) == [
        ("open", ""),
        ("view-step", "choose"),
        ("choose", ""),
        ("view-step", "type"),
        ("continue", ""),
        ("view-step", "support"),
        ("submit", ""),
        ("view-confirmation", ""),
    ]
    assert FunnelEvent.objects.exclude(token=DIALOG_TOKEN).count() == 0
    opened = FunnelEvent.objects.get(name="open")
    assert opened.entry_point == "comment" and opened.language == "en"
    submitted = FunnelEvent.objects.get(name="submit")
    assert (submitted.flow, submitted.incident_type) == ("non-emergency", "intimidation")
    assert submitted.hour.minute == submitted.hour.second == submitted.hour.microsecond == 0


def test_an_emergency_counts_its_subtype_as_its_type(logged_in, wiki):
    step1 = start(logged_in, wiki)
    form_url = logged_in.post(step1, {"flow": "emergency", "harm_subtype": "self-harm"}).headers[
        "Location"
    ]
    page = logged_in.get(form_url)
    logged_in.post(form_url, {"submission_token": token_in(page), "details": "help"})
    emergency = FunnelEvent.objects.filter(name__in=["choose", "submit"], flow="emergency")
    assert sorted(emergency.values_list("name", "incident_type")) == [
        ("choose", "self-harm"),
        ("submit", "self-harm"),
    ]
    assert FunnelEvent.objects.filter(name="view-step", step="emergency").count() == 1


def test_without_a_dialog_token_the_server_makes_one_per_flow(logged_in, wiki):
    start(logged_in, wiki)
    start(logged_in, wiki)
    tokens = set(FunnelEvent.objects.filter(name="open").values_list("token", flat=True))
    assert len(tokens) == 2
    assert all(len(token) >= 16 for token in tokens)


@pytest.mark.parametrize("bad", ["short", "x" * 65, "a b c d e f g h i j k", "<script>alert(1)"])
def test_a_malformed_dialog_token_is_replaced(logged_in, wiki, bad):
    from urllib.parse import quote

    start(logged_in, wiki, "?funnel=" + quote(bad))
    assert not FunnelEvent.objects.filter(token=bad).exists()
    assert FunnelEvent.objects.filter(name="open").count() == 1


def test_the_dialog_and_the_first_page_make_one_open(logged_in, wiki, client):
    response = client.post(
        "/funnel/event",
        {"name": "open", "token": DIALOG_TOKEN, "wiki": wiki.slug, "entry": "tools", "lang": "pt"},
    )
    assert response.status_code == 204
    start(logged_in, wiki, "?source=tools&funnel=" + DIALOG_TOKEN)
    assert FunnelEvent.objects.filter(name="open").count() == 1


def test_a_wiki_that_turns_the_funnel_off_records_nothing(logged_in, wiki):
    change_config(wiki, lambda config: config["metrics"].update(funnel=False))
    page = logged_in.get(f"/w/{wiki.slug}/report")
    assert page.status_code == 200
    assert b'name="irs-funnel"' not in page.content
    assert FunnelEvent.objects.count() == 0


def test_the_flow_pages_carry_the_token_for_the_script_when_it_is_on(logged_in, wiki):
    page = logged_in.get(f"/w/{wiki.slug}/report?funnel=" + DIALOG_TOKEN)
    assert f'<meta name="irs-funnel" content="{DIALOG_TOKEN}"'.encode() in page.content
    assert b'data-step="choose"' in page.content
    assert b'data-url="/funnel/event"' in page.content


def test_no_event_column_can_hold_a_person_or_their_words(logged_in, wiki, reporter):
    enable_direct_report(wiki, "something-else")
    step1 = start(logged_in, wiki, QUERY)
    type_url = logged_in.post(step1, {"flow": "non-emergency"}).headers["Location"]
    support_url = logged_in.post(
        type_url, {"incident_type": "something-else", "something_else": "Secret words here"}
    ).headers["Location"]
    page = logged_in.get(support_url)
    logged_in.post(
        support_url, {"text": "Private story of mine", "submission_token": token_in(page)}
    )
    assert Report.objects.filter(filed=True).count() == 1
    columns = {f.column for f in FunnelEvent._meta.get_fields() if hasattr(f, "column")}
    assert columns == {
        "id", "wiki_id", "name", "token", "entry_point", "step", "flow", "incident_type", "link",
        "language", "hour",
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {FunnelEvent._meta.db_table}")
        dump = repr(cursor.fetchall())
    for personal in ("Reporter", "Troll", "Alice", "Secret", "Private", "127.0.0.1", "Talk:"):
        assert personal not in dump
