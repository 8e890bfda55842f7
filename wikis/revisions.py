"""Saving, reverting and comparing a wiki's configuration revisions.

Every save goes through `save_config`: it validates, then writes a new ConfigRevision and its
ConfigAuditEntry in one transaction. Nothing is ever edited in place.
"""

import difflib
import json

from django.db import transaction
from django.utils.translation import gettext as _

from irs import text as irs_text
from wikis.defaults import default_config, type_entry
from wikis.models import ConfigAuditEntry, ConfigRevision, Wiki
from wikis.schema import load_schema
from wikis.schema_form import _defs, resolve
from wikis.validation import ValidationResult, validate_config

MAX_CHANGED_PATHS = 100


class ConfigInvalid(Exception):
    def __init__(self, result: ValidationResult):
        super().__init__("; ".join(f"{e.pointer}: {e.message}" for e in result.errors))
        self.result = result


class NoChange(Exception):
    """The submitted configuration is the one already in force."""


class EditConflict(Exception):
    """Someone saved a newer revision since the editor was opened."""


def pretty(data) -> str:
    """Indented JSON with keys in the schema's order, whatever order the database kept
    (PostgreSQL's jsonb reorders keys): exports and diffs are stable across databases. What a
    page cannot show (a lone surrogate stored before the input rule) is shown as U+FFFD."""
    return json.dumps(canonical(irs_text.scrub(data)), indent=2, ensure_ascii=False) + "\n"


def canonical(value, schema: dict | None = None):

    schema = resolve(schema if schema is not None else load_schema())
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if schema.get("_ref") == "destination":
            kind = value.get("kind")
            definition = _defs().get(f"{kind}_destination") if isinstance(kind, str) else None
            properties = (definition or {}).get("properties", properties)
        keys = [key for key in properties if key in value]
        keys += sorted(key for key in value if key not in properties)
        return {key: canonical(value[key], properties.get(key, {})) for key in keys}
    if isinstance(value, list):
        items = schema.get("items", {})
        return [canonical(item, items) for item in value]
    return value


def with_defaults(data: dict, slug: str = "") -> dict:
    """Fill in what a partial configuration leaves out, from wikis/defaults.py.

    Objects are merged key by key; lists are taken as given (a list is a whole choice), except
    that each listed type gets the default fields it does not mention.
    """
    if not isinstance(data, dict):
        return data
    merged = _merge(default_config(slug), data)
    types = (
        merged.get("non_emergency", {}).get("types")
        if isinstance(merged.get("non_emergency"), dict)
        else None
    )
    if isinstance(types, list):
        merged["non_emergency"]["types"] = [
            _merge(type_entry(entry["key"], True), entry)
            if isinstance(entry, dict) and isinstance(entry.get("key"), str)
            else entry
            for entry in types
        ]
    return merged


def _merge(base, override):
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    return override


def changed_paths(old, new, path="") -> list[str]:
    """JSON pointers of the leaves that differ between two documents."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in list(old) + [key for key in new if key not in old]:
            child = f"{path}/{key}"
            if key not in old or key not in new:
                out.append(child)
            else:
                out.extend(changed_paths(old[key], new[key], child))
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            out.extend(changed_paths(a, b, f"{path}/{index}"))
        return out
    return [] if old == new else [path or "/"]


def save_config(
    wiki: Wiki,
    data,
    *,
    author=None,
    actor_name: str = "",
    summary: str = "",
    action: str = ConfigAuditEntry.Action.EDIT,
    base_revision_id: int | None = None,
    check_titles: bool = True,
) -> tuple[ConfigRevision, ValidationResult]:
    """Validate and store `data` as the wiki's newest revision. Raises ConfigInvalid, NoChange
    or EditConflict and then stores nothing."""
    result = validate_config(data, wiki=wiki.slug, check_titles=check_titles)
    if not result.ok:
        raise ConfigInvalid(result)
    data = irs_text.normalise_json(data)
    summary = (summary or "").strip()[:500]
    with transaction.atomic():
        # Lock the wiki row so two saves cannot both build on the same base revision.
        Wiki.objects.select_for_update().filter(pk=wiki.pk).first()
        current = wiki.current_revision
        if base_revision_id is not None and current is not None and current.pk != base_revision_id:
            raise EditConflict()
        if current is not None and current.data == data:
            raise NoChange()
        revision = ConfigRevision.objects.create(
            wiki=wiki, data=data, author=author if _is_user(author) else None, summary=summary
        )
        changes = sorted(changed_paths(current.data if current else {}, data))
        ConfigAuditEntry.objects.create(
            wiki=wiki,
            revision=revision,
            actor=author if _is_user(author) else None,
            actor_name=actor_name or (author.get_username() if _is_user(author) else ""),
            action=action,
            summary=summary,
            changed=changes[:MAX_CHANGED_PATHS],
        )
    return revision, result


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def revert(
    wiki: Wiki, revision: ConfigRevision, *, author=None, actor_name: str = "", summary: str = ""
) -> tuple[ConfigRevision, ValidationResult]:
    """A new revision with an earlier revision's content, summary "Revert to rN"."""
    if revision.wiki_id != wiki.pk:
        raise ValueError("revision belongs to another wiki")
    text = f"Revert to {revision.label}"
    if summary.strip():
        text = f"{text}: {summary.strip()}"
    return save_config(
        wiki,
        revision.data,
        author=author,
        actor_name=actor_name,
        summary=text,
        action=ConfigAuditEntry.Action.REVERT,
        check_titles=False,
    )


def diff_lines(old, new, *, old_label: str = "", new_label: str = "", context: int = 3):
    """A unified diff of the pretty-printed JSON, as (kind, text) pairs for a template.

    kind is one of "file", "hunk", "add", "del", "same". Text is raw: templates escape it.
    """
    lines = difflib.unified_diff(
        pretty(old).splitlines(),
        pretty(new).splitlines(),
        fromfile=old_label,
        tofile=new_label,
        lineterm="",
        n=context,
    )
    out = []
    for line in lines:
        if line.startswith(("---", "+++")):
            out.append(("file", line))
        elif line.startswith("@@"):
            out.append(("hunk", line))
        elif line.startswith("+"):
            out.append(("add", line))
        elif line.startswith("-"):
            out.append(("del", line))
        else:
            out.append(("same", line))
    return out


def describe_action(action: str) -> str:
    return str(dict(ConfigAuditEntry.Action.choices).get(action, action) or _("changed"))
