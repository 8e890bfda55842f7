"""An audit entry's details as people read them, in their language.

`AuditEntry.details` keeps the facts of an action as stored keys and values (statuses, team
slugs, timeline event ids, configuration keys). The audit page shows them through `describe`:
statuses by their labels, teams by name, timeline entries by their time, a decision's actions
and ground by the wiki's labels; never a raw key or id. The desk describes its own actions
here; the apps above it (api, privacy) register theirs from their AppConfig.ready().
`describe_entries` does a page of entries with a fixed number of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from desk import cases
from desk.models import (
    AppealResult,
    AuditAction,
    CaseEvent,
    Team,
    WellFounded,
)
from reports.models import Outcome
from wikis import accountability


@dataclass
class Lookups:
    """What a page of entries names, fetched once: team labels by slug, timeline events by
    id, wikis' configurations by id."""

    teams: dict[str, str] = field(default_factory=dict)
    events: dict[int, CaseEvent] = field(default_factory=dict)
    configs: dict[int, dict] = field(default_factory=dict)

    def team(self, slug) -> str:
        return self.teams.get(str(slug or ""), "") or _("another team")

    def config(self, entry) -> dict:
        report = entry.report
        if report is None:
            return {}
        if report.wiki_id not in self.configs:
            self.configs[report.wiki_id] = report.wiki.config
        return self.configs[report.wiki_id]


# details, the entry, the page's lookups -> the parts of the sentence.
Describer = Callable[[dict, object, Lookups], list[str]]
_describers: dict[str, Describer] = {}


def register(action: str, describer: Describer) -> None:
    """How the details of `action` read (an app above the desk registers its own actions)."""
    _describers[action] = describer


def describe(entry, lookups: Lookups | None = None) -> str:
    """The entry's details as one translated line ("" when there is nothing more to say)."""
    details = entry.details if isinstance(entry.details, dict) else {}
    describer = _describers.get(entry.action)
    if describer is None or not details:
        return ""
    parts = describer(details, entry, lookups or Lookups())
    return "; ".join(part for part in parts if part)


def describe_entries(entries: Iterable) -> None:
    """Set `summary` on each entry of a page (team names and events in one query each)."""
    entries = list(entries)
    slugs, event_ids = set(), set()
    for entry in entries:
        details = entry.details if isinstance(entry.details, dict) else {}
        for key in ("to_team", "from_team"):
            if isinstance(details.get(key), str):
                slugs.add(details[key])
        if isinstance(details.get("event"), int):
            event_ids.add(details["event"])
    lookups = Lookups(teams=team_labels(slugs))
    if event_ids:
        lookups.events = CaseEvent.objects.in_bulk(event_ids)
    for entry in entries:
        entry.summary = describe(entry, lookups)


def team_labels(slugs) -> dict[str, str]:
    """The labels of the teams with these slugs (one query; none for no slug)."""
    slugs = {slug for slug in slugs if isinstance(slug, str) and slug}
    if not slugs:
        return {}
    return {team.slug: team.label for team in Team.objects.filter(slug__in=slugs)}


# --- value helpers (the apps that register describers use them too) ------------------------


def when(value) -> str:
    """A stored ISO date or time as the active language writes dates ("" if unreadable)."""
    if not isinstance(value, str) or not value:
        return ""
    moment = parse_datetime(value) if "T" in value else parse_datetime(value + "T00:00:00")
    return date_format(moment, "DATE_FORMAT") if moment is not None else ""


def listing(values) -> str:
    if not isinstance(values, list):
        return ""
    return ", ".join(str(value) for value in values if value not in (None, ""))


