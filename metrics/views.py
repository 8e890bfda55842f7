"""The dialog's event endpoint (POST /funnel/event) and, in metrics/dashboard_views.py, the
dashboards."""

import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from metrics import funnel
from reports import throttle

MAX_BODY = 1024


def _client_key(request) -> str:
    # Only for the rate limit, only in the cache, and hashed: never stored with an event.
    address = request.META.get("REMOTE_ADDR", "")
    return "funnel:" + hashlib.sha256(address.encode()).hexdigest()[:24]


@csrf_exempt  # no cookie is needed or read: the event says nothing about who sent it
@require_POST
def event(request):
    """One event from the report dialog (navigator.sendBeacon, form-encoded): 204 when taken
    (or dropped because the wiki measures nothing), 400 for anything not of a known shape,
    429 over IRS_FUNNEL_EVENTS_PER_MINUTE from one address."""
    if not throttle.allow(_client_key(request), settings.IRS_FUNNEL_EVENTS_PER_MINUTE, 60):
        return JsonResponse(
            {"error": "too many events"},
            status=429,
            headers={"Retry-After": str(throttle.retry_after(60))},
        )
    if len(request.body) > MAX_BODY or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return JsonResponse({"error": "not a funnel event"}, status=400)
    try:
        funnel.client_event(request.POST)
    except funnel.Refused as refused:
        return JsonResponse({"error": str(refused)}, status=400)
    return HttpResponse(status=204)
