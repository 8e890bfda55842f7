"""Who saw what: views of cases' personal data in a period, from the desk's audit log.

Every opening of a case (the case page, the API's case read) is an audit entry ("view").
`report(team, start, end)` sums them up per member for a team's leads (that team's entries)
or for the operators (team None: every team), and flags unusual patterns:

- views outside the member's teams: the case belonged to a team the member is not in when
  they viewed it (an operator, or a case moved between teams);
- cases they looked at but never worked on: no claim, assignment, note, message, status
  change, decision or escalation by them on that case, in the period or before.

A member is flagged when they viewed UNUSUAL_MIN_CASES cases outside their teams, or when
the cases they never worked on reach UNUSUAL_MIN_CASES and are more than UNUSUAL_FACTOR
times the median of the other members in the report. The thresholds are here, in one place.
"""

import csv
from dataclasses import dataclass, field
from statistics import median

from desk.models import AuditAction, AuditEntry, TeamMembership

UNUSUAL_MIN_CASES = 20
UNUSUAL_FACTOR = 3
WORK = [
    AuditAction.CLAIM,
    AuditAction.ASSIGN,
    AuditAction.STATUS,
    AuditAction.NOTE,
    AuditAction.MESSAGE,
    AuditAction.MERGE,
    AuditAction.ESCALATE,
    AuditAction.OUTCOME,
    AuditAction.DECISION,
]
# Formula characters a spreadsheet would run (CSV injection): such a cell is prefixed.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class MemberRow:
    actor_id: int | None
    name: str
    views: int = 0
    cases: set = field(default_factory=set)
    outside: set = field(default_factory=set)
    unworked: set = field(default_factory=set)
    unusual: bool = False

    @property
    def case_count(self) -> int:
        return len(self.cases)

    @property
    def outside_count(self) -> int:
        return len(self.outside)

    @property
    def unworked_count(self) -> int:
        return len(self.unworked)


def views(team, start, end):
    entries = AuditEntry.objects.filter(
        action=AuditAction.VIEW, created_at__gte=start, created_at__lt=end, report__isnull=False
    )
    return entries.filter(team=team) if team is not None else entries


def report(team, start, end) -> list[MemberRow]:
    rows: dict = {}
    entries = views(team, start, end).values_list("actor_id", "actor_name", "report_id", "team_id")
    for actor_id, name, report_id, team_id in entries.order_by().iterator():
        row = rows.setdefault(actor_id, MemberRow(actor_id, name))
        row.views += 1
        row.cases.add(report_id)
        row.outside.add((report_id, team_id))
    actors = [a for a in rows if a is not None]
    teams_of: dict[int, set[int]] = {}
    for user_id, team_id in TeamMembership.objects.filter(user_id__in=actors).values_list(
        "user_id", "team_id"
    ):
        teams_of.setdefault(user_id, set()).add(team_id)
    worked = set(
        AuditEntry.objects.filter(actor_id__in=actors, action__in=WORK, created_at__lt=end)
        .values_list("actor_id", "report_id")
        .distinct()
    )
    for actor_id, row in rows.items():
        mine = teams_of.get(actor_id, set())
        row.outside = {case for case, case_team in row.outside if case_team not in mine}
        row.unworked = {case for case in row.cases if (actor_id, case) not in worked}
    for actor_id, row in rows.items():
        others = [other.unworked_count for key, other in rows.items() if key != actor_id]
        typical = median(others) if others else 0
        row.unusual = row.outside_count >= UNUSUAL_MIN_CASES or (
            row.unworked_count >= UNUSUAL_MIN_CASES
            and row.unworked_count > UNUSUAL_FACTOR * max(typical, 1)
        )
    return sorted(rows.values(), key=lambda r: (-r.unusual, -r.case_count, r.name))


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(out, team, start, end) -> None:
    """One line per view: when, who, which case, the case's team, in the member's teams."""
    teams_of: dict = {}
    writer = csv.writer(out)
    writer.writerow(["viewed_at", "member", "case", "case_team", "member_of_case_team"])
    entries = (
        views(team, start, end)
        .select_related("report", "team")
        .order_by("created_at", "id")
        .iterator(chunk_size=1000)
    )
    for entry in entries:
        if entry.actor_id not in teams_of:
            teams_of[entry.actor_id] = set(
                TeamMembership.objects.filter(user_id=entry.actor_id).values_list(
                    "team_id", flat=True
                )
            )
        writer.writerow(
            [
                entry.created_at.isoformat(),
                _cell(entry.actor_name),
                _cell(entry.report.reference),
                _cell(entry.team.slug if entry.team else ""),
                "yes" if entry.team_id in teams_of[entry.actor_id] else "no",
            ]
        )
