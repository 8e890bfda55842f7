"""Evidence: what the wiki showed when a report was filed, kept in IRS so it survives
deletion on the wiki.

- `check_location(wiki, page, revid, thread, user)`: the reporter flow calls it before
  storing a report. Raises EvidenceError (a translated sentence for the reporter) when the
  revision is not one of the page's, or the thread/comment is not in it. Returns True when
  checked, None when the wiki could not be asked (the report is then stored anyway: an
  outage must never lose a report; capture checks again later).
- `mark_for_capture(report)`: called in the transaction that stores the report. Marks the
  evidence pending (True: routing then records an `evidence` delivery in the outbox, which
  is claimed, leased, retried, swept by `deliver_due` and listed when dead) or
  not-applicable (False: no page to capture).
- `capture_evidence(report)`: asks the wiki's Action API for the revision (id, timestamp,
  author, page) and the reported comment (by comment id or signature) or topic section, and
  stores the JSON snapshot in report.evidence with a permalink (index.php?oldid=REV#anchor).
- `attempt_capture(report, attempts)`: what that delivery does (routing/channels/evidence.py).
  While the wiki is unreachable it is retried after RETRY_DELAYS; after MAX_ATTEMPTS, or at
  once when the location is wrong, the evidence says "failed" with the reason.

report.evidence is null before scheduling, then {"status": "pending" | "captured" |
"failed" | "not-applicable", ...}. See docs/onwiki.md for the whole shape.
"""

import re
from contextvars import ContextVar
from dataclasses import dataclass

import mwparserfromhell
from django.utils import timezone
from django.utils.translation import gettext as _
from mwparserfromhell.nodes import Comment, Tag

from reports import location
from reports.location import DT_COMMENT
from wikis import actionapi

MAX_ATTEMPTS = 6
RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600]  # seconds after attempts 1, 2, 3, ...
MAX_TEXT = 20000
# Per request: the capture task runs in a worker (wikis.actionapi.in_background); a location
# check runs while the reporter waits for a page (while_waiting).
_waiting: ContextVar[bool] = ContextVar("evidence_while_waiting", default=False)


class EvidenceError(Exception):
    """The reported place is not what the report says (str(error) is for the reporter)."""


class EvidenceUnavailable(Exception):
    """The wiki could not be asked right now; try again later."""


class EvidenceImpossible(EvidenceUnavailable):
    """The wiki has no API IRS could ever ask (none configured, a demo address, or one the
    outbound guard refuses: plain http, a private or loopback address)."""


@dataclass
class Revision:
    page_title: str
    page_id: int
    revid: int
    timestamp: str
    user: str
    comment: str
    content: str | None  # None when hidden (revision-deleted)
    user_namespaces: list[str]


# -- asking the wiki ------------------------------------------------------------------------
def _api(wiki, **params) -> dict:
    try:
        timeout = actionapi.while_waiting() if _waiting.get() else actionapi.in_background()
        return actionapi.ask(wiki, timeout=timeout, **params)
    except (actionapi.NotConfigured, actionapi.Refused) as error:
        raise EvidenceImpossible(str(error)) from error
    except actionapi.APIError as error:
        raise EvidenceUnavailable(str(error)) from error


def _user_namespaces(data: dict) -> list[str]:
    names = ["User", "User talk"]
    query = data.get("query", {})
    for ns in (query.get("namespaces") or {}).values():
        if ns.get("id") in (2, 3):
            names += [ns.get("name", ""), ns.get("canonical", "")]
    for alias in query.get("namespacealiases") or []:
        if alias.get("id") in (2, 3):
            names.append(alias.get("alias", ""))
    return sorted({n for n in names if n}, key=len, reverse=True)


