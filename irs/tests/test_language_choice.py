"""Which language a page speaks: ?uselang, then the wiki's content language, then English,
each code resolved along its fallback chain (irs/language.py, docs/languages.md)."""

import pytest
from django.conf import settings

from irs.language import FALLBACKS, resolve
from reports.tests.helpers import change_config


@pytest.mark.parametrize(
    ("code", "shipped"),
    [
        ("pt", "pt"),
        ("pt-BR", "pt"),
        ("pt_br", "pt"),
        ("de-formal", "de"),
        ("de-at", "de"),
        ("es-419", "es"),
        ("zh-hans", "zh-hans"),
        ("zh-Hant", "zh-hans"),
        ("zh-hk", "zh-hans"),
        ("zh", "zh-hans"),
        ("iw", "he"),
        ("in", "id"),
        ("arz", "ar"),
        ("ko-kp", "ko"),
        ("uk", "uk"),
    ],
)
def test_a_code_resolves_along_its_chain(code, shipped):
    assert resolve(code) == shipped


@pytest.mark.parametrize("code", ["be", "rue", "xx", "", None, "a" * 40, "../../etc", "en\n"])
def test_a_code_without_a_catalog_is_no_language(code):
    # "be" and "rue" never fall back to Russian, nor to Ukrainian.
    assert resolve(code) in (None, "en")


def test_every_fallback_is_a_shipped_language():
    shipped = {code for code, _name in settings.LANGUAGES}
    assert set(FALLBACKS.values()) <= shipped


def test_uselang_with_a_regional_code_speaks_its_language(client, reporter, wiki):
    client.force_login(reporter)
    page = client.get(f"/w/{wiki.slug}/report?uselang=pt-BR")
    assert page.status_code == 200
    assert 'lang="pt"' in page.content.decode()


def test_an_unknown_uselang_gives_the_wikis_language(client, reporter, wiki):
    change_config(wiki, lambda config: config["wiki"].update({"content_language": "ko"}))
    client.force_login(reporter)
    page = client.get(f"/w/{wiki.slug}/report?uselang=be")
    assert page.status_code == 200
    assert 'lang="ko"' in page.content.decode()
    assert 'dir="ltr"' in page.content.decode()


def test_hebrew_is_laid_out_right_to_left(client, reporter, wiki):
    client.force_login(reporter)
    page = client.get(f"/w/{wiki.slug}/report?uselang=he").content.decode()
    assert 'lang="he"' in page and 'dir="rtl"' in page
