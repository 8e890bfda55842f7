"""Logging in with a wiki account: MediaWiki OAuth 2.0, authorization code with PKCE (S256).

/accounts/oauth/<wiki>/start   remembers state + verifier in the session, sends to authorize
/accounts/oauth/<wiki>/callback checks state, trades the code (with the verifier) for a token,
                                reads the profile, links the account, logs the person in.

The token and profile requests go through `irs.outbound` like every outbound call (https,
global addresses only, no redirects followed; loopback only under the operators' test/demo
setting IRS_ROUTING_ALLOW_INSECURE_URLS). A redirect answer counts as a failed login.
"""

import secrets
from urllib.parse import urlencode

import requests
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.identity import AccountConflict, link_account, refresh_quietly
from accounts.oauth import BadProfile, challenge_for, client_for, new_verifier, profile_facts
from irs import outbound
from wikis.models import Wiki

SESSION_KEY = "irs_oauth_pending"
MAX_PENDING = 5
TIMEOUT = 10


def _callback_url(request, wiki: Wiki) -> str:
    return request.build_absolute_uri(reverse("accounts:oauth_callback", args=[wiki.slug]))


def _safe_next(request, wiki: Wiki) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("reports:start", args=[wiki.slug])


def _failure(request, wiki: Wiki, message: str, status: int, *, retry: bool = True):
    return render(
        request,
        "accounts/oauth_error.html",
        {"wiki": wiki, "message": message, "retry": retry},
        status=status,
    )


def start(request, wiki):
    wiki = get_object_or_404(Wiki, slug=wiki)
    client = client_for(wiki)
    if client is None:
        return _failure(
            request, wiki,
            _("Logging in with an account of %(wiki)s is not set up in IRS.")
            % {"wiki": wiki.name},
            404, retry=False,
        )  # fmt: skip
    state = secrets.token_urlsafe(32)
    verifier = new_verifier()
    pending = dict(request.session.get(SESSION_KEY) or {})
    # Several tabs may log in at once; keep only the newest few.
    for old in list(pending)[: max(0, len(pending) - MAX_PENDING + 1)]:
        pending.pop(old)
    pending[state] = {
        "wiki": wiki.slug,
        "client": client.name,
        "verifier": verifier,
        "next": _safe_next(request, wiki),
    }
    request.session[SESSION_KEY] = pending
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": _callback_url(request, wiki),
            "state": state,
            "code_challenge": challenge_for(verifier),
            "code_challenge_method": "S256",
        }
    )
    return redirect(f"{client.authorize_url(wiki)}?{query}")


def callback(request, wiki):
    wiki = get_object_or_404(Wiki, slug=wiki)
    pending = dict(request.session.get(SESSION_KEY) or {})
    state = request.GET.get("state", "")
    attempt = pending.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending
    if attempt is None or attempt.get("wiki") != wiki.slug:
        return _failure(
            request, wiki,
            _("This login was not started here or has already been used. Please start again."),
            400,
        )  # fmt: skip
    if request.GET.get("error"):
        if request.GET["error"] == "access_denied":
            message = _(
                "You did not allow IRS to know your account on %(wiki)s, so you are not logged in."
            ) % {"wiki": wiki.name}
        else:
            message = _("%(wiki)s refused the login (%(code)s).") % {
                "wiki": wiki.name,
                "code": request.GET["error"][:100],
            }
        return _failure(request, wiki, message, 400)
    code = request.GET.get("code", "")
    client = client_for(wiki)
    if not code or client is None or client.name != attempt.get("client"):
        return _failure(request, wiki, _("The wiki sent back an incomplete answer."), 400)

    unreachable = _("%(wiki)s did not confirm who you are. Please try again in a few minutes.") % {
        "wiki": wiki.name
    }
    token_request = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": _callback_url(request, wiki),
        "client_id": client.client_id,
        "code_verifier": attempt["verifier"],
    }
    if client.client_secret:
        token_request["client_secret"] = client.client_secret
    headers = {"Accept": "application/json"}  # outbound sends the User-Agent
    try:
        response = outbound.post(client.token_url(wiki), data=token_request, headers=headers,
                                 timeout=TIMEOUT)  # fmt: skip
        token = response.json().get("access_token") if response.status_code == 200 else None
        if not isinstance(token, str) or not token:
            return _failure(request, wiki, unreachable, 502)
        response = outbound.get(
            client.profile_url(wiki),
            headers={**headers, "Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        )
        if response.status_code != 200:  # an error, or a redirect (never followed)
            return _failure(request, wiki, unreachable, 502)
        facts = profile_facts(response.json())
    except (outbound.Refused, requests.RequestException, ValueError, AttributeError, BadProfile):
        return _failure(request, wiki, unreachable, 502)

    try:
        user = link_account(wiki, client, facts)
    except AccountConflict:
        return _failure(
            request, wiki,
            _("The account %(name)s on %(wiki)s is already linked to another IRS account. "
              "Please ask the IRS operators for help.") % {"name": facts["username"],
                                                          "wiki": wiki.name},
            409, retry=False,
        )  # fmt: skip
    refresh_quietly(user, wiki)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(attempt["next"])
