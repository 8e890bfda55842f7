"""A form generated from the configuration's JSON Schema, and the data read back from it.

`build(data, errors)` walks the schema and the data together into a tree of nodes the
templates render (wikis/templates/wikis/form/node.html). Field names are JSON pointers
("f/non_emergency/types/3/shown"); a list's length travels in "n/<pointer>". `parse(post)`
rebuilds the JSON document from a submitted form, guided by the same schema. Adding,
removing and moving list items are plain submit buttons (`op`), so the editor works without
JavaScript and by keyboard; `apply_op` does them on the parsed data.
"""

import copy
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from wikis import accountability, contributions
from wikis.defaults import NON_EMERGENCY_TYPES, type_entry
from wikis.schema import load_schema
from wikis.schema_labels import translate_label

MAX_LIST_ITEMS = 100
_OP = re.compile(r"^(up|down|remove|add):(/[A-Za-z0-9_/-]*)$")


def _defs() -> dict:
    return load_schema()["$defs"]


def resolve(node: dict) -> dict:
    """The node with its $ref followed (siblings win), remembering the definition's name."""
    if "$ref" not in node:
        return node
    name = node["$ref"].rsplit("/", 1)[-1]
    base = dict(resolve(_defs()[name]))
    base.setdefault("_ref", name)
    for key, value in node.items():
        if key != "$ref":
            base[key] = value
    return base


def _split(ptr: str) -> list:
    return [part for part in ptr.split("/") if part != ""]


def get_at(data, ptr: str):
    for part in _split(ptr):
        if isinstance(data, list):
            data = data[int(part)]
        else:
            data = data[part]
    return data


def field_id(ptr: str) -> str:
    return "f" + ptr.replace("/", "-") if ptr else "f-root"


# ---------------------------------------------------------------- building the form tree


def languages_for(value: dict | None, content_language: str = "en") -> list[str]:
    codes = [content_language] + [code for code, _name in settings.LANGUAGES]
    codes += list((value or {}).keys())
    seen, out = set(), []
    for code in codes:
        if code and code not in seen:
            seen.add(code)
            out.append(code)
    return out


def type_title(key: str) -> str:
    """The type's name in the interface language: the reporter flow's translation if any."""
    label = contributions.builtin_texts("label").get(key)
    return str(label) if label else key.replace("-", " ").capitalize()


def builtin_text(field: str, key: str, language: str) -> str:
    """The translated text a type shows when the wiki sets no override for `language`."""
    text = contributions.builtin_texts(field).get(key)
    if text is None:
        text = contributions.default_text(field)
    if text is None:
        return ""
    with translation.override(language):
        return str(text)


_TYPE_TEXT = re.compile(r"^/non_emergency/types/(\d+)/(label|description|what_to_do_next)$")


def _focus_pointer(focus: str) -> str:
    """The pointer an op to focus next is about ("new:/a/0" -> "/a/0")."""
    return focus.partition(":")[2]


