"""The configuration editor posts far more fields than a report form: read it with its own,
larger limits, then check CSRF as usual.

The site-wide limits (IRS_MAX_BODY_BYTES, DATA_UPLOAD_MAX_NUMBER_FIELDS) stay small for every
other page; only the editor's views are wrapped with `config_form`.
"""

from functools import wraps
from urllib.parse import parse_qsl

from django.http import HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

CONFIG_MAX_BODY_BYTES = 2 * 1024 * 1024
CONFIG_MAX_FIELDS = 10000


def config_form(view):
    protected = csrf_protect(view)

    @csrf_exempt  # the CSRF check runs below, once the larger body has been read
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > CONFIG_MAX_BODY_BYTES:
                return HttpResponse(
                    _("The configuration is too large to be saved."),
                    status=413,
                    content_type="text/plain; charset=utf-8",
                )
            body = request.read(length)
            try:
                pairs = parse_qsl(
                    body.decode(request.encoding or "utf-8"),
                    keep_blank_values=True,
                    max_num_fields=CONFIG_MAX_FIELDS,
                )
            except (UnicodeDecodeError, ValueError):
                return HttpResponse(
                    _("The form could not be read."),
                    status=400,
                    content_type="text/plain; charset=utf-8",
                )
            post = QueryDict(mutable=True)
            for key, value in pairs:
                post.appendlist(key, value)
            post._mutable = False
            request._post = post
            request._files = MultiValueDict()
        return protected(request, *args, **kwargs)

    return wrapper
