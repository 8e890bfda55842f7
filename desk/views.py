from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk import (
    access,
    audit_details,
    bulk,
    cases,
    decisions,
    history,
    misuse,
    queues,
    search,
    unread,
    withdrawal,
)
from desk.case_page import case_context, merge_comparison, read_only_context
from desk.models import AuditAction, AuditEntry, Digest, Queue, TeamMembership
from desk.notices import decision_facts
from desk.notify import reporter_page_path
from irs import text as irs_text
from reports.framing import own_reports_wiki
from reports.models import OPEN_STATUSES
from wikis.framing import framable_by
from wikis.models import Wiki


@login_required
@require_GET
def overview(request):
    access.require_responder(request.user)
    teams = list(access.teams_of(request.user).order_by("-is_safety", "name"))
    team_queues = list(Queue.objects.filter(team__in=teams).order_by("team_id", "name"))
    counts = queues.open_counts(team_queues, request.user)
    memberships = {
        m.team_id: m for m in TeamMembership.objects.filter(user=request.user, team__in=teams)
    }
    rows = []
    for team in teams:
        team_rows = []
        for queue in (q for q in team_queues if q.team_id == team.pk):
            by_status = counts.get(queue.pk, {})
            cap = queues.STATUS_COUNT_CAP
            capped = [min(by_status.get(s, 0), cap) for s in OPEN_STATUSES]
            team_rows.append(
                {
                    "queue": queue,
                    "open": sum(capped),
                    "more": any(by_status.get(s, 0) > cap for s in OPEN_STATUSES),
                    "counts": [
                        (s.value, cases.status_label(s), n, by_status.get(s.value, 0) > n)
                        for s, n in zip(OPEN_STATUSES, capped, strict=True)
                    ],
                }
            )
        rows.append(
            {
                "team": team,
                "queues": team_rows,
                "membership": memberships.get(team.pk),
                "is_lead": access.is_operator(request.user)
                or bool(memberships.get(team.pk) and memberships[team.pk].is_lead),
            }
        )
    return render(request, "desk/overview.html", {"rows": rows, "digests": Digest.choices})


@login_required
@require_GET
def queue(request, team, queue):
    queue = access.queue_for(request.user, team, queue)
    members = {
        str(pk): name
        for pk, name in TeamMembership.objects.filter(team=queue.team)
        .order_by("user__username")
        .values_list("user_id", "user__username")
    }
    wiki_slugs = queues.queue_wikis(queue)
    configs = queues.wiki_configs(wiki_slugs)
    types = queues.type_choices(configs)
    filters = queues.QueueFilters.from_query(
        request.GET, wikis=wiki_slugs, members=members, types=[key for key, _label in types]
    )
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    rows, total, page_number, pages = queues.page_of(queue, filters, request.user, page_number)
    labels = {**queues.type_labels(), **dict(types)}
    new_replies = unread.unread_replies(rows)
    for row in rows:
        row.unread_reply = row.pk in new_replies
        row.url = reverse("desk:case", args=[row.reference])
        row.select_label = _("Select case %(reference)s") % {"reference": row.reference}
        key = row.harm_subtype or row.incident_type
        row.type_label = labels.get(key, key)
    return render(
        request,
        "desk/queue.html",
        {
            "queue": queue,
            "team": queue.team,
            "cases": rows,
            **pager(filters.as_query(), page_number, pages, total),
            "filters": filters,
            "wikis": wiki_slugs,
            "wiki_names": queues.wiki_names(configs),
            "members": members,
            "flows": queues.Flow.choices,
            "types": types,
            "statuses": list(queues.STATUS_FILTERS.items()),
            "ages": [(key, label) for key, (_delta, label) in queues.AGES.items()],
            "counts": queues.status_counts(queue, request.user),
            "escalated_away": queues.escalated_away_count(queue, request.user),
            **_search_choices(),
            "bulk_actions": list(bulk.ACTIONS.items()),
            "settable_statuses": [
                (s.value, cases.status_label(s)) for s in cases.SETTABLE_STATUSES
            ],
        },
    )


