"""The configuration's JSON Schema (wikis/schema/config.v<N>.json) and its errors, per field.

The schema is versioned by the config's `schema_version`. Its errors are turned into
`FieldError`s: a JSON pointer to the field and a translated sentence a wiki admin can act on.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
CURRENT_VERSION = 1


@cache
def load_schema(version: int = CURRENT_VERSION) -> dict:
    return json.loads((SCHEMA_DIR / f"config.v{version}.json").read_text(encoding="utf-8"))


@cache
def validator(version: int = CURRENT_VERSION) -> Draft202012Validator:
    schema = load_schema(version)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def pointer(path) -> str:
    """A JSON pointer ("/non_emergency/types/3/key") for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


@dataclass(frozen=True)
class FieldError:
    path: tuple
    message: str
    code: str = "invalid"

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    def as_dict(self) -> dict:
        return {"path": self.pointer, "message": self.message, "code": self.code}


SECRET_WORDS = (
    "password",
    "passwd",
    "pass",
    "pwd",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "secretkey",
    "secret_key",
    "client_secret",
    "private_key",
    "privatekey",
    "bearer",
    "authorization",
    "auth",
    "consumer_secret",
    "access_secret",
    "signature",
    "sig",
)


def looks_like_secret_name(name: str) -> bool:
    """A field or parameter name that usually carries a secret value."""
    lowered = str(name).lower()
    return lowered in SECRET_WORDS or any(
        word in lowered for word in ("password", "passwd", "token", "secret", "apikey", "api_key")
    )


def _custom_message(code: str, error) -> str | None:
    messages = {
        "noticeboard_needs_public": _(
            "A noticeboard destination is only allowed for a type the community allows to be "
            "posted publicly (tick “May be posted on an on-wiki noticeboard”)."
        ),
        "page_or_url": _("Give a wiki page or an https:// URL."),
        "language_code": _("“%(value)s” is not a language code (for example en, pt, pt-br).")
        % {"value": error.instance},
        "https_url": _("Must be an https:// address."),
        "wiki_url": _(
            "Must be an https:// address (plain http is only accepted for a wiki on this "
            "machine: 127.0.0.1 or localhost)."
        ),
        "page_title": _(
            "Not a valid page title (it cannot contain [ ] { } | # < > or line breaks)."
        ),
        "secret_name": _(
            "Give the name of a secret held by the operators (lowercase letters, digits, dots, "
            "dashes), never the secret itself."
        ),
        "slug": _("Use letters, digits, dashes and underscores only."),
        "country": _("Use a two-letter country code in capitals (for example PT, UA)."),
        "script_path": _("Must look like /w (or be empty)."),
    }
    return messages.get(code)


_TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "array": "list",
    "object": "object",
}


def _message(error) -> list[tuple[tuple, str, str]]:
    """(path, message, code) for one jsonschema error; several for required/additional."""
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-error")
    generic = ("required", "additionalProperties", "type", "maxLength", "minLength")
    if custom and kind not in generic:
        return [(path, _custom_message(custom, error) or _("Invalid value."), custom)]
    if kind == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        return [
            (path + (name,), _("This field is required."), "required")
            for name in error.validator_value
            if name not in instance
        ]
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        out = []
        for key in extra:
            if looks_like_secret_name(key):
                out.append(
                    (
                        path + (key,),
                        _(
                            "Secrets must never be stored in the configuration (it is public and "
                            "kept in its history). Ask an operator to hold the secret and give its "
                            "name."
                        ),
                        "inline_secret",
                    )
                )
            else:
                out.append(
                    (path + (key,), _("Unknown field “%(name)s”.") % {"name": key}, "unknown_field")
                )
        return out
    if kind == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = expected[0]
        words = {
            "text": _("Must be text."),
            "whole number": _("Must be a whole number."),
            "number": _("Must be a number."),
            "true or false": _("Must be true or false."),
            "list": _("Must be a list."),
            "object": _("Must be an object."),
        }
        return [(path, words.get(_TYPE_WORDS.get(expected, ""), _("Wrong kind of value.")), "type")]
    if kind == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return [(path, _("Choose one of: %(choices)s.") % {"choices": choices}, "enum")]
    if kind == "const":
        if path == ("schema_version",):
            return [
                (
                    path,
                    _("Unsupported schema version: this service understands version %(version)s.")
                    % {"version": CURRENT_VERSION},
                    "schema_version",
                )
            ]
        return [(path, _("Must be %(value)s.") % {"value": error.validator_value}, "const")]
    if kind == "minLength":
        return [(path, _("This field is required."), "required")]
    if kind == "maxLength":
        return [
            (
                path,
                _("Too long: at most %(max)d characters.") % {"max": error.validator_value},
                "too_long",
            )
        ]
    if kind == "minimum":
        return [(path, _("Must be at least %(min)s.") % {"min": error.validator_value}, "minimum")]
    if kind == "maximum":
        return [(path, _("Must be at most %(max)s.") % {"max": error.validator_value}, "maximum")]
    if kind == "minItems":
        return [(path, _("Add at least %(min)d.") % {"min": error.validator_value}, "min_items")]
    if kind == "maxItems":
        return [
            (path, _("Too many: at most %(max)d.") % {"max": error.validator_value}, "max_items")
        ]
    if kind == "uniqueItems":
        return [(path, _("Each value may appear only once."), "duplicate")]
    if kind == "minProperties":
        return [(path, _("Give a text in at least one language."), "required")]
    if kind == "maxProperties":
        return [
            (
                path,
                _("Too many entries: at most %(max)d.") % {"max": error.validator_value},
                "max_items",
            )
        ]
    if kind == "pattern":
        return [(path, _("Invalid value."), "pattern")]
    return [(path, _("Invalid value."), kind or "invalid")]


def _leaves(error):
    """The most specific errors: propertyNames and if/then wrap their causes."""
    if error.validator == "propertyNames" and error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def schema_errors(data, version: int | None = None) -> list[FieldError]:
    if version is None:
        version = data.get("schema_version") if isinstance(data, dict) else None
        if version not in available_versions():
            version = CURRENT_VERSION
    seen = set()
    out = []
    errors = validator(version).iter_errors(data)
    for error in sorted(errors, key=lambda e: [str(part) for part in e.absolute_path]):
        for leaf in _leaves(error):
            if leaf.validator == "propertyNames" or (
                error.validator == "propertyNames" and leaf is not error
            ):
                # A bad key in a {language: text} map: point at the key itself.
                key = leaf.instance
                for _path, message, code in _message(leaf):
                    item = FieldError(tuple(error.absolute_path) + (key,), message, code)
                    if (item.path, item.code) not in seen:
                        seen.add((item.path, item.code))
                        out.append(item)
                continue
            for path, message, code in _message(leaf):
                if (path, code) not in seen:
                    seen.add((path, code))
                    out.append(FieldError(path, message, code))
    return out


@cache
def available_versions() -> tuple[int, ...]:
    versions = []
    for file in SCHEMA_DIR.glob("config.v*.json"):
        try:
            versions.append(int(file.stem.split(".v")[1]))
        except (IndexError, ValueError):
            continue
    return tuple(sorted(versions))
