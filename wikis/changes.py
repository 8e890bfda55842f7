"""What changed between two configuration revisions, as people read it.

Fields are named by the schema's titles in the reader's language, joined into a path
("Unacceptable behaviour (non-emergency) reports › Types of behaviour › Trolling › Shown to
reporters"), never by JSON pointers. Lists of keyed items (types, decision actions, grounds,
prepared texts, response-time targets, statement categories) are compared by key, so moving
a type up reads "moved from position 5 to 2" and not as a removal plus an addition; other
lists of objects are matched by content, and an item found elsewhere in the list has moved.
"""

import difflib
import json
from dataclasses import dataclass

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from irs import text as irs_text
from wikis import accountability
from wikis.schema import load_schema
from wikis.schema_form import _defs, choice_label, item_label, resolve
from wikis.schema_labels import translate_label

SEPARATOR = " › "
MAX_VALUE = 80
# The property that identifies an item of a list, by the list's item definition.
_IDENTITY = {
    "type": "key",
    "decision_action": "key",
    "decision_ground": "key",
    "reporter_text": "key",
    "type_response_time": "type",
    "statement_category": "type",
    "illegal_ground": "ground",
}


@dataclass(frozen=True)
class Change:
    """One difference. `kind`: added, removed, changed, moved or reordered."""

    kind: str
    path: tuple[str, ...]
    old: str = ""
    new: str = ""
    old_position: int = 0
    new_position: int = 0

    @property
    def field(self) -> str:
        return SEPARATOR.join(self.path)

    @property
    def text(self) -> str:
        """What happened to the field, in words (the field itself apart)."""
        if self.kind == "changed":
            return _("%(old)s → %(new)s") % {"old": self.old, "new": self.new}
        if self.kind == "added":
            return _("added: %(value)s") % {"value": self.new} if self.new else _("added")
        if self.kind == "removed":
            return _("removed: %(value)s") % {"value": self.old} if self.old else _("removed")
        if self.kind == "moved":
            return _("moved from position %(old)d to %(new)d") % {
                "old": self.old_position,
                "new": self.new_position,
            }
        return _("order changed")

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"


def changes(old, new) -> list[Change]:
    """Every difference between two configuration documents, in the schema's order; values a
    page cannot show (a lone surrogate stored before the input rule) read as U+FFFD."""
    out: list[Change] = []
    _compare(irs_text.scrub(old), irs_text.scrub(new), load_schema(), (), out)
    return out


def _compare(old, new, schema: dict, path: tuple, out: list) -> None:
    schema = resolve(schema)
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        if schema.get("_ref") in ("localized", "localized_short"):
            _compare_texts(old, new, path, out)
        else:
            _compare_objects(old, new, schema, path, out)
    elif isinstance(old, list) and isinstance(new, list):
        _compare_lists(old, new, schema, path, out)
    else:
        where = path or (_("Configuration"),)
        out.append(Change("changed", where, _value(old, schema), _value(new, schema)))


def _properties(schema: dict, value: dict) -> dict:
    if schema.get("_ref") == "destination":
        kind = value.get("kind")
        definition = _defs().get(f"{kind}_destination") if isinstance(kind, str) else None
        return (definition or {}).get("properties", schema.get("properties", {}))
    return schema.get("properties", {})


def _compare_objects(old: dict, new: dict, schema: dict, path: tuple, out: list) -> None:
    properties = _properties(schema, new) if new.get("kind") == old.get("kind") else {}
    if schema.get("_ref") == "destination" and old.get("kind") != new.get("kind"):
        out.append(Change("changed", path, _summary(old), _summary(new)))
        return
    keys = [key for key in properties if key in old or key in new]
    keys += sorted(key for key in {*old, *new} if key not in properties)
    for key in keys:
        child = properties.get(key, {})
        label = translate_label(resolve(child).get("title", "")) or key
        where = (*path, label)
        if key not in old:
            out.append(Change("added", where, new=_value(new[key], child, brief=True)))
        elif key not in new:
            out.append(Change("removed", where, old=_value(old[key], child, brief=True)))
        else:
            _compare(old[key], new[key], child, where, out)


def _compare_texts(old: dict, new: dict, path: tuple, out: list) -> None:
    """A text in several languages: one change per language."""
    for code in [*old, *(code for code in new if code not in old)]:
        where = (*path, _language(code))
        if code not in new:
            out.append(Change("removed", where, old=_value(old[code])))
        elif code not in old:
            out.append(Change("added", where, new=_value(new[code])))
        elif old[code] != new[code]:
            out.append(Change("changed", where, _value(old[code]), _value(new[code])))


def _compare_lists(old: list, new: list, schema: dict, path: tuple, out: list) -> None:
    items = resolve(schema.get("items", {}))
    identity = _IDENTITY.get(items.get("_ref", ""))
    if identity and _keys_unique(old, identity) and _keys_unique(new, identity):
        _compare_keyed(old, new, items, identity, path, out)
    elif all(not isinstance(item, dict | list) for item in [*old, *new]):
        _compare_values(old, new, items, path, out)
    else:
        _compare_by_content(old, new, items, path, out)