def fetch_revision(wiki, page: str, revid: int | None) -> Revision:
    """The revision (or, without revid, the page's latest), checked to be one of `page`'s."""
    common = {
        "action": "query",
        "prop": "revisions",
        "rvprop": "ids|timestamp|user|comment|content",
        "rvslots": "main",
        "meta": "siteinfo",
        "siprop": "namespaces|namespacealiases",
    }
    if revid:
        data = _api(wiki, revids=revid, **common)
    else:
        data = _api(wiki, titles=page, **common)
    query = data.get("query") or {}
    if query.get("badrevids"):
        raise EvidenceError(_("Revision %(rev)s does not exist on %(wiki)s.")
                            % {"rev": revid, "wiki": wiki.name})  # fmt: skip
    pages = query.get("pages") or []
    if not pages or pages[0].get("missing") or pages[0].get("invalid"):
        raise EvidenceError(_("The page “%(page)s” does not exist on %(wiki)s.")
                            % {"page": page, "wiki": wiki.name})  # fmt: skip
    found = pages[0]
    revisions = found.get("revisions") or []
    if not revisions:
        raise EvidenceError(_("Revision %(rev)s could not be read on %(wiki)s.")
                            % {"rev": revid, "wiki": wiki.name})  # fmt: skip
    rev = revisions[0]
    if revid and page and not _same_page(wiki, page, found):
        raise EvidenceError(
            _("Revision %(rev)s belongs to “%(other)s”, not to “%(page)s”.")
            % {"rev": revid, "other": found.get("title", ""), "page": page}
        )
    slot = (rev.get("slots") or {}).get("main") or {}
    content = slot.get("content") if not slot.get("texthidden") else None
    return Revision(
        page_title=found.get("title", page),
        page_id=found.get("pageid", 0),
        revid=rev.get("revid", revid or 0),
        timestamp=rev.get("timestamp", ""),
        user=rev.get("user", "") if not rev.get("userhidden") else "",
        comment=rev.get("comment", "") if not rev.get("commenthidden") else "",
        content=content,
        user_namespaces=_user_namespaces(data),
    )


def _same_page(wiki, page: str, found: dict) -> bool:
    if page.replace("_", " ").strip() == found.get("title"):
        return True
    # Let the wiki normalise the title (namespace aliases, first-letter case, underscores).
    data = _api(wiki, action="query", titles=page)
    pages = (data.get("query") or {}).get("pages") or []
    return bool(pages) and pages[0].get("pageid") == found.get("pageid")


def fetch_sections(wiki, revid: int) -> list[dict]:
    data = _api(wiki, action="parse", oldid=revid, prop="sections")
    return (data.get("parse") or {}).get("sections") or []


# -- finding the comment or topic in the wikitext ------------------------------------------
_HEADING = re.compile(r"^(={1,6})\s*(.+?)\s*\1\s*$")
_ENDS_WITH_TIMESTAMP = re.compile(r"\d[^()\n]*\([^()\n]{1,12}\)\s*$")


# Tags whose content MediaWiki shows as it is: no heading or signature inside them counts.
_LITERAL_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math"})


class _Wikitext:
    """The revision's lines, and where MediaWiki reads them literally (HTML comments and the
    tags above, found by mwparserfromhell): a "== heading ==" or a signature in there is text,
    not a section or a comment."""

    def __init__(self, content: str):
        self.lines = content.split("\n")
        self.starts = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.literal: list[tuple[int, int]] = []
        offset = 0
        for node in mwparserfromhell.parse(content).nodes:
            length = len(str(node))
            if isinstance(node, Comment) or (
                isinstance(node, Tag) and str(node.tag).strip().lower() in _LITERAL_TAGS
            ):
                self.literal.append((offset, offset + length))
            offset += length

    def is_literal(self, line: int, column: int = 0) -> bool:
        at = self.starts[line] + column
        return any(start <= at < end for start, end in self.literal)

    def heading(self, line: int) -> re.Match | None:
        match = _HEADING.match(self.lines[line])
        return match if match and not self.is_literal(line) else None

    def heading_lines(self) -> list[int]:
        return [i for i in range(len(self.lines)) if self.heading(i)]

    def signed(self, line: int, signature: re.Pattern) -> bool:
        return any(not self.is_literal(line, m.start())
                   for m in signature.finditer(self.lines[line]))  # fmt: skip


def _name_pattern(name: str) -> str:
    name = name.replace("_", " ").strip()
    if not name:
        return r"(?!)"
    first, rest = name[0], name[1:]
    parts = [re.escape(part) for part in rest.split(" ")]
    return f"[{re.escape(first.upper())}{re.escape(first.lower())}]" + r"[ _]+".join(parts)


def _signature_regex(namespaces: list[str], user: str) -> re.Pattern:
    ns = "|".join(r"[ _]+".join(re.escape(p) for p in n.split(" ")) for n in namespaces)
    return re.compile(
        rf"\[\[\s*:?\s*(?:{ns})\s*:\s*{_name_pattern(user)}\s*(?:\||\]\]|#)", re.IGNORECASE
    )


