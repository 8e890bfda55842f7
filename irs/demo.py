"""The demo wiki and its accounts, used by `manage.py seed_demo` and by the tests' personas."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User, WikiAccount
from desk import names
from desk.models import Queue, Team, TeamMembership
from routing.outbox import SAFETY_QUEUE
from routing.secrets import credential_bound
from wikis.defaults import default_config
from wikis.models import ConfigRevision, Wiki, WikiAdmin
from wikis.revisions import NoChange, save_config

DEMO_PASSWORD = "demo-password"
DEMO_WIKI = "demowiki"
# The bot password the demo's MediaWiki makes for noticeboard delivery (irs/demo_wiki.py).
DEMO_CREDENTIAL = "demowiki-bot"


def example_addresses(slug: str = DEMO_WIKI) -> dict[str, str]:
    """Where a wiki without a real MediaWiki behind it says it lives (reserved addresses)."""
    return {
        "base_url": f"https://{slug}.example.org",
        "script_path": "/w",
        "api_url": f"https://{slug}.example.org/w/api.php",
    }


def local_addresses(mediawiki_url: str) -> dict[str, str]:
    """Where the demo's local MediaWiki lives (index.php and api.php right under its root)."""
    url = mediawiki_url.rstrip("/")
    return {"base_url": url, "script_path": "", "api_url": f"{url}/api.php"}


def ensure_wiki(slug: str = DEMO_WIKI, name: str = "Demo Wiki", **wiki_facts) -> Wiki:
    wiki, created = Wiki.objects.get_or_create(slug=slug)
    if created or not wiki.config_revisions.exists():
        config = default_config(slug)
        config["wiki"].update({"name": name, **example_addresses(slug)})
        config["wiki"].update(wiki_facts)
        ConfigRevision.objects.create(wiki=wiki, data=config, summary="Initial configuration")
    return wiki


def ensure_safety_team() -> Team:
    team, _ = Team.objects.get_or_create(
        slug=settings.IRS_SAFETY_TEAM,
        defaults={
            "name": names.SAFETY_TEAM_NAME,
            "is_safety": True,
            "email": settings.IRS_SAFETY_EMAIL,
        },
    )
    Queue.objects.get_or_create(
        team=team, slug=SAFETY_QUEUE, defaults={"name": names.SAFETY_QUEUES[SAFETY_QUEUE]}
    )
    return team


def ensure_community_team(wiki: Wiki) -> Team:
    team, _ = Team.objects.get_or_create(
        slug=names.community_team_slug(wiki.slug),
        defaults={"name": names.community_team_name(wiki.name), "wiki": wiki},
    )
    Queue.objects.get_or_create(
        team=team, slug=names.COMMUNITY_QUEUE_SLUG, defaults={"name": names.COMMUNITY_QUEUE_NAME}
    )
    return team


def make_user(
    wiki: Wiki,
    username: str,
    *,
    password: str = DEMO_PASSWORD,
    edit_count: int = 250,
    age: timedelta = timedelta(days=400),
    email_confirmed: bool = True,
    groups: tuple[str, ...] = ("user", "autoconfirmed"),
    blocked: bool = False,
    superuser: bool = False,
) -> User:
    """A local user with an account on `wiki` whose facts are exactly as given."""
    email = f"{username.lower().replace(' ', '.')}@example.org"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, email=email, password=password)
    if superuser and not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    WikiAccount.objects.update_or_create(
        user=user,
        wiki=wiki,
        defaults={
            "provider": "local",
            "username": username,
            "edit_count": edit_count,
            "registered_at": timezone.now() - age,
            "email": email,
            "email_confirmed": email_confirmed,
            "groups": list(groups),
            "blocked": blocked,
            "block_reason": "Demo block" if blocked else "",
        },
    )
    return user


# name, description, facts: the personas a newcomer can log in as.
DEMO_ACCOUNTS: list[tuple[str, str, dict]] = [
    ("Reporter", "eligible, autoconfirmed (5 reports a day)", {}),
    (
        "Newcomer",
        "new user, not autoconfirmed (1 report a day)",
        {"edit_count": 3, "age": timedelta(days=1), "groups": ("user",)},
    ),
    ("Unconfirmed", "email address not confirmed", {"email_confirmed": False}),
    ("Blocked", "blocked on the wiki", {"blocked": True}),
    (
        "Justjoined",
        "account younger than 3 hours, no edits",
        {"edit_count": 0, "age": timedelta(minutes=30), "groups": ("user",)},
    ),
    ("Responder", "member of the demo wiki's responders team", {}),
    ("Safety", "member of the global safety team", {}),
    ("WikiAdmin", "may edit the demo wiki's IRS configuration", {}),
    ("Operator", "global operator (superuser)", {"superuser": True}),
]


