"""The reporter's pages: start, the steps of both flows, confirmations and "my reports".

Every step checks eligibility again (a block or a limit can start mid-flow); the submission
path checks it once more inside its transaction.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import WikiAccount
from reports import catalog, eligibility, evidence, flowstate, funnel, recipients, throttle
from reports import disclosure as disclosures
from reports.forms import ChooseFlowForm, DirectReportForm, EmergencyForm, TypeForm
from reports.framing import own_reports_wiki
from reports.location import (
    Location,
    LocationError,
    invisible_chars,
    page_url,
    parse_location,
    revision_url,
)
from reports.models import Flow, HarmSubtype, Report, Status
from reports.signals import before_confirmation
from reports.submission import Refused, Submission, submit
from wikis import accountability, actionapi
from wikis.framing import framable_by, the_flows_wiki
from wikis.models import Wiki

AUTOCOMPLETE_LIMIT = 10
AUTOCOMPLETE_MAX_PREFIX = 255
AUTOCOMPLETE_PER_MINUTE = 60  # per person: typing needs a few a second, listing users many


def _refusal(request, wiki, decision, account, status=403):
    config = wiki.read_config()
    rules = config.get("eligibility", {})
    confirm_url = catalog.safe_href(rules.get("confirm_email_url"))
    if not confirm_url:
        special = "Special:ConfirmEmail" if account and account.email else "Special:ChangeEmail"
        confirm_url = page_url(config, special)
    context = {
        "wiki": wiki,
        "decision": decision,
        "account": account,
        "confirm_email_url": confirm_url,
        "min_age_hours": max(1, round(int(rules.get("min_account_age_seconds", 10800)) / 3600)),
        "min_edit_count": rules.get("min_edit_count", 1),
        "next_slot": eligibility.next_slot(request.user, wiki, decision),
        "emergency_contacts": catalog.emergency_resources(config),
        "safety_email": settings.IRS_SAFETY_EMAIL,
    }
    return render(request, f"reports/refused/{decision.reason}.html", context, status=status)


def _location_context(wiki, location: Location) -> dict:
    config = wiki.read_config()
    return {
        "location": location,
        "page_url": page_url(config, location.page),
        "revision_url": revision_url(config, location.revid),
        "user_url": page_url(config, f"User:{location.user}") if location.user else "",
    }


def _wiki(request, slug: str) -> Wiki:
    """The wiki in the URL, looked up once per request (the language middleware and the
    framing decorator share it, and its configuration: `Wiki.objects.for_request`)."""
    wiki = Wiki.objects.for_request(request, slug)
    if wiki is None:
        raise Http404("no such wiki")
    return wiki


class _Step:
    """What every step page needs: the wiki, the flow state, and an early response if any."""

    def __init__(self, request, wiki_slug, flow_token, *, flow_chosen=True, check=True):
        self.request = request
        self.wiki = _wiki(request, wiki_slug)
        self.token = flow_token
        self.state = flowstate.load(request, self.wiki, flow_token)
        self.response = None
        if self.state is None:
            # Expired, logged out and in again, or someone else's link: start again.
            self.response = render(
                request, "reports/flow_gone.html", {"wiki": self.wiki}, status=404
            )
            return
        self.location = Location.from_dict(self.state["location"])
        if self.state.get("reference"):
            self.response = redirect("reports:submitted", reference=self.state["reference"])
            return
        self.flow_chosen = flow_chosen
        if check:
            self.response = self.refusal()

    def refusal(self):
        """The refusal page if this person may not go on with this flow now, else None.
        A submitting form skips it (`check=False`): the submission decides, once, under its
        lock; it asks here only when it shows the form again."""
        # Limits and suspensions depend on the flow: an emergency is never refused by them.
        flow = (self.state.get("flow") or None) if self.flow_chosen else None
        decision, account = eligibility.check(self.request.user, self.wiki, flow=flow)
        if not decision.ok:
            return _refusal(self.request, self.wiki, decision, account)
        return None

    def funnel(self, name: str, **fields) -> None:
        funnel.emit(self.wiki, name, self.state.get("funnel", ""), **fields)

    def context(self, **extra) -> dict:
        return {
            "wiki": self.wiki,
            "flow_token": self.token,
            "state": self.state,
            "funnel_token": _funnel_token(self.wiki, self.state),
            "funnel_url": "/" + funnel.CLIENT_PATH,
            **_location_context(self.wiki, self.location),
            **extra,
        }


@framable_by(the_flows_wiki)
@require_GET
def start(request, wiki):
    wiki = _wiki(request, wiki)
    try:
        location = parse_location(request.GET)
    except LocationError as error:
        return render(
            request, "reports/bad_location.html", {"wiki": wiki, "error": str(error)}, status=400
        )
    if not request.user.is_authenticated:
        # Shown at the report link itself (also inside the wiki's dialog): what is being
        # reported, and a way to log in that comes back here.
        login_url = reverse("accounts:login") + "?" + urlencode({"next": request.get_full_path()})
        context = {"wiki": wiki, "login_url": login_url, **_location_context(wiki, location)}
        return render(request, "reports/login_needed.html", context)
    try:
        # The revision must be the page's and hold the thread (asks the wiki; an outage
        # lets the report through, the evidence capture checks again).
        evidence.check_location(wiki, location.page, location.revid, location.thread,
                                location.user)  # fmt: skip
    except evidence.EvidenceError as error:
        return render(
            request, "reports/bad_location.html", {"wiki": wiki, "error": str(error)}, status=400
        )
    decision, account = eligibility.check(request.user, wiki)
    if not decision.ok:
        return _refusal(request, wiki, decision, account)
    # Step 1 is shown at the report link itself (the address the wiki's dialog or tab keeps);
    # its form posts to the flow's own address.
    funnel_token = funnel.token_or_new(request.GET.get("funnel"))
    token = flowstate.begin(request, wiki, location, funnel_token)
    state = flowstate.load(request, wiki, token)
    funnel.emit(wiki, funnel.OPEN, funnel_token, entry_point=location.source)
    funnel.emit(wiki, funnel.VIEW_STEP, funnel_token, step="choose")
    return _choose_page(request, wiki, token, state, location, ChooseFlowForm())


@framable_by(the_flows_wiki)
@login_required
@require_http_methods(["GET", "POST"])
def choose(request, wiki, flow):
    step = _Step(request, wiki, flow, flow_chosen=False)
    if step.response:
        return step.response
    enabled = catalog.non_emergency_enabled(step.wiki.read_config())
    initial = {"flow": step.state["flow"], "harm_subtype": step.state["harm_subtype"]}
    form = ChooseFlowForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        non_emergency_enabled=enabled,
    )
    if form.is_valid():
        chosen = form.cleaned_data["flow"]
        flowstate.save(request, flow, flow=chosen, harm_subtype=form.cleaned_data["harm_subtype"])
        step.funnel(funnel.CHOOSE, flow=chosen, incident_type=form.cleaned_data["harm_subtype"])
        target = "reports:emergency" if chosen == Flow.EMERGENCY else "reports:type"
        return redirect(target, wiki=step.wiki.slug, flow=flow)
    if request.method == "GET":
        step.funnel(funnel.VIEW_STEP, step="choose")
    return _choose_page(request, step.wiki, flow, step.state, step.location, form)


def _funnel_token(wiki, state) -> str:
    """The token the page's script sends its events with ("" when the wiki measures nothing)."""
    if not accountability.funnel_recorded(wiki.read_config()):
        return ""
    return state.get("funnel", "")


