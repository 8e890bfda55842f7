"""A reporter's own reports, read-only: for wiki tools that show "your reports".

Exactly what My reports shows its owner: the report's facts and the conversation (messages
from responders, the reporter's replies, status changes), never internal notes.
"""

from django.http import Http404
from ninja import Router

from api.facts import report_facts
from api.schemas import ConversationEntry, MyReport, MyReportDetail, ProblemOut
from desk.cases import reporter_timeline
from desk.models import EventKind
from reports.models import Report, Status

router = Router(tags=["my reports"])
ERRORS = {401: ProblemOut, 404: ProblemOut, 429: ProblemOut}
LIMIT = 200


def _mine(request):
    return (
        Report.objects.filter(reporter=request.user)
        .exclude(status=Status.INFORMATION)
        .select_related("wiki")
    )


def _row(report) -> dict:
    return {
        **report_facts(report),
        "created_at": report.created_at,
        "page_title": report.page_title,
    }


@router.get("/me/reports", response={200: list[MyReport], **ERRORS}, summary="Your reports")
def my_reports(request):
    return [_row(report) for report in _mine(request).order_by("-created_at", "-id")[:LIMIT]]


@router.get(
    "/me/reports/{reference}",
    response={200: MyReportDetail, **ERRORS},
    summary="One of your reports, with its conversation",
)
def my_report(request, reference: str):
    report = _mine(request).filter(reference=reference).first()
    if report is None:
        raise Http404
    detail = _row(report)
    detail["conversation"] = [
        ConversationEntry(
            kind=event.kind,
            text=event.text if event.kind != EventKind.STATUS else "",
            created_at=event.created_at,
            status=(event.data or {}).get("status") if event.kind == EventKind.STATUS else None,
        )
        for event in reporter_timeline(report)
    ]
    return detail
