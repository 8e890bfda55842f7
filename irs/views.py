from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

from wikis.models import Wiki


def home(request):
    return render(request, "irs/home.html", {"wikis": Wiki.objects.order_by("slug")})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
