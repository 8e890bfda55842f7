"""The interface in English, Portuguese and Ukrainian; right-to-left for Arabic."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from reports.models import Report

from .helpers import start, to_emergency_form, to_support_page, token_in


@pytest.fixture
def logged_in(client, reporter):
    client.force_login(reporter)
    return client


def test_uselang_pt_carries_through_the_whole_emergency_flow(logged_in, wiki):
    step1 = start(logged_in, wiki, "?uselang=pt&page=Talk:Foo")
    assert "O que quer denunciar?" in logged_in.get(step1).content.decode()
    url, form = to_emergency_form(logged_in, wiki)
    assert "Utilizador que quer denunciar" in form.content.decode()
    response = logged_in.post(url, {"details": "x" * 1001, "submission_token": token_in(form)})
    assert "Encurte este texto para no máximo 1000 caracteres (tem 1001)." in (
        response.content.decode()
    )
    response = logged_in.post(url, {"details": "Ameaça.", "submission_token": token_in(form)})
    confirmation = logged_in.get(response.headers["Location"]).content.decode()
    assert "A sua denúncia foi enviada para análise" in confirmation
    assert "no prazo de 3 horas" in confirmation
    assert Report.objects.get().language == "pt"


def test_the_interface_speaks_ukrainian(logged_in, wiki):
    url, page = to_support_page(logged_in, wiki, "doxing", "?uselang=uk")
    text = page.content.decode()
    assert 'lang="uk"' in text
    assert "Розголошення приватної інформації" in text
    assert "Що робити далі" in text


def test_refusal_pages_are_translated(client, wiki):
    from irs import demo

    client.force_login(demo.make_user(wiki, "Blocked", blocked=True))
    text = client.get(f"/w/{wiki.slug}/report?uselang=pt").content.decode()
    assert "A sua conta está bloqueada em Demo Wiki" in text


def test_ukrainian_plurals_are_used(client, newcomer, wiki):
    from reports.location import Location
    from reports.submission import Submission, submit

    submit(
        newcomer,
        wiki,
        Submission(
            flow="non-emergency",
            token="p" * 20,
            incident_type="spam",
            filed=True,
            direct_report_text="spam",
            location=Location(),
        ),
    )
    client.force_login(newcomer)
    step1 = client.get(f"/w/{wiki.slug}/report?uselang=uk")
    assert step1.status_code == 200  # the emergency flow stays open

    action = re.search(rb'<form method="post" action="(/w/[^"]+/report/[^"]+)"', step1.content)
    response = client.post(action.group(1).decode() + "?uselang=uk", {"flow": "non-emergency"})
    text = client.get(response.headers["Location"] + "?uselang=uk").content.decode()
    assert "можна подати 1 скаргу за 24 години" in text


def test_arabic_lays_the_flow_out_right_to_left(logged_in, wiki):
    step1 = start(logged_in, wiki, "?uselang=ar")
    text = logged_in.get(step1).content.decode()
    assert 'dir="rtl"' in text
    assert 'lang="ar"' in text


def test_the_wikis_content_language_is_the_default(logged_in, wiki):
    from .helpers import change_config

    change_config(wiki, lambda config: config["wiki"].update({"content_language": "pt"}))
    response = logged_in.get(f"/w/{wiki.slug}/report")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lang="pt"' in text
    assert "O que quer denunciar?" in text


def test_portuguese_privacy_notes_name_the_reported_user_not_the_reporter():
    # "o utilizador que denuncia" reads as "the user who reports", i.e. the reporter: the notes
    # must say the details are hidden from the user being reported.
    from django.utils import translation

    with translation.override("pt"):
        text = translation.gettext("They are not shown to the user you report.")
    assert text == "Não são mostrados ao utilizador denunciado."
    catalog = (Path(settings.BASE_DIR) / "reports/locale/pt/LC_MESSAGES/django.po").read_text()
    assert "utilizador que denuncia" not in catalog