class Builder:
    def __init__(self, data: dict, errors: dict[str, list[str]] | None = None, focus: str = ""):
        self.data = data
        self.errors = errors or {}
        self.focus = focus
        # An item just added: its first field takes the focus (autofocus, no JavaScript needed).
        self.new_item = _focus_pointer(focus) if focus.startswith("new:") else ""
        self.rendered: set[str] = set()
        wiki = data.get("wiki") if isinstance(data, dict) else None
        self.content_language = (wiki or {}).get("content_language") or "en"

    def node(self, schema: dict, ptr: str, value, *, required: bool = True, label: str = ""):
        schema = resolve(schema)
        self.rendered.add(ptr)
        base: dict = {
            "ptr": ptr,
            "name": "f" + ptr,
            "id": field_id(ptr),
            "label": label or translate_label(schema.get("title", "")),
            "help": translate_label(schema.get("description", "")),
            "errors": self.errors.get(ptr, []),
            "required": required,
        }
        ref = schema.get("_ref")
        if ref in ("localized", "localized_short"):
            value = value if isinstance(value, dict) else {}
            base["kind"] = "localized"
            base["long"] = ref == "localized"
            base["entries"] = []
            type_text = _TYPE_TEXT.match(ptr)
            type_key = self._type_key(int(type_text.group(1))) if type_text else None
            for code in languages_for(value, self.content_language):
                sub = f"{ptr}/{code}"
                self.rendered.add(sub)
                base["entries"].append(
                    {
                        "code": code,
                        "name": "f" + sub,
                        "id": field_id(sub),
                        "value": value.get(code, "") if isinstance(value.get(code), str) else "",
                        "errors": self.errors.get(sub, []),
                        "placeholder": builtin_text(type_text.group(2), type_key, code)
                        if type_key
                        else "",
                    }
                )
            base["filled"] = [entry["code"] for entry in base["entries"] if entry["value"]]
            base["open"] = bool(base["errors"] or any(e["errors"] for e in base["entries"]))
            return base
        if ref == "destination":
            return self._destination(schema, ptr, value, base)
        if ref == "type_key":
            base["kind"] = "fixed"
            base["value"] = value
            base["display"] = type_title(value) if isinstance(value, str) else ""
            return base
        if "const" in schema:
            base["kind"] = "fixed"
            base["value"] = value if value is not None else schema["const"]
            base["display"] = str(base["value"])
            return base
        if "enum" in schema:
            base["kind"] = "select"
            base["value"] = value if value is not None else ""
            base["choices"] = [("", "—")] * (not required) + [
                (str(choice), choice_label(choice)) for choice in schema["enum"]
            ]
            return base
        kind = schema.get("type")
        if kind == "object":
            return self._object(schema, ptr, value if isinstance(value, dict) else {}, base)
        if kind == "array":
            return self._array(schema, ptr, value if isinstance(value, list) else [], base)
        if kind == "boolean":
            base["kind"] = "checkbox"
            base["value"] = bool(value)
            return base
        if kind == "integer":
            base["kind"] = "number"
            base["value"] = "" if value is None else value
            base["min"] = schema.get("minimum")
            base["max"] = schema.get("maximum")
            return base
        base["kind"] = "text"
        base["value"] = value if isinstance(value, str) else ("" if value is None else str(value))
        base["maxlength"] = schema.get("maxLength")
        base["inputmode"] = (
            "email" if ref == "email" else ("url" if ref and "url" in ref else "text")
        )
        return base

    def _type_key(self, index: int) -> str | None:
        try:
            key = self.data["non_emergency"]["types"][index]["key"]
        except (KeyError, IndexError, TypeError):
            return None
        return key if isinstance(key, str) else None

    def _object(self, schema, ptr, value, base):
        base["kind"] = "object"
        required = set(schema.get("required", []))
        base["children"] = [
            self.node(child, f"{ptr}/{name}", value.get(name), required=name in required)
            for name, child in schema.get("properties", {}).items()
        ]
        return base

    def _array(self, schema, ptr, value, base):
        items = resolve(schema.get("items", {}))
        base["count_name"] = "n" + ptr
        if "enum" in items:
            base["kind"] = "checkboxes"
            base["choices"] = [
                (str(choice), choice_label(choice), choice in value) for choice in items["enum"]
            ]
            return base
        if items.get("type") == "integer":
            base["kind"] = "intlist"
            base["value"] = ", ".join(str(item) for item in value)
            return base
        if items.get("type") == "string":
            base["kind"] = "lines"
            base["value"] = "\n".join(str(item) for item in value)
            return base
        base["kind"] = "array"
        base["count"] = len(value)
        base["add_op"] = f"add:{ptr}"
        base["add_label"] = add_label(ptr)
        base["focus_add"] = self.focus == base["add_op"]
        base["is_types"] = ptr == "/non_emergency/types"
        if base["is_types"]:
            present = {item.get("key") for item in value if isinstance(item, dict)}
            base["addable"] = [
                (key, type_title(key)) for key, _shown in NON_EMERGENCY_TYPES if key not in present
            ]
        base["items"] = []
        for index, item in enumerate(value):
            item_ptr = f"{ptr}/{index}"
            child = self.node(items, item_ptr, item, label=item_label(ptr, index, item))
            child["is_item"] = True
            child["index"] = index
            child["first"] = index == 0
            child["last"] = index == len(value) - 1
            child["ops"] = {op: f"{op}:{item_ptr}" for op in ("up", "down", "remove")}
            child["focus"] = {op: self.focus == f"{op}:{item_ptr}" for op in ("up", "down")}
            if item_ptr == self.new_item:
                _autofocus_first(child)
            if base["is_types"] and isinstance(item, dict) and not item.get("shown"):
                # A type that is off folds away, unless something in it needs the admin.
                child["off"] = True
                child["open"] = self._needs_attention(item_ptr)
            base["items"].append(child)
        return base

    def _needs_attention(self, ptr: str) -> bool:
        """Whether an error or the focus is at `ptr` or inside it."""
        inside = [*self.errors, _focus_pointer(self.focus)]
        return any(p == ptr or p.startswith(ptr + "/") for p in inside)

    def _destination(self, schema, ptr, value, base):
        value = value if isinstance(value, dict) else {}
        base["kind"] = "destination"
        kind_schema = schema["properties"]["kind"]
        base["children"] = [self.node(kind_schema, f"{ptr}/kind", value.get("kind"))]
        base["groups"] = []
        for kind in kind_schema["enum"]:
            definition = _defs()[f"{kind}_destination"]
            required = set(definition.get("required", []))
            fields = []
            for name, child in definition["properties"].items():
                if name == "kind":
                    continue
                own = value.get("kind") == kind
                sub = f"{ptr}/{name}"
                node = self.node(
                    child, sub, value.get(name) if own else None, required=name in required
                )
                node["name"] = f"f{ptr}/{kind}/{name}"
                node["id"] = field_id(f"{ptr}/{kind}/{name}")
                if not own:
                    node["errors"] = []
                fields.append(node)
            base["groups"].append(
                {
                    "kind": kind,
                    "label": choice_label(kind),
                    "active": value.get("kind", "email") == kind,
                    "fields": fields,
                }
            )
        return base


