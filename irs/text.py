"""The one rule for text that people and programs send in, applied at every door (forms, the
desk's actions, the configuration editor's fields and raw JSON, the JSON API, the login form).

- Only valid Unicode scalar values: a lone surrogate (which a JSON escape such as `"\\ud800"`
  can carry) is refused; the database, UTF-8 pages and emails cannot hold it.
- No C0 or C1 control characters (NUL included: PostgreSQL cannot store it in text); a
  multi-line field keeps tab, newline and carriage return (a CRLF becomes one newline).
- In a single-line field (a name, a title, a reason's team, a summary) no bidi embedding,
  override or isolate controls (U+202A-U+202E, U+2066-U+2069): they make text read as
  something else.
- Normalised to NFC, and lengths counted in code points after that (like the counters).

`check` returns the translated reason or None; `clean` returns the normalised text or raises
`TextError`. `LineField` and `MultiLineField` are the form fields that apply it, `normalise_json`
puts a parsed JSON value in NFC, `scrub` replaces what cannot be shown so a stored
value that predates the rule can still be displayed and repaired.
"""

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LINE_BREAKS = {"\t", "\n", "\r"}
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)
REPLACEMENT = "\ufffd"
# Characters MediaWiki never allows in a page title or a username (and three tildes, which
# it would expand into a signature).
ILLEGAL_TITLE_CHARS = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]|~~~")
# Invisible characters: bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F), zero
# widths (U+200B-U+200D, U+2060, U+FEFF), soft hyphen and every other format (Cf) or control
# (Cc) character, line/paragraph separators, and lone surrogates. MediaWiki strips or forbids
# them in titles and user names; in a name they only serve to make it look like another one.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


class TextError(ValueError):
    """Text the rule refuses; str() is the translated reason shown to the person."""


def _is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _names(chars: list[str]) -> str:
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))


def check(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is refused (translated), or None when the rule accepts it."""
    if any(_is_surrogate(c) for c in value):
        return _("The text holds invalid Unicode (a lone surrogate). Remove it and try again.")
    allowed = LINE_BREAKS if multiline else set()
    controls = [c for c in value if _is_control(c) and c not in allowed]
    if controls:
        if multiline:
            return _(
                "The text holds control characters (%(chars)s); only line breaks and tabs are "
                "allowed. Remove them and try again."
            ) % {"chars": _names(controls)}
        return _(
            "The text must be a single line without control characters (it holds %(chars)s). "
            "Remove them and try again."
        ) % {"chars": _names(controls)}
    if not multiline:
        bidi = [c for c in value if c in BIDI_CONTROLS]
        if bidi:
            return _(
                "The text holds text-direction controls (%(chars)s), which are not allowed "
                "here. Remove them and try again."
            ) % {"chars": _names(bidi)}
    return None


def normalise(value: str, *, multiline: bool = False) -> str:
    """NFC, and in multi-line text every CRLF or lone CR as one newline."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value)


def clean(value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """`value` checked and normalised; TextError (translated) when refused."""
    problem = check(value, multiline=multiline)
    if problem:
        raise TextError(problem)
    value = normalise(value, multiline=multiline)
    if limit is not None and len(value) > limit:
        raise TextError(
            _("Please shorten this to at most %(limit)d characters (it has %(length)d).")
            % {"limit": limit, "length": len(value)}
        )
    return value


def invisible_chars(value: str) -> list[str]:
    """The invisible or direction-changing characters in `value` (U+XXXX names), if any."""
    return [f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in _INVISIBLE_CATEGORIES]


def title_problem(value: str) -> str | None:
    """Why `value` cannot be a wiki page title or user name (translated), or None: the report
    flow's rule, and the configuration's for every title it names."""
    if ILLEGAL_TITLE_CHARS.search(value):
        return _("A page title or user name cannot contain these characters: # < > [ ] | { } ~~~")
    invisible = invisible_chars(value)
    if invisible:
        return _(
            "A page title or user name cannot contain invisible or text-direction characters "
            "(%(chars)s)."
        ) % {"chars": ", ".join(dict.fromkeys(invisible))}
    return None


def is_clean(value: str, *, multiline: bool = False) -> bool:
    return check(value, multiline=multiline) is None


def normalise_json(value: Any) -> Any:
    """Every string of a parsed JSON value (keys included) in NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalise_json(k): normalise_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_json(item) for item in value]
    return value


def scrub(value: Any) -> Any:
    """`value` (a string or parsed JSON) with every lone surrogate replaced by U+FFFD: what a
    page can show of a value stored before the rule (a UTF-8 page cannot hold a surrogate)."""
    if isinstance(value, str):
        if any(_is_surrogate(c) for c in value):
            return "".join(REPLACEMENT if _is_surrogate(c) else c for c in value)
        return value
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def has_surrogates(value: Any) -> bool:
    return scrub(value) != value


class _RuleMixin:
    multiline = False

    def to_python(self, value):
        value = super().to_python(value)  # type: ignore[misc]
        if not value:
            return value
        problem = check(value, multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="text_rule")
        return normalise(value, multiline=self.multiline)


class LineField(_RuleMixin, forms.CharField):
    """A single-line text field under the rule (names, titles, summaries)."""


class MultiLineField(_RuleMixin, forms.CharField):
    """A multi-line text field under the rule (details, messages, notes)."""

    multiline = True
