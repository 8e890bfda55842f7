"""The entry-point script a wiki loads: the wiki's facts baked in, small, cacheable, inert."""

import gzip
import json
import re

import pytest
from django.conf import settings

from embed.script import config_for
from wikis.models import ConfigRevision


def baked(body: str) -> dict:
    return json.loads(re.search(r"var C = (\{.*?\});\n", body).group(1))


def test_it_serves_javascript_with_the_wikis_facts_baked_in(client, wiki, settings):
    settings.SITE_URL = "https://irs.example.org"
    response = client.get(f"/embed/{wiki.slug}/entry.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    config = baked(response.content.decode())
    assert config["w"] == wiki.slug
    assert config["u"] == "https://irs.example.org"
    assert config["ns"] == [1, 3, 5, 7, 9, 11, 13, 15]
    assert set(config["s"]) >= {"tools", "comment", "topic", "user"}
    assert config["m"]["en"]["r"] == "Report"


def test_it_carries_the_readers_and_the_wikis_labels_and_english(client, wiki):
    config = baked(client.get(f"/embed/{wiki.slug}/entry.js?lang=pt").content.decode())
    assert set(config["m"]) == {"pt", "en"}  # the test wiki's content language is English
    assert config["m"]["pt"]["r"] == "Denunciar"
    assert config["m"]["pt"]["u"] == "Denunciar este utilizador"
    # The ⋮ buttons' accessible names.
    assert config["m"]["en"]["mc"] == "More actions for this comment"
    assert config["m"]["en"]["mt"] == "More actions for this topic"
    assert config["m"]["pt"]["mc"] == "Mais ações para este comentário"
    uk = baked(client.get(f"/embed/{wiki.slug}/entry.js?lang=uk").content.decode())
    assert uk["m"]["uk"]["r"] == "Поскаржитися"
    assert uk["m"]["uk"]["mt"] == "Інші дії з цією темою"


@pytest.mark.parametrize(
    ("lang", "carried"),
    [
        ("pt-br", "pt"),  # a regional variant: its language
        ("de-formal", "de"),
        ("zh-hant", "zh-hans"),  # MediaWiki's chain for Chinese
        ("zh-tw", "zh-hans"),
        ("iw", "he"),  # an old code
        ("KO", "ko"),
    ],
)
def test_a_readers_language_without_a_catalog_falls_back(client, wiki, lang, carried):
    config = baked(client.get(f"/embed/{wiki.slug}/entry.js?lang={lang}").content.decode())
    assert set(config["m"]) == {carried, "en"}


@pytest.mark.parametrize("lang", ["be", "xx", "", "a" * 200, "<script>"])
def test_an_unknown_readers_language_gives_the_wikis_and_english(client, wiki, lang):
    change = wiki.config
    change["wiki"]["content_language"] = "uk"
    ConfigRevision.objects.create(wiki=wiki, data=change)
    config = baked(client.get(f"/embed/{wiki.slug}/entry.js", {"lang": lang}).content.decode())
    assert set(config["m"]) == {"uk", "en"}  # "be" never falls back to "ru"


def test_the_entry_point_stays_small_in_the_longest_labels_language(client, wiki):
    # Each language's labels in turn, with the wiki's content language beside them.
    for code, _name in settings.LANGUAGES:
        body = client.get(f"/embed/{wiki.slug}/entry.js?lang={code}").content
        assert len(gzip.compress(body)) < 3 * 1024, code


def test_it_follows_the_wikis_configuration(client, wiki):
    config = wiki.config
    config["entry_points"]["namespaces"] = [1, 4]
    config["entry_points"]["sources"] = ["tools"]
    ConfigRevision.objects.create(wiki=wiki, data=config)
    baked_config = baked(client.get(f"/embed/{wiki.slug}/entry.js").content.decode())
    assert baked_config["ns"] == [1, 4]
    assert baked_config["s"] == ["tools"]


def test_it_is_small(client, wiki):
    body = client.get(f"/embed/{wiki.slug}/entry.js").content
    assert len(gzip.compress(body, 9)) < 3 * 1024


def test_it_can_be_cached_and_revalidated(client, wiki):
    response = client.get(f"/embed/{wiki.slug}/entry.js")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get(f"/embed/{wiki.slug}/entry.js", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_hostile_configuration_stays_inert(client, wiki):
    config = wiki.config
    config["wiki"]["content_language"] = "</script><script>alert(1)</script>"
    ConfigRevision.objects.create(wiki=wiki, data=config)
    body = client.get(f"/embed/{wiki.slug}/entry.js").content.decode()
    assert "</script>" not in body and "<script>" not in body
    assert baked(body)["l"] == "</script><script>alert(1)</script>"


def test_an_unknown_wiki_has_no_script(client, db):
    assert client.get("/embed/nosuchwiki/entry.js").status_code == 404


def test_the_menu_carries_its_items_labels_in_every_language(client, db):
    body = client.get("/embed/menu.js").content.decode()
    labels = json.loads(re.search(r"var LABELS = (\{.*?\});\n", body).group(1))
    assert labels["en"] == {
        "r": "Report",
        "rc": "Report the comment by $1",
        "rt": "Report the topic “$1”",
    }
    assert labels["pt"]["rc"] == "Denunciar o comentário de $1"
    assert labels["uk"]["r"] == "Поскаржитися" and "$1" in labels["uk"]["rt"]


@pytest.mark.parametrize(("name", "defines"), [("dialog.js", "irsDialog"), ("menu.js", "irsMenu")])
def test_the_menu_and_the_dialog_are_separate_scripts_loaded_on_first_use(
    client, wiki, name, defines
):
    response = client.get(f"/embed/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert f"window.{defines} = function" in response.content.decode()
    entry = client.get(f"/embed/{wiki.slug}/entry.js").content.decode()
    assert f"{defines} = function" not in entry
    assert "'/embed/' + name + '.js'" in entry


@pytest.mark.parametrize(
    ("wiki_url", "irs_url", "cross_site_cookies", "dialog"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8000", False, True),
        ("https://en.wikipedia.org", "https://irs.wikipedia.org", False, True),
        ("https://en.wikipedia.org", "https://irs.wmcloud.org", False, False),
        ("https://en.wikipedia.org", "https://irs.wmcloud.org", True, True),
        ("http://en.wikipedia.org", "https://irs.wikipedia.org", False, False),
        ("", "https://irs.wikipedia.org", False, False),
    ],
)
def test_the_dialog_is_used_only_where_the_login_reaches_the_frame(
    wiki, settings, wiki_url, irs_url, cross_site_cookies, dialog
):
    settings.SITE_URL = irs_url
    settings.IRS_EMBED_CROSS_SITE_COOKIES = cross_site_cookies
    config = wiki.config
    config["wiki"]["base_url"] = wiki_url
    ConfigRevision.objects.create(wiki=wiki, data=config)
    assert config_for(type(wiki).objects.get(pk=wiki.pk))["d"] is dialog
