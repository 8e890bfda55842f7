"""Refusals and missing pages use the site's layout and the reader's language."""

import pytest


def test_a_refused_page_is_explained_in_the_site_layout(client, reporter):
    client.force_login(reporter)
    response = client.get(f"/w/{reporter_wiki_slug(reporter)}/config/edit")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You can't open this page" in page
    assert "Skip to content" in page
    assert "/accounts/logout/" in page


def test_a_refused_page_speaks_portuguese_with_uselang_pt(client, reporter):
    client.force_login(reporter)
    response = client.get("/desk/?uselang=pt")
    assert response.status_code == 403
    assert "Não pode abrir esta página" in response.content.decode()


@pytest.mark.parametrize("lang,text", [("pt", "Balcão"), ("uk", "Пульт")])
def test_the_desk_link_in_the_header_is_translated(lang, text):
    from django.utils import translation

    with translation.override(lang):
        assert translation.gettext("Desk") == text


def test_a_missing_page_is_explained_in_the_site_layout(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page?uselang=uk")
    assert response.status_code == 404
    assert "Сторінку не знайдено" in response.content.decode()


def reporter_wiki_slug(user):
    from wikis.models import Wiki

    return Wiki.objects.get().slug


def test_text_people_wrote_takes_its_own_direction_in_the_stylesheet():
    # An English sentence on an Arabic page must not have its full stop moved to the front.
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "irs/static/irs/irs.css").read_text()
    assert ".user-text { unicode-bidi: plaintext; }" in css
