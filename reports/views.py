from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from wikis.models import Wiki


def start(request, wiki):
    # Placeholder seam: the reporter flow is built in reports/ (issue 2).
    get_object_or_404(Wiki, slug=wiki)
    return HttpResponse("report flow")


@login_required
def mine(request):
    return HttpResponse("my reports")
