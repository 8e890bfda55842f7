"""Interface language, chosen as MediaWiki does: `?uselang=xx` (the entry point passes the
reader's own interface language, wgUserLanguage, this way), else the wiki's content language,
else English. An explicit `uselang` is remembered in the session so a multi-step flow keeps it.

A code IRS has no catalog for falls back along a chain instead of failing (`resolve`):
regional and formal variants to their language (pt-br -> pt, de-formal -> de, es-419 -> es),
old or macro-language codes to the one IRS ships (iw -> he, in -> id, arz -> ar), Chinese
variants to Simplified Chinese (zh, zh-cn, zh-sg, zh-my; also zh-hant, zh-tw, zh-hk, zh-mo,
as MediaWiki's own chain does, since a Simplified page is readable where English may not be).
No language falls back to a different language of the same region (uk never to ru, be never
to ru): an unknown code goes on to the next source, then to English.
"""

from django.conf import settings
from django.utils import translation

from wikis.models import Wiki

SESSION_KEY = "uselang"
_SUPPORTED = {code for code, _name in settings.LANGUAGES}
# Codes whose fallback is not their first subtag (MediaWiki's names; docs/languages.md).
FALLBACKS = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-my": "zh-hans",
    "zh-hant": "zh-hans",
    "zh-tw": "zh-hans",
    "zh-hk": "zh-hans",
    "zh-mo": "zh-hans",
    "iw": "he",
    "in": "id",
    "arz": "ar",
    "ary": "ar",
}
# Longest code accepted; anything longer (or not a language tag) is no language at all.
_MAX_CODE = 35


def resolve(code: str | None) -> str | None:
    """The shipped language for a MediaWiki or BCP 47 code, or None when there is none."""
    if not code or len(code) > _MAX_CODE:
        return None
    code = code.strip().lower().replace("_", "-")
    if code in _SUPPORTED:
        return code
    if code in FALLBACKS:
        return FALLBACKS[code]
    base = code.split("-")[0]
    if base in FALLBACKS:
        return FALLBACKS[base]
    return base if base in _SUPPORTED else None


class UseLangMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = resolve(request.GET.get("uselang"))
        if chosen:
            request.session[SESSION_KEY] = chosen
        else:
            chosen = resolve(request.session.get(SESSION_KEY))
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

        # The view and the framing decorator reuse this lookup (and its configuration).
        wiki = Wiki.objects.for_request(request, view_kwargs["wiki"])
        language = resolve(wiki.content_language) if wiki else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return None


def language_context(request):
    return {
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "LANGUAGE_CODE": translation.get_language(),
    }