def _keys_unique(items: list, identity: str) -> bool:
    keys = [item.get(identity) for item in items if isinstance(item, dict)]
    return len(keys) == len(items) and len(set(map(str, keys))) == len(keys)


def _compare_keyed(old, new, items, identity, path, out) -> None:
    old_keys = [str(item[identity]) for item in old]
    new_keys = [str(item[identity]) for item in new]
    by_old = dict(zip(old_keys, old, strict=True))
    for index, item in enumerate(old):
        if old_keys[index] not in new_keys:
            out.append(Change("removed", (*path, _item_label(items, identity, item, index))))
    common_old = [key for key in old_keys if key in new_keys]
    common_new = [key for key in new_keys if key in old_keys]
    stay = _longest_common(common_old, common_new)
    for index, item in enumerate(new):
        key = new_keys[index]
        where = (*path, _item_label(items, identity, item, index))
        if key not in by_old:
            out.append(Change("added", where))
            continue
        if key not in stay and old_keys.index(key) != index:
            out.append(
                Change(
                    "moved",
                    where,
                    old_position=old_keys.index(key) + 1,
                    new_position=index + 1,
                )
            )
        _compare(by_old[key], item, items, where, out)


def _longest_common(a: list, b: list) -> set:
    """The items of a longest common subsequence of two orders: those that did not move."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return {a[block.a + i] for block in matcher.get_matching_blocks() for i in range(block.size)}


def _compare_values(old: list, new: list, items: dict, path: tuple, out: list) -> None:
    """A list of plain values (namespaces, addresses, usernames): added and removed values."""
    removed = [value for value in old if value not in new]
    added = [value for value in new if value not in old]
    for value in removed:
        out.append(Change("removed", path, old=_value(value, items)))
    for value in added:
        out.append(Change("added", path, new=_value(value, items)))
    if not removed and not added:
        out.append(Change("reordered", path))


def _compare_by_content(old: list, new: list, items: dict, path: tuple, out: list) -> None:
    """Lists without a key (help methods, links, destinations, resources): items matched by
    content; one found at another place has moved, one in the same place was edited."""
    encode = [json.dumps(item, sort_keys=True) for item in old]
    encode_new = [json.dumps(item, sort_keys=True) for item in new]
    matcher = difflib.SequenceMatcher(a=encode, b=encode_new, autojunk=False)
    removed, added = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                i, j = i1 + offset, j1 + offset
                if encode[i] in encode_new[j2:] or encode_new[j] in encode[i2:]:
                    removed.append(i)
                    added.append(j)
                    continue
                label = _item_label(items, "", new[j], j, path)
                _compare(old[i], new[j], items, (*path, label), out)
        elif op != "equal":
            removed.extend(range(i1, i2))
            added.extend(range(j1, j2))
    for j in list(added):
        match = next((i for i in removed if encode[i] == encode_new[j]), None)
        label = _item_label(items, "", new[j], j, path)
        if match is not None:
            removed.remove(match)
            added.remove(j)
            out.append(Change("moved", (*path, label), old_position=match + 1, new_position=j + 1))
    for j in list(added):
        # What is left in pairs of the same kind was edited (a page or address changed).
        kind = new[j].get("kind") if isinstance(new[j], dict) else None
        match = next(
            (i for i in removed if isinstance(old[i], dict) and old[i].get("kind") == kind), None
        )
        if match is not None:
            removed.remove(match)
            added.remove(j)
            label = _item_label(items, "", new[j], j, path)
            if match != j:
                out.append(
                    Change("moved", (*path, label), old_position=match + 1, new_position=j + 1)
                )
            _compare(old[match], new[j], items, (*path, label), out)
    for i in removed:
        out.append(Change("removed", (*path, _item_label(items, "", old[i], i, path))))
    for j in added:
        out.append(Change("added", (*path, _item_label(items, "", new[j], j, path))))


def _item_label(items: dict, identity: str, item, index: int, path: tuple = ()) -> str:
    definition = items.get("_ref", "")
    lists = {
        "type": "types",
        "decision_action": "actions",
        "decision_ground": "grounds",
        "reporter_text": "reporter_texts",
        "help_method": "help_methods",
        "fallback_link": "fallback_links",
        "destination": "destinations",
        "resource": "resources",
    }
    if definition in lists:
        return item_label(f"/{lists[definition]}", index, item)
    key = str(item.get(identity, "")) if isinstance(item, dict) and identity else ""
    if identity == "ground" and key:
        return str(accountability.GROUND_LABELS.get(key, key))
    if key:
        return choice_label(key)
    return _("Item %(n)d") % {"n": index + 1}


def _language(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _value(value, schema: dict | None = None, *, brief: bool = False) -> str:
    """A value as a short text: yes/no, a choice's label, a quoted text, a list's values."""
    schema = resolve(schema or {})
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        if "enum" in schema or "const" in schema:
            return choice_label(value)
        text = value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"
        return _("“%(text)s”") % {"text": text}
    if brief:
        return ""
    return _summary(value)


def _summary(value) -> str:
    if isinstance(value, list):
        return ", ".join(_value(item, brief=True) or "…" for item in value)
    if isinstance(value, dict):
        kind = value.get("kind")
        return choice_label(kind) if isinstance(kind, str) else "…"
    return _value(value)
