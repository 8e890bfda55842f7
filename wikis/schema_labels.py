"""Translations of the schema's titles and descriptions (the JSON file holds English).

makemessages cannot read JSON, so every title and description is listed here;
wikis/tests/test_schema.py checks that none is missing."""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

SCHEMA_TEXTS = [
    N_("Schema version"),
    N_("Wiki facts"),
    N_("Name"),
    N_("Base URL"),
    N_("For example https://en.wikipedia.org"),
    N_("Script path"),
    N_("API URL"),
    N_("For example https://en.wikipedia.org/w/api.php; page titles are checked through it"),
    N_("Content language"),
    N_("Time zone"),
    N_("Entry points"),
    N_("Namespaces where Report links appear"),
    N_("Where Report links appear"),
    N_("Unacceptable behaviour (non-emergency) reports"),
    N_("Non-emergency reports are on"),
    N_("Types of behaviour"),
    N_("Who may report"),
    N_("Minimum account age (seconds)"),
    N_("Minimum edit count"),
    N_("A confirmed email address is required"),
    N_("Where to confirm an email address"),
    N_("Rate limits"),
    N_("Reports a day by new users"),
    N_("Reports a day by autoconfirmed users"),
    N_("Emergency confirmation"),
    N_("Expected response time (hours)"),
    N_("Emergency services and support resources"),
    N_("The name of a secret held outside the configuration (never the secret itself)."),
    N_("Type"),
    N_("Shown to reporters"),
    N_("Label (overrides the translation)"),
    N_("Description (overrides the translation)"),
    N_("What to do next"),
    N_("How to request help"),
    N_("Can't find what you're looking for? links"),
    N_("Warning"),
    N_("Hide the edit link"),
    N_("May be posted on an on-wiki noticeboard"),
    N_("Direct report to responders"),
    N_("Kind"),
    N_("Wiki page"),
    N_("URL"),
    N_("Email address"),
    N_("Label"),
    N_("Direct reports are allowed"),
    N_("Where direct reports go"),
    N_("Addresses"),
    N_("Noticeboard page"),
    N_("Name of the bot credential"),
    N_("Webhook URL"),
    N_("Name of the signing secret"),
    N_("Team"),
    N_("Queue"),
    N_("Country (ISO code)"),
    N_("Language"),
]


def translate_label(text: str) -> str:
    return gettext(text) if text else ""