@login_required
@require_POST
def queue_bulk(request, team, queue):
    """Bulk actions on the cases selected in a queue: a confirmation page, then the change."""
    queue = access.queue_for(request.user, team, queue)
    back = reverse("desk:queue", args=[queue.team.slug, queue.slug])
    try:
        request_bulk = bulk.prepare(request.user, queue, request.POST)
        if request.POST.get("confirm") != "1":
            return render(
                request,
                "desk/bulk_confirm.html",
                {
                    "queue": queue,
                    "team": queue.team,
                    "bulk": request_bulk,
                    "action_label": bulk.ACTIONS[request_bulk.action],
                    "unchanged": {c.pk for c in request_bulk.unchanged},
                    "back": back,
                },
            )
        changed = bulk.run(request.user, request_bulk)
    except cases.CaseError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)s case changed.", "%(count)s cases changed.", changed)
        % {"count": changed},
    )
    return redirect(back)


@login_required
@require_GET
def escalated_away(request, team, queue):
    """The cases this queue's team escalated to other teams: where each went, where it is
    now, its status and outcome (read-only links, none once its holder restricted access)."""
    queue = access.queue_for(request.user, team, queue)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    rows, total, page_number, pages = queues.escalated_away_page(queue, request.user, page_number)
    return render(
        request,
        "desk/escalated_away.html",
        {
            "queue": queue,
            "team": queue.team,
            "rows": rows,
            **pager({}, page_number, pages, total),
        },
    )


def pager(
    query: dict, page: int, pages: int, total: int | None = None, cap: int | None = None
) -> dict:
    """What desk/_pager.html shows for `page` of `pages` (links keep the query's filters), and
    with `total` (counted up to `cap` + 1, queues.COUNT_CAP by default) the count a list
    shows above it."""
    cap = queues.COUNT_CAP if cap is None else cap

    def link(number: int) -> str:
        return "?" + urlencode({**query, "page": number})

    found = {
        "page": page,
        "pages": pages,
        "previous_link": link(page - 1) if page > 1 else "",
        "next_link": link(page + 1) if page < pages else "",
    }
    if total is not None:
        found.update(total=min(total, cap), more=total > cap)
    return found


def _search_choices() -> dict:
    return {"search_fields": list(search.FIELDS.items()), "search_max": search.MAX_QUERY}


@login_required
@require_GET
def search_cases(request):
    """Search across every case the viewer may see, with the queue's filters (desk.search)."""
    access.require_responder(request.user)
    wiki_slugs = queues.search_wikis(request.user)
    configs = queues.wiki_configs(wiki_slugs)
    types = queues.type_choices(configs)
    filters = queues.QueueFilters.from_query(
        request.GET,
        wikis=wiki_slugs,
        members={},
        status="all",
        types=[key for key, _label in types],
    )
    text = request.GET.get("q", "")
    problem = irs_text.check(text, multiline=False)
    if not problem and len(text) > search.MAX_QUERY:
        problem = _("A search can be at most %(limit)s characters long.") % {
            "limit": search.MAX_QUERY
        }
    context = {
        "filters": filters,
        "wikis": wiki_slugs,
        "wiki_names": queues.wiki_names(configs),
        "flows": queues.Flow.choices,
        "types": types,
        "statuses": list(queues.STATUS_FILTERS.items()),
        "ages": [(key, label) for key, (_delta, label) in queues.AGES.items()],
        "problem": problem,
        "searched": bool(filters.q) or filters.filtering("all"),
        **_search_choices(),
    }
    if problem:
        return render(request, "desk/search.html", context, status=400)
    if context["searched"]:
        try:
            page_number = int(request.GET.get("page", "1"))
        except ValueError:
            page_number = 1
        rows, total, page_number, pages = queues.search_page(request.user, filters, page_number)
        context.update(
            cases=rows,
            **pager(filters.as_query(), page_number, pages, total, queues.SEARCH_COUNT_CAP),
        )
    return render(request, "desk/search.html", context)


