"""How large a request body may be, per view.

Every page takes a small body (`IRS_MAX_BODY_BYTES`, `IRS_MAX_FORM_FIELDS`); a view that
needs more says so with `@accepts_large_body` (the configuration editor). Django parses every
body itself: its own limits (`DATA_UPLOAD_MAX_MEMORY_SIZE`, `DATA_UPLOAD_MAX_NUMBER_FIELDS`)
are the largest any view accepts, and `BodyLimitMiddleware`, placed before the CSRF check,
refuses a larger body for a view that did not ask for it before anything reads it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class BodyLimits:
    max_bytes: int
    max_fields: int


def default_limits() -> BodyLimits:
    return BodyLimits(settings.IRS_MAX_BODY_BYTES, settings.IRS_MAX_FORM_FIELDS)


def large_limits() -> BodyLimits:
    return BodyLimits(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)


def accepts_large_body(view):
    """Marks a view as taking a body up to Django's own limits instead of the small ones."""
    view.accepts_large_body = True
    return view


def _refusal(request, message: str, status: int) -> HttpResponse:
    """The site's own page saying what was refused (in the person's language)."""
    page = render_to_string("irs/refused_request.html", {"message": message}, request=request)
    return HttpResponse(page, status=status)


def _foreign_charset(request) -> bool:
    """A form that declares a character set other than UTF-8 (pages are UTF-8, and so is
    every form IRS serves): Django would decode it as declared or fail on it."""
    charset = request.content_params.get("charset") if request.content_params else None
    if not charset:
        return False
    return charset.strip().lower() != "utf-8"  # Django reads a form only under this name


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        large = getattr(view_func, "accepts_large_body", False)
        limits = large_limits() if large else default_limits()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, _("The request could not be read."), 400)
        if length < 0:
            return _refusal(request, _("The request could not be read."), 400)
        if request.content_type in (FORM, MULTIPART) and _foreign_charset(request):
            return _refusal(
                request,
                _("The form was sent in a character encoding other than UTF-8; it was not read."),
                400,
            )
        if length > limits.max_bytes:
            message = (
                _("The configuration is too large to be saved.")
                if large
                else _("The request is too large.")
            )
            return _refusal(request, message, 413)
        if length and request.content_type == FORM:
            # Within max_bytes, so reading it is cheap; Django parses the same bytes later.
            fields = request.body.count(b"&") + 1
            if fields > limits.max_fields:
                return _refusal(request, _("The form has too many fields."), 400)
        return None