def _autofocus_first(node: dict) -> bool:
    """Mark the first field a person fills in `node` (an item just added) for autofocus; a
    text per language opens, its first language focused."""
    kind = node["kind"]
    if kind in ("object", "destination"):
        return any(_autofocus_first(child) for child in node["children"])
    if kind == "localized":
        if not node["entries"]:
            return False
        node["open"] = True
        node["entries"][0]["autofocus"] = True
        return True
    if kind in ("fixed", "array", "checkboxes"):
        return False
    node["autofocus"] = True
    return True


def contents(sections: list[dict]) -> list[dict]:
    """The form's index: each section, and in the types' section each type (marked when off)."""
    out = []
    for section in sections:
        if section["kind"] == "fixed":
            continue
        entries = []
        for child in section.get("children", []):
            if child.get("is_types"):
                entries = [
                    {
                        # A type that is off: its folded box (a link into it would lead nowhere).
                        "id": f"{item['id']}-fold" if item.get("off") else item["id"],
                        "label": item["label"],
                        "off": item.get("off", False),
                    }
                    for item in child["items"]
                ]
        out.append({"id": f"{section['id']}-h", "label": section["label"], "entries": entries})
    return out


def choice_label(choice) -> str:
    labels = {
        "admin": _("Contact an administrator"),
        "email": _("Email"),
        "community": _("Ask the community"),
        "noticeboard": _("On-wiki noticeboard"),
        "webhook": _("Webhook"),
        "desk": _("Responders' desk"),
        "tools": _("Tools menu"),
        "comment": _("Talk-page comments"),
        "topic": _("Topic headers"),
        "user": _("User pages"),
        "url": _("Direct link"),
        "do-not-post-publicly": _("Do not post publicly"),
        "user-talk": _("A message on their user talk page"),
    }
    if choice in dict(NON_EMERGENCY_TYPES):
        return type_title(choice)
    return labels.get(choice, str(choice))


