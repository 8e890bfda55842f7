"""Who may show IRS pages in a frame: only the wiki the report flow is for.

Everything IRS serves is `X-Frame-Options: DENY` (Django's clickjacking middleware), except
the report flow of a wiki (/w/<wiki>/report and below, never the wiki's configuration pages),
the login page on the way to it, and the pages of
a report the person just filed there (/my-reports/<reference>/..., for its reporter only),
which that wiki's pages may frame (the report dialog): `Content-Security-Policy:
frame-ancestors <the wiki's origin>`, taken from its configured base_url. No base_url, no
framing.

This middleware sits after XFrameOptionsMiddleware in settings.MIDDLEWARE, so it sees the
response first and can exempt it.
"""

import re
from urllib.parse import urlsplit

from wikis.models import Wiki

_FLOW = re.compile(r"^/w/(?P<slug>[-\w]+)/report(?:/|$|\?)")
_LOGIN = re.compile(r"^/accounts/login/$")
_OWN_REPORT = re.compile(r"^/my-reports/(?P<reference>[-A-Z0-9]{1,16})/")


def wiki_origin(wiki) -> str | None:
    parts = urlsplit((wiki.config.get("wiki") or {}).get("base_url") or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+", parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"


def framing_wiki_slug(request) -> str | None:
    match = _FLOW.match(request.path_info)
    if match:
        return match["slug"]
    if _LOGIN.match(request.path_info):
        match = _FLOW.match(request.GET.get("next", ""))
        if match:
            return match["slug"]
    match = _OWN_REPORT.match(request.path_info)
    user = getattr(request, "user", None)
    if match and user is not None and user.is_authenticated:
        from reports.models import Report

        return (
            Report.objects.filter(reference=match["reference"], reporter=user)
            .values_list("wiki__slug", flat=True)
            .first()
        )
    return None


class FrameAncestorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        slug = framing_wiki_slug(request)
        if slug is None or "Content-Security-Policy" in response:
            return response
        wiki = Wiki.objects.filter(slug=slug).first()
        origin = wiki_origin(wiki) if wiki else None
        if origin is None:
            return response
        response["Content-Security-Policy"] = f"frame-ancestors {origin}"
        response.xframe_options_exempt = True
        return response