def _timestamp_matches(line: str, thread_ts: str) -> bool:
    if not thread_ts:
        return True
    if re.fullmatch(r"\d{14}", thread_ts):
        year, day = thread_ts[0:4], str(int(thread_ts[6:8]))
        clock = f"{thread_ts[8:10]}:{thread_ts[10:12]}"
        return clock in line and year in line and re.search(rf"\b{day}\b", line) is not None
    return thread_ts in line


@dataclass
class Found:
    kind: str
    text: str
    found: bool
    author: str = ""
    section: dict | None = None
    anchor: str = ""


def _section_of(line_index: int, text: _Wikitext, sections: list[dict]) -> dict | None:
    """The (level-2 or deeper) section a line sits in, matched to parse's section list."""
    headings = [i for i in text.heading_lines() if i <= line_index]
    if not headings:
        return None
    ordinal = len(headings)
    if 0 < ordinal <= len(sections):
        section = sections[ordinal - 1]
        return {"index": section.get("index"), "title": section.get("line", ""),
                "anchor": section.get("anchor", "")}  # fmt: skip
    title = text.heading(headings[-1]).group(2)
    return {"index": None, "title": title, "anchor": title.replace(" ", "_")}


def find_comment(content: str, user: str, thread: str, namespaces: list[str],
                 sections: list[dict]) -> Found:  # fmt: skip
    """The comment `thread` (c-<user>-<timestamp text or 14 digits>) by `user` in `content`."""
    dt = DT_COMMENT.match(thread)
    if dt:
        user = user or dt["user"].replace("_", " ")
        stamp = dt["ts"]
    else:
        prefix = f"c-{user.replace(' ', '_')}-"
        stamp = thread[len(prefix) :].replace("_", " ") if thread.startswith(prefix) else ""
    if not user:
        return Found("comment", "", False)
    signature = _signature_regex(namespaces, user)
    text = _Wikitext(content)
    lines = text.lines
    for index, line in enumerate(lines):
        if not _timestamp_matches(line, stamp) or not text.signed(index, signature):
            continue
        start = index
        while start > 0:
            previous = lines[start - 1]
            if not previous.strip() or text.heading(start - 1):
                break
            if _ENDS_WITH_TIMESTAMP.search(previous[-200:]):  # bounded: no slow regex
                break
            start -= 1
        section = _section_of(index, text, sections)
        anchor = thread if dt else (section or {}).get("anchor", "")
        return Found("comment", "\n".join(lines[start : index + 1]), True, user, section, anchor)
    return Found("comment", "", False, user)


def find_topic(content: str, anchor: str, sections: list[dict]) -> Found:
    wanted = anchor.replace(" ", "_")
    text = _Wikitext(content)
    lines = text.lines
    heading_lines = text.heading_lines()
    for ordinal, section in enumerate(sections):
        if section.get("anchor") != wanted or ordinal >= len(heading_lines):
            continue
        start = heading_lines[ordinal]
        level = len(text.heading(start).group(1))
        end = len(lines)
        for later in heading_lines[ordinal + 1 :]:
            if len(text.heading(later).group(1)) <= level:
                end = later
                break
        info = {"index": section.get("index"), "title": section.get("line", ""),
                "anchor": section.get("anchor", "")}  # fmt: skip
        return Found("topic", "\n".join(lines[start:end]).strip(), True, "", info, wanted)
    return Found("topic", "", False, anchor=wanted)


def locate(wiki, revision: Revision, thread: str, user: str) -> Found:
    if not thread or revision.content is None:
        return Found("page", "", bool(revision.content is not None or not thread))
    sections = fetch_sections(wiki, revision.revid)
    if thread.startswith("c-"):
        return find_comment(revision.content, user, thread, revision.user_namespaces, sections)
    return find_topic(revision.content, thread, sections)


# -- the public functions --------------------------------------------------------------------
def check_location(wiki, page: str, revid: int | None, thread: str = "",
                   user: str = "") -> bool | None:  # fmt: skip
    """True when the revision is the page's and holds the thread; None when the wiki could
    not be asked; raises EvidenceError when the location is wrong."""
    if not page:
        return None
    reset = _waiting.set(True)
    try:
        revision = fetch_revision(wiki, page, revid)
        if thread:
            found = locate(wiki, revision, thread, user)
            if not found.found:
                raise EvidenceError(
                    _("The reported comment or topic is not in revision %(rev)s of “%(page)s”.")
                    % {"rev": revision.revid, "page": revision.page_title}
                )
    except EvidenceUnavailable:
        return None
    finally:
        _waiting.reset(reset)
    return True


