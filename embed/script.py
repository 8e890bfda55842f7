"""Building the entry-point script a wiki loads: the JS in embed/js with the wiki's facts
baked in (enabled namespaces and sources, IRS's address, whether to use the dialog, the link
and button labels in every interface language IRS has). The overflow menu (menu.js) and the
dialog (dialog.js) are separate scripts the entry point loads on first use."""

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from irs import language

JS_DIR = Path(__file__).resolve().parent / "js"


def _strings() -> dict:
    """The entry point's labels (the ⋮ buttons, Tools, the dialog it opens)."""
    return {
        "r": pgettext("link that opens the report flow", "Report"),
        "u": _("Report this user"),
        "t": _("Report an incident"),
        "c": pgettext("closes the report dialog", "Close"),
        "mc": _("More actions for this comment"),
        "mt": _("More actions for this topic"),
    }


def _menu_strings() -> dict:
    """The ⋮ menu's: its item, and the item's accessible name."""
    return {
        "r": pgettext("link that opens the report flow", "Report"),
        "rc": _("Report the comment by %(user)s") % {"user": "$1"},
        "rt": _("Report the topic “%(topic)s”") % {"topic": "$1"},
    }


def _per_language(strings, codes=None) -> dict:
    """`strings()` in each of `codes` (every interface language by default); languages
    identical to English left out."""
    labels = {}
    for code in codes or [code for code, _name in settings.LANGUAGES]:
        with translation.override(code):
            labels[code] = strings()
    english = labels.get("en")
    return {code: text for code, text in labels.items() if code == "en" or text != english}


def entry_languages(wiki, reader_language: str | None = None) -> list[str]:
    """The languages whose labels the entry point carries: the reader's (the `lang` the
    installation snippet passes from wgUserLanguage) and the wiki's content language, each
    resolved along its fallback chain, then English. Fourteen languages' labels would not
    fit the entry point's 3 KB; the reader gets theirs either way."""
    content = wiki.config["wiki"].get("content_language") or "en"
    chosen = [language.resolve(reader_language), language.resolve(content), "en"]
    return [code for code in dict.fromkeys(chosen) if code]


def link_strings(codes=None) -> dict:
    return _per_language(_strings, codes)


def menu_strings() -> dict:
    return _per_language(_menu_strings)


def _site(host: str) -> str:
    # Approximates the registrable domain with the last two labels (no public-suffix list:
    # a wrong guess only means a new tab instead of the dialog, never a security hole).
    host = (host or "").lower()
    if re.fullmatch(r"[\d.]+|\[.*\]", host):
        return host
    return ".".join(host.split(".")[-2:])


def dialog_possible(wiki) -> bool:
    """Whether the report flow can run in an iframe on the wiki's pages: the session and CSRF
    cookies must reach IRS inside the frame. They do when IRS and the wiki are the same site
    (SameSite=Lax is enough) or when IRS is set to SameSite=None cookies (HTTPS only)."""
    if getattr(settings, "IRS_EMBED_CROSS_SITE_COOKIES", False):
        return True
    wiki_url = urlsplit(wiki.config["wiki"].get("base_url") or "")
    irs_url = urlsplit(settings.SITE_URL)
    if not wiki_url.hostname or wiki_url.scheme != irs_url.scheme:
        return False
    return _site(wiki_url.hostname) == _site(irs_url.hostname or "")


def config_for(wiki, reader_language: str | None = None) -> dict:
    config = wiki.config
    entry = config.get("entry_points") or {}
    return {
        "w": wiki.slug,
        "u": settings.SITE_URL,
        "ns": [n for n in entry.get("namespaces", []) if isinstance(n, int)],
        "s": [s for s in entry.get("sources", []) if isinstance(s, str)],
        "d": dialog_possible(wiki),
        "l": config["wiki"].get("content_language") or "en",
        "m": link_strings(entry_languages(wiki, reader_language)),
    }


def _minify(source: str) -> str:
    """Drops indentation and whole-line comments: enough for this hand-written file."""
    lines = []
    for line in source.splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        lines.append(line)
    text = "\n".join(lines)
    return re.sub(r"/\*.*?\*/\n?", "", text, count=1, flags=re.S)


@cache
def _source(name: str) -> str:
    return _minify((JS_DIR / name).read_text(encoding="utf-8"))


def _json_for_script(value) -> str:
    # Inert inside a script: no "</script>", no HTML comment openers, no line separators.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def entry_script(wiki, reader_language: str | None = None) -> str:
    header = f"/* IRS entry point for {wiki.slug} */\n"
    config = _json_for_script(config_for(wiki, reader_language))
    return header + _source("entry.js").replace("__IRS_CONFIG__", config)


def dialog_script() -> str:
    return _source("dialog.js")


def menu_script() -> str:
    return _source("menu.js").replace("__IRS_LABELS__", _json_for_script(menu_strings()))


def etag(body: str) -> str:
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'
