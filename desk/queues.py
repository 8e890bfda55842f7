"""A queue's list of cases: filters from the query string, priority order, counts per status.

Every query is bounded and index-backed: counts are one GROUP BY, the page is one query with
its wiki and assignee joined in, ordered emergency first (flow 'emergency' sorts before
'non-emergency'), then oldest first.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desk import clocks, counts, search
from desk.access import is_operator, restrict_to_visible, split_recused, teams_of, without_recused
from desk.cases import status_label
from desk.models import FormerTeamAccess
from reports.catalog import TYPE_LABELS, offered_types
from reports.models import CLOSED_STATUSES, OPEN_STATUSES, Flow, HarmSubtype, Report, Status
from wikis import accountability
from wikis.defaults import NON_EMERGENCY_TYPES
from wikis.models import Wiki

PAGE_SIZE = 50
# Counting a huge result exactly costs as much as reading it: beyond this, "more than".
COUNT_CAP = 10_000
# The same for the counts per status (queue page, overview): eight of them on a page, so a
# lower cap keeps the page as fast at a million reports as at ten thousand.
STATUS_COUNT_CAP = 1_000
# A search counts its matches this far ("More than 1,000 cases": 20 pages; a search that
# finds more wants more words). A common word is in most reports: counting 10,001 of its
# matches took 110 ms at a million reports on SQLite, 1,001 about a tenth of that.
SEARCH_COUNT_CAP = 1_000

AGES = {
    "1h": (timedelta(hours=1), _("Older than an hour")),
    "1d": (timedelta(days=1), _("Older than a day")),
    "7d": (timedelta(days=7), _("Older than a week")),
    "30d": (timedelta(days=30), _("Older than 30 days")),
}
STATUS_FILTERS = {
    "open": _("Open (not closed)"),
    "all": _("All"),
    **{s.value: status_label(s) for s in Status if s != Status.INFORMATION},
}
# The open statuses as literal SQL, exactly as the partial index desk_report_open_cover_idx
# states them: SQLite uses a partial index only when the query repeats its predicate with
# literals (bound parameters never match). Constants only, never user input.
OPEN_SQL = '"reports_report"."status" IN ({})'.format(
    ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)
)


ROW_FIELDS = (
    "reference",
    "flow",
    "incident_type",
    "harm_subtype",
    "status",
    "outcome",
    "created_at",
    "wiki__slug",
    "assignee__username",
    "queue_id",
    "trusted_flagger",
    "first_response_at",
    "decided_at",
    "waiting_since",
    "paused_seconds",
)


def only_open(cases):
    return cases.extra(where=[OPEN_SQL])  # noqa: S610 - constant SQL, see OPEN_SQL


@dataclass
class QueueFilters:
    wiki: str = ""
    flow: str = ""
    type: str = ""
    status: str = "open"
    assignee: str = ""
    age: str = ""
    # Words, a reference or a name (desk.search), and the field to look in.
    q: str = ""
    field: str = ""

    @classmethod
    def from_query(
        cls,
        query,
        *,
        wikis: list[str],
        members: dict[str, str],
        status: str = "open",
        types: list[str] | None = None,
    ) -> "QueueFilters":
        """Only known values are kept: anything forged is ignored, never put in a query.
        `types`: the type keys on offer (`type_choices`); every known key when not given."""

        def pick(name, allowed, default=""):
            value = query.get(name, default)
            return value if value in allowed else default

        return cls(
            wiki=pick("wiki", wikis),
            flow=pick("flow", Flow.values),
            type=pick("type", type_keys() if types is None else types),
            status=pick("status", STATUS_FILTERS, status),
            assignee=pick("assignee", ["me", "none", *members]),
            age=pick("age", AGES),
            q=search.Search.from_query(query).text,
            field=pick("field", search.FIELDS),
        )

    @property
    def search(self) -> search.Search:
        return search.Search(text=self.q, field=self.field)

    def apply(self, cases, user):
        if self.wiki:
            cases = cases.filter(wiki__slug=self.wiki)
        if self.flow:
            cases = cases.filter(flow=self.flow)
        if self.type:
            cases = cases.filter(Q(incident_type=self.type) | Q(harm_subtype=self.type))
        if self.status == "open":
            cases = only_open(cases)
        elif self.status != "all":
            cases = cases.filter(status=self.status)
        if self.assignee == "me":
            cases = cases.filter(assignee=user)
        elif self.assignee == "none":
            cases = cases.filter(assignee__isnull=True)
        elif self.assignee:
            cases = cases.filter(assignee_id=int(self.assignee))
        if self.age:
            cases = cases.filter(created_at__lte=timezone.now() - AGES[self.age][0])
        return search.apply(cases, self.search)

    def as_query(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}

    def filtering(self, default_status: str = "open") -> bool:
        """Whether anything but the default view is asked for (the filter box starts open)."""
        return any(v for k, v in self.__dict__.items() if k != "status") or (
            self.status != default_status
        )


def queue_wikis(queue) -> list[str]:
    """The wikis whose cases can be in `queue`: its team's wiki, or all (the safety team)."""

    if queue.team.wiki_id:
        return [queue.team.wiki.slug]
    return list(Wiki.objects.order_by("slug").values_list("slug", flat=True))


