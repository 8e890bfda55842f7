from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from desk.access import is_operator
from irs import demo, demo_wiki, navigation, operators
from irs.mediawiki import MediaWiki
from wikis.models import Wiki


def home(request):
    wikis = Wiki.objects.order_by("slug")
    talk_page_url = ""
    if settings.IRS_DEMO_MEDIAWIKI_URL:  # bin/demo runs the demo's MediaWiki
        talk_page_url = MediaWiki.page_url_under(
            settings.IRS_DEMO_MEDIAWIKI_URL, demo_wiki.TALK_PAGE
        )
    return render(
        request,
        "irs/home.html",
        {
            "wikis": wikis,
            "demo": any(wiki.slug == demo.DEMO_WIKI for wiki in wikis),
            "demo_talk_page_url": talk_page_url,
            "demo_harasser": demo_wiki.HARASSER,
            "demo_password": demo.DEMO_PASSWORD,
        },
    )


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
