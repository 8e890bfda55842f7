"""IRS's URLs plus the framework floor: a bare Django view that reads the form and inserts
one row, behind the same middleware (session, CSRF, language) as the report flow."""

import uuid

from django.http import HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from irs.models import WorkerHeartbeat


@require_POST
def floor(request):
    WorkerHeartbeat.objects.create(
        worker_id=uuid.uuid4().hex,
        host=request.POST.get("text", "")[:255],
        pid=len(request.POST),
        beat_at=timezone.now(),
    )
    return HttpResponseRedirect("/")


urlpatterns = [path("bench/floor", floor), path("", include("irs.urls"))]
