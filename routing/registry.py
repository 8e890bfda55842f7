"""The one list of delivery channels: kind -> class. Field choices and labels derive from it."""

from django.utils.module_loading import import_string

CHANNELS = {
    "email": "routing.channels.email.EmailChannel",
    "noticeboard": "routing.channels.noticeboard.NoticeboardChannel",
    "webhook": "routing.channels.webhook.WebhookChannel",
    # Queued by the application itself (routing.notices, reports.evidence), never named by a wiki.
    "notice": "routing.channels.notice.NoticeChannel",
    # Statements of reasons to a reported user, through their wiki (desk.notices).
    "wiki-user": "routing.channels.wiki_user.WikiUserChannel",
    "evidence": "routing.channels.evidence.EvidenceChannel",
}


class UnknownChannel(LookupError):
    pass


def register(kind: str, path: str) -> None:
    """Add a channel an app above routing brings (by dotted path; routing imports nothing of
    it). Registering the same kind twice with another class is a programming error."""
    if CHANNELS.get(kind, path) != path:
        raise ValueError(f"channel kind {kind!r} is already {CHANNELS[kind]!r}")
    CHANNELS[kind] = path


def channel_class(kind: str):
    try:
        path = CHANNELS[kind]
    except (KeyError, TypeError):
        raise UnknownChannel(kind) from None
    return import_string(path)


def configurable_class(kind: str):
    """The channel a wiki's configuration may name as a destination (not an internal one)."""
    channel = channel_class(kind)
    if not channel.configurable:
        raise UnknownChannel(kind)
    return channel


def destination_problems(destination, wiki: str | None, data: dict) -> list | None:
    """A configured destination's problems by its channel's rules (and, with the wiki known,
    its checks for that wiki); None for a kind that is not a configurable channel. Registered
    with the wikis app's validator (wikis/contributions.py) by RoutingConfig.ready."""
    try:
        channel = configurable_class(destination.get("kind"))
    except (UnknownChannel, AttributeError):
        return None
    problems = channel.validate(destination)
    if not problems and wiki is not None:
        problems = channel.check_for_wiki(destination, wiki, data)
    return problems


def kinds() -> list[str]:
    return list(CHANNELS)


def configurable_kinds() -> list[str]:
    return [kind for kind in CHANNELS if channel_class(kind).configurable]


def internal_kinds() -> list[str]:
    """Deliveries the application queues for itself (notifications), not a report's routes."""
    return [kind for kind in CHANNELS if not channel_class(kind).configurable]


def local_kinds() -> list[str]:
    """Channels whose delivery is a row in IRS's own database (the desk): done before the
    reporter's confirmation shows (routing.outbox.place_locally)."""
    return [kind for kind in CHANNELS if getattr(channel_class(kind), "local", False)]


def choices() -> list[tuple[str, str]]:
    return [(kind, channel_class(kind).label) for kind in configurable_kinds()]


def label(kind: str) -> str:
    try:
        return str(channel_class(kind).label)
    except UnknownChannel:
        return kind


def summarize(kind: str, destination: dict) -> str:
    try:
        return channel_class(kind).summarize(destination)
    except UnknownChannel:
        return kind
    except Exception:  # a malformed destination must not break a status page
        return label(kind)


def channel_for(kind: str, destination: dict):
    return channel_class(kind)(destination)