def capture_evidence(report, attempts: int | None = None) -> dict:
    """Fetch and store the evidence of `report`. Raises EvidenceError (the location is
    wrong: permanent) or EvidenceUnavailable (the wiki did not answer: try again)."""
    wiki = report.wiki
    if attempts is None:
        attempts = int((report.evidence or {}).get("attempts", 0)) + 1
    if not report.page_title:
        evidence = {"status": "not-applicable", "attempts": attempts,
                    "captured_at": timezone.now().isoformat()}  # fmt: skip
        _store(report, evidence)
        return evidence
    revision = fetch_revision(wiki, report.page_title, report.revision_id)
    found = locate(wiki, revision, report.thread_id, report.reported_user)
    evidence = {
        "status": "captured",
        "captured_at": timezone.now().isoformat(),
        "attempts": attempts,
        "wiki": wiki.slug,
        "page": {"title": revision.page_title, "id": revision.page_id},
        "revision": {"id": revision.revid, "timestamp": revision.timestamp,
                     "user": revision.user, "comment": revision.comment},
        "permalink": location.permalink(wiki.config, revision.revid, anchor=found.anchor),
        "kind": found.kind,
        "thread": report.thread_id,
        "found": found.found,
        "author": found.author,
        "section": found.section,
        "text": found.text[:MAX_TEXT],
        "text_truncated": len(found.text) > MAX_TEXT,
        "content_hidden": revision.content is None,
    }  # fmt: skip
    _store(report, evidence)
    return evidence


def _store(report, evidence: dict) -> None:
    report.evidence = evidence
    type(report).objects.filter(pk=report.pk).update(evidence=evidence)


def initial_state(page_title: str) -> dict:
    """The evidence of a filed report as it is stored: "pending" when it names a page whose
    revision can be captured, else "not-applicable" (reports.submission stores it with the
    report, so marking it costs no second write)."""
    return {"status": "pending" if page_title else "not-applicable", "attempts": 0}


def mark_for_capture(report) -> bool:
    """Call inside the transaction that stores the report: True if there is a place to capture
    (evidence now "pending"; the caller records the capture in the outbox), else False."""
    wanted = initial_state(report.page_title)
    if report.evidence != wanted:
        _store(report, wanted)
    return wanted["status"] == "pending"


class CaptureFailed(Exception):
    """One capture attempt did not store evidence; `permanent` says whether to try again."""

    def __init__(self, message: str, *, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


def attempt_capture(report, attempts: int) -> str:
    """One capture attempt (the `evidence` delivery's send): the evidence's status, or raise
    CaptureFailed after recording what happened in `report.evidence`."""
    if (report.evidence or {}).get("status") in ("captured", "not-applicable"):
        return report.evidence["status"]  # a re-send after a crash: already done
    try:
        return capture_evidence(report, attempts)["status"]
    except EvidenceImpossible as error:
        # The wiki has no API IRS may ever ask (none, a demo address, a refused one): nothing
        # an operator's retry could change for this report, so it is not a dead delivery.
        _store(report, {"status": "failed", "attempts": attempts, "error": str(error),
                        "permanent": True})  # fmt: skip
        return "failed: no wiki API to capture from"
    except EvidenceError as error:
        _store(report, {"status": "failed", "attempts": attempts, "error": str(error),
                        "permanent": True})  # fmt: skip
        raise CaptureFailed(str(error), permanent=True) from error
    except EvidenceUnavailable as error:
        message = f"wiki unreachable: {error}"[:500]
        _store(report, {"status": "pending", "attempts": attempts, "last_error": message})
        raise CaptureFailed(message, permanent=False) from error


def give_up(report, error: str) -> None:
    """The capture is out of attempts: the evidence says so (unless it failed for good)."""
    evidence = dict(report.evidence or {})
    if evidence.get("status") != "pending":
        return
    _store(report, {"status": "failed", "attempts": evidence.get("attempts", 0),
                    "permanent": False, "error": error[:500]})  # fmt: skip
