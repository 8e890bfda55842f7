"""Privacy pages: a wiki's retention in plain words, legal holds on the desk, a person's own
data (download, erasure request), operators' erasure requests."""

import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk import access
from desk.cases import CaseError, audit
from desk.models import AuditAction
from privacy import access_report, erasure, export, holds
from privacy.models import ErasureRequest, LegalHold
from wikis import accountability
from wikis.access import get_wiki
from wikis.retention import policy


@require_GET
def wiki_policy(request, wiki):
    wiki = get_wiki(wiki)
    config = wiki.config
    return render(
        request,
        "privacy/wiki_policy.html",
        {
            "wiki": wiki,
            "policy": policy(config),
            "appeal_months": accountability.appeal_window_months(config),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_hold(request, reference):
    report = access.case_for(request.user, reference)
    if not holds.can_manage(request.user, report):
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "place":
                holds.place(report, request.user, request.POST.get("reason", ""))
                messages.success(request, _("The case is now under legal hold."))
            elif action == "lift":
                holds.lift(report, request.user, request.POST.get("reason", ""))
                messages.success(request, _("The legal hold was lifted."))
            else:
                messages.error(request, _("Choose to place or to lift the hold."))
        except CaseError as error:
            messages.error(request, str(error))
        return redirect("privacy:legal_hold", reference=report.reference)
    return render(
        request,
        "privacy/legal_hold.html",
        {
            "report": report,
            "team": report.queue.team,
            "hold": holds.active(report),
            "history": LegalHold.objects.filter(report=report).select_related(
                "set_by", "lifted_by"
            ),
            "reason_max": holds.REASON_MAX,
        },
    )


# --- a person's own data ---------------------------------------------------------------------

FIELD_LABELS = {
    "wiki": gettext_lazy("Wiki"),
    "created_at": gettext_lazy("Date"),
    "kind": pgettext_lazy("report field", "Kind"),
    "type": pgettext_lazy("report field", "Type"),
    "harm": gettext_lazy("Threat"),
    "status": gettext_lazy("Status"),
    "your_name_on_the_wiki": gettext_lazy("Your name on the wiki"),
    "your_email": gettext_lazy("Your email address"),
    "reported_user": gettext_lazy("Reported user"),
    "page": gettext_lazy("Page"),
    "revision": gettext_lazy("Revision"),
    "comment_or_topic": gettext_lazy("Comment or topic"),
    "your_description": gettext_lazy("Your description"),
    "additional_information": gettext_lazy("Additional information"),
    "your_report_to_the_responders": gettext_lazy("What happened"),
    "merged_into": gettext_lazy("Handled together with"),
}


def _readable(data: dict) -> dict:
    for report in data["reports"]:
        report["fields"] = [
            (label, report[key]) for key, label in FIELD_LABELS.items() if report.get(key)
        ]
    return data


def _export_audit(user, kind: str) -> None:
    audit(user, AuditAction.DATA_EXPORT, format=kind)


@login_required
@require_GET
def my_data(request):
    data = _readable(export.person_data(request.user))
    return render(request, "privacy/my_data.html", {"data": data, "downloadable": True})


@login_required
@require_GET
def export_json(request):
    data = export.person_data(request.user)
    _export_audit(request.user, "json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="irs-my-data.json"'
    return response


@login_required
@require_GET
def export_html(request):
    data = _readable(export.person_data(request.user))
    _export_audit(request.user, "html")
    response = render(request, "privacy/my_data.html", {"data": data, "downloadable": False})
    response["Content-Disposition"] = 'attachment; filename="irs-my-data.html"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    made = erasure.open_request(request.user)
    if request.method == "POST" and made is None:
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that this cannot be undone."))
        else:
            erasure.request_erasure(request.user)
            messages.success(request, _("Your request was received."))
        return redirect("privacy:erase")
    if request.method == "POST":
        return redirect("privacy:erase")
    context = {"request_made": made}
    if made is None:
        context["preview"] = erasure.preview(request.user)
    return render(request, "privacy/erase.html", context)


def _operator_or_404(user) -> None:
    if not access.is_operator(user):
        raise Http404


@login_required
@require_GET
def erasure_requests(request):
    _operator_or_404(request.user)
    now = timezone.now()
    items = ErasureRequest.objects.select_related("person").order_by("status", "deadline_at")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.overdue = item.deadline_at < now
        item.days_left = max(0, (item.deadline_at - now).days)
    return render(
        request,
        "privacy/erasure_requests.html",
        {"page": page, "deadline_days": settings.IRS_ERASURE_DEADLINE_DAYS},
    )


@login_required
@require_POST
def carry_out(request, pk: int):
    _operator_or_404(request.user)
    item = get_object_or_404(ErasureRequest, pk=pk)
    try:
        done = erasure.carry_out(item, request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The request of %(person)s was carried out.")
            % {"person": done.person.get_username()},
        )
    return redirect("privacy:erasure_requests")


# --- who saw what ----------------------------------------------------------------------------

MAX_PERIOD_DAYS = 366


def _period(query):
    """(start, end, last_day, problem): the days asked for, else the last 30 days."""
    today = timezone.localdate()
    default = (today - timedelta(days=29), today)
    try:
        first = date.fromisoformat(query.get("from") or default[0].isoformat())
        last = date.fromisoformat(query.get("to") or default[1].isoformat())
    except ValueError:
        first, last = default
        problem = _("Give the dates as YYYY-MM-DD; showing the last 30 days.")
    else:
        problem = ""
        if last < first or (last - first).days >= MAX_PERIOD_DAYS:
            first, last = default
            problem = _(
                "Choose a period of at most %(days)s days, the first day before the last; "
                "showing the last 30 days."
            ) % {"days": MAX_PERIOD_DAYS}
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    return start, end, last, problem


def _access_report(request, team):
    start, end, last_day, problem = _period(request.GET)
    if request.GET.get("format") == "csv":
        audit(
            request.user,
            AuditAction.ACCESS_REPORT,
            team=team,
            start=start.isoformat(),
            end=end.isoformat(),
            format="csv",
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"who-saw-what-{team.slug if team else 'all'}-{start:%Y%m%d}-{last_day:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        access_report.write_csv(response, team, start, end)
        return response
    audit(
        request.user,
        AuditAction.ACCESS_REPORT,
        team=team,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    return render(
        request,
        "privacy/access_report.html",
        {
            "team": team,
            "rows": access_report.report(team, start, end),
            "start": start,
            "last_day": last_day,
            "problem": problem,
        },
    )


@login_required
@require_GET
def team_access_report(request, team):
    team = access.team_for(request.user, team)
    access.require_lead(request.user, team)
    return _access_report(request, team)


@login_required
@require_GET
def operators_access_report(request):
    _operator_or_404(request.user)
    return _access_report(request, None)