def add_label(ptr: str) -> str:
    last = _split(ptr)[-1] if ptr else ""
    return {
        "types": _("Add type"),
        "help_methods": _("Add help method"),
        "fallback_links": _("Add link"),
        "destinations": _("Add destination"),
        "resources": _("Add resource"),
        "actions": _("Add action"),
        "grounds": _("Add ground"),
        "reporter_texts": _("Add text"),
    }.get(last, _("Add"))


def item_label(ptr: str, index: int, item) -> str:
    last = _split(ptr)[-1]
    if last == "types" and isinstance(item, dict):
        return type_title(str(item.get("key", "")))
    if last in ("actions", "grounds", "reporter_texts") and isinstance(item, dict):
        key = str(item.get("key", ""))
        labels = accountability.ACTION_LABELS if last == "actions" else accountability.GROUND_LABELS
        return str(labels.get(key, key)) or _("Item %(n)d") % {"n": index + 1}
    names = {
        "help_methods": _("Help method %(n)d"),
        "fallback_links": _("Link %(n)d"),
        "destinations": _("Destination %(n)d"),
        "resources": _("Resource %(n)d"),
    }
    return names.get(last, _("Item %(n)d")) % {"n": index + 1}


def build(data: dict, errors: dict[str, list[str]] | None = None, focus: str = ""):
    """The sections of the form (one per top-level group) and the pointers rendered."""
    builder = Builder(data, errors, focus)
    root = builder.node(load_schema(), "", data)
    return root["children"], builder.rendered


# ---------------------------------------------------------------- reading a submitted form

MISSING = object()


class Parser:
    def __init__(self, post):
        self.post = post
        self.errors: dict[str, list[str]] = {}

    def error(self, ptr: str, message: str):
        self.errors.setdefault(ptr, []).append(message)

    def value(self, schema: dict, ptr: str, name: str, *, required: bool = True):
        schema = resolve(schema)
        ref = schema.get("_ref")
        if ref in ("localized", "localized_short"):
            prefix = name + "/"
            out = {}
            for key in self.post:
                if key.startswith(prefix) and "/" not in key[len(prefix) :]:
                    text = self.post.get(key, "").strip()
                    if text:
                        out[key[len(prefix) :]] = text.replace("\r\n", "\n")
            return out if (out or required) else MISSING
        if ref == "destination":
            kind = self.post.get(name + "/kind", "").strip()
            definition = _defs().get(f"{kind}_destination")
            out = {"kind": kind}
            if definition is None:
                return out
            required_names = set(definition.get("required", []))
            for prop, child in definition["properties"].items():
                if prop == "kind":
                    continue
                value = self.value(
                    child, f"{ptr}/{prop}", f"{name}/{kind}/{prop}", required=prop in required_names
                )
                if value is not MISSING:
                    out[prop] = value
            return out
        if "const" in schema or ref == "type_key" or "enum" in schema:
            raw = self.post.get(name, "").strip()
            if raw == "":
                return MISSING
            if "const" in schema and raw == str(schema["const"]):
                return schema["const"]
            return raw
        kind = schema.get("type")
        if kind == "object":
            out = {}
            required_names = set(schema.get("required", []))
            for prop, child in schema.get("properties", {}).items():
                value = self.value(
                    child, f"{ptr}/{prop}", f"{name}/{prop}", required=prop in required_names
                )
                if value is not MISSING:
                    out[prop] = value
            return out
        if kind == "array":
            return self._array(schema, ptr, name)
        if kind == "boolean":
            if not required and name not in self.post:
                return MISSING  # an optional flag left off is simply absent
            return name in self.post
        if kind == "integer":
            raw = self.post.get(name, "").strip()
            if raw == "":
                return MISSING
            try:
                return int(raw)
            except ValueError:
                self.error(ptr, _("Enter a whole number."))
                return MISSING
        raw = self.post.get(name, "")
        raw = raw.replace("\r\n", "\n").strip()
        if raw == "" and not required:
            return MISSING
        return raw

    def _array(self, schema, ptr, name):
        items = resolve(schema.get("items", {}))
        if "enum" in items:
            chosen = self.post.getlist(name)
            order = [str(choice) for choice in items["enum"]]
            return sorted(set(chosen), key=lambda c: order.index(c) if c in order else len(order))
        if items.get("type") == "integer":
            out = []
            for part in re.split(r"[\s,]+", self.post.get(name, "").strip()):
                if not part:
                    continue
                try:
                    out.append(int(part))
                except ValueError:
                    self.error(ptr, _("“%(value)s” is not a whole number.") % {"value": part[:50]})
            return out
        if items.get("type") == "string":
            return [line.strip() for line in self.post.get(name, "").splitlines() if line.strip()]
        try:
            count = int(self.post.get("n" + name[1:], "0"))
        except ValueError:
            count = 0
        count = max(0, min(count, MAX_LIST_ITEMS))
        out = []
        for index in range(count):
            value = self.value(items, f"{ptr}/{index}", f"{name}/{index}")
            if value is not MISSING:
                out.append(value)
        return out


