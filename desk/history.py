"""A reported user's history on one wiki: every case about them that the viewer may open.

The original's testers expected the system to "check if the abuser had any past history".
Only cases the viewer may see count (desk.access, recusal included): a community responder
learns nothing of the safety team's emergency cases, and a responder who is the reported user
sees none of the cases about them. Names are matched as the wiki stores them: exactly, or with
the first letter capitalised (MediaWiki's canonical form), so the wiki-and-user index serves it.
"""

from django.db.models import Count, Q

from desk import access
from reports.models import OPEN_STATUSES, Outcome, Report, Status

PAGE_SIZE = 50


def canonical_variants(name: str) -> list[str]:
    name = (name or "").strip()
    if not name:
        return []
    return list(dict.fromkeys([name, name[:1].upper() + name[1:]]))


def cases_about(wiki, name: str, viewer):
    """The cases about `name` on `wiki` that `viewer` may open, newest first."""
    names = canonical_variants(name)
    if not names:
        return Report.objects.none()
    about = Q()
    for variant in names:
        about |= Q(reported_user=variant)
    return access.restrict_to_visible(
        Report.objects.filter(about, wiki=wiki).exclude(status=Status.INFORMATION), viewer
    ).order_by("-created_at", "-id")


def history(wiki, name: str, viewer, page: int = 1) -> dict:
    """Counts per outcome and per status, and one page of the cases (with queue and team)."""
    cases = cases_about(wiki, name, viewer)
    by_outcome = dict(cases.values_list("outcome").annotate(n=Count("id")).order_by())
    total = sum(by_outcome.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = list(
        cases.select_related("queue__team", "assignee")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    return {
        "total": total,
        "outcomes": [
            (str(o.label), by_outcome[o.value]) for o in Outcome if by_outcome.get(o.value)
        ],
        "open": cases.filter(status__in=OPEN_STATUSES).count() if total else 0,
        "cases": rows,
        "page": page,
        "pages": pages,
    }
