"""Queues and cases: what the desk's pages show and do, with exactly their permissions.

Every lookup goes through desk.access (the one access rule) and is narrowed further to the
token's team when the token has one; every action is desk.cases' own function, so the
timeline, the audit log and the notifications are those of the page.
"""

import base64
import binascii
import json
from datetime import datetime
from enum import Enum

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api import facts
from api.auth import require_act
from api.problems import Problem
from api.schemas import (
    PLAIN,
    AssignIn,
    CaseDetail,
    CasePage,
    DecideIn,
    DeliveryOut,
    Done,
    EscalateIn,
    MergeIn,
    MessageIn,
    Person,
    ProblemOut,
    QueueOut,
    StatusIn,
    TextIn,
    TimelineEntry,
)
from desk import access, cases, decisions, queues
from desk import counts as desk_counts
from desk.case_page import permalink, timeline
from desk.deliveries import deliveries_for
from desk.models import Queue, TeamMembership
from reports.models import Flow, Report

router = Router(tags=["cases"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut, 429: ProblemOut}
# The desk refused the action in the case's current state, or with the team, case or member
# named: 409, with the page's own message.
ACTION_ERRORS = {**ERRORS, 409: ProblemOut}
MAX_LIMIT = 100


def _teams(request):
    teams = access.teams_of(request.user)
    token = request.auth
    return teams.filter(pk=token.team_id) if token.team_id else teams


def _visible(request):
    visible = access.visible_cases(request.user)
    token = request.auth
    return visible.filter(queue__team_id=token.team_id) if token.team_id else visible


def _case(request, reference: str):
    token = request.auth
    within = Report.objects.filter(queue__team_id=token.team_id) if token.team_id else None
    return access.case_for(request.user, reference, within=within)


def _summary(report) -> dict:
    return {
        **facts.case_facts(report),
        "created_at": report.created_at,
        "team": report.queue.team.slug if report.queue_id else None,
    }


@router.get("/queues", response={200: list[QueueOut], **ERRORS}, summary="The queues you work")
def list_queues(request):
    team_queues = list(
        Queue.objects.filter(team__in=_teams(request)).select_related("team").order_by("id")
    )
    # Exact (no cap: the API promises a number), without the caller's recused cases.
    counts = desk_counts.open_counts(team_queues, request.user, None)
    return [
        {
            "team": queue.team.slug,
            "queue": queue.slug,
            "name": queue.name,
            "team_name": queue.team.name,
            "open_cases": sum(counts.get(queue.pk, {}).values()),
        }
        for queue in team_queues
    ]


Status = Enum("Status", {key: key for key in queues.STATUS_FILTERS}, type=str)  # type: ignore[misc]
FlowName = Enum("FlowName", {key: key for key in Flow.values}, type=str)  # type: ignore[misc]
Age = Enum("Age", {key: key for key in queues.AGES}, type=str)  # type: ignore[misc]
TypeKey = Enum("TypeKey", {key: key for key in queues.type_keys()}, type=str)  # type: ignore[misc]


class CaseFilters(Schema):
    wiki: str | None = Field(
        None, description="A wiki's slug (the safety team's queues).", pattern=PLAIN
    )
    flow: FlowName | None = None
    type: TypeKey | None = None
    status: Status | None = Field(None, description="Default: open.")
    assignee: str | None = Field(
        None, description="`me`, `none`, or a member's username.", pattern=PLAIN
    )
    age: Age | None = None
    cursor: str | None = Field(None, pattern=PLAIN, max_length=500)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _encode_cursor(report) -> str:
    raw = json.dumps([report.flow, report.created_at.isoformat(), report.pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after_cursor(cases_qs, cursor: str):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        flow, created, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        created_at = datetime.fromisoformat(created)
        pk = int(pk)
        if not isinstance(flow, str) or created_at.tzinfo is None:
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, json.JSONDecodeError):
        raise Problem(400, "bad-cursor", "The cursor is not one this API gave out.") from None
    return cases_qs.filter(
        Q(flow__gt=flow)
        | Q(flow=flow, created_at__gt=created_at)
        | Q(flow=flow, created_at=created_at, pk__gt=pk)
    )


@router.get(
    "/queues/{team}/{queue}/cases",
    response={200: CasePage, 400: ProblemOut, **ERRORS},
    summary="Cases of a queue, with the desk's filters, emergencies first then oldest first",
)
def list_cases(request, team: str, queue: str, filters: Query[CaseFilters]):
    found = (
        Queue.objects.filter(team__in=_teams(request), team__slug=team, slug=queue)
        .select_related("team", "team__wiki")
        .first()
    )
    if found is None:
        raise Http404
    members = dict(
        TeamMembership.objects.filter(team=found.team).values_list("user__username", "user_id")
    )
    asked = {
        name: getattr(value, "value", value)
        for name, value in filters.dict(exclude_none=True, exclude={"cursor", "limit"}).items()
    }
    if asked.get("assignee") not in (None, "me", "none"):
        if asked["assignee"] not in members:
            raise Problem(422, "unknown-filter-value", "Unknown value for the filter “assignee”.")
        asked["assignee"] = str(members[asked["assignee"]])
    chosen = queues.QueueFilters.from_query(
        asked,
        wikis=queues.queue_wikis(found),
        members={str(pk): name for name, pk in members.items()},
    )
    for name, value in asked.items():
        if getattr(chosen, name) != value:
            raise Problem(422, "unknown-filter-value", f"Unknown value for the filter “{name}”.")
    # _visible is desk.access' rule, recusal included.
    selected = chosen.apply(_visible(request).filter(queue=found), request.user)
    if filters.cursor:
        selected = _after_cursor(selected, filters.cursor)
    rows = list(
        queues.ordered(selected).select_related("wiki", "assignee", "queue__team")[
            : filters.limit + 1
        ]
    )
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "items": [_summary(row) for row in rows],
        "next_cursor": _encode_cursor(rows[-1]) if more else None,
    }


@router.get(
    "/cases/{reference}",
    response={200: CaseDetail, **ERRORS},
    summary="One case: the report, its evidence, timeline and deliveries",
)
def get_case(request, reference: str):
    report = _case(request, reference)
    cases.record_view(report, request.user)
    detail = _summary(report)
    detail.update(
        reporter=Person(username=report.reporter_username, email=report.reporter_email),
        reported_user=report.reported_user,
        page_title=report.page_title,
        revision_id=report.revision_id,
        thread_id=report.thread_id,
        source=report.source,
        details=report.details,
        something_else_text=report.something_else_text,
        direct_report_text=report.direct_report_text,
        language=report.language,
        permalink=permalink(report),
        duplicate_of=report.duplicate_of.reference if report.duplicate_of_id else None,
        evidence=report.evidence if isinstance(report.evidence, dict) else None,
        timeline=[
            TimelineEntry(
                kind=event.kind,
                actor=event.actor.username if event.actor_id else None,
                team=event.team.slug if event.team_id else None,
                text=event.text,
                summary=str(event.summary),
                created_at=event.created_at,
            )
            for event in timeline(report)
        ],
        deliveries=[
            DeliveryOut(
                channel=row["channel"],
                destination=row["destination"],
                status=row["status"],
                attempts=row["attempts"],
                last_error=row["last_error"],
                sent_at=row["sent_at"],
            )
            for row in deliveries_for(report)
        ],
    )
    return detail


def _act(request, reference: str, action) -> dict:
    require_act(request)
    report = _case(request, reference)
    try:
        action(report)
    except cases.CaseError as error:
        raise Problem(409, "refused", str(error)) from None
    report.refresh_from_db()
    return {
        "reference": report.reference,
        "status": report.status,
        "assignee": report.assignee.username if report.assignee_id else None,
        "team": report.queue.team.slug if report.queue_id else None,
    }


ACTION_RESPONSES = {200: Done, **ACTION_ERRORS}


@router.post("/cases/{reference}/claim", response=ACTION_RESPONSES, summary="Claim the case")
def claim(request, reference: str):
    return _act(request, reference, lambda report: cases.claim(report, request.user))


@router.post("/cases/{reference}/assign", response=ACTION_RESPONSES, summary="Assign the case")
def assign(request, reference: str, body: AssignIn):
    def action(report):
        assignee_id = ""
        if body.assignee:
            member = cases.assignable_members(report).filter(username=body.assignee).first()
            if member is None:
                raise cases.CaseError(_("Choose a member of this case's team."))
            assignee_id = member.pk
        cases.assign(report, request.user, access.check_assignable(report, assignee_id))

    return _act(request, reference, action)


@router.post("/cases/{reference}/status", response=ACTION_RESPONSES, summary="Change the status")
def status(request, reference: str, body: StatusIn):
    return _act(
        request,
        reference,
        lambda report: cases.change_status(report, request.user, body.status.value),
    )


@router.post("/cases/{reference}/notes", response=ACTION_RESPONSES, summary="Add an internal note")
def note(request, reference: str, body: TextIn):
    return _act(request, reference, lambda report: cases.add_note(report, request.user, body.text))


@router.post(
    "/cases/{reference}/messages", response=ACTION_RESPONSES, summary="Write to the reporter"
)
def message(request, reference: str, body: MessageIn):
    return _act(
        request,
        reference,
        lambda report: cases.message_reporter(
            report, request.user, body.text, wait_for_reply=body.wait_for_reply
        ),
    )


@router.post(
    "/cases/{reference}/escalate", response=ACTION_RESPONSES, summary="Escalate to another team"
)
def escalate(request, reference: str, body: EscalateIn):
    return _act(
        request,
        reference,
        lambda report: cases.escalate(report, request.user, body.team, body.reason),
    )


@router.post("/cases/{reference}/merge", response=ACTION_RESPONSES, summary="Close as a duplicate")
def merge(request, reference: str, body: MergeIn):
    return _act(
        request,
        reference,
        lambda report: cases.merge_into(report, request.user, body.into, _visible(request)),
    )


@router.post(
    "/cases/{reference}/decide",
    response=ACTION_RESPONSES,
    summary="Record a decision (or answer the open appeal): the reporter is told",
)
def decide(request, reference: str, body: DecideIn):
    def action(report):
        form = decisions.DecisionForm(**body.dict())
        form.actions = [str(key) for key in form.actions]
        decisions.record(report, request.user, form)

    return _act(request, reference, action)
