"""Searching cases: by reference, reported user, reporter, page, and words in the report text.

One index per database, made by migration 0013 and checked after every `migrate`
(`ensure_index`, from desk.apps):

- PostgreSQL: a GIN index on a tsvector expression (`DOCUMENT`, the `simple` configuration:
  reports come in every language, so words are lower-cased, never stemmed). The reported user
  is weighted A, the reporter B, the page C, the report's texts D, so a search within one
  field is a weight restriction of the same index.
- SQLite (the embedded default): an FTS5 table over the report's columns (external content:
  the words' index only, no copy of the text), kept in sync by triggers on insert, delete and
  update of those columns. A SQLite table rebuild (a later migration that alters the reports
  table) drops triggers; `ensure_index` puts them back and rebuilds the index.

A reference (R-XXXX-XXXX) is looked up exactly. Words are the query's letters and digits
(`\\w+`), at most MAX_WORDS of them, each as a whole word except the last, which also matches
as a prefix when it has three or more characters ("Trol" finds "Troll"). Nothing the user
types reaches SQL except as a bound parameter built from those words.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

MAX_WORDS = 8
MAX_WORD = 64
MAX_QUERY = 500
REFERENCE = re.compile(r"^\s*[A-Z]-[A-Z0-9]{4}-[A-Z0-9]{4}\s*$", re.I)
PREFIX_MIN = 3

FIELDS = {
    "": _("Everything"),
    "reference": _("Reference"),
    "reported": _("Reported user"),
    "reporter": _("Reporter"),
    "page": _("Page"),
    "text": _("Report text"),
}

# --- PostgreSQL ------------------------------------------------------------------------------

PG_INDEX = "desk_report_search_idx"
# The index's expression; queries repeat it exactly so the planner uses the index.
DOCUMENT = (
    "(setweight(to_tsvector('simple'::regconfig, reported_user), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, reporter_username), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, page_title), 'C')"
    " || to_tsvector('simple'::regconfig, details || ' ' || something_else_text"
    " || ' ' || direct_report_text))"
)
PG_WEIGHTS = {"reported": "A", "reporter": "B", "page": "C", "text": "D"}

# --- SQLite ----------------------------------------------------------------------------------

FTS = "desk_report_fts"
FTS_COLUMNS = [
    "reported_user",
    "reporter_username",
    "page_title",
    "details",
    "something_else_text",
    "direct_report_text",
]
FTS_FIELDS = {
    "reported": "reported_user",
    "reporter": "reporter_username",
    "page": "page_title",
    "text": "details something_else_text direct_report_text",
}


def _sqlite_triggers() -> list[str]:
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    delete = f"INSERT INTO {FTS}({FTS}, rowid, {cols}) VALUES ('delete', old.id, {old});"  # noqa: S608
    insert = f"INSERT INTO {FTS}(rowid, {cols}) VALUES (new.id, {new});"  # noqa: S608 - constants only
    return [
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON reports_report BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON reports_report BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF {cols} ON reports_report "
        f"BEGIN {delete} {insert} END",
    ]


SQLITE_TRIGGERS = [f"{FTS}_ai", f"{FTS}_ad", f"{FTS}_au"]


def ensure_index(conn=None) -> bool:
    """Create what is missing (the GIN index; the FTS table and its triggers, rebuilt when
    anything was missing). Returns whether anything was made. Idempotent."""
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            if cursor.fetchone():
                return False
            cursor.execute(f"CREATE INDEX {PG_INDEX} ON reports_report USING gin ({DOCUMENT})")
            return True
        if conn.vendor != "sqlite":
            return False
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [FTS, *SQLITE_TRIGGERS],
        )
        present = {row[0] for row in cursor.fetchall()}
        if present == {FTS, *SQLITE_TRIGGERS}:
            return False
        if FTS not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(FTS_COLUMNS)}, "
                "content='reports_report', content_rowid='id')"
            )
        for statement in _sqlite_triggers():
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")  # noqa: S608
        return True


def drop_index(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        elif conn.vendor == "sqlite":
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")


# --- queries ---------------------------------------------------------------------------------


class SearchError(ValueError):
    """A query that cannot be searched; the message says why."""


@dataclass
class Search:
    text: str = ""
    field: str = ""

    @classmethod
    def from_query(cls, query) -> "Search":
        text = query.get("q", "")
        if not isinstance(text, str) or len(text) > MAX_QUERY:
            text = ""
        field = query.get("field", "")
        return cls(text=text.strip(), field=field if field in FIELDS else "")

    def __bool__(self) -> bool:
        return bool(self.text)

    def reference(self) -> str:
        """The reference searched for, upper-cased, when the query is one (and the field
        allows it)."""
        if self.field in ("", "reference") and REFERENCE.match(self.text):
            return self.text.strip().upper()
        return ""

    def words(self) -> list[str]:
        return [w.lower()[:MAX_WORD] for w in re.findall(r"\w+", self.text)][:MAX_WORDS]


def apply(cases, search: Search):
    """`cases` narrowed to those matching `search` (all of them when the search is empty)."""
    if not search:
        return cases
    reference = search.reference()
    if reference or search.field == "reference":
        return cases.filter(reference=reference or search.text.upper())
    words = search.words()
    if not words:
        return cases.none()
    if connection.vendor == "postgresql":
        return cases.extra(  # noqa: S610 - constant SQL; the query is a bound parameter
            where=[f"{DOCUMENT} @@ to_tsquery('simple'::regconfig, %s)"],
            params=[_tsquery(words, PG_WEIGHTS.get(search.field, ""))],
        )
    # The FTS table joined on its rowid (not an IN list of every match): SQLite then reads the
    # matches in rowid order and stops at the page's end (see newest_first).
    return cases.extra(  # noqa: S610 - constant SQL; the query is a bound parameter
        tables=[FTS],
        where=[f'{FTS}.rowid = "reports_report"."id"', f"{FTS} MATCH %s"],
        params=[_fts_query(words, FTS_FIELDS.get(search.field, ""))],
    )


def uses_fts(search: Search) -> bool:
    return (
        connection.vendor == "sqlite"
        and bool(search)
        and not search.reference()
        and search.field != "reference"
        and bool(search.words())
    )


def newest_first(cases, search: Search):
    """`cases` (already narrowed by `apply`) most recently received first (by id: ids grow
    with time). On SQLite the order is the FTS table's rowid, which FTS5 reads backwards
    without sorting, so a page of a common word's matches stops after the page."""
    if uses_fts(search):
        return cases.extra(  # noqa: S610 - constant SQL
            select={"fts_rowid": f"{FTS}.rowid"}, order_by=["-fts_rowid"]
        )
    return cases.order_by("-id")


def _tsquery(words: list[str], weight: str) -> str:
    terms = []
    for i, word in enumerate(words):
        prefix = "*" if i == len(words) - 1 and len(word) >= PREFIX_MIN else ""
        suffix = f":{prefix}{weight}" if prefix or weight else ""
        # Quoted lexemes: a word is letters and digits only, but quoting keeps it one lexeme.
        terms.append(f"'{word}'{suffix}")
    return " & ".join(terms)


def _fts_query(words: list[str], columns: str) -> str:
    terms = []
    for i, word in enumerate(words):
        prefix = "*" if i == len(words) - 1 and len(word) >= PREFIX_MIN else ""
        terms.append(f'"{word}"{prefix}')
    expression = " ".join(terms)
    return f"{{{columns}}} : ({expression})" if columns else expression
