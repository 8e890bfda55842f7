"""Page titles in a configuration are checked against a real MediaWiki 1.39 on loopback."""

import json

import pytest

from wikis.tests.conftest import type_entry
from wikis.tests.formdata import post_form
from wikis.validation import validate_config

pytestmark = [pytest.mark.mediawiki, pytest.mark.usefixtures("insecure_urls")]


@pytest.fixture(scope="module")
def pages(mediawiki):
    mediawiki.edit("Project:Administrators' noticeboard", "Ask an administrator here.")
    mediawiki.edit("Help:Harassment", "What to do.")
    return mediawiki


def _pointing_at(config, api_url, *titles):
    config["wiki"]["api_url"] = api_url
    entry = type_entry(config, "trolling")
    entry["help_methods"] = [{"kind": "admin", "page": title} for title in titles]
    return config


def test_existing_pages_pass_and_a_missing_page_is_an_error_at_its_field(config, pages):
    result = validate_config(
        _pointing_at(
            config,
            pages.api_url,
            "Project:Administrators' noticeboard",  # normalized by the wiki to TestWiki:...
            "help:Harassment",  # first letter case-folded by the wiki
            "No such page here",
        )
    )
    assert [(e.pointer, e.code) for e in result.errors] == [
        ("/non_emergency/types/3/help_methods/2/page", "missing_page")
    ]
    assert "No such page here" in result.errors[0].message
    assert result.warnings == []


def test_the_same_missing_title_is_reported_wherever_it_is_used(config, pages):
    _pointing_at(config, pages.api_url, "Gone")
    type_entry(config, "spam")["fallback_links"] = [{"label": {"en": "x"}, "page": "Gone"}]
    result = validate_config(config)
    assert {e.pointer for e in result.errors} == {
        "/non_emergency/types/3/help_methods/0/page",
        "/non_emergency/types/5/fallback_links/0/page",
    }


def test_many_titles_are_asked_in_batches(config, pages):
    titles = [f"Missing {n}" for n in range(60)] + ["Help:Harassment"]
    type_entry(config, "trolling")["help_methods"] = [
        {"kind": "admin", "page": title} for title in titles[:20]
    ]
    type_entry(config, "spam")["help_methods"] = [
        {"kind": "admin", "page": title} for title in titles[20:40]
    ]
    type_entry(config, "doxing")["help_methods"] = [
        {"kind": "admin", "page": title} for title in titles[40:]
    ][:20]
    config["wiki"]["api_url"] = pages.api_url
    result = validate_config(config)
    assert len(result.errors) == 60


def test_when_the_wiki_is_down_titles_are_a_warning(config, pages):
    _pointing_at(config, pages.api_url, "No such page here")
    pages.stop()
    try:
        result = validate_config(config)
    finally:
        pages.start()
    assert result.ok
    assert [w.code for w in result.warnings] == ["titles_unchecked"]


def test_the_editor_refuses_a_missing_page_and_saves_nothing(client, wiki, wiki_admin, pages):
    client.force_login(wiki_admin)
    data = wiki.config
    _pointing_at(data, pages.api_url, "Help:Harassment", "Nowhere")
    response = post_form(client, f"/w/{wiki.slug}/config/raw", {"raw": json.dumps(data)})
    assert response.status_code == 422
    assert "The page “Nowhere” does not exist on the wiki." in response.content.decode()
    assert wiki.config_revisions.count() == 1
    data["non_emergency"]["types"][3]["help_methods"].pop()
    response = post_form(client, f"/w/{wiki.slug}/config/raw", {"raw": json.dumps(data)})
    assert response.status_code == 302
    assert wiki.config["non_emergency"]["types"][3]["help_methods"] == [
        {"kind": "admin", "page": "Help:Harassment"}
    ]
