import json
import re

import pytest
from django.test import Client

from wikis.models import ConfigAuditEntry, ConfigRevision, WikiAdmin
from wikis.revisions import save_config
from wikis.tests.formdata import as_post, form_fields, post_form

EDIT = "/w/demowiki/config/edit"
RAW = "/w/demowiki/config/raw"


def _open_editor(client):
    response = client.get(EDIT)
    assert response.status_code == 200
    return as_post(form_fields(response.content))


def _types(wiki):
    return [entry["key"] for entry in wiki.config["non_emergency"]["types"]]


# ------------------------------------------------------------------ reading is public


@pytest.mark.parametrize("path", ["config", "config.json", "config/history", "config/diff"])
def test_anyone_can_read_the_configuration(client, wiki, path):
    response = client.get(f"/w/demowiki/{path}")
    assert response.status_code == 200


def test_the_read_only_view_shows_the_settings_and_no_edit_link_for_anonymous(client, wiki):
    response = client.get("/w/demowiki/config")
    assert b"Demo Wiki" in response.content
    assert b"/config/edit" not in response.content


def test_the_json_view_is_the_configuration_in_force(client, wiki):
    assert json.loads(client.get("/w/demowiki/config.json").content) == wiki.config


def test_an_unknown_wiki_is_404(client, db):
    assert client.get("/w/nowiki/config").status_code == 404


# ------------------------------------------------------------------ who may edit


def test_anonymous_is_sent_to_log_in(client, wiki):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona", ["reporter", "responder", "newcomer", "outsider", "safety_responder"]
)
def test_people_who_are_not_admins_cannot_edit(client, wiki, persona, request):
    client.force_login(request.getfixturevalue(persona))
    count = ConfigRevision.objects.count()
    assert client.get(EDIT).status_code == 403
    assert client.get(RAW).status_code == 403
    assert (
        post_form(client, RAW, {"raw": json.dumps(wiki.config), "summary": "x"}).status_code == 403
    )
    first = wiki.current_revision.pk
    assert client.post(f"/w/demowiki/config/r{first}/revert").status_code == 403
    assert ConfigRevision.objects.count() == count


def test_an_admin_of_another_wiki_cannot_edit_this_one(client, wiki, other_wiki, wiki_admin):
    client.force_login(wiki_admin)
    assert client.get("/w/otherwiki/config/edit").status_code == 403
    data = other_wiki.config
    data["rate_limits"]["new_user_per_day"] = 9
    response = post_form(client, "/w/otherwiki/config/raw", {"raw": json.dumps(data)})
    assert response.status_code == 403
    assert other_wiki.config["rate_limits"]["new_user_per_day"] == 1


def test_the_admin_of_this_wiki_and_an_operator_can_edit(client, wiki, wiki_admin, operator):
    for user in (wiki_admin, operator):
        client.force_login(user)
        assert client.get(EDIT).status_code == 200
        assert client.get(RAW).status_code == 200


def test_another_wikis_revision_is_404_here(client, wiki, other_wiki, wiki_admin):
    client.force_login(wiki_admin)
    foreign = other_wiki.current_revision.pk
    assert client.get(f"/w/demowiki/config/r{foreign}").status_code == 404
    assert client.get(f"/w/demowiki/config/diff?to={foreign}").status_code == 404
    assert client.get("/w/demowiki/config/diff?from=abc").status_code == 404
    assert client.post(f"/w/demowiki/config/r{foreign}/revert").status_code == 404
    assert other_wiki.config_revisions.count() == 1


