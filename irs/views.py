from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from desk.access import is_operator
from irs import demo, demo_wiki, heartbeat, navigation, operators
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


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


@never_cache
def healthz(request):
    """For load balancers: this web process serves and reaches the database."""
    if not _database_answers():
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz_full(request):
    """For monitoring, in JSON: the database, the delivery workers' last heartbeat and the
    outbox backlog; 503 when any is wrong. Counts and ages only, never personal data."""
    if not _database_answers():
        return JsonResponse({"ok": False, "database": {"ok": False}}, status=503)
    try:
        workers = heartbeat.liveness()
        health = operators.delivery_health()
    except DatabaseError:
        return JsonResponse({"ok": False, "database": {"ok": False}}, status=503)
    workers_ok = workers["live"] > 0
    oldest = health["oldest_due_seconds"]
    backlog_ok = oldest is None or oldest <= settings.IRS_HEALTH_MAX_BACKLOG_SECONDS
    ok = workers_ok and backlog_ok
    return JsonResponse(
        {
            "ok": ok,
            "database": {"ok": True},
            "workers": {"ok": workers_ok, **workers},
            "outbox": {
                "ok": backlog_ok,
                "due": health["due"],
                "oldest_due_seconds": oldest,
                "max_backlog_seconds": settings.IRS_HEALTH_MAX_BACKLOG_SECONDS,
                "dead": health["dead"],
            },
        },
        status=200 if ok else 503,
    )


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