@login_required
@require_GET
def case(request, reference):
    report, former = access.case_to_read(request.user, reference)
    cases.record_view(report, request.user)
    if former is not None:
        # A team that escalated the case away: read only (desk.access).
        return render(request, "desk/case.html", read_only_context(report, former, request.user))
    unread.mark_seen(request.user, report)
    return render(request, "desk/case.html", case_context(report, request.user))


@login_required
@require_GET
def reported_user(request, wiki):
    """A reported user's history on one wiki: the cases about them the viewer may open."""
    access.require_responder(request.user)
    wiki = Wiki.objects.filter(slug=wiki).first()
    if wiki is None:
        raise Http404
    name = request.GET.get("name", "")
    problem = irs_text.check(name, multiline=False)
    if not problem and not name.strip():
        problem = _("Give the name of the reported user.")
    if not problem and len(name) > REPORTED_USER_MAX:
        problem = _("A user name is at most %(limit)s characters long.") % {
            "limit": REPORTED_USER_MAX
        }
    if problem:
        return render(request, "irs/refused_request.html", {"message": problem}, status=400)
    name = name.strip()
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    page = min(max(page, 1), MAX_AUDIT_PAGE)
    found = history.history(wiki, name, request.user, page)
    cases.audit(request.user, AuditAction.USER_HISTORY, wiki=wiki.slug, reported_user=name)

    def link(number):
        return "?" + urlencode({"name": name, "page": number})

    return render(
        request,
        "desk/reported_user.html",
        {
            "wiki": wiki,
            "name": name,
            "history": found,
            "current": request.GET.get("from", ""),
            "previous_link": link(found["page"] - 1) if found["page"] > 1 else "",
            "next_link": link(found["page"] + 1) if found["page"] < found["pages"] else "",
        },
    )


REPORTED_USER_MAX = 255


def _text(request, name):
    """A posted field under the site's input rule at the door (irs/text.py): what the database
    cannot hold never reaches a lookup; each action's own rules (single-line, length) follow."""
    value = request.POST.get(name, "")
    problem = irs_text.check(value, multiline=True)
    if problem:
        raise cases.CaseError(problem)
    return value


ACTIONS = {
    "claim": lambda request, report: cases.claim(report, request.user),
    "assign": lambda request, report: cases.assign(
        report, request.user, access.check_assignable(report, _text(request, "assignee"))
    ),
    "status": lambda request, report: cases.change_status(
        report, request.user, _text(request, "status")
    ),
    "note": lambda request, report: cases.add_note(report, request.user, _text(request, "text")),
    "message": lambda request, report: cases.message_reporter(
        report, request.user, _text(request, "text"), wait_for_reply=request.POST.get("wait") == "1"
    ),
    "merge": lambda request, report: _merge(request, report),
    "escalate": lambda request, report: cases.escalate(
        report, request.user, _text(request, "team"), _text(request, "reason")
    ),
    "decide": lambda request, report: decisions.record(
        report, request.user, decisions.DecisionForm.from_post(request.POST)
    ),
    "lift": lambda request, report: _lift(request, report),
    "restrict": lambda request, report: cases.restrict_former_access(
        report, request.user, _text(request, "team"), _text(request, "reason")
    ),
}
DONE = {
    "claim": gettext_lazy("You claimed the case."),
    "assign": gettext_lazy("Assignment saved."),
    "status": gettext_lazy("Status changed."),
    "note": gettext_lazy("Note added."),
    "message": gettext_lazy("Message sent to the reporter."),
    "merge": gettext_lazy("Case merged as a duplicate."),
    "escalate": gettext_lazy("Case escalated."),
    "decide": gettext_lazy("Decision recorded. The reporter is told."),
    "lift": gettext_lazy("Suspension lifted."),
    "restrict": gettext_lazy("That team can no longer read this case."),
}