def label_of(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def reason(details: dict) -> str:
    text = details.get("reason")
    return _("Reason: %(reason)s") % {"reason": text} if isinstance(text, str) and text else ""


def _status(value) -> str:
    try:
        return str(cases.status_label(value))
    except ValueError:
        return ""


def _language(code) -> str:
    if not code:
        return _("the wiki's language")
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return str(code)


# --- the desk's own actions -------------------------------------------------------------------


def _assign(details, entry, lookups):
    member = details.get("assignee")
    return [_("To %(member)s") % {"member": member} if member else _("Unassigned")]


def _status_change(details, entry, lookups):
    previous, status = _status(details.get("previous")), _status(details.get("status"))
    if not (previous and status):
        return [status]
    return [_("%(previous)s → %(status)s") % {"previous": previous, "status": status}]


def _timeline_entry(details, entry, lookups):
    event = lookups.events.get(details.get("event"))  # type: ignore[arg-type]
    if event is None:
        return []
    moment = date_format(event.created_at, "DATETIME_FORMAT")
    return [_("Timeline entry of %(time)s") % {"time": moment}]


def _merge(details, entry, lookups):
    if details.get("into"):
        return [_("Duplicate of %(reference)s") % {"reference": details["into"]}]
    if details.get("duplicate"):
        return [_("%(reference)s merged into this case") % {"reference": details["duplicate"]}]
    return []


def _escalate(details, entry, lookups):
    parts = []
    if details.get("to_team"):
        parts.append(_("To %(team)s") % {"team": lookups.team(details["to_team"])})
    if details.get("from_team"):
        parts.append(_("From %(team)s") % {"team": lookups.team(details["from_team"])})
    return [*parts, reason(details)]


def _decision(details, entry, lookups):
    config = lookups.config(entry)
    actions = details.get("actions") if isinstance(details.get("actions"), list) else []
    parts = []
    if actions:
        labels = ", ".join(str(accountability.action_label(config, key)) for key in actions)
        parts.append(_("Actions: %(actions)s") % {"actions": labels})
    if details.get("ground"):
        ground = accountability.ground_label(config, details["ground"])
        parts.append(_("Ground: %(ground)s") % {"ground": ground})
    parts.append(label_of(WellFounded, details.get("well_founded")))
    result = label_of(AppealResult, details.get("appeal_result"))
    if result:
        parts.append(_("Appeal: %(result)s") % {"result": result})
    return parts


def _outcome(details, entry, lookups):
    return [label_of(Outcome, details.get("outcome"))]


def _misuse(details, entry, lookups):
    parts = []
    if details.get("reporter"):
        parts.append(_("Reporter: %(name)s") % {"name": details["reporter"]})
    if listing(details.get("reports")):
        parts.append(_("Reports: %(references)s") % {"references": listing(details["reports"])})
    if when(details.get("ends_at")):
        parts.append(_("Until %(date)s") % {"date": when(details["ends_at"])})
    if entry.action == AuditAction.SUSPENSION_LIFT:
        parts.append(reason(details))
    return parts


def _member(details, entry, lookups):
    member = details.get("member") or ""
    if entry.action == AuditAction.MEMBER_LEAD:
        if details.get("lead"):
            return [_("%(member)s is now a lead") % {"member": member}]
        return [_("%(member)s is no longer a lead") % {"member": member}]
    if entry.action == AuditAction.MEMBER_ADD and details.get("lead"):
        return [_("%(member)s, as a lead") % {"member": member}]
    return [member]


def _team_language(details, entry, lookups):
    return [
        _("From %(previous)s to %(language)s")
        % {
            "previous": _language(details.get("previous")),
            "language": _language(details.get("language")),
        }
    ]


def _user_history(details, entry, lookups):
    user, wiki = details.get("reported_user"), details.get("wiki")
    return [_("%(user)s on %(wiki)s") % {"user": user, "wiki": wiki}] if user and wiki else []


register(AuditAction.ASSIGN, _assign)
register(AuditAction.STATUS, _status_change)
for _action in (AuditAction.NOTE, AuditAction.MESSAGE, AuditAction.REPLY):
    register(_action, _timeline_entry)
register(AuditAction.MERGE, _merge)
register(AuditAction.ESCALATE, _escalate)
register(AuditAction.DECISION, _decision)
register(AuditAction.OUTCOME, _outcome)
for _action in (AuditAction.MISUSE_WARNING, AuditAction.SUSPENSION, AuditAction.SUSPENSION_LIFT):
    register(_action, _misuse)
for _action in (AuditAction.MEMBER_ADD, AuditAction.MEMBER_REMOVE, AuditAction.MEMBER_LEAD):
    register(_action, _member)
register(AuditAction.TEAM_LANGUAGE, _team_language)
register(AuditAction.USER_HISTORY, _user_history)
