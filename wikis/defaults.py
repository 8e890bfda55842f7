"""The configuration a wiki starts with: the original ReportIncident's behaviour."""

import copy

# The original's non-emergency types, in its order; the first seven are shown by default.
NON_EMERGENCY_TYPES = [
    ("intimidation", True),
    ("sexual-harassment", True),
    ("doxing", True),
    ("trolling", True),
    ("hate-or-discrimination", True),
    ("spam", True),
    ("something-else", True),
    ("sockpuppetry", False),
    ("vandalism", False),
    ("userdispute", False),
    ("disruptiveediting", False),
    ("other", False),
]

HARM_SUBTYPES = ["physical-harm", "self-harm", "public-harm"]
ENTRY_SOURCES = ["tools", "comment", "topic", "user", "url"]
TALK_NAMESPACES = [1, 3, 5, 7, 9, 11, 13, 15]


def _type_entry(key: str, shown: bool) -> dict:
    entry = {
        "key": key,
        "shown": shown,
        "label": {},
        "description": {},
        "what_to_do_next": {},
        "help_methods": [],
        "fallback_links": [],
        "hide_edit_link": key == "doxing",
        "direct_report": {"enabled": False, "destinations": []},
    }
    if key == "doxing":
        entry["warning"] = "do-not-post-publicly"
    return entry


def type_entry(key: str, shown: bool = True) -> dict:
    """A non-emergency type with its default settings (used when an admin adds a type)."""
    return _type_entry(key, shown)


_DEFAULT = {
    "schema_version": 1,
    "wiki": {
        "name": "",
        "base_url": "",
        "script_path": "/w",
        "api_url": "",
        "content_language": "en",
        "time_zone": "UTC",
    },
    "entry_points": {"namespaces": TALK_NAMESPACES, "sources": ENTRY_SOURCES},
    "non_emergency": {
        "enabled": True,
        "types": [_type_entry(key, shown) for key, shown in NON_EMERGENCY_TYPES],
    },
    "eligibility": {
        "min_account_age_seconds": 10800,
        "min_edit_count": 1,
        "require_confirmed_email": True,
        "confirm_email_url": "",
    },
    "rate_limits": {"new_user_per_day": 1, "autoconfirmed_per_day": 5},
    "emergency": {
        "response_time_hours": 3,
        "resources": [],
    },
}


def default_config(slug: str = "") -> dict:
    config = copy.deepcopy(_DEFAULT)
    config["wiki"]["name"] = slug
    return config
