"""Where each person's work is: the page they land on after login and their header links.

Operators (superusers) land on the operators' page, responders on the desk, a wiki's
configuration admins on that wiki's configuration; everyone else on the home page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from desk.access import is_operator, is_responder
from desk.models import TeamMembership
from wikis.models import Wiki, WikiAdmin


def administered_wikis(user):
    """The wikis whose configuration `user` may edit as one of its admins (not as operator)."""
    if not user.is_authenticated:
        return Wiki.objects.none()
    return Wiki.objects.filter(admins__user=user).order_by("slug")


def landing_url(user) -> str:
    if is_operator(user):
        return reverse("operators")
    if is_responder(user):
        return reverse("desk:overview")
    wiki = administered_wikis(user).first()
    if wiki is not None:
        return reverse("wikis:config", args=[wiki.slug])
    return reverse("home")


def _roles(user) -> tuple[bool, bool]:
    """(works a team's queues, administers a wiki's configuration), in one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            member=Exists(TeamMembership.objects.filter(user=OuterRef("pk"))),
            admin=Exists(WikiAdmin.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("member", "admin")
        .first()
    )
    return row or (False, False)


def work_links(user) -> list[tuple[str, str]]:
    """(label, href) of the places `user` works, for the page header."""
    if not user.is_authenticated:
        return []
    member, admin = _roles(user)
    links = [(_("My reports"), reverse("reports:mine"))]
    if member or is_operator(user):
        links.append((_("Desk"), reverse("desk:overview")))
    for wiki in administered_wikis(user)[:3] if admin else ():
        links.append(
            (
                _("%(wiki)s configuration") % {"wiki": wiki.name},
                reverse("wikis:config", args=[wiki.slug]),
            )
        )
    if is_operator(user):
        links.append((_("Operators"), reverse("operators")))
    return links


def navigation(request):
    """Template context: `work_links` for the header (computed only when a page uses it)."""
    return {"work_links": lambda: work_links(request.user)}
