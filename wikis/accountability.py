"""A wiki's rules for decisions, notices, appeals, misuse, trusted flaggers and response times.

The one place that reads those sections of the configuration (defaults in wikis/defaults.py,
shape in the JSON Schema): the desk, the reporter pages, eligibility and the metrics all ask
here. A configuration saved before a section existed reads as that section's defaults.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wikis.defaults import shared_default_section

ACTION_LABELS = {
    "no-action": _("No action"),
    "warning": _("Warning"),
    "content-removed": _("Content removed or revision hidden"),
    "oversight": _("Oversight (suppression)"),
    "partial-block": _("Partial block"),
    "sitewide-block": _("Sitewide block"),
    "global-lock": _("Global lock"),
    "referred": _("Referred to another body"),
}
# The same actions in words for the reporter and the reported user.
ACTION_PLAIN = {
    "no-action": _("No action was taken."),
    "warning": _("The user was warned."),
    "content-removed": _("The content was removed or the revision hidden."),
    "oversight": _("The content was suppressed so that only overseers can see it."),
    "partial-block": _("The user was blocked from some pages or actions."),
    "sitewide-block": _("The user was blocked from editing the wiki."),
    "global-lock": _("The user's account was locked on all wikis."),
    "referred": _(
        "The case was referred to another body (for example the safety team, an arbitration "
        "committee or law enforcement)."
    ),
}
GROUND_LABELS = {
    "ucoc-2": _("Universal Code of Conduct, section 2: expected behaviour"),
    "ucoc-3.1": _("Universal Code of Conduct, section 3.1: harassment"),
    "ucoc-3.2": _("Universal Code of Conduct, section 3.2: abuse of power, privilege or influence"),
    "ucoc-3.3": _(
        "Universal Code of Conduct, section 3.3: content vandalism and abuse of the projects"
    ),
    "not-a-violation": _("Not a violation"),
}
NOT_A_VIOLATION = "not-a-violation"
# Actions that do nothing to the reported user: a decision with only these is "no action".
NO_ACTION = "no-action"
REFERRED = "referred"


def section(config: dict, name: str) -> dict:
    """One section of `config`, its missing keys filled from the defaults: a new dict for
    reading (its values are shared with `config` and the defaults: change none of them)."""
    default = shared_default_section(name)
    value = config.get(name) if isinstance(config, dict) else None
    if not isinstance(value, dict):
        return dict(default)
    return {**default, **value}


def _localized(labels: dict, language: str | None = None) -> str:
    if not isinstance(labels, dict) or not labels:
        return ""
    language = language or get_language() or "en"
    for code in (language, language.split("-")[0], "en"):
        if isinstance(labels.get(code), str) and labels[code].strip():
            return labels[code]
    return next((text for text in labels.values() if isinstance(text, str) and text), "")


def actions(config: dict) -> list[dict]:
    """The wiki's actions: {key, label, plain, notify_reported_user}, in its order."""
    out = []
    for entry in section(config, "decisions")["actions"]:
        key = entry.get("key", "")
        out.append(
            {
                "key": key,
                "label": _localized(entry.get("label")) or str(ACTION_LABELS.get(key, key)),
                "plain": _localized(entry.get("label")) or str(ACTION_PLAIN.get(key, key)),
                "notify_reported_user": bool(entry.get("notify_reported_user")),
            }
        )
    return out


def action_label(config: dict, key: str, *, plain: bool = False) -> str:
    for entry in actions(config):
        if entry["key"] == key:
            return entry["plain" if plain else "label"]
    labels = ACTION_PLAIN if plain else ACTION_LABELS
    return str(labels.get(key, key))


def grounds(config: dict) -> list[dict]:
    """The wiki's grounds: {key, label, link} (link: a wiki page title or a URL, or "")."""
    out = []
    for entry in section(config, "decisions")["grounds"]:
        key = entry.get("key", "")
        out.append(
            {
                "key": key,
                "label": _localized(entry.get("label")) or str(GROUND_LABELS.get(key, key)),
                "page": entry.get("page", ""),
                "url": entry.get("url", ""),
            }
        )
    return out


def ground_label(config: dict, key: str) -> str:
    for entry in grounds(config):
        if entry["key"] == key:
            return entry["label"]
    return str(GROUND_LABELS.get(key, key))


def reporter_texts(config: dict, language: str | None = None) -> list[dict]:
    """Prepared texts for the reporter: {key, label, text} in `language`."""
    return [
        {
            "key": entry.get("key", ""),
            "label": _localized(entry.get("label"), language),
            "text": _localized(entry.get("text"), language),
        }
        for entry in section(config, "decisions")["reporter_texts"]
    ]


def appeal_window_months(config: dict) -> int:
    return int(section(config, "decisions")["appeal_window_months"])


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the last day of a shorter month)."""
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return moment.replace(year=year, month=month, day=min(moment.day, days))


def appeal_deadline(config: dict, decided_at: datetime) -> datetime:
    return add_months(decided_at, appeal_window_months(config))


def notifies_reported_user(config: dict, action_keys) -> bool:
    """Whether a decision with these actions sends the reported user a statement of reasons."""
    wanted = {entry["key"] for entry in actions(config) if entry["notify_reported_user"]}
    return bool(wanted.intersection(action_keys))


def reported_user_channel(config: dict) -> dict:
    return dict(section(config, "decisions")["reported_user_notices"])


def misuse(config: dict) -> dict:
    """{manifestly_unfounded_limit, period_days, suspension_days}."""
    return section(config, "misuse")


def funnel_recorded(config: dict) -> bool:
    """Whether the reporter funnel is measured on this wiki (metrics.funnel, on by default)."""
    return section(config, "metrics")["funnel"] is True


def is_trusted_flagger(config: dict, username: str, groups) -> bool:
    """Whether an account (name and groups from the provider) is a trusted flagger here: the
    wiki's lists, or the operators' list for global bodies (IRS_TRUSTED_FLAGGERS)."""
    rules = section(config, "trusted_flaggers")
    name = (username or "").strip().casefold()
    if not name:
        return False
    names = {str(n).strip().casefold() for n in rules["accounts"]}
    names |= {str(n).strip().casefold() for n in getattr(settings, "IRS_TRUSTED_FLAGGERS", [])}
    if name in names:
        return True
    return bool(set(rules["groups"]).intersection(groups or []))


def response_targets(config: dict, *, emergency: bool, type_key: str = "") -> dict:
    """{"first_response": timedelta, "decision": timedelta} for a report of that flow/type."""
    rules = section(config, "response_times")
    if emergency:
        first = section(config, "emergency").get("response_time_hours", 3)
        return {
            "first_response": timedelta(hours=int(first)),
            "decision": timedelta(hours=int(rules["emergency_decision_hours"])),
        }
    first, decision = rules["first_response_hours"], rules["decision_hours"]
    for entry in rules["types"]:
        if isinstance(entry, dict) and entry.get("type") == type_key:
            first = entry.get("first_response_hours", first)
            decision = entry.get("decision_hours", decision)
    return {
        "first_response": timedelta(hours=int(first)),
        "decision": timedelta(hours=int(decision)),
    }


def expected_hours(config: dict, *, emergency: bool, type_key: str = "") -> dict:
    """What a reporter is told to expect: hours to a first response and to a decision."""
    found = response_targets(config, emergency=emergency, type_key=type_key)
    return {
        "first_response_hours": int(found["first_response"].total_seconds() // 3600),
        "decision_hours": int(found["decision"].total_seconds() // 3600),
    }