def parse(post) -> tuple[dict, dict[str, list[str]]]:
    """The configuration a submitted form describes, and the errors of reading it."""
    parser = Parser(post)
    data = parser.value(load_schema(), "", "f")
    return data, parser.errors


# ---------------------------------------------------------------- add / remove / move


def _schema_at(ptr: str) -> dict:
    schema = resolve(load_schema())
    for part in _split(ptr):
        if schema.get("type") == "array" or "items" in schema:
            schema = resolve(schema.get("items", {}))
        else:
            schema = resolve(schema.get("properties", {}).get(part, {}))
    return schema


def blank(schema: dict):
    schema = resolve(schema)
    if schema.get("_ref") == "destination":
        return {"kind": "email", "to": []}
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        if schema.get("_ref") in ("localized", "localized_short"):
            return {}
        return {
            name: blank(child)
            for name, child in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    return {"array": [], "boolean": False, "integer": 0, "string": ""}.get(str(kind), "")


def apply_op(data: dict, op: str, new_type: str = "") -> tuple[dict, str]:
    """Do one add/remove/move on the data; returns the new data and the op to focus next."""
    match = _OP.match(op or "")
    if not match:
        return data, ""
    action, ptr = match.groups()
    data = copy.deepcopy(data)
    try:
        if action == "add":
            target = get_at(data, ptr)
            if not isinstance(target, list) or len(target) >= MAX_LIST_ITEMS:
                return data, ""
            if ptr == "/non_emergency/types":
                present = {item.get("key") for item in target if isinstance(item, dict)}
                if new_type not in dict(NON_EMERGENCY_TYPES) or new_type in present:
                    return data, ""
                target.append(type_entry(new_type, True))
            else:
                target.append(blank(_schema_at(ptr + "/0")))
            return data, f"new:{ptr}/{len(target) - 1}"
        parent_ptr, _sep, index_text = ptr.rpartition("/")
        parent = get_at(data, parent_ptr)
        index = int(index_text)
        if not isinstance(parent, list) or not 0 <= index < len(parent):
            return data, ""
        if action == "remove":
            parent.pop(index)
            return data, f"add:{parent_ptr}"
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(parent):
            return data, f"{action}:{ptr}"
        parent[index], parent[other] = parent[other], parent[index]
        return data, f"{action}:{parent_ptr}/{other}"
    except (KeyError, IndexError, ValueError, TypeError):
        return data, ""
