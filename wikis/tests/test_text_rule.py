"""The site's input rule (irs/text.py) in the configuration: every string of the raw JSON and
of the form (keys included), the edit summary, and page titles even when the wiki's API is not
asked."""

import json
import unicodedata

import pytest

from wikis.tests.formdata import post_form
from wikis.validation import validate_config

RAW = "/w/demowiki/config/raw"


@pytest.fixture
def admin_client(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    return client


def _type(data, key="intimidation"):
    return next(t for t in data["non_emergency"]["types"] if t["key"] == key)


def test_a_lone_surrogate_in_the_raw_json_is_refused_with_its_place(admin_client, wiki):
    # json.loads accepts the escape; the page, the database and emails could not hold it.
    text = json.dumps(wiki.config).replace('"Demo Wiki"', '"Demo \\ud800 Wiki"', 1)
    assert "\ud800" in json.loads(text)["wiki"]["name"]
    response = post_form(admin_client, RAW, {"raw": text})
    assert response.status_code == 422
    page = response.content.decode()
    assert "invalid Unicode (a lone surrogate)" in page
    assert "/wiki/name" in page
    assert wiki.config_revisions.count() == 1


def test_a_lone_surrogate_in_a_key_is_refused(admin_client, wiki):
    data = wiki.config
    text = json.dumps(data)[:-1] + ', "\\udfff": 1}'
    response = post_form(admin_client, RAW, {"raw": text})
    assert response.status_code == 422
    assert "lone surrogate" in response.content.decode()
    assert wiki.config_revisions.count() == 1


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "c1\x85"])
def test_control_characters_in_any_text_are_refused(admin_client, wiki, bad):
    data = wiki.config
    data["emergency"]["support_resources"] = [{"label": {"en": bad}, "url": "https://x.org"}]
    response = post_form(admin_client, RAW, {"raw": json.dumps(data)})
    assert response.status_code == 422
    assert "control characters" in response.content.decode()
    assert wiki.config_revisions.count() == 1


def test_the_wiki_name_is_single_line_without_direction_controls(config):
    config["wiki"]["name"] = "Demo\u202eikiW"
    errors = validate_config(config, check_titles=False).errors
    assert [(e.pointer, e.code) for e in errors] == [("/wiki/name", "text")]
    config["wiki"]["name"] = "Demo\nWiki"
    assert "single line" in validate_config(config, check_titles=False).errors[0].message


def test_line_breaks_stay_allowed_in_long_texts(config):
    _type(config)["what_to_do_next"] = {"en": "First this.\nThen that.\tDone."}
    assert validate_config(config, check_titles=False).ok


@pytest.mark.parametrize(
    "title",
    ["Help ~~~~", "Help\u202eplehtuo", "Help\u200bdesk", "Help <b>", "Help\x07desk"],
)
@pytest.mark.parametrize("where", ["help_methods", "fallback_links"])
def test_page_titles_follow_the_report_flows_rule_without_asking_the_wiki(
    config, settings, title, where
):
    settings.IRS_CHECK_WIKI_TITLES = False  # as if the wiki's API could not be reached
    entry = (
        {"kind": "community", "page": title}
        if where == "help_methods"
        else {"label": {"en": "More"}, "page": title}
    )
    _type(config)[where] = [entry]
    errors = validate_config(config).errors
    assert errors, title
    assert errors[0].pointer == f"/non_emergency/types/{_index(config)}/{where}/0/page"


def _index(config):
    return [t["key"] for t in config["non_emergency"]["types"]].index("intimidation")


def test_texts_are_stored_in_nfc(admin_client, wiki):
    data = wiki.config
    data["wiki"]["name"] = "Jose\u0301 Wiki"
    response = post_form(admin_client, RAW, {"raw": json.dumps(data), "summary": "Cafe\u0301"})
    assert response.status_code == 302
    revision = wiki.current_revision
    assert revision.data["wiki"]["name"] == "Jos\u00e9 Wiki"
    assert revision.summary == unicodedata.normalize("NFC", "Cafe\u0301")


@pytest.mark.parametrize("summary", ["fix\x00", "fix\u202e", "two\nlines"])
def test_a_bad_edit_summary_is_refused(admin_client, wiki, summary):
    data = wiki.config
    data["emergency"]["response_time_hours"] = 3
    response = post_form(admin_client, RAW, {"raw": json.dumps(data), "summary": summary})
    assert response.status_code == 422
    assert wiki.config_revisions.count() == 1
