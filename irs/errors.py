"""Ordinary refusals stay ordinary: the site's own "not found" page even with debug on, and
one log line without a traceback for a 4xx response."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


class SiteNotFoundPageMiddleware:
    """With debug on, Django answers a missing page with its technical page for developers;
    people trying the demo see the site's own page instead (with debug off Django already
    uses it). Placed after CommonMiddleware, which still adds a missing slash on a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view matched the address: the resolver's 404 (views' own 404s keep theirs).
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class NoTracebackForClientErrors(logging.Filter):
    """Django logs a refused request (403, 404, 400) with the exception's traceback; a refusal
    is no fault of the service, so its log line keeps the message and drops the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def csrf_failure(request, reason: str = "") -> HttpResponseForbidden:
    """A form whose CSRF check failed (CSRF_FAILURE_VIEW): the site's own page in the person's
    language saying what happened and what to do, instead of Django's English "Forbidden"
    page. Django's technical reason goes to the log only: it names cookies and headers."""
    logging.getLogger("irs.security").info("CSRF check failed: %s", reason)
    message = _(
        "This form could not be accepted because its security check failed. This happens "
        "when the page stayed open for a long time, when you logged in or out in another "
        "tab, or when your browser does not keep this site's cookies."
    )
    page = render_to_string(
        "irs/refused_request.html",
        {"message": message, "reload_hint": True},
        request=request,
    )
    return HttpResponseForbidden(page)
