"""{% oauth_login_links %}: "Log in with <wiki>" buttons on the login page.

Shown for the wiki the person is about to report on (from `next`), else for every wiki with
an OAuth client. Inside the report dialog's iframe the button opens a new tab: the wiki's
authorization page refuses to be framed, and the login then carries on in that tab.
"""

import re

from django import template

from accounts.oauth import client_for
from wikis.models import Wiki

register = template.Library()

_WIKI_PATH = re.compile(r"^/w/(?P<slug>[-\w]+)/")


@register.inclusion_tag("accounts/oauth_login_links.html", takes_context=True)
def oauth_login_links(context):
    request = context.get("request")
    next_url = context.get("next") or (request.GET.get("next", "") if request else "")
    match = _WIKI_PATH.match(next_url or "")
    wikis = Wiki.objects.filter(slug=match["slug"]) if match else Wiki.objects.order_by("slug")
    offered = [wiki for wiki in wikis[:50] if client_for(wiki) is not None]
    framed = bool(request and request.headers.get("Sec-Fetch-Dest") == "iframe")
    return {"wikis": offered, "next": next_url, "framed": framed}
