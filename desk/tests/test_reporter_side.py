"""The reporter's side of a case: the conversation on their report page and their replies."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from desk import cases
from desk.models import CaseEvent, EventKind
from desk.tests.conftest import make_report


def render_conversation(report, user):
    request = RequestFactory().get(f"/my-reports/{report.reference}")
    request.user = user
    return render_to_string("desk/reporter_conversation.html", {"report": report}, request=request)


def test_the_reporter_sees_status_messages_and_a_reply_form_but_never_notes(
    case, responder, reporter
):
    cases.add_note(case, responder, "INTERNAL-NOTE-TEXT")
    cases.message_reporter(case, responder, "<b>When</b> did it start?", wait_for_reply=True)
    html = render_conversation(case, reporter)
    assert "INTERNAL-NOTE-TEXT" not in html
    assert "&lt;b&gt;When&lt;/b&gt; did it start?" in html
    assert "Waiting for your reply" in html
    assert f'action="/desk/my-reports/{case.reference}/reply"' in html
    # Responders write as "Responders", never under their own names.
    assert html.count(responder.username) == html.count("Responders")


def test_a_report_that_is_not_a_case_shows_no_conversation(wiki, reporter):
    report = make_report(wiki, reporter, queue=None)
    assert render_conversation(report, reporter).strip() == ""


def test_the_reporter_replies_and_returns_to_their_report(client, case, reporter):
    client.force_login(reporter)
    response = client.post(f"/desk/my-reports/{case.reference}/reply", {"text": "More facts"})
    assert response.status_code == 302
    assert response.url == f"/my-reports/{case.reference}#conversation"
    assert CaseEvent.objects.get(kind=EventKind.REPLY).text == "More facts"


def test_an_oversized_or_empty_reply_is_refused_with_a_message(client, case, reporter):
    client.force_login(reporter)
    client.post(f"/desk/my-reports/{case.reference}/reply", {"text": "x" * 5001})
    client.post(f"/desk/my-reports/{case.reference}/reply", {"text": "   "})
    assert not CaseEvent.objects.filter(kind=EventKind.REPLY).exists()


def test_another_reporter_cannot_reply_to_my_report(client, case, other_reporter):
    client.force_login(other_reporter)
    response = client.post(f"/desk/my-reports/{case.reference}/reply", {"text": "hi"})
    assert response.status_code == 404
    assert not CaseEvent.objects.exists()


def test_the_reply_appears_in_the_responders_timeline(client, case, reporter, responder):
    cases.reporter_reply(case, reporter, "Reply for the desk")
    client.force_login(responder)
    body = client.get(f"/desk/cases/{case.reference}").content.decode()
    assert "Reply for the desk" in body and "Reply from the reporter" in body


def test_a_flood_of_replies_is_refused(case, reporter, monkeypatch):
    import pytest

    monkeypatch.setattr(cases, "REPLIES_PER_HOUR", 2)
    cases.reporter_reply(case, reporter, "one")
    cases.reporter_reply(case, reporter, "two")
    with pytest.raises(cases.CaseError):
        cases.reporter_reply(case, reporter, "three")
    assert CaseEvent.objects.filter(kind=EventKind.REPLY).count() == 2
