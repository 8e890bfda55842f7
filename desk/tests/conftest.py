"""Desk fixtures: cases in queues, a second wiki with its own team, running the task queue."""

import itertools
from unittest import mock

import pytest
from django.core.management import call_command

from desk.models import Queue, TeamMembership
from irs import demo
from reports.models import Flow, Report
from testing.smtp import smtp, smtp_server  # noqa: F401  (fixtures: a real SMTP server)

_tokens = itertools.count()


def make_report(wiki, reporter, *, queue=None, flow=Flow.NON_EMERGENCY, **fields) -> Report:
    """A filed report; in `queue` when given (as the routing's desk channel leaves it)."""
    account = reporter.wiki_accounts.filter(wiki=wiki).first()
    values = {
        "wiki": wiki,
        "reporter": reporter,
        "reporter_username": account.username if account else reporter.username,
        "reporter_email": reporter.email,
        "flow": flow,
        "incident_type": "intimidation" if flow == Flow.NON_EMERGENCY else "",
        "harm_subtype": "physical-harm" if flow == Flow.EMERGENCY else "",
        "reported_user": "Troll",
        "page_title": "Talk:Main Page",
        "revision_id": 1234,
        "thread_id": "c-Troll-20261124-Hello",
        "details": "They keep following me around.",
        "filed": True,
        "queue": queue,
        "submission_token": f"token-{next(_tokens)}",
    }
    values.update(fields)
    return Report.objects.create(**values)


@pytest.fixture
def community_queue(community_team):
    return community_team.queues.get()


@pytest.fixture
def safety_queue(safety_team):
    return safety_team.queues.get()


@pytest.fixture
def case(wiki, reporter, community_queue):
    return make_report(wiki, reporter, queue=community_queue)


@pytest.fixture
def lead(community_team):
    """A lead of the community team."""
    user = demo.make_user(community_team.wiki, "Teamlead")
    TeamMembership.objects.get_or_create(team=community_team, user=user, is_lead=True)
    return user


@pytest.fixture
def other_wiki(db):
    return demo.ensure_wiki("otherwiki", "Other Wiki")


@pytest.fixture
def other_team(other_wiki):
    return demo.ensure_community_team(other_wiki)


@pytest.fixture
def other_responder(other_team):
    """A responder of another wiki's team: sees nothing of the demo wiki's cases."""
    user = demo.make_user(other_team.wiki, "Otherresponder")
    TeamMembership.objects.get_or_create(team=other_team, user=user)
    return user


@pytest.fixture
def other_queue(other_team) -> Queue:
    return other_team.queues.get()


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run `fn` as a request would: commit callbacks enqueue tasks; a worker then runs them."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = fn(*args, **kwargs)
        work()
        return result

    return run


def work():
    """Run the queued tasks in this process, inside the test's transaction.

    The worker closes connections it thinks are stale; here that would be the test's own
    connection (a file database since routing's worker-process tests), so it is kept open.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
