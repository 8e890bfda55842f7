"""The statement-of-reasons JSON Schema (transparency/schema/statement.v1.json) and its checks.

The one description of what the EU DSA Transparency Database accepts: the builder
(transparency.statements) validates every statement against it, and the test receiver
(transparency/tests/receiver.py) checks what it is sent against the same file.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "statement.v1.json"


@cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(statement) -> list[str]:
    """What is wrong with `statement`: one line per error ("/path: message"), or []."""
    found = sorted(validator().iter_errors(statement), key=lambda e: list(e.absolute_path))
    return ["/" + "/".join(str(p) for p in e.absolute_path) + ": " + _message(e) for e in found]


def _message(error) -> str:
    if error.validator == "anyOf" and not error.absolute_path:
        fields = [branch["required"][0] for branch in error.validator_value]
        return "one of " + ", ".join(fields) + " is required"
    if error.validator == "not" and "required" in error.validator_value:
        return ", ".join(error.validator_value["required"]) + " is not allowed here"
    # Never the whole statement back (its facts can be 5000 characters long).
    return error.message if len(error.message) <= 300 else error.message[:300] + "…"


def enum(name: str) -> list[str]:
    """The allowed values of a top-level field or a $defs entry."""
    schema = load_schema()
    node = schema["properties"].get(name) or schema["$defs"][name]
    while "enum" not in node:
        node = node.get("items") or node
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return list(node["enum"])
