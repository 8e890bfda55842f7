"""Privacy pages: a wiki's retention in plain words, legal holds on the desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from desk import access
from desk.cases import CaseError
from privacy import holds
from privacy.models import LegalHold
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