def _choose_page(request, wiki, flow, state, location, form):
    context = {
        "wiki": wiki,
        "flow_token": flow,
        "state": state,
        "funnel_token": _funnel_token(wiki, state),
        "funnel_url": "/" + funnel.CLIENT_PATH,
        "funnel_step": "choose",
        "form": form,
        "non_emergency_enabled": catalog.non_emergency_enabled(wiki.read_config()),
        "step_number": 1,
        **_location_context(wiki, location),
    }
    return render(request, "reports/choose.html", context)


@framable_by(the_flows_wiki)
@login_required
@require_http_methods(["GET", "POST"])
def emergency(request, wiki, flow):
    posted = request.method == "POST"
    step = _Step(request, wiki, flow, check=not posted)
    if step.response:
        return step.response
    if step.state["flow"] != Flow.EMERGENCY or not step.state["harm_subtype"]:
        return redirect("reports:choose", wiki=step.wiki.slug, flow=flow)
    token = step.state["submission_token"]
    if posted:
        form = EmergencyForm(
            request.POST, expected_token=token, location=step.location, wiki=step.wiki
        )
        if not form.is_valid():
            refused = step.refusal()
            if refused:
                return refused
        else:
            submission = Submission(
                flow=Flow.EMERGENCY,
                token=form.cleaned_data["submission_token"],
                location=step.location,
                harm_subtype=step.state["harm_subtype"],
                reported_user=form.cleaned_data["reported_user"],
                reported_user_checked=form.reported_user_checked,
                details=form.cleaned_data["details"],
            )
            return _file(request, step, submission)
    else:
        form = EmergencyForm(
            initial={"reported_user": step.location.user, "submission_token": token},
            location=step.location,
        )
        step.funnel(
            funnel.VIEW_STEP,
            step="emergency",
            flow=Flow.EMERGENCY,
            incident_type=step.state["harm_subtype"],
        )
    return render(
        request,
        "reports/emergency.html",
        step.context(
            form=form, step_number=2, harm_label=_harm_label(step.state), funnel_step="emergency"
        ),
    )


