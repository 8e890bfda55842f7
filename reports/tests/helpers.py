"""Walking the report flow with Django's test client, as the browser would."""

import re
from datetime import timedelta

from django.utils import timezone

from reports.models import Flow, Report, Status
from wikis.models import ConfigRevision


def start(client, wiki, query: str = "") -> str:
    """Open the report link (it shows step 1); return the flow's own address, where it posts."""
    response = client.get(f"/w/{wiki.slug}/report{query}")
    assert response.status_code == 200, response.content[:500]
    match = re.search(rb'<form method="post" action="(/w/[^"]+/report/[^"]+)"', response.content)
    assert match, "no step 1 form on the report link"
    return match.group(1).decode()


def flow_base(step1_url: str) -> str:
    return step1_url.rstrip("/")


def token_in(response) -> str:
    match = re.search(rb'name="submission_token" value="([^"]+)"', response.content)
    assert match, "no submission token in the form"
    return match.group(1).decode()


def to_emergency_form(client, wiki, query: str = "", subtype: str = "self-harm"):
    step1 = start(client, wiki, query)
    response = client.post(step1, {"flow": "emergency", "harm_subtype": subtype})
    assert response.status_code == 302
    form_url = response.headers["Location"]
    return form_url, client.get(form_url)


def to_support_page(client, wiki, incident_type: str = "intimidation", query: str = "", **extra):
    step1 = start(client, wiki, query)
    response = client.post(step1, {"flow": "non-emergency"})
    type_url = response.headers["Location"]
    response = client.post(type_url, {"incident_type": incident_type, **extra})
    assert response.status_code == 302, response.content[:2000]
    support_url = response.headers["Location"]
    return support_url, client.get(support_url)


def change_config(wiki, change) -> None:
    """Save a new configuration revision with `change(config)` applied."""
    config = wiki.config
    change(config)
    ConfigRevision.objects.create(wiki=wiki, data=config, summary="test change")
    wiki.__dict__.pop("current_revision", None)


def enable_direct_report(wiki, key: str = "intimidation") -> None:
    def change(config):
        for entry in config["non_emergency"]["types"]:
            if entry["key"] == key:
                entry["direct_report"] = {
                    "enabled": True,
                    "destinations": [{"kind": "email", "to": ["responders@example.org"]}],
                }

    change_config(wiki, change)


def filed_report(user, wiki, *, flow=Flow.NON_EMERGENCY, ago=timedelta(0)) -> Report:
    """A report `user` filed on `wiki` `ago` before now (for the limits, which count them)."""
    report = Report.objects.create(
        wiki=wiki,
        reporter=user,
        reporter_username=user.username,
        flow=flow,
        incident_type="spam",
        filed=True,
        status=Status.NEW,
        submission_token=f"filed-{Report.objects.count():012d}",
    )
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - ago)
    report.refresh_from_db()
    return report