def _merge(request, report):
    """Merging asks first: a page shows both cases side by side (and warns when their
    reporters or types differ); only the confirmed post (`confirm=1`) merges."""
    visible = access.visible_cases(request.user)
    target = cases.merge_target(report, _text(request, "target"), visible)
    if request.POST.get("confirm") != "1":
        return render(request, "desk/merge_confirm.html", merge_comparison(report, target))
    return cases.merge_into(report, request.user, target.reference, visible)


def _lift(request, report):
    """A lead of the case's team lifts the reporter's suspension on the case's wiki."""
    access.require_lead(request.user, report.queue.team)
    measure = misuse.suspension_in_force(report.reporter, report.wiki)
    if measure is None or str(measure.pk) != _text(request, "measure"):
        raise cases.CaseError(_("This suspension is not in force."))
    misuse.lift(measure, request.user, _text(request, "reason"), report=report)


@login_required
@require_POST
def case_action(request, reference, action):
    if action not in ACTIONS:
        raise Http404
    try:
        report = access.case_to_work(request.user, reference)
    except access.ReadOnlyCase as refused:
        # Their team escalated the case away: it may read it, never act on it.
        return render(
            request, "desk/read_only_refused.html", {"former": refused.former}, status=403
        )
    try:
        response = ACTIONS[action](request, report)
    except cases.CaseError as error:
        messages.error(request, str(error))
        return redirect(reverse("desk:case", args=[report.reference]) + f"#{action}")
    if isinstance(response, HttpResponse):
        return response  # a page to answer first (the merge confirmation)
    messages.success(request, str(DONE[action]))
    if action == "escalate":
        try:
            access.case_to_read(request.user, report.reference)
        except Http404:
            return redirect("desk:overview")  # the case left every team of theirs
    return redirect("desk:case", report.reference)


# --- teams ---------------------------------------------------------------------------------


@login_required
def members(request, team):
    team = access.team_for(request.user, team)
    access.require_lead(request.user, team)
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "add":
                cases.add_member(
                    team,
                    request.user,
                    _text(request, "username"),
                    lead=request.POST.get("lead") == "1",
                )
                messages.success(request, _("Member added."))
            elif op == "remove":
                cases.remove_member(team, request.user, _text(request, "membership"))
                messages.success(request, _("Member removed."))
            elif op in ("lead", "unlead"):
                cases.set_lead(team, request.user, _text(request, "membership"), op == "lead")
                messages.success(request, _("Lead role changed."))
            elif op == "language":
                cases.set_team_language(team, request.user, _text(request, "language"))
                messages.success(request, _("The language of the team's emails was saved."))
            else:
                raise cases.CaseError(_("Unknown change."))
        except cases.CaseError as error:
            messages.error(request, str(error))
        return redirect("desk:members", team.slug)
    if request.method != "GET":
        raise PermissionDenied
    memberships = team.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "desk/members.html",
        {"team": team, "memberships": memberships, "languages": settings.LANGUAGES},
    )


@login_required
@require_POST
def notifications(request, team):
    team = access.team_for(request.user, team)
    membership = TeamMembership.objects.filter(team=team, user=request.user).first()
    if membership is None:
        raise Http404
    digest = request.POST.get("digest", "")
    if digest not in Digest.values:
        messages.error(request, _("Choose how you want to hear about new cases."))
    else:
        membership.digest = digest
        membership.save(update_fields=["digest"])
        messages.success(request, _("Notification preference saved."))
    return redirect("desk:overview")


MAX_AUDIT_PAGE = 100_000


@login_required
@require_GET
def audit(request, team):
    team = access.team_for(request.user, team)
    access.require_lead(request.user, team)
    entries = AuditEntry.objects.filter(team=team).select_related("report__wiki")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    page = min(page, MAX_AUDIT_PAGE)  # a huge number must not reach the database as an OFFSET
    size = 100
    rows = list(entries[(page - 1) * size : page * size + 1])
    audit_details.describe_entries(rows[:size])
    return render(
        request,
        "desk/audit.html",
        {
            "team": team,
            "entries": rows[:size],
            "page": page,
            "has_next": len(rows) > size,
        },
    )


# --- the reporter's side -------------------------------------------------------------------