def _harm_label(state) -> str:
    value = state.get("harm_subtype")
    return str(HarmSubtype(value).label) if value in HarmSubtype.values else ""


def _file(request, step: _Step, submission: Submission):
    try:
        report = submit(request.user, step.wiki, submission)
    except Refused as refused:
        return _refusal(request, step.wiki, refused.decision, refused.account)
    flowstate.save(request, step.token, reference=report.reference)
    step.funnel(
        funnel.SUBMIT,
        flow=submission.flow,
        incident_type=submission.incident_type or submission.harm_subtype,
    )
    return redirect("reports:submitted", reference=report.reference)


@framable_by(the_flows_wiki)
@login_required
@require_http_methods(["GET", "POST"])
def choose_type(request, wiki, flow):
    step = _Step(request, wiki, flow)
    if step.response:
        return step.response
    if step.state["flow"] != Flow.NON_EMERGENCY:
        return redirect("reports:choose", wiki=step.wiki.slug, flow=flow)
    types = catalog.offered_types(step.wiki.read_config())
    initial = {"incident_type": step.state["type"], "something_else": step.state["something_else"]}
    data = request.POST if request.method == "POST" else None
    form = TypeForm(data, initial=initial, types=types)
    if form.is_valid():
        flowstate.save(
            request,
            flow,
            type=form.cleaned_data["incident_type"],
            something_else=form.cleaned_data["something_else"],
        )
        step.funnel(
            funnel.CONTINUE,
            flow=Flow.NON_EMERGENCY,
            incident_type=form.cleaned_data["incident_type"],
        )
        return redirect("reports:support", wiki=step.wiki.slug, flow=flow)
    if request.method == "GET":
        step.funnel(funnel.VIEW_STEP, step="type", flow=Flow.NON_EMERGENCY)
    context = step.context(form=form, step_number=2, funnel_step="type")
    return render(request, "reports/type.html", context)


