from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404

from embed.script import dialog_script, entry_script, etag, menu_script
from wikis.models import Wiki

# Wikis cache the entry point for this long: a configuration change shows within minutes.
MAX_AGE = 300


def _script(request, body: str) -> HttpResponse:
    tag = etag(body)
    response: HttpResponse
    if request.headers.get("If-None-Match") == tag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    # Public code with nothing personal in it: any page may load it.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def entry(request, wiki):
    wiki = get_object_or_404(Wiki, slug=wiki)
    # ?lang= is the reader's interface language (the snippet passes wgUserLanguage).
    return _script(request, entry_script(wiki, request.GET.get("lang")))


def dialog(request):
    return _script(request, dialog_script())


def menu(request):
    return _script(request, menu_script())
