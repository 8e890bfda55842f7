"""The Transparency Database category of a report: its type (or emergency subtype) mapped to a
STATEMENT_CATEGORY_ and keywords. A wiki's `transparency.categories` overrides these defaults
type by type; a type in neither is STATEMENT_CATEGORY_OTHER_VIOLATION_TC (a breach of the
community's terms) with no keywords."""

from wikis import accountability

FALLBACK = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"

# type or emergency subtype -> (category, keywords)
DEFAULTS = {
    "intimidation": ("STATEMENT_CATEGORY_CYBER_VIOLENCE", ["KEYWORD_CYBER_BULLYING_INTIMIDATION"]),
    "sexual-harassment": ("STATEMENT_CATEGORY_CYBER_VIOLENCE", ["KEYWORD_CYBER_HARASSMENT"]),
    "doxing": ("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", []),
    "trolling": ("STATEMENT_CATEGORY_CYBER_VIOLENCE", ["KEYWORD_CYBER_HARASSMENT"]),
    "hate-or-discrimination": (
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        ["KEYWORD_HATE_SPEECH", "KEYWORD_DISCRIMINATION"],
    ),
    "spam": ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", []),
    "sockpuppetry": ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ["KEYWORD_INAUTHENTIC_ACCOUNTS"]),
    "vandalism": (FALLBACK, []),
    "userdispute": (FALLBACK, []),
    "disruptiveediting": (FALLBACK, []),
    "something-else": (FALLBACK, []),
    "other": (FALLBACK, []),
    # Emergency reports: the subtype chosen.
    "physical-harm": ("STATEMENT_CATEGORY_VIOLENCE", []),
    "self-harm": ("STATEMENT_CATEGORY_SELF_HARM", []),
    "public-harm": ("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", []),
}


def type_of(report) -> str:
    return report.harm_subtype if report.is_emergency else report.incident_type


def category(config: dict, type_key: str) -> tuple[str, list[str]]:
    """(category, keywords) for a report type on the wiki with configuration `config`."""
    for entry in accountability.section(config, "transparency")["categories"]:
        if isinstance(entry, dict) and entry.get("type") == type_key:
            return entry["category"], list(entry.get("keywords", []))
    found, keywords = DEFAULTS.get(type_key, (FALLBACK, []))
    return found, list(keywords)
