"""The words a wiki shows reporters: built-in texts (translated by gettext) and the wiki's own.

A wiki's configuration may override a type's `label`, `description` and `what_to_do_next`
per language; the override wins for the active language, otherwise the built-in text shows.
Types a wiki adds itself have no built-in text and fall back to their English label or key.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reports.location import page_url

TYPE_LABELS = {
    "intimidation": _("Intimidation or aggressive behavior"),
    "sexual-harassment": _("Sexual harassment"),
    "doxing": _("Exposing private information"),
    "trolling": _("Trolling"),
    "hate-or-discrimination": _("Hate speech or discrimination"),
    "spam": _("Spam"),
    "something-else": _("Something else"),
    "sockpuppetry": _("Sockpuppetry"),
    "vandalism": _("Vandalism"),
    "userdispute": _("Dispute with another user"),
    "disruptiveediting": _("Disruptive editing"),
    "other": _("Other"),
}

TYPE_DESCRIPTIONS = {
    "intimidation": _("Bullying, insults, threats or pressure meant to make someone afraid."),
    "sexual-harassment": _("Unwanted sexual remarks, advances or images."),
    "doxing": _("Sharing someone's personal details, such as a real name, address or workplace."),
    "trolling": _("Deliberately provoking or upsetting people."),
    "hate-or-discrimination": _(
        "Attacks on people for who they are, such as their origin, religion, gender or "
        "sexual orientation."
    ),
    "spam": _("Advertising or repeated unwanted messages."),
    "something-else": _("Behavior that is not in this list."),
    "sockpuppetry": _("One person using several accounts to deceive."),
    "vandalism": _("Deliberately damaging pages."),
    "userdispute": _("A disagreement with another user that you need help with."),
    "disruptiveediting": _("Editing that keeps harming the work of others."),
    "other": _("Anything else."),
}

DEFAULT_WHAT_TO_DO_NEXT = _(
    "Keep a note of where it happened (links to the edits or comments). Do not respond in kind. "
    "Ask for help from the people listed below: they know this wiki's rules and can act."
)
WHAT_TO_DO_NEXT = {
    "intimidation": _(
        "You do not have to answer. Keep links to the edits or comments, and ask an "
        "administrator for help: they can warn or block the user."
    ),
    "sexual-harassment": _(
        "You do not have to answer. Keep links to the messages, and ask for help privately: "
        "the people below can remove the content and stop the user."
    ),
    "doxing": _(
        "Do not repeat the private information anywhere, not even to report it. Ask for the "
        "edit to be hidden privately, by email, so that fewer people see it."
    ),
    "trolling": _(
        "The best answer is often none. Keep links to the edits and ask an administrator to "
        "look at them."
    ),
    "hate-or-discrimination": _(
        "Keep links to the edits or comments, and ask for help: hateful content can be "
        "removed and its author stopped."
    ),
    "spam": _("Undo the spam if you can, and tell an administrator so they can stop its source."),
    "something-else": DEFAULT_WHAT_TO_DO_NEXT,
}

# The texts above that point at the list of ways to get help, said without it: a wiki that
# lists no help method for the type must not say "the people below" over an empty list.
WHAT_TO_DO_NEXT_WITHOUT_HELP = {
    "sexual-harassment": _(
        "You do not have to answer. Keep links to the messages, and ask an administrator of "
        "this wiki for help privately: they can remove the content and stop the user."
    ),
}
DEFAULT_WHAT_TO_DO_NEXT_WITHOUT_HELP = _(
    "Keep a note of where it happened (links to the edits or comments). Do not respond in kind. "
    "Ask one of this wiki's administrators for help: they know its rules and can act."
)

WARNINGS = {
    "do-not-post-publicly": _(
        "Do not post the private information publicly, not even on a noticeboard to report it: "
        "that spreads it further."
    ),
}

HELP_METHOD_LABELS = {
    "admin": _("Contact an administrator"),
    "email": _("Send an email"),
    "community": _("Ask the community"),
}

DEFAULT_EMERGENCY_RESOURCES = [
    (_("Find a helpline in your country"), "https://findahelpline.com/"),
    (
        _("Crisis centres and helplines (International Association for Suicide Prevention)"),
        "https://www.iasp.info/crisis-centres-helplines/",
    ),
]


def localized(mapping, language: str | None = None) -> str:
    """The text for the active language from a `{lang: text}` dict, or "" if it has none."""
    if not isinstance(mapping, dict):
        return ""
    language = language or get_language() or "en"
    for code in (language, language.split("-")[0]):
        text = mapping.get(code)
        if isinstance(text, str) and text.strip():
            return text
    return ""


def safe_href(url) -> str:
    """Only web links from configuration become links (never javascript: or data:)."""
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else ""


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    detail: str = ""
    # admin, email or community for a help method; fallback otherwise (counted by the funnel)
    kind: str = "fallback"


@dataclass(frozen=True)
class IncidentType:
    key: str
    label: str
    description: str
    what_to_do_next: str
    warning: str
    help_methods: list[Link]
    fallback_links: list[Link]
    hide_edit_link: bool
    direct_report: bool


def _help_method(config: dict, method: dict) -> Link | None:
    kind = method.get("kind")
    label = localized(method.get("label")) or str(HELP_METHOD_LABELS.get(str(kind), ""))
    if not label:
        return None
    kind = kind if kind in ("admin", "email", "community") else "fallback"
    if method.get("email"):
        return Link(label, "mailto:" + str(method["email"]), str(method["email"]), kind)
    if method.get("page"):
        return Link(label, page_url(config, str(method["page"])), str(method["page"]), kind)
    href = safe_href(method.get("url"))
    return Link(label, href, href, kind) if href else None


def _fallback_link(config: dict, link: dict) -> Link | None:
    href = page_url(config, str(link["page"])) if link.get("page") else safe_href(link.get("url"))
    label = localized(link.get("label")) or str(link.get("page") or href)
    return Link(label, href) if href else None


def incident_type(config: dict, entry: dict) -> IncidentType:
    key = entry["key"]
    builtin_label = TYPE_LABELS.get(key)
    label = localized(entry.get("label")) or (
        str(builtin_label) if builtin_label else localized(entry.get("label"), "en") or key
    )
    description = localized(entry.get("description")) or str(TYPE_DESCRIPTIONS.get(key, ""))
    warning = str(WARNINGS.get(entry.get("warning") or "", ""))
    found = [
        _help_method(config, m) for m in entry.get("help_methods") or [] if isinstance(m, dict)
    ]
    methods = [m for m in found if m]
    if methods:
        builtin_next = WHAT_TO_DO_NEXT.get(key, DEFAULT_WHAT_TO_DO_NEXT)
    elif key in WHAT_TO_DO_NEXT and WHAT_TO_DO_NEXT[key] is not DEFAULT_WHAT_TO_DO_NEXT:
        builtin_next = WHAT_TO_DO_NEXT_WITHOUT_HELP.get(key, WHAT_TO_DO_NEXT[key])
    else:
        builtin_next = DEFAULT_WHAT_TO_DO_NEXT_WITHOUT_HELP
    what_next = localized(entry.get("what_to_do_next")) or str(builtin_next)
    fallbacks = [
        _fallback_link(config, f) for f in entry.get("fallback_links") or [] if isinstance(f, dict)
    ]
    direct = entry.get("direct_report") or {}
    return IncidentType(
        key=key,
        label=label,
        description=description,
        what_to_do_next=what_next,
        warning=warning,
        help_methods=methods,
        fallback_links=[f for f in fallbacks if f],
        hide_edit_link=bool(entry.get("hide_edit_link")),
        direct_report=bool(direct.get("enabled")),
    )


def non_emergency_enabled(config: dict) -> bool:
    return bool(config.get("non_emergency", {}).get("enabled", True))


def offered_types(config: dict) -> list[IncidentType]:
    """The non-emergency types this wiki shows, in its order."""
    if not non_emergency_enabled(config):
        return []
    entries = config.get("non_emergency", {}).get("types") or []
    return [
        incident_type(config, entry)
        for entry in entries
        if isinstance(entry, dict) and entry.get("key") and entry.get("shown")
    ]


def offered_type(config: dict, key: str) -> IncidentType | None:
    return next((t for t in offered_types(config) if t.key == key), None)


def type_label(config: dict, key: str) -> str:
    """A type's label for lists (my reports), shown even if the wiki stopped offering it."""
    for entry in config.get("non_emergency", {}).get("types") or []:
        if isinstance(entry, dict) and entry.get("key") == key:
            return incident_type(config, entry).label
    return str(TYPE_LABELS.get(key, key))


