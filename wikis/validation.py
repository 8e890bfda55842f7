"""Validation beyond the schema: the rules a JSON Schema cannot say well.

`validate_config(data)` returns every problem at once, per field (JSON pointer + translated
message): the schema's errors, then https URLs without empty query values or secrets, valid
email addresses, known time zones, each type listed once, secret names that are not secrets,
and page titles that exist on the wiki (asked through its Action API when it answers; when it
does not, that is a warning, not an error).

`validate_config(data, wiki="enwiki")`: with the wiki's slug (every save passes it), the
routing channels' checks that need the wiki run too: secret and credential names must be
ones the operators bound to this wiki, desk teams and queues must exist and be this wiki's.

The title check calls the wiki's API only through irs/outbound.py (https to public
addresses; plain http and loopback only under IRS_ROUTING_ALLOW_INSECURE_URLS).
"""

import re
import zoneinfo
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from irs import outbound
from irs import text as irs_text
from wikis import actionapi, contributions, retention
from wikis.schema import FieldError, looks_like_secret_name, pointer, schema_errors

URL_KEYS = {"url", "base_url", "api_url", "confirm_email_url"}
SECRET_NAME_KEYS = {"secret", "credential"}
# Strings that are names or titles: single-line text (no line breaks, no bidi controls).
SINGLE_LINE_KEYS = {"name", "key", "label", "title", "page", "team", "queue"}
SINGLE_LINE_KEYS |= URL_KEYS | SECRET_NAME_KEYS | {"email", "time_zone", "language"}
TITLES_PER_REQUEST = 50


