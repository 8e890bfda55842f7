"""Reading gettext catalogs (.po) for the catalog tests: entries with their context, source
text, plural source, translations and flags; and the source catalog of an app, extracted
afresh from its code and templates by Django's makemessages in a scratch copy."""

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[1]
# Apps with translated strings: every top-level package with a locale folder.
APPS = sorted(path.parent.name for path in ROOT.glob("*/locale") if path.is_dir())

# Placeholders and markup a translation must keep exactly: %(name)s, %s, %d, {name}, tags,
# entities and wiki markup that is inserted literally (signatures, links).
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|%[sd]|\{[a-z_0-9]*\}|<[^>]+>|&\w+;|~~~+|\[\[|\]\]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse(path: Path) -> list[Entry]:
    """The entries of a .po file (the header entry, msgid "", included first)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        # A comment, context or msgid after a translation starts the next entry, blank line
        # or not (makemessages writes the header without one after it).
        starts = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if current is not None and current.msgstr and starts:
            current, target = None, None
        if line.startswith("#~"):
            if current is None:
                current = Entry(obsolete=True)
                entries.append(current)
            continue
        if line.startswith("#,"):
            if current is None:
                current = Entry()
                entries.append(current)
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if current is None:
                current = Entry()
                entries.append(current)
            continue
        if current is None:
            current = Entry()
            entries.append(current)
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}: continuation line without a keyword: {raw!r}")
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if plural:
            index = int(plural.group(1))
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(rest)
            target = ("msgstr", 0)
        elif keyword in ("msgid", "msgctxt", "msgid_plural"):
            setattr(current, keyword, _unquote(rest))
            target = (keyword, 0)
        else:
            raise ValueError(f"{path}: unknown line {raw!r}")
    return entries


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "", "the header entry comes first"
    lines = first.msgstr.get(0, "").splitlines()
    return {key.strip(): value.strip() for key, _sep, value in (ln.partition(":") for ln in lines)}


def nplurals(entries: list[Entry]) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", header(entries).get("Plural-Forms", ""))
    assert found, "the header names Plural-Forms"
    return int(found.group(1))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def locale_folder(code: str) -> str:
    """Django's folder name for a language code (zh-hans -> zh_Hans)."""
    from django.utils.translation import to_locale

    return to_locale(code)


def po_path(app: str, code: str) -> Path:
    return ROOT / app / "locale" / locale_folder(code) / "LC_MESSAGES" / "django.po"


def source_entries(app: str, scratch: Path) -> list[Entry]:
    """The app's messages as its code and templates hold them now: Django's makemessages run
    on a copy of the app (so the repository is left alone), read back from the new catalog."""
    copy = scratch / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "en", "--no-wrap"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "IRS_DEBUG": "1"},
    )
    return parse(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")


# Words a template may show untranslated: format and product names, CSS class names that
# fill a block, the reference format shown as a placeholder.
UNTRANSLATED_WORDS = {"IRS", "CSV", "JSON", "wide", "desk", "irs", "R", "XXXX"}
_SHOWN_ATTRIBUTE = re.compile(r"\b(?:aria-label|title|alt|placeholder)=\"([^\"]*)\"")
_WORD = re.compile(r"[A-Za-z]{2,}|R(?=-XXXX)")
_UNTRANSLATED_BLOCKS = {"blocktranslate", "blocktrans", "comment", "verbatim"}


def untranslated_text(source: str) -> list[str]:
    """Text a template shows as written (outside {% translate %}, {% blocktranslate %},
    variables and tags, scripts and styles) that holds a word: element text and the
    attributes people read (aria-label, title, alt, placeholder)."""
    parts, depth = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in _UNTRANSLATED_BLOCKS:
                depth += 1
            elif name.startswith("end") and name[3:] in _UNTRANSLATED_BLOCKS:
                depth -= 1
            parts.append("\0")
        elif token.token_type == TokenType.TEXT and not depth:
            parts.append(token.contents)
        else:
            parts.append("\0")
    text = re.sub(r"<(script|style)\b.*?</\1>", "", "".join(parts), flags=re.S | re.I)
    shown = _SHOWN_ATTRIBUTE.findall(text)
    body = re.sub(r"&#?\w+;", " ", re.sub(r"<[^>]*>", " ", text))
    found = []
    for piece in [*shown, *body.splitlines()]:
        words = set(_WORD.findall(piece.replace("\0", " ")))
        if words - UNTRANSLATED_WORDS:
            found.append(piece.replace("\0", "…").strip())
    return found


def templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("*/templates/**/*")
        if path.suffix in (".html", ".txt") and ".venv" not in path.parts
    )
