"""The one list of delivery channels: kind -> class. Field choices and labels derive from it."""

from django.utils.module_loading import import_string

CHANNELS = {
    "email": "routing.channels.email.EmailChannel",
    "noticeboard": "routing.channels.noticeboard.NoticeboardChannel",
    "webhook": "routing.channels.webhook.WebhookChannel",
    "desk": "routing.channels.desk.DeskChannel",
}


class UnknownChannel(LookupError):
    pass


def channel_class(kind: str):
    try:
        path = CHANNELS[kind]
    except (KeyError, TypeError):
        raise UnknownChannel(kind) from None
    return import_string(path)


def kinds() -> list[str]:
    return list(CHANNELS)


def choices() -> list[tuple[str, str]]:
    return [(kind, channel_class(kind).label) for kind in CHANNELS]


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
