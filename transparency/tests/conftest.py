"""Transparency fixtures: decided cases on the demo wiki, made the way the desk makes them."""

import pytest
from django.http import QueryDict

from desk import decisions
from desk.tests.conftest import make_report
from wikis.models import ConfigRevision

FACTS = "Two insulting comments on a talk page; the user had been warned before."


def decision_form(**values) -> decisions.DecisionForm:
    data = QueryDict(mutable=True)
    base = {
        "actions": ["content-removed"],
        "ground": "ucoc-3.1",
        "facts": FACTS,
        "reporter_text": "Thank you: the comments were removed.",
        "well_founded": "founded",
    }
    base.update(values)
    for key, value in base.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return decisions.DecisionForm.from_post(data)


def change(wiki, fn):
    config = wiki.config
    fn(config)
    ConfigRevision.objects.create(wiki=wiki, data=config)


@pytest.fixture
def queue(community_team):
    return community_team.queues.get()


@pytest.fixture
def decide(wiki, reporter, queue, responder):
    """decide(actions, ground="ucoc-3.1", **report_fields) -> the Decision recorded."""

    def run(actions, ground="ucoc-3.1", *, by=None, report_wiki=None, **fields):
        report = make_report(
            report_wiki or wiki, fields.pop("reporter", reporter), queue=queue, **fields
        )
        return decisions.record(
            report, by or responder, decision_form(actions=actions, ground=ground)
        )

    return run


@pytest.fixture
def other_wiki(db):
    from irs import demo

    return demo.ensure_wiki("otherwiki", "Other Wiki")