@framable_by(the_flows_wiki)
@login_required
@require_http_methods(["GET", "POST"])
def support(request, wiki, flow):
    posted = request.method == "POST"
    step = _Step(request, wiki, flow, check=not posted)
    if step.response:
        return step.response
    config = step.wiki.read_config()
    incident = catalog.offered_type(config, step.state["type"])
    if step.state["flow"] != Flow.NON_EMERGENCY or incident is None:
        return redirect("reports:type", wiki=step.wiki.slug, flow=flow)
    form = None
    disclosure = disclosures.for_type(config, incident.key)
    if posted:
        if not incident.direct_report:
            return HttpResponseBadRequest("This wiki takes no direct reports of this type.")
        form = DirectReportForm(
            request.POST,
            public_pages=disclosure.public_pages,
            described=bool(step.state["something_else"]),
            expected_token=step.state["submission_token"],
            wiki=step.wiki,
        )
        if not form.is_valid():
            refused = step.refusal()
            if refused:
                return refused
        else:
            submission = Submission(
                flow=Flow.NON_EMERGENCY,
                token=form.cleaned_data["submission_token"],
                location=step.location,
                incident_type=incident.key,
                reported_user=form.cleaned_data["reported_user"],
                reported_user_checked=form.reported_user_checked,
                something_else_text=step.state["something_else"],
                direct_report_text=form.cleaned_data["text"],
            )
            return _file(request, step, submission)
    else:
        # Reaching the support page is itself recorded: once per flow and type, not per reload.
        information = Submission(
            flow=Flow.NON_EMERGENCY,
            token=_information_token(flow, incident.key),
            location=step.location,
            incident_type=incident.key,
            reported_user=step.location.user,
            something_else_text=step.state["something_else"],
            filed=False,
        )
        try:
            submit(request.user, step.wiki, information)
        except Refused as refused:
            return _refusal(request, step.wiki, refused.decision, refused.account)
        if incident.direct_report:
            form = DirectReportForm(
                initial={
                    "submission_token": step.state["submission_token"],
                    "reported_user": step.location.user,
                },
                public_pages=disclosure.public_pages,
                described=bool(step.state["something_else"]),
            )
        step.funnel(
            funnel.VIEW_STEP, step="support", flow=Flow.NON_EMERGENCY, incident_type=incident.key
        )
    return render(
        request,
        "reports/support.html",
        step.context(
            form=form,
            incident=incident,
            disclosure=disclosure,
            public_page_links=[
                (title, page_url(config, title)) for title in disclosure.public_pages
            ],
            step_number=3,
            funnel_step="support",
            admins_url=page_url(config, "Special:ListUsers/sysop"),
        ),
    )


def _information_token(flow: str, type_key: str) -> str:
    digest = hashlib.sha256(type_key.encode()).hexdigest()[:16]
    return f"info-{flow}-{digest}"


def _own_report(request, reference: str) -> Report:
    report = get_object_or_404(Report.objects.by_reporter(request.user), reference=reference)
    # The request's object for its wiki: its configuration is read once for the page.
    report.wiki = Wiki.objects.for_request(request, pk=report.wiki_id)
    return report


def _report_context(report: Report) -> dict:
    """What a page about a stored report shows of it: the report and where it happened."""
    evidence = report.evidence if isinstance(report.evidence, dict) else {}
    section = evidence.get("section")
    location = Location(
        page=report.page_title,
        revid=report.revision_id,
        thread=report.thread_id,
        user=report.reported_user,
        source=report.source,
        # A topic's title as the evidence capture read it from the wiki (display only).
        quote=section if isinstance(section, str) and not report.thread_id.startswith("c-") else "",
    )
    return {"report": report, "wiki": report.wiki, **_location_context(report.wiki, location)}


