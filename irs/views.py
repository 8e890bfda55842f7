from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from desk.access import is_operator
from irs import navigation, operators
from wikis.models import Wiki


def home(request):
    return render(request, "irs/home.html", {"wikis": Wiki.objects.order_by("slug")})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def landing(request):
    """Where login sends people who did not ask for a page: where their work is."""
    return redirect(navigation.landing_url(request.user))


@login_required
@require_GET
def operators_page(request):
    if not is_operator(request.user):
        raise Http404
    wiki_rows = operators.wikis()
    messages = operators.system_checks()
    return render(
        request,
        "irs/operators.html",
        {
            "wiki_rows": wiki_rows,
            "teams": operators.teams(),
            "health": operators.delivery_health(),
            "credentials": operators.credentials(wiki_rows),
            "check_messages": messages,
        },
    )


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the site's icon."""
    return redirect(static("irs/favicon.svg"), permanent=True)
