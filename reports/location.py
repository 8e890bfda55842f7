"""What is being reported: the place on a wiki a report is about, read from the query string.

`/w/<wiki>/report?page=Talk:Foo&revid=123&thread=c-Alice-2026...&user=Bob&source=comment`.
Every part is optional; each one is checked and bounded, and a malformed one is refused
rather than guessed at. Links back to the wiki are built from the wiki's configuration.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass
from urllib.parse import quote

from django.utils.translation import gettext as _

from reports.models import Source

MAX_TITLE = 255
MAX_THREAD = 500
MAX_USER = 255
MAX_REVID_DIGITS = 18
# Characters MediaWiki never allows in a page title or a username.
ILLEGAL_TITLE_CHARS = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")
# Invisible characters: bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F), zero
# widths (U+200B-U+200D, U+2060, U+FEFF), soft hyphen and every other format (Cf) or control
# (Cc) character, and line/paragraph separators. MediaWiki strips or forbids them in titles
# and user names; in a name they only serve to make it look like another one.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
# In a thread id (which carries a heading's text) only the controls that reorder text.
_THREAD_ILLEGAL = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def invisible_chars(value: str) -> list[str]:
    """The invisible or direction-changing characters in `value` (U+XXXX names), if any."""
    return [f"U+{ord(c):04X}" for c in value if unicodedata.category(c) in _INVISIBLE_CATEGORIES]


class LocationError(ValueError):
    """A query-string part is malformed; the message says which and is shown to the user."""


@dataclass(frozen=True)
class Location:
    page: str = ""
    revid: int | None = None
    thread: str = ""
    user: str = ""
    source: str = Source.URL.value

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Location":
        return cls(**{key: data.get(key, default) for key, default in _DEFAULTS.items()})

    @property
    def is_empty(self) -> bool:
        return not (self.page or self.revid or self.thread or self.user)

    @property
    def source_label(self) -> str:
        return Source(self.source).label


_DEFAULTS = Location().as_dict()


def _text(params, name: str, limit: int, illegal: re.Pattern, too_long: str, bad: str) -> str:
    value = params.get(name, "")
    if name in ("page", "user"):
        value = unicodedata.normalize("NFC", value).replace("_", " ").strip()
        if invisible_chars(value):
            raise LocationError(bad)
    else:
        value = value.strip()
    if len(value) > limit:
        raise LocationError(too_long % {"limit": limit})
    if illegal.search(value):
        raise LocationError(bad)
    return value


def parse_location(params) -> Location:
    """The location described by a query string (a QueryDict or dict); raises LocationError."""
    page = _text(
        params,
        "page",
        MAX_TITLE,
        ILLEGAL_TITLE_CHARS,
        _("The page title in the link is too long (at most %(limit)d characters)."),
        _("The page title in the link contains characters that are not allowed."),
    )
    thread = _text(
        params,
        "thread",
        MAX_THREAD,
        _THREAD_ILLEGAL,
        _("The comment or topic in the link is too long (at most %(limit)d characters)."),
        _("The comment or topic in the link contains characters that are not allowed."),
    )
    user = _text(
        params,
        "user",
        MAX_USER,
        ILLEGAL_TITLE_CHARS,
        _("The user name in the link is too long (at most %(limit)d characters)."),
        _("The user name in the link contains characters that are not allowed."),
    )
    raw_revid = params.get("revid", "").strip()
    revid = None
    if raw_revid:
        if not raw_revid.isascii() or not raw_revid.isdigit() or len(raw_revid) > MAX_REVID_DIGITS:
            raise LocationError(_("The revision in the link must be a number."))
        revid = int(raw_revid)
    source = params.get("source", "").strip() or Source.URL.value
    if source not in Source.values:
        raise LocationError(_("The link names an entry point that does not exist."))
    return Location(page=page, revid=revid, thread=thread, user=user, source=source)


def _safe_base(config: dict) -> str:
    base = (config.get("wiki", {}).get("base_url") or "").rstrip("/")
    return base if base.startswith(("https://", "http://")) else ""


def page_url(config: dict, title: str) -> str:
    """The page's address on the wiki, or "" when the wiki's address is not configured."""
    base = _safe_base(config)
    if not base or not title:
        return ""
    return f"{base}/wiki/" + quote(title.replace(" ", "_"), safe=";@$!*(),/~:")


def revision_url(config: dict, revid: int | None) -> str:
    base = _safe_base(config)
    if not base or not revid:
        return ""
    script_path = (config.get("wiki", {}).get("script_path") or "").rstrip("/")
    return f"{base}{script_path}/index.php?oldid={int(revid)}"


def user_url(config: dict, username: str) -> str:
    return page_url(config, f"User:{username}") if username else ""
