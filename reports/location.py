"""What is being reported: the place on a wiki a report is about, read from the query string.

`/w/<wiki>/report?page=Talk:Foo&revid=123&thread=c-Alice-2026...&user=Bob&source=comment`.
Every part is optional; each one is checked and bounded, and a malformed one is refused
rather than guessed at. Links back to the wiki are built from the wiki's configuration.
"""

import re
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
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


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
    value = value.replace("_", " ").strip() if name in ("page", "user") else value.strip()
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
        _CONTROL_CHARS,
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
