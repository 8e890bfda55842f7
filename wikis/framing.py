"""Who may show IRS pages in a frame: only the wiki the report flow is for.

Every page IRS serves carries the site-wide Content-Security-Policy (settings.SECURE_CSP,
Django's own CSP middleware): scripts and styles from IRS only, no inline script, and
`frame-ancestors 'none'` (with `X-Frame-Options: DENY` for older browsers). A few views let
one wiki's pages frame them (the report dialog): their decorator `framable_by(find_wiki)`
replaces `frame-ancestors` with that wiki's origin, taken from its configured base_url, and
drops X-Frame-Options. No base_url, no framing. Which views: the report flow of a wiki
(reports/views.py), the login page on the way to it (accounts/urls.py), and the pages of a
report the person just filed there, for its reporter only (reports, desk).
"""

import re
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.views.decorators.csp import csp_override

from wikis.models import Wiki


def wiki_origin(wiki) -> str | None:
    parts = urlsplit((wiki.read_config().get("wiki") or {}).get("base_url") or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def allow_framing_by(response, request, wiki):
    """`response`, which `wiki`'s own pages may now frame (when the wiki has an origin)."""
    origin = wiki_origin(wiki) if wiki is not None else None
    if origin is None:
        return response
    policy = {**settings.SECURE_CSP, "frame-ancestors": [origin]}
    response = csp_override(policy)(lambda _request: response)(request)
    response.xframe_options_exempt = True
    return response


def framable_by(find_wiki):
    """View decorator: `find_wiki(request, *args, **kwargs)` names the wiki (or None) whose
    pages may frame the view's response."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return allow_framing_by(response, request, find_wiki(request, *args, **kwargs))

        return wrapper

    return decorate


def the_flows_wiki(request, wiki, *args, **kwargs):
    """For the report flow's views: the wiki in their URL (the object the view used)."""
    return Wiki.objects.for_request(request, wiki)


def the_next_flows_wiki(request, *args, **kwargs):
    """For the login page: the wiki whose report flow `?next=` returns to, if it does."""
    path = urlsplit(request.GET.get("next", "")).path
    try:
        match = resolve(path) if path.startswith("/") else None
    except Resolver404:
        return None
    if match is None or match.namespace != "reports" or "wiki" not in match.kwargs:
        return None
    return Wiki.objects.filter(slug=match.kwargs["wiki"]).first()