def type_keys() -> list[str]:

    return [key for key, _shown in NON_EMERGENCY_TYPES] + list(HarmSubtype.values)


def type_labels() -> dict:
    """Built-in labels of every type key (a wiki's own labels are shown on the case page)."""

    labels = {key: str(TYPE_LABELS.get(key, key)) for key in type_keys()}
    labels.update({s.value: str(s.label) for s in HarmSubtype})
    return labels


def wiki_configs(wiki_slugs: list[str]) -> dict[str, dict]:
    """The current configuration of each wiki in view, read once for the page."""
    return {
        w.slug: w.read_config() for w in Wiki.objects.filter(slug__in=wiki_slugs).order_by("slug")
    }


def wiki_names(configs: dict[str, dict]) -> dict[str, str]:
    """Each wiki's name as its configuration gives it (desk_tags.wiki_name shows them)."""
    names = {}
    for slug, config in configs.items():
        facts = config.get("wiki") if isinstance(config, dict) else None
        name = facts.get("name") if isinstance(facts, dict) else None
        names[slug] = str(name or slug)
    return names


def type_choices(configs: dict[str, dict]) -> list[tuple[str, str]]:
    """The Type filter's choices: the types the wikis in view use, read from their current
    configurations (the non-emergency types each shows, in its order, with its own label in
    the active language or the built-in one), then the kinds of threat; each key once."""
    choices: dict[str, str] = {}
    for config in configs.values():
        for incident_type in offered_types(config):
            choices.setdefault(incident_type.key, incident_type.label)
    for subtype in HarmSubtype:
        choices.setdefault(subtype.value, str(subtype.label))
    return list(choices.items())


def ordered(cases):
    return cases.order_by("flow", "created_at", "id")


def page_of(queue, filters: QueueFilters, user, page_number: int):
    """(cases on the page, total matching capped at COUNT_CAP + 1, page, pages): four queries
    (the viewer's accounts; the count without their recused cases is a difference of two
    counts, desk.counts; the page)."""

    everyone = filters.apply(Report.objects.filter(queue=queue), user)
    cases, recused = split_recused(everyone, user)
    total = counts.capped_count(everyone, recused, COUNT_CAP)
    pages = max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))
    page_number = min(max(1, page_number), pages)
    start = (page_number - 1) * PAGE_SIZE
    rows = list(
        ordered(cases)
        .select_related("wiki", "assignee")
        .only(*ROW_FIELDS)[start : start + PAGE_SIZE]
    )
    return with_clocks(trusted_first(rows)), total, page_number, pages


def search_wikis(user) -> list[str]:
    """The wikis whose cases `user` may see: every wiki for operators and the safety team."""
    teams = teams_of(user)
    if is_operator(user) or teams.filter(is_safety=True).exists():
        return list(Wiki.objects.order_by("slug").values_list("slug", flat=True))
    return list(
        Wiki.objects.filter(teams__in=teams)
        .distinct()
        .order_by("slug")
        .values_list("slug", flat=True)
    )