@dataclass
class ValidationResult:
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_by_pointer(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for error in self.errors:
            out.setdefault(error.pointer, []).append(error.message)
        return out

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "errors": [error.as_dict() for error in self.errors],
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


def validate_config(data, *, wiki=None, check_titles: bool = True) -> ValidationResult:
    result = ValidationResult()
    if not isinstance(data, dict):
        result.errors.append(FieldError((), _("The configuration must be a JSON object."), "type"))
        return result
    text = text_errors(data)
    if text:
        # Nothing else is checked (or shown) until the text itself can be stored and shown.
        result.errors.extend(text)
        return result
    result.errors.extend(schema_errors(data))
    known = {(error.path, error.code) for error in result.errors}
    try:
        rule_errors = _rule_errors(data)
    except RecursionError:
        result.errors.append(
            FieldError((), _("The configuration is nested too deeply."), "too_deep")
        )
        return result
    for error in rule_errors:
        if (error.path, error.code) not in known:
            result.errors.append(error)
    result.errors.extend(_routing_errors(data, result.errors, _slug(wiki)))
    if check_titles and getattr(settings, "IRS_CHECK_WIKI_TITLES", True):
        titles = collect_titles(data)
        already_bad = {error.path for error in result.errors}
        titles = {
            title: [path for path in paths if path not in already_bad]
            for title, paths in titles.items()
        }
        titles = {title: paths for title, paths in titles.items() if paths}
        wiki = data.get("wiki") if isinstance(data.get("wiki"), dict) else {}
        api_url = wiki.get("api_url")
        if titles:
            errors, warnings = check_titles_exist(api_url or "", titles)
            result.errors.extend(errors)
            result.warnings.extend(warnings)
    result.errors.sort(key=_sort_key)
    return result


def _sort_key(error: FieldError):
    return [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in error.path]


def _slug(wiki) -> str | None:
    if wiki is None:
        return None
    return str(getattr(wiki, "slug", wiki))


def _routing_errors(data, known: list[FieldError], wiki: str | None) -> list[FieldError]:
    """The delivery channels' own rules (routing registers them: wikis/contributions.py) for
    each destination the schema found no fault with: e.g. a webhook URL that points at a
    private address; with the wiki known, also their checks for that wiki."""
    bad = [error.pointer for error in known]
    errors = []
    types = (
        (data.get("non_emergency") or {}).get("types")
        if isinstance(data.get("non_emergency"), dict)
        else None
    )
    for index, entry in enumerate(types if isinstance(types, list) else []):
        direct = entry.get("direct_report") if isinstance(entry, dict) else None
        destinations = direct.get("destinations") if isinstance(direct, dict) else None
        for number, destination in enumerate(
            destinations if isinstance(destinations, list) else []
        ):
            path = ("non_emergency", "types", index, "direct_report", "destinations", number)
            where = pointer(path)
            if any(p == where or p.startswith(where + "/") for p in bad):
                continue
            problems = contributions.destination_problems(destination, wiki, data)
            for problem in problems or []:
                errors.append(FieldError(path, str(problem), "destination"))
    return errors


def _walk(value, path=()):
    """Every (path, key, value) in the document, depth first."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield path + (key,), key, child
            yield from _walk(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield path + (index,), index, child
            yield from _walk(child, path + (index,))


def text_errors(data) -> list[FieldError]:
    """The site's input rule (irs/text.py) on every string in the document, keys included:
    keys and names are single-line text, the rest (messages, descriptions) multi-line. A path
    shows a refused key with its bad characters replaced, so the message can be displayed."""
    errors = []
    try:
        walked = list(_walk(data))
    except RecursionError:
        return [FieldError((), _("The configuration is nested too deeply."), "too_deep")]
    for path, key, value in walked:
        shown = tuple(irs_text.scrub(part) for part in path)
        if isinstance(key, str):
            problem = irs_text.check(key)
            if problem:
                errors.append(FieldError(shown, problem, "text"))
                continue
        if isinstance(value, str):
            problem = irs_text.check(value, multiline=key not in SINGLE_LINE_KEYS)
            if problem:
                errors.append(FieldError(shown, problem, "text"))
    return errors


def _rule_errors(data) -> list[FieldError]:
    errors = []
    for path, key, value in _walk(data):
        parent_key = path[-2] if len(path) > 1 else None
        if key == "page" and isinstance(value, str) and value.strip():
            # The report flow's title rule, whether or not the wiki's API answers.
            problem = irs_text.title_problem(value.strip())
            if problem:
                errors.append(FieldError(path, problem, "title"))
        if key in URL_KEYS and isinstance(value, str) and value:
            errors.extend(url_errors(path, value))
        elif key == "email" and isinstance(value, str) and value:
            errors.extend(email_errors(path, value))
        elif parent_key == "to" and isinstance(value, str):
            errors.extend(email_errors(path, value))
        elif key in SECRET_NAME_KEYS and isinstance(value, str) and looks_like_secret_value(value):
            errors.append(
                FieldError(
                    path,
                    _(
                        "This looks like a secret itself. Give only the name under which the "
                        "operators hold it (for example enwiki-bot)."
                    ),
                    "inline_secret",
                )
            )
    wiki = data.get("wiki")
    if isinstance(wiki, dict) and isinstance(wiki.get("time_zone"), str) and wiki["time_zone"]:
        if wiki["time_zone"] not in time_zones():
            errors.append(
                FieldError(
                    ("wiki", "time_zone"),
                    _("Unknown time zone (for example UTC, Europe/Lisbon)."),
                    "time_zone",
                )
            )
    types = (
        (data.get("non_emergency") or {}).get("types")
        if isinstance(data.get("non_emergency"), dict)
        else None
    )
    if isinstance(types, list):
        seen = set()
        for index, entry in enumerate(types):
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                errors.append(
                    FieldError(
                        ("non_emergency", "types", index, "key"),
                        _("This type is already listed."),
                        "duplicate_type",
                    )
                )
            seen.add(key)
    errors.extend(retention.bound_errors(data))
    return errors


@cache
def time_zones() -> frozenset:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def url_errors(path: tuple, value: str) -> list[FieldError]:
    errors = []
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return [FieldError(path, _("Not a valid web address."), "url")]
    loopback_wiki = (  # a wiki on this machine: tests and local demos only
        path[:1] == ("wiki",)
        and parts.scheme == "http"
        and outbound.insecure_allowed()
        and host in ("127.0.0.1", "localhost", "::1")
    )
    if parts.scheme != "https" and not loopback_wiki:
        errors.append(FieldError(path, _("Must be an https:// address."), "https_url"))
    if not host:
        errors.append(FieldError(path, _("Not a valid web address: the host is missing."), "url"))
    if parts.username or parts.password:
        errors.append(
            FieldError(
                path, _("Web addresses must not contain a user name or password."), "inline_secret"
            )
        )
    for name, query_value in parse_qsl(parts.query, keep_blank_values=True):
        if query_value == "":
            errors.append(
                FieldError(
                    path,
                    _("The query parameter “%(name)s” has an empty value.") % {"name": name},
                    "empty_query_value",
                )
            )
        elif looks_like_secret_name(name):
            errors.append(
                FieldError(
                    path,
                    _(
                        "The query parameter “%(name)s” looks like a secret: secrets must never be "
                        "stored in the configuration."
                    )
                    % {"name": name},
                    "inline_secret",
                )
            )
    if parts.query and not parse_qsl(parts.query, keep_blank_values=True):
        errors.append(FieldError(path, _("The query string is malformed."), "url"))
    return errors


def email_errors(path: tuple, value: str) -> list[FieldError]:
    try:
        validate_email(value)
    except ValidationError:
        return [FieldError(path, _("Not a valid email address."), "email")]
    return []


_TOKENISH = re.compile(r"[A-Za-z0-9+/=_]{20,}")


def looks_like_secret_value(value: str) -> bool:
    """A long unbroken run of mixed letters and digits: a token or password, not a name."""
    for run in _TOKENISH.findall(value):
        if re.search(r"\d", run) and re.search(r"[A-Za-z]", run):
            return True
    return False


def collect_titles(data) -> dict[str, list[tuple]]:
    """Every page title the configuration names, with the paths that name it."""
    titles: dict[str, list[tuple]] = {}
    for path, key, value in _walk(data):
        if key == "page" and isinstance(value, str) and value.strip():
            titles.setdefault(value.strip(), []).append(path)
    return titles


def check_titles_exist(api_url: str, titles: dict[str, list[tuple]]):
    """(errors, warnings): `missing` pages are errors; an API that does not answer, a warning."""
    api_path = ("wiki", "api_url")
    if not api_url:
        return [], [
            FieldError(
                api_path,
                _("Page titles were not checked: the wiki's API URL is not set."),
                "titles_unchecked",
            )
        ]
    try:
        host = urlsplit(api_url).hostname or ""
    except ValueError:
        host = ""
    unreachable: tuple[list[FieldError], list[FieldError]] = (
        [],
        [
            FieldError(
                api_path,
                _("Page titles were not checked: the wiki's API could not be reached."),
                "titles_unchecked",
            )
        ],
    )
    if not host or actionapi.is_reserved(host):
        return unreachable
    missing: list[str] = []
    names = sorted(titles)
    try:
        with actionapi.ActionAPI(api_url, timeout=actionapi.while_waiting()) as api:
            for start in range(0, len(names), TITLES_PER_REQUEST):
                missing.extend(_missing_titles(api, names[start : start + TITLES_PER_REQUEST]))
    except (actionapi.APIError, KeyError, TypeError, AttributeError):
        # One sentence whatever went wrong: the kind of failure must not tell an admin
        # what answers at an address (no port scanning through the editor).
        return unreachable
    errors = []
    for title in missing:
        for path in titles[title]:
            errors.append(
                FieldError(
                    path,
                    _("The page “%(title)s” does not exist on the wiki.") % {"title": title},
                    "missing_page",
                )
            )
    errors.sort(key=lambda error: pointer(error.path))
    return errors, []


def _missing_titles(api, titles: list[str]) -> list[str]:
    query = api.get(action="query", titles="|".join(titles))["query"]
    normalized = {item["from"]: item["to"] for item in query.get("normalized", [])}
    pages = {page["title"]: page for page in query.get("pages", [])}
    missing = []
    for title in titles:
        final = normalized.get(title, title)
        page = pages.get(final)
        if page is None or page.get("missing") or page.get("invalid"):
            if page is not None and page.get("special") and not page.get("invalid"):
                continue
            missing.append(title)
    return missing
