"""The names of teams and queues as people read them, in their language.

IRS creates some teams and queues itself (the global safety team and its queues on first
use, the demo's community team): their English names are stored, and shown translated while
they are still the name IRS gave. A name anyone typed or changed is shown as it is.
`Team.label` and `Queue.label` ask here; nothing else translates a team's or queue's name.
"""

from django.utils.translation import gettext, gettext_noop

from routing.outbox import SAFETY_QUEUE, UNROUTED_QUEUE

# The global safety team's name when IRS creates it.
SAFETY_TEAM_NAME = gettext_noop("Trust and Safety")
# The safety team's own queues, by slug.
SAFETY_QUEUES = {
    SAFETY_QUEUE: gettext_noop("Emergencies"),
    UNROUTED_QUEUE: gettext_noop("Reports with no route"),
}
# A wiki community's team and queue as the demo (irs/demo.py) sets them up.
COMMUNITY_QUEUE_SLUG = "reports"
COMMUNITY_QUEUE_NAME = gettext_noop("Reports")
_COMMUNITY_TEAM = gettext_noop("%(wiki)s responders")


def community_team_slug(wiki_slug: str) -> str:
    return f"{wiki_slug}-responders"


def community_team_name(wiki_name: str) -> str:
    """The stored (English) name IRS gives a wiki's community team."""
    return _COMMUNITY_TEAM % {"wiki": wiki_name}


def team_label(team) -> str:
    """A team's name in the active language when it is one IRS gave, else as typed."""
    name = team.name or ""
    if team.is_safety:
        return gettext(SAFETY_TEAM_NAME) if name == SAFETY_TEAM_NAME else name
    # "<wiki name> responders" on the team "<wiki slug>-responders" (read from the stored name:
    # no query for the wiki, so a list of cases costs nothing more).
    suffix = community_team_name("")
    if team.wiki_id and team.slug.endswith("-responders") and name.endswith(suffix):
        wiki_name = name[: -len(suffix)]
        if wiki_name.strip() and community_team_name(wiki_name) == name:
            return gettext(_COMMUNITY_TEAM) % {"wiki": wiki_name}
    return name


def queue_label(queue) -> str:
    """A queue's name in the active language when it is one IRS gave, else as typed."""
    name = queue.name or ""
    builtin = (
        SAFETY_QUEUES.get(queue.slug)
        if queue.team.is_safety
        else (COMMUNITY_QUEUE_NAME if queue.slug == COMMUNITY_QUEUE_SLUG else None)
    )
    if builtin is not None and name == builtin:
        return gettext(builtin)
    return name