def search_page(user, filters: QueueFilters, page_number: int):
    """Cases across every queue `user` may see matching `filters` (desk.search), newest
    first: (rows, total capped at SEARCH_COUNT_CAP + 1, page, pages), two queries."""
    cases = filters.apply(restrict_to_visible(Report.objects.all(), user), user)
    total = cases.order_by()[: SEARCH_COUNT_CAP + 1].count()
    pages = max(1, -(-min(total, SEARCH_COUNT_CAP) // PAGE_SIZE))
    page_number = min(max(1, page_number), pages)
    start = (page_number - 1) * PAGE_SIZE
    rows = list(
        search.newest_first(cases, filters.search)
        .select_related("wiki", "assignee", "queue__team")
        .only(*ROW_FIELDS, "reported_user", "queue__team__name", "queue__slug")[
            start : start + PAGE_SIZE
        ]
    )
    return rows, total, page_number, pages


def trusted_first(rows: list) -> list:
    """Trusted flaggers' cases first among cases of the same kind filed the same day (the age
    band), on the page the index order gives (no sort of the whole queue)."""
    return sorted(
        rows,
        key=lambda r: (r.flow, r.created_at.date(), not r.trusted_flagger, r.created_at, r.pk),
    )


def with_clocks(rows: list) -> list:
    """Each row's running response-time clock (time left or overdue), targets per wiki."""

    configs: dict = {}
    # Targets depend on the wiki, the flow and the type only: worked out once per kind on the
    # page, not per row (each works through the configuration and its defaults).
    targets_of: dict = {}
    now = timezone.now()
    for row in rows:
        key = (row.wiki_id, row.is_emergency, row.incident_type)
        targets = targets_of.get(key)
        if targets is None:
            config = configs.get(row.wiki_id)
            if config is None:
                config = configs[row.wiki_id] = row.wiki.config
            targets = targets_of[key] = accountability.response_targets(
                config, emergency=row.is_emergency, type_key=row.incident_type
            )
        row.clock = clocks.state(row, now, targets)
    return rows


def open_counts(queues, user) -> dict:
    """{queue id: {status: count}} of the open cases `user` may see, each up to
    STATUS_COUNT_CAP (STATUS_COUNT_CAP + 1: more), counted from an index however many cases
    a queue holds."""
    return counts.open_counts(queues, user, STATUS_COUNT_CAP)


def status_counts(queue, user) -> list[tuple[str, str, int, bool]]:
    """(status, label, count, capped) for every status of one queue, of the cases `user` may
    see, each counted up to STATUS_COUNT_CAP, so the cost stays bounded however many cases a
    queue has accumulated (desk.counts)."""
    statuses = [*OPEN_STATUSES, *CLOSED_STATUSES]
    by_status = counts.status_counts([queue], user, statuses, STATUS_COUNT_CAP).get(queue.pk, {})
    return [
        (
            s.value,
            status_label(s),
            min(by_status.get(s.value, 0), STATUS_COUNT_CAP),
            by_status.get(s.value, 0) > STATUS_COUNT_CAP,
        )
        for s in statuses
    ]


def escalated_away(queue, user):
    """The cases `queue`'s team escalated away from it (desk.FormerTeamAccess), without the
    viewer's recusals: one index range (queue, escalated_at), each row joined to its case."""
    return without_recused(FormerTeamAccess.objects.filter(queue=queue), user, prefix="report__")


def escalated_away_count(queue, user) -> int:
    """How many cases left `queue` by escalation, capped at COUNT_CAP + 1."""
    return escalated_away(queue, user).order_by()[: COUNT_CAP + 1].count()


def escalated_away_page(queue, user, page_number: int):
    """(rows, total capped at COUNT_CAP + 1, page, pages), newest escalation first: each row
    with where the case went, where it is now, its status and outcome. Two queries."""
    rows = escalated_away(queue, user)
    total = rows.order_by()[: COUNT_CAP + 1].count()
    pages = max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))
    page_number = min(max(1, page_number), pages)
    start = (page_number - 1) * PAGE_SIZE
    page = list(
        rows.select_related(
            "report__wiki", "report__queue__team", "to_team", "restricted_by_team"
        ).order_by("-escalated_at", "-id")[start : start + PAGE_SIZE]
    )
    return page, total, page_number, pages
