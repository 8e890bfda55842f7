"""Translations of the schema's titles and descriptions (the JSON file holds English).

makemessages cannot read JSON, so every title and description is listed here;
wikis/tests/test_schema.py checks that none is missing."""

from django.utils.translation import gettext, gettext_noop

SCHEMA_TEXTS = [
    gettext_noop("Schema version"),
    gettext_noop("Wiki facts"),
    gettext_noop("Name"),
    gettext_noop("Base URL"),
    gettext_noop("For example https://en.wikipedia.org"),
    gettext_noop("Script path"),
    gettext_noop("API URL"),
    gettext_noop(
        "For example https://en.wikipedia.org/w/api.php; page titles are checked through it"
    ),
    gettext_noop("Content language"),
    gettext_noop("Time zone"),
    gettext_noop("Entry points"),
    gettext_noop("Namespaces where Report links appear"),
    gettext_noop("Where Report links appear"),
    gettext_noop("Unacceptable behaviour (non-emergency) reports"),
    gettext_noop("Non-emergency reports are on"),
    gettext_noop("Types of behaviour"),
    gettext_noop("Who may report"),
    gettext_noop("Minimum account age (seconds)"),
    gettext_noop("Minimum edit count"),
    gettext_noop("A confirmed email address is required"),
    gettext_noop("Where to confirm an email address"),
    gettext_noop("Rate limits"),
    gettext_noop("Reports a day by new users"),
    gettext_noop("Reports a day by autoconfirmed users"),
    gettext_noop("Emergency confirmation"),
    gettext_noop("Expected response time (hours)"),
    gettext_noop("Emergency services and support resources"),
    gettext_noop("The name of a secret held outside the configuration (never the secret itself)."),
    gettext_noop("Type"),
    gettext_noop("Shown to reporters"),
    gettext_noop("Label (overrides the translation)"),
    gettext_noop("Description (overrides the translation)"),
    gettext_noop("What to do next"),
    gettext_noop("How to request help"),
    gettext_noop("Other links (“Can't find what you're looking for?”)"),
    gettext_noop("Warning"),
    gettext_noop("Hide the edit link"),
    gettext_noop("May be posted on an on-wiki noticeboard"),
    gettext_noop("Direct report to responders"),
    gettext_noop("Kind"),
    gettext_noop("Wiki page"),
    gettext_noop("URL"),
    gettext_noop("Email address"),
    gettext_noop("Label"),
    gettext_noop("Direct reports are allowed"),
    gettext_noop("Where direct reports go"),
    gettext_noop("Addresses"),
    gettext_noop("Noticeboard page"),
    gettext_noop("Name of the bot credential"),
    gettext_noop("Webhook URL"),
    gettext_noop("Name of the signing secret"),
    gettext_noop("Team"),
    gettext_noop("Queue"),
    gettext_noop("Country (ISO code)"),
    gettext_noop("Language"),
    gettext_noop("Emergency reports a day (a flood guard; other limits never refuse an emergency)"),
    gettext_noop("Decisions, notices and appeals"),
    gettext_noop("Actions a decision may take"),
    gettext_noop("Grounds: the policy the behaviour broke"),
    gettext_noop("Prepared texts responders may pick for the reporter"),
    gettext_noop("Months in which a decision may be contested"),
    gettext_noop("How the reported user receives a statement of reasons"),
    gettext_noop("Channel"),
    gettext_noop("Bot credential for the wiki"),
    gettext_noop("Misuse: manifestly unfounded reports"),
    gettext_noop("Retention of personal data"),
    gettext_noop(
        "How long reporters' personal data is kept; the operators set the least and the most "
        "allowed."
    ),
    gettext_noop("Days to keep visits that only showed support information"),
    gettext_noop(
        "Months to keep a closed case's personal data after its last decision and appeal window"
    ),
    gettext_noop("Manifestly unfounded reports before a warning"),
    gettext_noop("Within this many days"),
    gettext_noop("Days of suspension after a further one"),
    gettext_noop("Trusted flaggers"),
    gettext_noop("Accounts (usernames on this wiki)"),
    gettext_noop("User groups (for example sysop, checkuser)"),
    gettext_noop("Response-time targets"),
    gettext_noop("Transparency: statements of reasons"),
    gettext_noop(
        "How decisions are described to the EU Transparency Database. Types without a category "
        "here use the defaults (transparency/categories.py)."
    ),
    gettext_noop("Category of each type of report"),
    gettext_noop("Grounds that concern illegal content"),
    gettext_noop("Countries where decisions apply (empty: not stated)"),
    gettext_noop("Type or emergency subtype"),
    gettext_noop("Category"),
    gettext_noop("Keywords"),
    gettext_noop("Ground key"),
    gettext_noop("Legal ground (the law)"),
    gettext_noop("Why the content is illegal under it"),
    gettext_noop(
        "Emergency reports' first response is the emergency confirmation's expected response time."
    ),
    gettext_noop("Hours to first response (non-emergency)"),
    gettext_noop("Hours to decision (non-emergency)"),
    gettext_noop("Hours to decision (emergency)"),
    gettext_noop("Targets of particular types"),
    gettext_noop("Key"),
    gettext_noop("Label (empty: the built-in one)"),
    gettext_noop("Send the reported user a statement of reasons"),
    gettext_noop("Policy page on the wiki"),
    gettext_noop("Policy URL"),
    gettext_noop("Text for the reporter"),
    gettext_noop("Hours to first response"),
    gettext_noop("Hours to decision"),
    gettext_noop("Measurement"),
    gettext_noop("Record the reporting funnel"),
    gettext_noop(
        "Anonymous counts of the steps people take in the report dialog (no user, no IP "
        "address, no text), kept 90 days and then only as daily totals."
    ),
]


def translate_label(text: str) -> str:
    return gettext(text) if text else ""
