"""The shapes the API reads and writes (they become the OpenAPI schema)."""

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from desk.cases import MESSAGE_MAX, NOTE_MAX, REASON_MAX, SETTABLE_STATUSES

# Control characters the API refuses in any text (api/textcheck.py); newline, tab, CR are fine.
CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Any text without them.
PLAIN = rf"^[^{CONTROLS}]*$"
# Text with something in it besides spaces, and without them.
SOME_TEXT = rf"^[^{CONTROLS}]*[^\s{CONTROLS}][^{CONTROLS}]*$"


class In(Schema):
    """A request body: unknown fields are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


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


class AssignIn(In):
    assignee: str | None = Field(
        None, description="A member's username; null unassigns.", pattern=PLAIN, max_length=255
    )


SettableStatus = Enum(  # type: ignore[misc]
    "SettableStatus", {s.value: s.value for s in SETTABLE_STATUSES}, type=str
)


class StatusIn(In):
    status: SettableStatus


class TextIn(In):
    text: str = Field(..., min_length=1, max_length=NOTE_MAX, pattern=SOME_TEXT)


class MessageIn(In):
    text: str = Field(..., min_length=1, max_length=MESSAGE_MAX, pattern=SOME_TEXT)
    wait_for_reply: bool = False


class EscalateIn(In):
    team: str = Field(
        ..., description="The slug of the team to escalate to.", pattern=PLAIN, max_length=64
    )
    reason: str = Field(..., min_length=1, max_length=REASON_MAX, pattern=SOME_TEXT)


class MergeIn(In):
    into: str = Field(
        ...,
        description="The reference of the case this one duplicates.",
        pattern=PLAIN,
        max_length=32,
    )


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


class DecideIn(In):
    """The case page's decision form: keys from the wiki's configured actions and grounds."""

    actions: list[Annotated[str, Field(pattern=PLAIN, max_length=64)]] = Field(
        ..., max_length=50, description="Keys of the wiki's actions."
    )
    ground: str = Field("", pattern=PLAIN, max_length=64)
    facts: str = Field("", pattern=PLAIN, max_length=5000)
    reporter_text: str = Field("", pattern=PLAIN, max_length=5000)
    reporter_text_key: str = Field("", pattern=PLAIN, max_length=64)
    well_founded: str = Field("", pattern=PLAIN, max_length=32)
    well_founded_reason: str = Field("", pattern=PLAIN, max_length=1000)
    appeal_result: str = Field("", pattern=PLAIN, max_length=16)
