"""Interface language: `?uselang=xx` like MediaWiki, else the wiki's content language.

An explicit `uselang` is remembered in the session so a multi-step flow keeps it.
"""

from django.conf import settings
from django.utils import translation

from wikis.models import Wiki

SESSION_KEY = "uselang"
_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower()
    if code in _SUPPORTED:
        return code
    base = code.split("-")[0]
    return base if base in _SUPPORTED else None


class UseLangMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = _supported(request.GET.get("uselang"))
        if chosen:
            request.session[SESSION_KEY] = chosen
        else:
            chosen = _supported(request.session.get(SESSION_KEY))
        request.uselang_explicit = bool(chosen)
        translation.activate(chosen or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        translation.deactivate()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.uselang_explicit or "wiki" not in view_kwargs:
            return None

        wiki = Wiki.objects.filter(slug=view_kwargs["wiki"]).first()
        language = _supported(wiki.content_language) if wiki else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None


def language_context(request):
    return {
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "LANGUAGE_CODE": translation.get_language(),
    }
