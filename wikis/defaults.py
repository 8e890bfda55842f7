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

# What a decision may do (one list for the desk, the notices and the metrics; labels in
# wikis/accountability.py). A wiki may reorder, drop or add its own.
DECISION_ACTIONS = [
    "no-action",
    "warning",
    "content-removed",
    "oversight",
    "partial-block",
    "sitewide-block",
    "global-lock",
    "referred",
]
# The policy the behaviour broke: the Universal Code of Conduct's sections, or none.
UCOC_URL = "https://meta.wikimedia.org/wiki/Universal_Code_of_Conduct"
DECISION_GROUNDS = [
    ("ucoc-2", UCOC_URL + "#2_–_Expected_behaviour"),
    ("ucoc-3.1", UCOC_URL + "#3.1_–_Harassment"),
    ("ucoc-3.2", UCOC_URL + "#3.2_–_Abuse_of_power,_privilege,_or_influence"),
    ("ucoc-3.3", UCOC_URL + "#3.3_–_Content_vandalism_and_abuse_of_the_projects"),
    ("not-a-violation", ""),
]


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


_DEFAULT: dict = {
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
    "rate_limits": {"new_user_per_day": 1, "autoconfirmed_per_day": 5, "emergency_per_day": 10},
    "emergency": {
        "response_time_hours": 3,
        "resources": [],
    },
    "decisions": {
        "actions": [
            {"key": key, "label": {}, "notify_reported_user": False} for key in DECISION_ACTIONS
        ],
        "grounds": [
            {"key": key, "label": {}, **({"url": url} if url else {})}
            for key, url in DECISION_GROUNDS
        ],
        "reporter_texts": [],
        "appeal_window_months": 6,
        "reported_user_notices": {"channel": "email"},
    },
    "misuse": {"manifestly_unfounded_limit": 3, "period_days": 90, "suspension_days": 14},
    "trusted_flaggers": {"accounts": [], "groups": []},
    "response_times": {
        "first_response_hours": 72,
        "decision_hours": 336,
        "emergency_decision_hours": 72,
        "types": [],
    },
    "metrics": {"funnel": True},
    # Statements of reasons (transparency/): categories of types beyond the defaults in
    # transparency/categories.py, grounds that are law rather than community rules, countries.
    "transparency": {"categories": [], "illegal_grounds": [], "territorial_scope": []},
    "retention": {"information_days": 90, "closed_months": 12},
}

# Sections added after the first wikis were configured: a stored configuration without them
# reads as these defaults (wikis/accountability.py), so older revisions stay valid.
LATER_SECTIONS = (
    "decisions",
    "misuse",
    "trusted_flaggers",
    "response_times",
    "metrics",
    "transparency",
    "retention",
)


def default_config(slug: str = "") -> dict:
    config = copy.deepcopy(_DEFAULT)
    config["wiki"]["name"] = slug
    return config


def default_section(name: str) -> dict:
    """One section of the default configuration (a copy): cheaper than the whole of it."""
    return copy.deepcopy(_DEFAULT[name])


def shared_default_section(name: str) -> dict:
    """One section of the default configuration itself, for reading only (no copy: the
    accountability rules read it on every case page). Change nothing in it."""
    return _DEFAULT[name]


def may_post_publicly(entry: dict | None) -> bool:
    """The one rule for on-wiki posting: only a type the community marked ``public: true``.

    The configuration schema refuses a noticeboard destination on any other type
    (``noticeboard_needs_public`` in schema/config.v1.json); routing and the reporter's
    disclosure ask this function, so a configuration saved before the rule still cannot post.
    """
    return isinstance(entry, dict) and entry.get("public", False) is True