@framable_by(own_reports_wiki)
@login_required
@require_GET
def submitted(request, reference):
    report = _own_report(request, reference)
    if not report.filed:
        return redirect("reports:detail", reference=report.reference)
    # What this page tells is done is done: the desk case is in place (routing, after the
    # report's own short transaction).
    before_confirmation.send(sender=Report, report=report)
    request.irs_own_report = report  # the framing decorator's lookup (reports/framing.py)
    funnel.emit(
        report.wiki,
        funnel.VIEW_CONFIRMATION,
        flowstate.funnel_of(request, report.reference),
        flow=report.flow,
        incident_type=report.incident_type or report.harm_subtype,
    )
    config = report.wiki.read_config()
    context = {
        **_report_context(report),
        "type_label": catalog.type_label(config, report.incident_type),
        "expected": accountability.expected_hours(
            config, emergency=report.is_emergency, type_key=report.incident_type
        ),
    }
    if report.is_emergency:
        context["response_time_hours"] = catalog.response_time_hours(config)
        context["team_name"] = recipients.emergency_team()
        context["resources"] = catalog.emergency_resources(config)
        return render(request, "reports/submitted_emergency.html", context)
    incident = catalog.offered_type(config, report.incident_type)
    context["hide_edit_link"] = bool(incident and incident.hide_edit_link)
    return render(request, "reports/submitted_direct.html", context)


@login_required
@require_GET
def mine(request):
    # Reports sent to responders only: opening a support page is recorded (for the metrics)
    # but is no report of theirs to follow (docs/reporting.md).
    reports = list(
        Report.objects.by_reporter(request.user).filter(filed=True).select_related("wiki")[:500]
    )
    configs: dict[int, dict] = {}
    for report in reports:
        config = configs.setdefault(report.wiki_id, report.wiki.read_config())
        report.type_label = _type_label(config, report)
        # A withdrawn report waits for nobody: no expected times.
        if report.filed and report.status != Status.WITHDRAWN:
            report.expected = accountability.expected_hours(
                config, emergency=report.is_emergency, type_key=report.incident_type
            )
    return render(request, "reports/mine.html", {"reports": reports})


def _type_label(config, report) -> str:
    return catalog.report_type_label(report, config)


@login_required
@require_GET
def detail(request, reference):
    report = _own_report(request, reference)
    context = {
        **_report_context(report),
        "type_label": _type_label(report.wiki.read_config(), report),
    }
    return render(request, "reports/detail.html", context)


@framable_by(the_flows_wiki)
@require_GET
def users(request, wiki):
    """User names of this wiki starting with `q`, for the reported-user field.

    Asked from the wiki's own user list (Action API list=allusers), never from IRS's account
    table, which would tell who uses IRS (who has been reporting). Only a wiki without an API
    to ask (none configured, or a reserved demo address) suggests its local accounts, which
    are then the wiki's users. No eligibility refresh here (a keystroke is not a step of the
    flow): a logged-in person with an unblocked account on the wiki may ask, at most
    AUTOCOMPLETE_PER_MINUTE times a minute (then 429), so it is no tool for listing users.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required"}, status=401)
    if not throttle.allow(f"users:{request.user.pk}", AUTOCOMPLETE_PER_MINUTE, 60):
        return JsonResponse(
            {"error": "too many requests, try again in a minute"}, status=429,
            headers={"Retry-After": str(throttle.retry_after(60))},
        )  # fmt: skip
    wiki = _wiki(request, wiki)
    account = (
        WikiAccount.objects.filter(user=request.user, wiki=wiki).only("blocked", "username").first()
    )
    if account is None or account.blocked:
        return JsonResponse({"error": "not eligible"}, status=403)
    prefix = request.GET.get("q", "").replace("_", " ").strip()
    if not prefix or len(prefix) > AUTOCOMPLETE_MAX_PREFIX or invisible_chars(prefix):
        return JsonResponse({"users": []})
    # One more than shown: the reporter is never suggested (nobody reports themself), and
    # the list stays full when they would have been on it.
    try:
        names = actionapi.usernames_with_prefix(wiki, prefix, AUTOCOMPLETE_LIMIT + 1)
    except actionapi.NotConfigured:
        names = list(
            WikiAccount.objects.filter(wiki=wiki, username__istartswith=prefix)
            .order_by("username")
            .values_list("username", flat=True)[: AUTOCOMPLETE_LIMIT + 1]
        )
    except actionapi.APIError:
        names = []  # suggestions are a convenience: the field still takes any name
    names = [name for name in names if name != account.username][:AUTOCOMPLETE_LIMIT]
    return JsonResponse({"users": names})