def report_type_label(report, config: dict | None = None) -> str:
    """The one label of a report's type in the active language: the harm subtype (or
    "Emergency") for emergencies, else the wiki's own label or the built-in one (`type_label`).
    `config` is the wiki's configuration when the caller already has it."""
    if report.is_emergency:
        return str(report.get_harm_subtype_display() or report.get_flow_display())
    return type_label(report.wiki.read_config() if config is None else config, report.incident_type)


def emergency_resources(config: dict) -> list[Link]:
    """The wiki's support resources for the active language first, then the built-in ones."""
    language = (get_language() or "en").split("-")[0]
    links = []
    for resource in config.get("emergency", {}).get("resources") or []:
        if not isinstance(resource, dict):
            continue
        href = safe_href(resource.get("url"))
        wanted = resource.get("language")
        if not href or (wanted and wanted.split("-")[0] != language):
            continue
        label = localized(resource.get("label")) or localized(resource.get("label"), "en") or href
        links.append(Link(label, href, str(resource.get("country") or "")))
    links.extend(Link(str(label), href) for label, href in DEFAULT_EMERGENCY_RESOURCES)
    return links


def response_time_hours(config: dict) -> int:
    try:
        return int(config.get("emergency", {}).get("response_time_hours", 3))
    except (TypeError, ValueError):
        return 3