def test_saving_needs_a_csrf_token(wiki, wiki_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(wiki_admin)
    data = wiki.config
    data["rate_limits"]["new_user_per_day"] = 2
    response = post_form(client, RAW, {"raw": json.dumps(data)})
    assert response.status_code == 403
    assert wiki.config["rate_limits"]["new_user_per_day"] == 1
    page = client.get(RAW)
    token = form_fields(page.content, form_class="stack")
    response = post_form(
        client, RAW, {"raw": json.dumps(data), "csrfmiddlewaretoken": token["csrfmiddlewaretoken"]}
    )
    assert response.status_code == 302
    assert wiki.config["rate_limits"]["new_user_per_day"] == 2


# ------------------------------------------------------------------ the form editor


def test_saving_the_form_unchanged_saves_nothing(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302
    assert wiki.config_revisions.count() == 1


def test_the_form_saves_a_change_with_its_summary(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["f/rate_limits/autoconfirmed_per_day"] = ["12"]
    fields["f/non_emergency/types/3/label/pt"] = ["Trollagem"]
    fields["summary"] = ["Twelve a day"]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302
    revision = wiki.current_revision
    assert revision.summary == "Twelve a day"
    assert revision.author == wiki_admin
    assert revision.data["rate_limits"]["autoconfirmed_per_day"] == 12
    assert revision.data["non_emergency"]["types"][3]["label"] == {"pt": "Trollagem"}
    assert ConfigAuditEntry.objects.get(revision=revision).changed == [
        "/non_emergency/types/3/label/pt",
        "/rate_limits/autoconfirmed_per_day",
    ]


def test_an_invalid_value_shows_an_error_and_saves_nothing(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["f/rate_limits/autoconfirmed_per_day"] = ["many"]
    fields["f/eligibility/confirm_email_url"] = ["http://insecure.example.org/?x="]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Enter a whole number." in page
    assert "Must be an https:// address." in page
    assert 'id="f-eligibility-confirm_email_url"' in page
    assert 'value="http://insecure.example.org/?x="' in page  # what was typed is kept
    assert wiki.config_revisions.count() == 1


def test_a_hostile_value_is_shown_inert(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["f/wiki/name"] = ['<script>alert("x")</script>']
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302
    page = client.get("/w/demowiki/config").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_adding_a_help_method_and_saving(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    response = post_form(client, EDIT, {**fields, "op": "add:/non_emergency/types/3/help_methods"})
    assert response.status_code == 200
    assert wiki.config_revisions.count() == 1  # an add is not a save
    fields = as_post(form_fields(response.content))
    assert fields["n/non_emergency/types/3/help_methods"] == ["1"]
    fields["f/non_emergency/types/3/help_methods/0/kind"] = ["community"]
    fields["f/non_emergency/types/3/help_methods/0/url"] = [
        "https://demowiki.example.org/wiki/Help"
    ]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert wiki.config["non_emergency"]["types"][3]["help_methods"] == [
        {"kind": "community", "url": "https://demowiki.example.org/wiki/Help"}
    ]


def test_moving_and_removing_types(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    response = post_form(client, EDIT, {**fields, "op": "up:/non_emergency/types/3"})
    assert 'value="up:/non_emergency/types/2" autofocus' in response.content.decode()
    fields = as_post(form_fields(response.content))
    response = post_form(client, EDIT, {**fields, "op": "remove:/non_emergency/types/11"})
    fields = as_post(form_fields(response.content))
    post_form(client, EDIT, {**fields, "save": "1"})
    keys = _types(wiki)
    assert keys[:4] == ["intimidation", "sexual-harassment", "trolling", "doxing"]
    assert "other" not in keys and len(keys) == 11


def _opening_tag(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[page.rindex("<", 0, start) : page.index(">", start) + 1]


@pytest.mark.parametrize(
    "op, field, opened",
    [
        # A link's first field is its label, one text per language: it opens, English focused.
        (
            "add:/non_emergency/types/3/fallback_links",
            "f-non_emergency-types-3-fallback_links-0-label-en",
            "f-non_emergency-types-3-fallback_links-0-label",
        ),
        (
            "add:/non_emergency/types/3/help_methods",
            "f-non_emergency-types-3-help_methods-0-kind",
            "",
        ),
        (
            "add:/non_emergency/types/2/direct_report/destinations",
            "f-non_emergency-types-2-direct_report-destinations-0-kind",
            "",
        ),
        # A type: its first field is "Shown to reporters".
        ("add:/non_emergency/types", "f-non_emergency-types-11-shown", ""),
    ],
)
def test_after_adding_an_item_its_first_field_has_the_focus(
    client, wiki, wiki_admin, op, field, opened
):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    if op == "add:/non_emergency/types":
        fields = as_post(
            form_fields(
                post_form(client, EDIT, {**fields, "op": "remove:/non_emergency/types/7"}).content
            )
        )
        fields["new_type"] = ["sockpuppetry"]
    page = post_form(client, EDIT, {**fields, "op": op}).content.decode()
    assert page.count(" autofocus") == 1
    assert " autofocus" in _opening_tag(page, field)
    if opened:
        assert " open" in _opening_tag(page, opened)


def test_types_that_are_off_are_folded_away_until_they_need_the_admin(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    page = client.get(EDIT).content.decode()
    folds = [f"f-non_emergency-types-{i}-fold" for i in range(7, 12)]
    for fold in folds:
        assert _opening_tag(page, fold) == f'<details class="type-off" id="{fold}">'
    assert page.count('class="type-off"') == 5  # the seven types shown stay open
    # Something done in a type that is off: that type stays open, the others folded.
    page = post_form(
        client, EDIT, {**fields, "op": "add:/non_emergency/types/9/help_methods"}
    ).content.decode()
    assert " open" in _opening_tag(page, folds[2])
    assert " open" not in _opening_tag(page, folds[0])
    # A problem in a type that is off: open, so that the error summary's link leads to it.
    fields["n/non_emergency/types/8/fallback_links"] = ["1"]
    fields["f/non_emergency/types/8/fallback_links/0/label/en"] = ["Help"]
    fields["f/non_emergency/types/8/fallback_links/0/url"] = ["http://example.org/help"]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert " open" in _opening_tag(page, folds[1])
    assert " open" not in _opening_tag(page, folds[0])
    assert wiki.config_revisions.count() == 1


def test_the_editor_has_an_index_of_its_sections_and_types(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    page = client.get(EDIT).content.decode()
    index = page[
        page.index('<nav class="config-index"') : page.index("</nav>", page.index("config-index"))
    ]
    targets = re.findall(r'href="#([^"]+)"', index)
    assert "f-non_emergency-h" in targets and "f-rate_limits-h" in targets
    for target in targets:
        assert f'id="{target}"' in page
    # Each type, those that are off leading to their folded box and marked.
    assert "f-non_emergency-types-0" in targets and "f-non_emergency-types-11-fold" in targets
    assert index.count("(off)") == 5
    # Save is in a bar that stays in view, outside the form but submitting it.
    bar = page[page.index('<div class="actions save-bar">') :]
    assert '<button type="submit" form="config-form" name="save" value="1"' in bar
    form = page[page.index('<form method="post" action="/w/demowiki/config/edit"') :]
    assert form.startswith('<form method="post" action="/w/demowiki/config/edit" class=')
    assert 'id="config-form"' in form[: form.index(">")]


def test_adding_a_type_offers_only_missing_known_types(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    response = post_form(client, EDIT, {**fields, "op": "remove:/non_emergency/types/7"})
    page = response.content.decode()
    assert '<option value="sockpuppetry">' in page
    assert '<option value="spam">' not in page
    fields = as_post(form_fields(response.content))
    forged = post_form(
        client, EDIT, {**fields, "op": "add:/non_emergency/types", "new_type": "spam"}
    )
    assert as_post(form_fields(forged.content))["n/non_emergency/types"] == ["11"]
    added = post_form(
        client, EDIT, {**fields, "op": "add:/non_emergency/types", "new_type": "sockpuppetry"}
    )
    fields = as_post(form_fields(added.content))
    assert fields["n/non_emergency/types"] == ["12"]
    assert fields["f/non_emergency/types/11/key"] == ["sockpuppetry"]


def test_a_destination_keeps_only_the_fields_of_its_kind(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    base = "/non_emergency/types/2/direct_report/destinations"
    response = post_form(client, EDIT, {**fields, "op": f"add:{base}"})
    fields = as_post(form_fields(response.content))
    fields["f/non_emergency/types/2/direct_report/enabled"] = ["1"]
    fields[f"f{base}/0/kind"] = ["email"]
    fields[f"f{base}/0/email/to"] = ["oversight@example.org\r\n\r\nsafety@example.org"]
    fields[f"f{base}/0/webhook/url"] = ["https://ignored.example.org/"]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert wiki.config["non_emergency"]["types"][2]["direct_report"] == {
        "enabled": True,
        "destinations": [{"kind": "email", "to": ["oversight@example.org", "safety@example.org"]}],
    }


def test_a_noticeboard_destination_on_a_non_public_type_is_refused(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    base = "/non_emergency/types/2/direct_report/destinations"
    fields = as_post(form_fields(post_form(client, EDIT, {**fields, "op": f"add:{base}"}).content))
    fields[f"f{base}/0/kind"] = ["noticeboard"]
    fields[f"f{base}/0/noticeboard/page"] = ["Project:Incidents"]
    fields[f"f{base}/0/noticeboard/credential"] = ["demowiki-bot"]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 422
    assert "only allowed for a type the community allows" in response.content.decode()
    assert wiki.config_revisions.count() == 1


def test_a_stale_editor_does_not_overwrite_a_newer_save(client, wiki, wiki_admin, operator):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    data = wiki.config
    data["rate_limits"]["new_user_per_day"] = 2
    save_config(wiki, data, author=operator)
    fields["f/rate_limits/autoconfirmed_per_day"] = ["6"]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 422
    assert "Someone else saved" in response.content.decode()
    assert wiki.config["rate_limits"]["autoconfirmed_per_day"] == 5


def test_a_too_long_summary_is_refused(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["f/rate_limits/autoconfirmed_per_day"] = ["6"]
    fields["summary"] = ["x" * 501]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 422
    assert wiki.config_revisions.count() == 1


def test_the_editor_shows_label_overrides_for_every_interface_language(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    for lang in ("en", "pt", "uk"):
        assert f"f/non_emergency/types/0/label/{lang}" in fields
        assert f"f/non_emergency/types/0/description/{lang}" in fields


# ------------------------------------------------------------------ the JSON editor


def test_the_json_editor_saves_valid_json(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    data = wiki.config
    data["emergency"]["response_time_hours"] = 2
    response = post_form(client, RAW, {"raw": json.dumps(data), "summary": "Faster"})
    assert response.status_code == 302
    assert wiki.current_revision.summary == "Faster"
    assert ConfigAuditEntry.objects.get(revision=wiki.current_revision).action == "raw-edit"


def test_the_json_editor_refuses_broken_json_and_forged_keys(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    response = post_form(client, RAW, {"raw": "{not json"})
    assert response.status_code == 422
    assert "Not valid JSON" in response.content.decode()
    data = wiki.config
    data["non_emergency"]["types"][0]["bot_password"] = "abc"
    response = post_form(client, RAW, {"raw": json.dumps(data)})
    assert response.status_code == 422
    assert "/non_emergency/types/0/bot_password" in response.content.decode()
    assert "Secrets must never be stored" in response.content.decode()
    assert wiki.config_revisions.count() == 1


def test_deeply_nested_json_is_refused_not_crashed_on(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    response = post_form(client, RAW, {"raw": "[" * 100000 + "]" * 100000})
    assert response.status_code == 422
    assert "Not valid JSON" in response.content.decode()


def test_an_oversized_body_is_refused(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    response = post_form(client, RAW, {"raw": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


# ------------------------------------------------------------------ history, diff, revert


def test_history_diff_and_revert(client, wiki, wiki_admin):
    client.force_login(wiki_admin)
    first = wiki.current_revision
    data = wiki.config
    data["wiki"]["name"] = "Demo <b>Wiki</b>"
    second, _ = save_config(wiki, data, author=wiki_admin, summary="<i>rename</i>")
    page = client.get("/w/demowiki/config/history").content.decode()
    assert f"r{first.pk}" in page and f"r{second.pk}" in page
    assert "&lt;i&gt;rename&lt;/i&gt;" in page
    assert "WikiAdmin" in page
    diff = client.get(f"/w/demowiki/config/diff?from={first.pk}&to={second.pk}").content.decode()
    assert "-    &quot;name&quot;: &quot;Demo Wiki&quot;," in diff
    assert "Demo &lt;b&gt;Wiki&lt;/b&gt;" in diff
    assert "<b>Wiki</b>" not in diff
    confirm = client.get(f"/w/demowiki/config/r{first.pk}/revert")
    assert confirm.status_code == 200
    response = client.post(f"/w/demowiki/config/r{first.pk}/revert", {"summary": "undo"})
    assert response.status_code == 302
    current = wiki.current_revision
    assert current.summary == f"Revert to r{first.pk}: undo"
    assert current.data == first.data
    assert wiki.name == "Demo Wiki"


def test_a_revision_page_shows_its_json(client, wiki):
    revision = wiki.current_revision
    response = client.get(f"/w/demowiki/config/r{revision.pk}")
    assert response.status_code == 200
    assert b"&quot;schema_version&quot;: 1" in response.content


def test_a_wiki_admin_row_for_another_wiki_gives_no_rights_here(client, wiki, other_wiki, reporter):
    WikiAdmin.objects.create(wiki=other_wiki, user=reporter)
    client.force_login(reporter)
    assert client.get(EDIT).status_code == 403
    assert client.get("/w/otherwiki/config/edit").status_code == 200


@pytest.mark.parametrize(
    "language, words",
    [
        ("pt", ["Guardar configuração", "Dados da wiki", "Mover para cima"]),
        ("uk", ["Зберегти конфігурацію", "Дані вікі", "Перемістити вгору"]),
    ],
)
def test_the_editor_speaks_the_interface_language(client, wiki, wiki_admin, language, words):
    client.force_login(wiki_admin)
    page = client.get(f"{EDIT}?uselang={language}").content.decode()
    for word in words:
        assert word in page


def test_the_history_shows_which_fields_each_save_changed(client, wiki, wiki_admin):
    data = wiki.config
    data["rate_limits"]["new_user_per_day"] = 2
    save_config(wiki, data, author=wiki_admin, summary="two")
    page = client.get("/w/demowiki/config/history").content.decode()
    assert "Rate limits › Reports a day by new users</bdi>: 1 → 2" in page
    assert "/rate_limits/new_user_per_day" not in page
    assert "edited in the form" in page


# ------------------------------------------------------------------ body limits


def test_the_editor_takes_more_fields_and_bytes_than_any_other_page(
    client, wiki, wiki_admin, settings
):
    """The editor's own form is larger than the site-wide limits (irs/bodylimit.py)."""
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["summary"] = ["Unchanged"]
    fields["padding"] = ["x" * settings.IRS_MAX_BODY_BYTES]
    assert len(fields) > settings.IRS_MAX_FORM_FIELDS
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 302


def test_a_configuration_over_the_editors_limit_is_refused(client, wiki, wiki_admin, settings):
    client.force_login(wiki_admin)
    fields = _open_editor(client)
    fields["padding"] = ["x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE]
    response = post_form(client, EDIT, {**fields, "save": "1"})
    assert response.status_code == 413
    assert "too large to be saved" in response.content.decode()
    assert wiki.config_revisions.count() == 1
