"""The configuration's changes as people read them (wikis/changes.py, the history, the diff)."""

import copy

import pytest
from django.utils import translation

from wikis.changes import changes
from wikis.revisions import save_config

t = translation.gettext


def _types(data):
    return data["non_emergency"]["types"]


def _moved(data, old_index, new_index):
    types = _types(data)
    types.insert(new_index, types.pop(old_index))


def test_a_reordered_type_is_one_move_not_a_removal_and_an_addition(wiki):
    old = wiki.config
    new = copy.deepcopy(old)
    moved_key = _types(new)[4]["key"]
    _moved(new, 4, 1)
    found = changes(old, new)
    assert [change.kind for change in found] == ["moved"]
    (change,) = found
    assert (change.old_position, change.new_position) == (5, 2)
    assert change.path[-1] != moved_key  # the type's label, not its key
    assert str(change).startswith("Unacceptable behaviour (non-emergency) reports › Types of ")
    assert str(change).endswith("moved from position 5 to 2")


def test_fields_are_named_by_the_schemas_titles_in_the_readers_language(wiki):
    old = wiki.config
    new = copy.deepcopy(old)
    _types(new)[0]["shown"] = not _types(old)[0]["shown"]
    new["rate_limits"]["new_user_per_day"] = 4
    with translation.override("pt"):
        found = [str(change) for change in changes(old, new)]
        title = t("Rate limits") + " › " + t("Reports a day by new users")
    assert f"{title}: 1 → 4" in found
    assert not any("/" in text.split(":")[0] for text in found)  # no JSON pointer
    assert title != "Rate limits › Reports a day by new users"


def test_an_edited_item_of_a_list_without_keys_is_an_edit_and_a_moved_one_a_move(wiki):
    old = wiki.config
    _types(old)[0]["help_methods"] = [
        {"kind": "admin", "page": "Project:Admins"},
        {"kind": "community", "page": "Project:Village pump"},
    ]
    new = copy.deepcopy(old)
    methods = _types(new)[0]["help_methods"]
    methods.reverse()
    methods[1]["page"] = "Project:Noticeboard"
    found = [str(change) for change in changes(old, new)]
    assert any(text.endswith("Help method 2: moved from position 1 to 2") for text in found)
    assert any(
        text.endswith("Help method 2 › Wiki page: “Project:Admins” → “Project:Noticeboard”")
        for text in found
    )
    assert not any("removed" in text or "added" in text for text in found)


def test_added_and_removed_keyed_items_and_values_are_named(wiki):
    old = wiki.config
    new = copy.deepcopy(old)
    removed = _types(new).pop()
    new["entry_points"]["namespaces"].append(4)
    found = [str(change) for change in changes(old, new)]
    assert any(text.endswith(": removed") and removed["key"] not in text for text in found)
    assert "Entry points › Namespaces where Report links appear: added: 4" in found
    assert changes(old, copy.deepcopy(old)) == []


@pytest.fixture
def edited(wiki, wiki_admin):
    data = wiki.config
    _moved(data, 4, 1)
    data["rate_limits"]["new_user_per_day"] = 2
    revision, _result = save_config(wiki, data, author=wiki_admin, summary="reorder")
    return revision


def test_the_history_in_portuguese_names_fields_and_marks_the_first_version(client, edited):
    page = client.get("/w/demowiki/config/history?uselang=pt").content.decode()
    assert "/non_emergency/types" not in page and "/rate_limits" not in page
    with translation.override("pt"):
        assert t("moved from position %(old)d to %(new)d") % {"old": 5, "new": 2} in page
        assert t("First version") in page and t("First version") != "First version"


def test_the_diff_lists_the_changes_and_keeps_the_json_behind_a_summary(client, edited):
    page = client.get(f"/w/demowiki/config/diff?to={edited.pk}").content.decode()
    assert "What changed" in page and "moved from position 5 to 2" in page
    assert "Rate limits › Reports a day by new users</bdi>: 1 → 2" in page
    assert "<summary>The JSON, line by line</summary>" in page
