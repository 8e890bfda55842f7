"""The submit POST does each thing once, and keeps every guarantee (docs/performance.md):
at most 15 queries; the wiki and its configuration read once; eligibility decided once, under
the account lock, from what the database says then; the desk case in place when the
reporter's confirmation shows. Runs on SQLite and, in bin/test's second leg, PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User, WikiAccount
from desk.models import CaseEvent, EventKind
from irs import demo
from reports import eligibility, submission
from reports.models import Report
from routing.models import Delivery, DeliveryStatus
from wikis.models import Wiki

from .helpers import change_config, to_emergency_form, to_support_page, token_in

MAX_SUBMIT_QUERIES = 15
TEXT = "They wrote threats under my comments."


@pytest.fixture
def demo_wiki(db):
    """The demo wiki: direct reports of intimidation go to its responders' desk queue."""
    return demo.seed_demo()


@pytest.fixture
def reporter_client(client, demo_wiki):
    client.force_login(User.objects.get(username="Reporter"))
    return client


def _ready_to_submit(client, wiki):
    url, page = to_support_page(client, wiki, "intimidation")
    assert page.status_code == 200
    return url, {"submission_token": token_in(page), "text": TEXT}


def test_the_submit_post_runs_at_most_15_queries(reporter_client, demo_wiki):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    with CaptureQueriesContext(connection) as queries:
        response = reporter_client.post(url, data)
    assert response.status_code == 302
    assert Report.objects.filter(filed=True).count() == 1
    assert len(queries) <= MAX_SUBMIT_QUERIES, "\n".join(q["sql"][:120] for q in queries)


def test_the_submit_post_reads_the_wiki_once_and_its_stored_configuration_not_at_all(
    reporter_client, demo_wiki
):
    """The language middleware, the framing decorator and the view share one lookup; the
    revision the support page read is processed already (kept per process by its id)."""
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    with CaptureQueriesContext(connection) as queries:
        reporter_client.post(url, data)
    sql = [query["sql"] for query in queries]
    assert len([s for s in sql if s.startswith('SELECT "wikis_wiki"')]) == 1
    assert not [s for s in sql if '"wikis_configrevision"."data"' in s]


def test_a_configuration_saved_since_is_in_force_on_the_next_request(reporter_client, demo_wiki):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    change_config(demo_wiki, lambda config: config["rate_limits"].update(autoconfirmed_per_day=0))
    response = reporter_client.post(url, data)
    assert response.status_code == 403
    assert "rate-limited" in response.templates[0].name
    assert not Report.objects.filter(filed=True).exists()


def test_a_submitting_form_decides_eligibility_once_under_the_lock(
    reporter_client, demo_wiki, monkeypatch
):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    calls = []
    for name in ("check", "check_under_lock"):
        real = getattr(eligibility, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(eligibility, name, counted)
    assert reporter_client.post(url, data).status_code == 302
    assert calls == ["check_under_lock"]


def test_a_form_sent_again_with_errors_by_someone_blocked_meanwhile_is_refused(
    reporter_client, demo_wiki
):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    WikiAccount.objects.filter(user__username="Reporter").update(blocked=True)
    response = reporter_client.post(url, {**data, "text": ""})
    assert response.status_code == 403
    assert "blocked" in response.templates[0].name


def _meanwhile(monkeypatch, change):
    """`change()` happens after the person's facts were refreshed (before the transaction),
    as another request of theirs or a block would between two statements."""
    real = submission.account_on

    def account_then_change(user, wiki):
        account = real(user, wiki)
        change(user, wiki)
        return account

    monkeypatch.setattr(submission, "account_on", account_then_change)


def test_a_block_recorded_after_the_facts_were_read_refuses_under_the_lock(
    reporter_client, demo_wiki, monkeypatch
):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    _meanwhile(
        monkeypatch,
        lambda user, wiki: WikiAccount.objects.filter(user=user, wiki=wiki).update(blocked=True),
    )
    response = reporter_client.post(url, data)
    assert response.status_code == 403
    assert "blocked" in response.templates[0].name
    assert not Report.objects.filter(filed=True).exists()
    assert not Delivery.objects.exists()


def test_a_report_filed_meanwhile_counts_against_the_limit_under_the_lock(
    reporter_client, demo_wiki, monkeypatch
):
    change_config(demo_wiki, lambda config: config["rate_limits"].update(autoconfirmed_per_day=1))
    url, data = _ready_to_submit(reporter_client, demo_wiki)

    def another_report(user, wiki):
        Report.objects.create(
            wiki=wiki, reporter=user, flow="non-emergency", incident_type="spam", filed=True,
            submission_token="the-other-request-0123", reference="R-OTHR-0001",
        )  # fmt: skip

    _meanwhile(monkeypatch, another_report)
    response = reporter_client.post(url, data)
    assert response.status_code == 403
    assert "rate-limited" in response.templates[0].name
    assert Report.objects.filter(filed=True).count() == 1  # only the other one


def test_the_desk_case_is_in_place_when_the_confirmation_shows(reporter_client, demo_wiki):
    url, data = _ready_to_submit(reporter_client, demo_wiki)
    response = reporter_client.post(url, data)
    report = Report.objects.get(filed=True)
    desk = report.deliveries.get(kind="desk")
    # The report's transaction wrote the desk delivery and left the work to after it.
    assert desk.status == DeliveryStatus.PENDING and report.queue_id is None

    page = reporter_client.get(response.headers["Location"])

    assert page.status_code == 200
    report.refresh_from_db()
    assert report.queue.team.slug == "demowiki-responders"
    assert CaseEvent.objects.filter(report=report, kind=EventKind.ARRIVED).count() == 1
    assert Delivery.objects.get(pk=desk.pk).status == DeliveryStatus.SENT
    # Shown again: nothing more happens.
    reporter_client.get(response.headers["Location"])
    assert CaseEvent.objects.filter(report=report, kind=EventKind.ARRIVED).count() == 1


def test_an_emergency_is_with_the_safety_team_when_its_confirmation_shows(
    reporter_client, demo_wiki
):
    url, page = to_emergency_form(reporter_client, demo_wiki)
    response = reporter_client.post(
        url, {"submission_token": token_in(page), "details": "They said they would come."}
    )
    assert reporter_client.get(response.headers["Location"]).status_code == 200
    report = Report.objects.get(flow="emergency")
    assert report.queue.team.is_safety and report.queue.slug == "emergency"


def test_a_request_shares_one_wiki_object_between_its_readers(rf, demo_wiki):
    request = rf.get("/")
    first = Wiki.objects.for_request(request, demo_wiki.slug)
    assert Wiki.objects.for_request(request, demo_wiki.slug) is first
    assert Wiki.objects.for_request(request, pk=demo_wiki.pk) is first
    assert first.config is first.config  # one copy per request
    assert Wiki.objects.for_request(rf.get("/"), demo_wiki.slug) is not first
    assert Wiki.objects.for_request(request, "no-such-wiki") is None
