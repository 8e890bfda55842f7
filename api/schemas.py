"""The shapes the API reads and writes (they become the OpenAPI schema)."""

from datetime import datetime
from enum import Enum
from typing import Any

from ninja import Field, Schema

from desk.cases import MESSAGE_MAX, NOTE_MAX, REASON_MAX, SETTABLE_STATUSES


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class QueueOut(Schema):
    team: str
    queue: str
    name: str
    team_name: str
    open_cases: int


class CaseSummary(Schema):
    reference: str
    wiki: str
    flow: str
    type: str
    status: str
    outcome: str
    created_at: datetime
    assignee: str | None
    team: str | None
    queue: str | None


class CasePage(Schema):
    items: list[CaseSummary]
    next_cursor: str | None = Field(
        None, description="Pass it as `cursor` for the next page; null on the last page."
    )


class Person(Schema):
    username: str
    email: str


class TimelineEntry(Schema):
    kind: str
    actor: str | None
    team: str | None
    text: str
    summary: str
    created_at: datetime


class DeliveryOut(Schema):
    channel: str
    destination: str
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None


class CaseDetail(CaseSummary):
    reporter: Person
    reported_user: str
    page_title: str
    revision_id: int | None
    thread_id: str
    source: str
    details: str
    something_else_text: str
    direct_report_text: str
    language: str
    permalink: str
    duplicate_of: str | None
    evidence: dict[str, Any] | None
    timeline: list[TimelineEntry]
    deliveries: list[DeliveryOut]


class Done(Schema):
    reference: str
    status: str
    assignee: str | None
    team: str | None


class AssignIn(Schema):
    assignee: str | None = Field(None, description="A member's username; null unassigns.")


SettableStatus = Enum("SettableStatus", {s.value: s.value for s in SETTABLE_STATUSES}, type=str)
# Text with something in it besides spaces (the pattern is not anchored: one non-space).
SOME_TEXT = r"\S"


class StatusIn(Schema):
    status: SettableStatus


class TextIn(Schema):
    text: str = Field(..., min_length=1, max_length=NOTE_MAX, pattern=SOME_TEXT)


class MessageIn(Schema):
    text: str = Field(..., min_length=1, max_length=MESSAGE_MAX, pattern=SOME_TEXT)
    wait_for_reply: bool = False


class EscalateIn(Schema):
    team: str = Field(..., description="The slug of the team to escalate to.")
    reason: str = Field(..., min_length=1, max_length=REASON_MAX, pattern=SOME_TEXT)


class MergeIn(Schema):
    into: str = Field(..., description="The reference of the case this one duplicates.")


class MyReport(Schema):
    reference: str
    wiki: str
    flow: str
    type: str
    status: str
    created_at: datetime
    page_title: str


class ConversationEntry(Schema):
    kind: str
    text: str
    created_at: datetime
    status: str | None = None


class MyReportDetail(MyReport):
    conversation: list[ConversationEntry]