# The demo community's configuration: a realistic one. Every type it shows lists where to get
# help (its administrators' noticeboard, an email address, its community portal); exposing
# private information offers only a private channel; intimidation, sexual harassment and
# "something else" may be reported straight to the responders' desk; trolling is posted to the
# wiki's public incidents noticeboard when the demo MediaWiki runs (to the desk otherwise).
DEMO_ADMINS_PAGE = "Project:Administrators' noticeboard"
DEMO_COMMUNITY_PAGE = "Project:Community portal"
DEMO_NOTICEBOARD = "Project:Incidents"
DEMO_ADMINS_EMAIL = "admins@demowiki.example.org"
DEMO_OVERSIGHT_EMAIL = "oversight@demowiki.example.org"
DEMO_DESK_TYPES = ("intimidation", "sexual-harassment", "something-else")
DEMO_SUMMARY = "Demo configuration"
# Revisions the seeding saved (the second, from demos before this configuration, is replaced).
_SEEDED_SUMMARIES = (
    "Initial configuration",
    "Demo: direct reports of some types go to the responders' desk",
    DEMO_SUMMARY,
)


def demo_configuration(
    wiki: Wiki, team: Team, noticeboard_credential: str = "", addresses: dict | None = None
) -> dict:
    config = wiki.config
    if addresses:
        config["wiki"].update(addresses)
    desk = [{"kind": "desk", "team": team.slug, "queue": team.queues.order_by("pk")[0].slug}]
    for entry in config["non_emergency"]["types"]:
        key = entry["key"]
        if key == "doxing":
            entry["help_methods"] = [
                {
                    "kind": "email",
                    "email": DEMO_OVERSIGHT_EMAIL,
                    "label": {
                        "en": "Ask privately for the edit to be hidden (oversight team)",
                        "pt": "Peça em privado que a edição seja ocultada (equipa de supressão)",
                        "uk": "Попросіть приватно приховати редагування (команда приховування)",
                    },
                }
            ]
        elif entry["shown"]:
            entry["help_methods"] = [
                {"kind": "admin", "page": DEMO_ADMINS_PAGE},
                {"kind": "email", "email": DEMO_ADMINS_EMAIL},
                {"kind": "community", "page": DEMO_COMMUNITY_PAGE},
            ]
        if key in DEMO_DESK_TYPES:
            entry["direct_report"] = {"enabled": True, "destinations": desk}
        elif key == "trolling":
            if noticeboard_credential:
                entry["public"] = True
                destinations = [
                    {
                        "kind": "noticeboard",
                        "page": DEMO_NOTICEBOARD,
                        "credential": noticeboard_credential,
                    }
                ]
            else:
                entry.pop("public", None)
                destinations = desk
            entry["direct_report"] = {"enabled": True, "destinations": destinations}
    return config


def apply_demo_configuration(
    wiki: Wiki, team: Team, noticeboard_credential: str = "", addresses: dict | None = None
) -> None:
    """Save the demo configuration, unless a person has changed the wiki's since (their edit
    stays)."""

    newest = wiki.current_revision
    if newest is not None and (newest.author_id or newest.summary not in _SEEDED_SUMMARIES):
        return
    try:
        save_config(
            wiki,
            demo_configuration(wiki, team, noticeboard_credential, addresses),
            actor_name="seed_demo",
            check_titles=False,
            summary=DEMO_SUMMARY,
        )
    except NoChange:
        pass


@transaction.atomic
def seed_demo(mediawiki_url: str = "") -> Wiki:
    """The demo wiki, its teams and accounts. With `mediawiki_url` (the demo's MediaWiki runs
    there) the wiki points at it and, when the operators' environment holds the bot password
    (DEMO_CREDENTIAL), trolling is posted to its noticeboard; without, it points at reserved
    example addresses again."""
    wiki = ensure_wiki()
    safety = ensure_safety_team()
    responders = ensure_community_team(wiki)
    if mediawiki_url:
        addresses = local_addresses(mediawiki_url)
        credential = DEMO_CREDENTIAL if credential_bound(DEMO_CREDENTIAL, wiki) else ""
    else:
        addresses, credential = example_addresses(), ""
    apply_demo_configuration(wiki, responders, credential, addresses)
    wiki = Wiki.objects.get(pk=wiki.pk)
    for username, _description, facts in DEMO_ACCOUNTS:
        make_user(wiki, username, **facts)
    TeamMembership.objects.get_or_create(
        team=responders, user=User.objects.get(username="Responder"), defaults={"is_lead": True}
    )
    TeamMembership.objects.get_or_create(
        team=safety, user=User.objects.get(username="Safety"), defaults={"is_lead": True}
    )
    WikiAdmin.objects.get_or_create(wiki=wiki, user=User.objects.get(username="WikiAdmin"))
    return wiki
