import pytest
from django.db import IntegrityError, transaction

from accounts.models import WikiAccount
from reports import submission
from reports.eligibility import Reason
from reports.location import Location
from reports.models import Flow, Report
from reports.signals import report_stored
from reports.submission import Refused, Submission, submit
from routing import outbox
from routing.models import Delivery

from .helpers import change_config, to_emergency_form, token_in

TOKEN = "t" * 32


def emergency(token=TOKEN, **extra) -> Submission:
    return Submission(flow=Flow.EMERGENCY, token=token, harm_subtype="self-harm", **extra)


def test_the_same_token_twice_makes_one_report(reporter, wiki):
    first = submit(reporter, wiki, emergency(details="first"))
    second = submit(reporter, wiki, emergency(details="second"))
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert Report.objects.get().details == "first"


def test_two_people_may_use_the_same_token(reporter, other_reporter, wiki):
    submit(reporter, wiki, emergency())
    submit(other_reporter, wiki, emergency())
    assert Report.objects.count() == 2


def test_a_resubmission_is_answered_even_when_the_limit_is_now_reached(newcomer, wiki):
    change_config(wiki, lambda c: c["rate_limits"].update({"emergency_per_day": 1}))
    first = submit(newcomer, wiki, emergency())
    assert submit(newcomer, wiki, emergency()).pk == first.pk
    with pytest.raises(Refused) as refused:
        submit(newcomer, wiki, emergency(token="u" * 32))
    assert refused.value.decision.reason == Reason.EMERGENCY_LIMITED


def test_a_lost_race_on_the_same_token_returns_the_winners_report(reporter, wiki, monkeypatch):
    winner = submit(reporter, wiki, emergency())
    real_existing = submission._existing
    calls = []

    def counted(user, token):
        calls.append(token)
        return real_existing(user, token)

    monkeypatch.setattr(submission, "_existing", counted)
    again = submit(reporter, wiki, emergency())
    assert again.pk == winner.pk
    # No look before the insert: the unique token refuses the second row, then the
    # winner's report is found (once).
    assert len(calls) == 1
    assert Report.objects.count() == 1


def test_a_refused_submission_changes_nothing(reporter, wiki, monkeypatch):
    WikiAccount.objects.filter(user=reporter).update(blocked=True)
    planned = []
    monkeypatch.setattr(outbox, "record_deliveries", planned.append)
    with pytest.raises(Refused) as refused:
        submit(reporter, wiki, emergency())
    assert refused.value.decision.reason == Reason.BLOCKED
    assert Report.objects.count() == 0
    assert planned == []


@pytest.mark.django_db(transaction=True)
def test_deliveries_are_recorded_inside_the_reports_transaction(reporter, wiki, monkeypatch):
    """No test transaction around it: the report and its deliveries commit together or not at
    all. A failure right after the deliveries are written takes the report with it."""
    real = outbox.record_deliveries

    def record_then_fail(report, **options):
        assert real(report, **options)  # the rows are written...
        raise RuntimeError("...and the request dies before the commit")

    monkeypatch.setattr(outbox, "record_deliveries", record_then_fail)
    with pytest.raises(RuntimeError):
        submit(reporter, wiki, emergency())
    assert not Report.objects.exists()
    assert not Delivery.objects.exists()

    monkeypatch.setattr(outbox, "record_deliveries", real)
    report = submit(reporter, wiki, emergency())
    assert Delivery.objects.routes().filter(report=report).count() == 2  # desk and email


def test_a_failure_while_recording_deliveries_stores_no_report(reporter, wiki, monkeypatch):
    def broken(report, **options):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(outbox, "record_deliveries", broken)
    with pytest.raises(RuntimeError):
        submit(reporter, wiki, emergency())
    assert Report.objects.count() == 0


def test_a_malformed_token_is_refused(reporter, wiki):
    with pytest.raises(ValueError):
        submit(reporter, wiki, emergency(token="short"))


def test_the_location_is_stored(reporter, wiki):
    location = Location(page="Talk:X", revid=5, thread="h-Topic", source="topic")
    report = submit(reporter, wiki, emergency(location=location))
    assert (report.page_title, report.revision_id, report.thread_id, report.source) == (
        "Talk:X",
        5,
        "h-Topic",
        "topic",
    )


def test_a_double_click_on_submit_makes_one_report(client, reporter, wiki):
    client.force_login(reporter)
    url, form = to_emergency_form(client, wiki)
    data = {"details": "help", "submission_token": token_in(form)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert Report.objects.count() == 1
    assert first.headers["Location"] == second.headers["Location"]


def test_back_and_resubmit_makes_one_report(client, reporter, wiki):
    client.force_login(reporter)
    url, form = to_emergency_form(client, wiki)
    first = client.post(url, {"details": "help", "submission_token": token_in(form)})
    # The browser's back button reloads the form: the flow is finished, so it leads to the
    # same report's confirmation instead of a fresh form.
    reloaded = client.get(url)
    assert reloaded.status_code == 302
    assert reloaded.headers["Location"] == first.headers["Location"]
    again = client.post(url, {"details": "help", "submission_token": token_in(form)})
    assert Report.objects.count() == 1
    assert again.headers["Location"] == first.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_submit_does_not_leave_a_transaction_open(reporter, wiki):
    submit(reporter, wiki, emergency())
    assert not transaction.get_connection().in_atomic_block


def test_a_reference_that_clashes_with_an_existing_one_is_drawn_again(reporter, wiki, monkeypatch):
    first = submit(reporter, wiki, emergency("a" * 20))
    drawn = iter([first.reference, first.reference, "R-2222-3333"])
    monkeypatch.setattr(submission, "new_reference", lambda: next(drawn))
    second = submit(reporter, wiki, emergency("b" * 20))
    assert second.reference == "R-2222-3333"
    assert Report.objects.filter(reporter=reporter).count() == 2


def test_it_gives_up_only_after_several_clashing_references(reporter, wiki, monkeypatch):
    first = submit(reporter, wiki, emergency("a" * 20))
    monkeypatch.setattr(submission, "new_reference", lambda: first.reference)
    with pytest.raises(IntegrityError):
        submit(reporter, wiki, emergency("b" * 20))
    assert Report.objects.filter(reporter=reporter).count() == 1


def test_a_report_no_app_takes_is_refused_rather_than_stored_without_deliveries(reporter, wiki):
    """reports never imports routing: routing takes the report through `report_stored`. If that
    receiver were missing (routing not installed, or the receiver renamed), the report would
    be stored with no deliveries at all; submit refuses instead and stores nothing."""
    from django.core.exceptions import ImproperlyConfigured

    assert report_stored.disconnect(dispatch_uid="routing.record_deliveries")
    try:
        with pytest.raises(ImproperlyConfigured):
            submit(reporter, wiki, emergency())
    finally:
        from routing.receivers import record_deliveries

        report_stored.connect(record_deliveries, dispatch_uid="routing.record_deliveries")
    assert Report.objects.count() == 0
    assert Delivery.objects.count() == 0
