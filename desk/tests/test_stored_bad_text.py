"""A configuration revision stored before the input rule with a lone surrogate in it (SQLite's
JSON could hold one; a page, an email or PostgreSQL cannot): every page of that wiki still
answers, showing U+FFFD in its place, and the admin repairs it in the raw editor."""

import json

import pytest
from django.db import connection

from desk.tests.conftest import make_report
from reports.tests.helpers import start, to_support_page
from wikis.models import ConfigRevision
from wikis.tests.formdata import form_fields, post_form

BAD = "Demo \ud800 Wiki"


@pytest.fixture
def stored_surrogate(wiki):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's jsonb cannot hold a lone surrogate: nothing to repair there")
    data = wiki.config
    data["wiki"]["name"] = BAD
    for entry in data["non_emergency"]["types"]:
        if entry["key"] == "intimidation":
            entry["what_to_do_next"] = {"en": "Ask \udfff for help"}
    ConfigRevision.objects.create(wiki=wiki, data=data, summary="before the rule")
    assert ConfigRevision.objects.get(summary="before the rule").data["wiki"]["name"] == BAD
    return wiki


def test_the_wikis_pages_still_answer(client, stored_surrogate, reporter, responder, case):
    wiki = stored_surrogate
    for path in ["config", "config.json", "config/history", "config/diff"]:
        response = client.get(f"/w/{wiki.slug}/{path}")
        assert response.status_code == 200, path
    assert "Demo \ufffd Wiki" in client.get(f"/w/{wiki.slug}/config").content.decode()
    client.force_login(reporter)
    start(client, wiki)
    support_url, support = to_support_page(client, wiki)
    assert support.status_code == 200
    assert "Ask \ufffd for help" in support.content.decode()
    report = make_report(wiki, reporter)
    assert client.get("/my-reports").status_code == 200
    assert client.get(f"/my-reports/{report.reference}").status_code == 200
    client.force_login(responder)
    assert client.get(f"/desk/cases/{case.reference}").status_code == 200


def test_the_admin_repairs_it_in_the_raw_editor(client, stored_surrogate, wiki_admin):
    wiki = stored_surrogate
    client.force_login(wiki_admin)
    for path in ["config/edit", "config/raw"]:
        assert client.get(f"/w/{wiki.slug}/{path}").status_code == 200, path
    page = client.get(f"/w/{wiki.slug}/config/raw")
    assert "shown here as \ufffd" in page.content.decode()
    fields = form_fields(page.content, "stack")
    data = json.loads(fields["raw"])
    assert data["wiki"]["name"] == "Demo \ufffd Wiki"
    data["wiki"]["name"] = "Demo Wiki"
    response = post_form(client, f"/w/{wiki.slug}/config/raw", {"raw": json.dumps(data)})
    assert response.status_code == 302
    assert wiki.config["wiki"]["name"] == "Demo Wiki"
    assert "shown here" not in client.get(f"/w/{wiki.slug}/config/raw").content.decode()
