"""What is being reported: the place on a wiki a report is about, read from the query string.

`/w/<wiki>/report?page=Talk:Foo&revid=123&thread=c-Alice-2026...&user=Bob&source=comment`
(`&quote=…`: the comment's first words or the topic's title as the wiki page showed them,
for display only). Every part is optional; each one is checked and bounded, and a malformed
one is refused rather than guessed at. Links back to the wiki are built from the wiki's
configuration. `describe_thread` turns a thread id into what people read (one place for
every page that shows a reported comment or topic).
"""

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from irs.text import ILLEGAL_TITLE_CHARS, invisible_chars
from reports.models import Source

MAX_TITLE = 255
MAX_THREAD = 500
MAX_USER = 255
MAX_REVID_DIGITS = 18
MAX_QUOTE = 200
# In a thread id (which carries a heading's text) only the controls that reorder text.
_THREAD_ILLEGAL = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Comment ids: DiscussionTools' c-<author>-<YYYYMMDDhhmmss>[-<parent>…] and the entry
# point's own c-<author>-<signature time as the page shows it> (spaces as underscores).
DT_COMMENT = re.compile(r"^c-(?P<user>.+?)-(?P<ts>\d{14})(?:-|$)")
_SIGNED_COMMENT = re.compile(r"^c-(?P<user>.+?)-(?P<ts>\d.*)$")


class LocationError(ValueError):
    """A query-string part is malformed; the message says which and is shown to the user."""


@dataclass(frozen=True)
class Location:
    page: str = ""
    revid: int | None = None
    thread: str = ""
    user: str = ""
    source: str = Source.URL.value
    # What the wiki page showed (first words, topic title): display only, never evidence.
    quote: str = ""

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
        return str(Source(self.source).label)

    @property
    def thread_label(self) -> "ThreadLabel":
        return describe_thread(self.thread, self.user, self.quote, self.page)


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


def _quote(params) -> str:
    """The display-only excerpt: never refused (a comment may hold anything), only tamed:
    controls and direction overrides dropped, spaces collapsed, at most MAX_QUOTE long."""
    value = unicodedata.normalize("NFC", params.get("quote", "") or "")
    value = " ".join(value.split())  # line breaks and tabs are spaces
    value = _THREAD_ILLEGAL.sub("", value)
    if len(value) > MAX_QUOTE:
        value = value[: MAX_QUOTE - 1].rstrip() + "…"
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
    return Location(
        page=page, revid=revid, thread=thread, user=user, source=source, quote=_quote(params)
    )


@dataclass(frozen=True)
class ThreadLabel:
    """A reported comment or topic as people read it. `kind` is "comment", "topic" or ""
    (an id IRS cannot read, shown as it is in `raw`). `str()` is the plain text, `html`
    the same with each part isolated (`<bdi>`: a name or quote in another script keeps its
    own direction)."""

    kind: str
    raw: str
    author: str = ""
    time: str = ""
    quote: str = ""
    title: str = ""
    # The page the comment is on (for an id IRS cannot read: "a comment on <page>").
    page: str = ""

    def _render(self, part, template=str) -> str:
        if self.kind == "topic":
            return template(_("“%(title)s”")) % {"title": part(self.title)}
        if self.kind != "comment":
            if not self.raw:
                return ""
            if self.page:
                return template(_("A comment on %(page)s")) % {"page": part(self.page)}
            return template(_("A comment"))
        values = {"author": part(self.author), "time": part(self.time)}
        if self.quote:
            text = template(_("“%(quote)s” by %(author)s, %(time)s"))
            return text % {**values, "quote": part(self.quote)}
        return template(_("By %(author)s, %(time)s")) % values

    def __str__(self) -> str:
        return self._render(str)

    @property
    def html(self) -> str:
        def part(text: str) -> str:
            return format_html('<bdi class="user-text">{}</bdi>', text)

        # The translated sentence is escaped; only the <bdi> parts are markup.
        return mark_safe(self._render(part, conditional_escape))  # noqa: S308


def comment_parts(thread: str, user: str = "") -> tuple[str, str] | None:
    """(author, time) of a comment id: the time as 14 digits (DiscussionTools) or as the
    signature's text; None when `thread` is not a comment id."""
    dt = DT_COMMENT.match(thread)
    if dt:
        return (user or dt["user"].replace("_", " ")), dt["ts"]
    prefix = f"c-{user.replace(' ', '_')}-"
    if user and thread.startswith(prefix) and len(thread) > len(prefix):
        return user, thread[len(prefix) :].replace("_", " ")
    signed = _SIGNED_COMMENT.match(thread)
    if signed:
        return signed["user"].replace("_", " "), signed["ts"].replace("_", " ")
    return None


def _readable_time(stamp: str) -> str:
    if not re.fullmatch(r"\d{14}", stamp):
        return stamp
    try:
        when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    return date_format(when, "DATETIME_FORMAT") + " (UTC)"


def describe_thread(thread: str, user: str = "", quote: str = "", page: str = "") -> ThreadLabel:
    """What a thread id means to a person: a comment's author, time and first words (`quote`,
    from the link), or a topic's title (the link's `quote`, else the section anchor); an id
    it cannot read is "a comment on <page>", never the raw id."""
    if not thread:
        return ThreadLabel("", "")
    if thread.startswith("c-"):
        parts = comment_parts(thread, user)
        if parts is None:
            return ThreadLabel("", thread, page=page)
        author, stamp = parts
        return ThreadLabel("comment", thread, author, _readable_time(stamp), quote)
    title = quote or thread.replace("_", " ")
    return ThreadLabel("topic", thread, title=title)


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
    return permalink(config, revid)


def permalink(config: dict, revid: int | None, *, title: str = "", anchor: str = "") -> str:
    """The one permalink builder: `index.php?oldid=REV#anchor` (or `?title=` when there is
    no revision) on the wiki, or "" when the wiki's address is not an http(s) URL or there
    is nothing to point at. The anchor (a thread id) keeps `:` and `,` readable."""
    base = _safe_base(config)
    if not base:
        return ""
    script_path = (config.get("wiki", {}).get("script_path") or "").rstrip("/")
    if revid:
        link = f"{base}{script_path}/index.php?oldid={int(revid)}"
    elif title:
        link = f"{base}{script_path}/index.php?title=" + quote(title.replace(" ", "_"), safe="")
    else:
        return ""
    if anchor:
        link += "#" + quote(anchor.replace(" ", "_"), safe="-_.:~,")
    return link


def user_url(config: dict, username: str) -> str:
    return page_url(config, f"User:{username}") if username else ""