@framable_by(own_reports_wiki)
@login_required
@require_POST
def reporter_reply(request, reference):
    report = access.own_report(request.user, reference)
    try:
        if withdrawal.replies_closed(report):
            raise cases.CaseError(
                _(
                    "You withdrew this report, so it takes no more replies. If something "
                    "happens again, send a new report."
                )
            )
        cases.reporter_reply(report, request.user, _text(request, "text"))
    except cases.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your reply was sent to the responders."))
    return redirect(reporter_page_path(report) + "#conversation")


@framable_by(own_reports_wiki)
@login_required
@require_http_methods(["GET", "POST"])
def reporter_withdraw(request, reference):
    """The reporter withdraws their report: a confirmation page, then the POST that does it."""
    report = access.own_report(request.user, reference)
    problem = withdrawal.refusal(report)
    reason, error, status = "", "", 200
    if request.method == "POST" and problem is None:
        reason = request.POST.get("reason", "")
        try:
            withdrawal.withdraw(report, request.user, reason)
        except cases.CaseError as refused:
            report.refresh_from_db()
            problem = withdrawal.refusal(report)
            error, status = ("", 409) if problem else (str(refused), 400)
        else:
            messages.success(
                request,
                _(
                    "Your report was withdrawn and the responders were told. It is kept for the "
                    "record."
                ),
            )
            return redirect(reporter_page_path(report))
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "desk/reporter_withdraw.html",
        {
            "report": report,
            "problem": problem,
            "error": error,
            "reason": irs_text.scrub(reason) if error else "",  # kept, never lost
            "limit": withdrawal.REASON_MAX,
            "back": reporter_page_path(report),
        },
        status=status,
    )


# --- appeals -------------------------------------------------------------------------------


@login_required
@require_GET
def appeals(request, team):
    """The team's appeals queue: open appeals on its cases, oldest first."""
    team = access.team_for(request.user, team)
    visible = access.restrict_to_visible(
        cases.Report.objects.filter(queue__team=team), request.user
    )
    rows = list(decisions.open_appeals(visible)[:500])
    for appeal in rows:
        appeal.own_decision = appeal.decision.decided_by_id == request.user.pk
    return render(request, "desk/appeals.html", {"team": team, "appeals": rows})


@framable_by(own_reports_wiki)
@login_required
@require_POST
def reporter_appeal(request, reference):
    """The reporter contests the decision in force on their report (or the case it joined)."""
    report = access.own_report(request.user, reference)
    case = report.duplicate_of or report
    decision = decisions.latest(case)
    if decision is None or str(decision.pk) != request.POST.get("decision", ""):
        messages.error(request, _("A newer decision replaced this one."))
    else:
        try:
            decisions.contest(decision, request.user, _text(request, "text"))
        except cases.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your appeal was sent. You will be told the result."))
    return redirect(reporter_page_path(report) + "#decision")


@login_required
def public_decision(request, public_id):
    """A decision as the reported user reads it (from the link in their statement of
    reasons): the actions, the ground, the facts, how to contest. Only for the account the
    decision is about; never the reporter or the report's text."""
    decision = (
        decisions.Decision.objects.select_related("report__wiki")
        .filter(public_id=public_id, reported_user_notified=True)
        .first()
    )
    if decision is None or decisions.role_of(decision, request.user) != "reported-user":
        raise Http404
    if request.method == "POST":
        try:
            decisions.contest(decision, request.user, _text(request, "text"))
        except cases.CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your appeal was sent. You will be told the result."))
        return redirect("desk:public_decision", decision.public_id)
    if request.method != "GET":
        raise PermissionDenied

    return render(
        request,
        "desk/public_decision.html",
        {
            "decision": decision,
            "wiki": decision.report.wiki,
            "facts": decision_facts(decision, request.LANGUAGE_CODE),
            "problem": decisions.can_contest(decision, request.user),
            "appeal": decision.appeals.filter(appellant=request.user).first(),
            "limit": decisions.APPEAL_MAX,
        },
    )
