"""The Tokens page (make, see and revoke your API tokens) and a team's webhooks page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api import tokens
from api import webhooks as team_webhooks
from api.models import AccessToken, Scope
from api.models import CaseEvent as CaseEventKind
from desk import access
from desk.cases import CaseError


def _context(request, **extra) -> dict:
    responder = access.is_responder(request.user)
    return {
        "tokens": AccessToken.objects.filter(user=request.user).select_related("team"),
        "teams": list(access.teams_of(request.user).order_by("name")) if responder else [],
        "scopes": Scope.choices if responder else [(Scope.READ, Scope.READ.label)],
        "responder": responder,
        "default_days": tokens.DEFAULT_DAYS,
        "max_days": tokens.MAX_DAYS,
        "name_max": tokens.NAME_MAX,
        "now": timezone.now(),
        **extra,
    }


@never_cache
@login_required
def token_list(request):
    if request.method != "POST":
        return render(request, "api/tokens.html", _context(request))
    responder = access.is_responder(request.user)
    team = None
    team_slug = request.POST.get("team", "")
    if team_slug:
        team = access.teams_of(request.user).filter(slug=team_slug).first()
        if team is None:
            raise Http404
    scope = request.POST.get("scope", Scope.READ)
    if not responder and scope != Scope.READ:
        scope = ""  # refused below: only responders act on cases
    try:
        token, secret = tokens.issue(
            request.user,
            request.POST.get("name", ""),
            scope,
            team,
            request.POST.get("days", tokens.DEFAULT_DAYS),
        )
    except tokens.TokenError as error:
        return render(
            request,
            "api/tokens.html",
            _context(request, error=str(error), form=request.POST),
            status=400,
        )
    # Shown on this answer only (never stored in the session, never cached).
    return render(request, "api/tokens.html", _context(request, new_token=token, secret=secret))


@login_required
@require_POST
def token_revoke(request, prefix):
    token = AccessToken.objects.filter(user=request.user, prefix=prefix).first()
    if token is None:
        raise Http404
    if tokens.revoke(token, request.user):
        messages.success(request, _("Token revoked: nothing can use it any more."))
    else:
        messages.info(request, _("That token was already revoked."))
    return redirect("apipages:tokens")


@never_cache
@login_required
def webhooks(request, team):
    team = access.team_for(request.user, team)
    access.require_lead(request.user, team)
    extra = {}
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "add":
                hook = team_webhooks.add(
                    team,
                    request.user,
                    request.POST.get("url", ""),
                    request.POST.getlist("events"),
                    request.POST.get("include_text") == "1",
                )
                extra = {"new_hook": hook}
            elif op == "remove":
                team_webhooks.remove(team, request.user, request.POST.get("webhook"))
                messages.success(
                    request, _("Webhook removed: its pending events will not be sent.")
                )
                return redirect("apipages:webhooks", team.slug)
            elif op == "test":
                answer = team_webhooks.test(team, request.POST.get("webhook"))
                messages.success(
                    request, _("The test event arrived (%(answer)s).") % {"answer": answer}
                )
                return redirect("apipages:webhooks", team.slug)
            else:
                raise CaseError(_("Unknown change."))
        except CaseError as error:
            extra = {"error": str(error), "form": request.POST}
    elif request.method != "GET":
        raise PermissionDenied
    context = {
        "team": team,
        "hooks": list(team.webhooks.all()),
        "events": CaseEventKind.choices,
        "log": team_webhooks.log(team),
        **extra,
    }
    return render(request, "api/webhooks.html", context, status=400 if "error" in extra else 200)
