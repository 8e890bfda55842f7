"""Operators' view of deliveries that failed for good, with a retry button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from routing.delivery import retry_dead
from routing.models import Delivery


def _operator_or_404(request) -> None:
    if not request.user.is_superuser:
        raise Http404


@login_required
def dead_deliveries(request):
    _operator_or_404(request)
    deliveries = (
        Delivery.objects.dead()
        .select_related("report", "report__wiki")
        .order_by("-updated_at", "-id")
    )
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(request, "routing/dead_deliveries.html", {"page": page})


@login_required
@require_POST
def retry_delivery(request, pk: int):
    _operator_or_404(request)
    item = get_object_or_404(Delivery.objects.select_related("report"), pk=pk)
    with transaction.atomic():
        retried = retry_dead(item)
    if retried:
        messages.success(
            request, _("Delivery %(id)s will be sent again shortly.") % {"id": item.pk}
        )
    else:
        messages.info(request, _("Delivery %(id)s was not failed any more.") % {"id": item.pk})
    return redirect("routing:dead")
