import pytest

from wikis.models import ConfigAuditEntry, ConfigRevision, Wiki
from wikis.revisions import (
    ConfigInvalid,
    EditConflict,
    NoChange,
    changed_paths,
    diff_lines,
    revert,
    save_config,
    with_defaults,
)


def _edited(wiki, **rate_limits):
    data = wiki.config
    data["rate_limits"].update(rate_limits)
    return data


def test_a_save_is_a_new_revision_with_author_summary_and_audit_entry(wiki, wiki_admin):
    before = wiki.current_revision
    revision, result = save_config(
        wiki,
        _edited(wiki, autoconfirmed_per_day=7),
        author=wiki_admin,
        summary="More reports a day",
    )
    assert result.ok
    assert revision.pk > before.pk
    assert (revision.author, revision.summary) == (wiki_admin, "More reports a day")
    assert revision.created_at is not None
    entry = ConfigAuditEntry.objects.get(revision=revision)
    assert entry.actor == wiki_admin
    assert entry.action == "edit"
    assert entry.changed == ["/rate_limits/autoconfirmed_per_day"]
    old = ConfigRevision.objects.get(pk=before.pk)
    assert old.data["rate_limits"]["autoconfirmed_per_day"] == 5


def test_an_invalid_configuration_saves_nothing(wiki, wiki_admin):
    count = ConfigRevision.objects.count()
    data = _edited(wiki, autoconfirmed_per_day=-3)
    with pytest.raises(ConfigInvalid) as caught:
        save_config(wiki, data, author=wiki_admin)
    assert caught.value.result.errors[0].pointer == "/rate_limits/autoconfirmed_per_day"
    assert ConfigRevision.objects.count() == count
    assert not ConfigAuditEntry.objects.exists()


def test_saving_the_same_configuration_again_saves_nothing(wiki, wiki_admin):
    with pytest.raises(NoChange):
        save_config(wiki, wiki.config, author=wiki_admin)


def test_a_save_based_on_an_older_revision_is_refused(wiki, wiki_admin):
    base = wiki.current_revision.pk
    save_config(wiki, _edited(wiki, new_user_per_day=2), author=wiki_admin, base_revision_id=base)
    with pytest.raises(EditConflict):
        save_config(
            wiki, _edited(wiki, new_user_per_day=3), author=wiki_admin, base_revision_id=base
        )


def test_a_change_is_in_force_on_the_next_read_even_for_a_long_lived_object(wiki, wiki_admin):
    long_lived = Wiki.objects.get(pk=wiki.pk)
    assert long_lived.config["rate_limits"]["autoconfirmed_per_day"] == 5
    save_config(wiki, _edited(wiki, autoconfirmed_per_day=9), author=wiki_admin)
    assert long_lived.config["rate_limits"]["autoconfirmed_per_day"] == 9


def test_changing_the_returned_config_does_not_change_the_stored_revision(wiki):
    wiki.config["rate_limits"]["autoconfirmed_per_day"] = 99
    assert wiki.config["rate_limits"]["autoconfirmed_per_day"] == 5


def test_revert_creates_a_new_revision_with_the_old_content(wiki, wiki_admin):
    first = wiki.current_revision
    save_config(wiki, _edited(wiki, autoconfirmed_per_day=8), author=wiki_admin)
    save_config(wiki, _edited(wiki, new_user_per_day=4), author=wiki_admin)
    new, _result = revert(wiki, first, author=wiki_admin)
    assert new.summary == f"Revert to r{first.pk}"
    assert new.data == first.data
    assert wiki.current_revision == new
    assert wiki.config_revisions.count() == 4
    assert ConfigAuditEntry.objects.get(revision=new).action == "revert"


def test_revert_adds_the_reason_to_the_summary(wiki, wiki_admin):
    first = wiki.current_revision
    save_config(wiki, _edited(wiki, autoconfirmed_per_day=8), author=wiki_admin)
    new, _ = revert(wiki, first, author=wiki_admin, summary="too many")
    assert new.summary == f"Revert to r{first.pk}: too many"


def test_revert_refuses_another_wikis_revision(wiki, other_wiki, wiki_admin):
    with pytest.raises(ValueError):
        revert(wiki, other_wiki.current_revision, author=wiki_admin)


def test_the_diff_shows_changed_lines_of_the_pretty_json():
    lines = diff_lines(
        {"a": 1, "b": "<b>x</b>"}, {"a": 2, "b": "<b>x</b>"}, old_label="r1", new_label="r2"
    )
    assert ("del", '-  "a": 1,') in lines
    assert ("add", '+  "a": 2,') in lines
    assert lines[0] == ("file", "--- r1")


def test_changed_paths_name_the_leaves_that_differ():
    old = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    new = {"a": {"b": 2, "c": [1, 2, 3]}, "e": 1}
    assert changed_paths(old, new) == ["/a/b", "/a/c", "/d", "/e"]


def test_with_defaults_fills_in_what_a_partial_file_leaves_out():
    data = with_defaults(
        {"wiki": {"name": "Partial"}, "non_emergency": {"types": [{"key": "spam", "shown": True}]}},
        "p",
    )
    assert data["rate_limits"] == {
        "new_user_per_day": 1,
        "autoconfirmed_per_day": 5,
        "emergency_per_day": 10,
    }
    assert data["wiki"]["name"] == "Partial"
    assert data["wiki"]["script_path"] == "/w"
    assert [t["key"] for t in data["non_emergency"]["types"]] == ["spam"]
    assert data["non_emergency"]["types"][0]["direct_report"] == {
        "enabled": False,
        "destinations": [],
    }


def test_pretty_json_keeps_the_schemas_order_whatever_the_database_did(wiki):
    from wikis.revisions import pretty

    data = wiki.config
    shuffled = {key: data[key] for key in reversed(list(data))}
    shuffled["wiki"] = {key: data["wiki"][key] for key in sorted(data["wiki"])}
    text = pretty(shuffled)
    assert text == pretty(data)
    assert text.index('"schema_version"') < text.index('"wiki"') < text.index('"emergency"')
    assert text.index('"name"') < text.index('"base_url"') < text.index('"time_zone"')


def test_a_wiki_without_revisions_uses_the_defaults_and_its_first_save_is_recorded(db):
    from wikis.defaults import default_config

    wiki = Wiki.objects.create(slug="fresh")
    assert wiki.current_revision is None
    assert wiki.config == default_config("fresh")
    revision, _ = save_config(wiki, wiki.config, actor_name="cli:root", summary="first")
    assert wiki.current_revision == revision
    entry = ConfigAuditEntry.objects.get(revision=revision)
    assert entry.actor is None and entry.actor_name == "cli:root"
