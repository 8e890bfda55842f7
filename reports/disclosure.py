"""Who gets a direct report, as the reporter must be told before they write it.

Read from the type's destinations in the wiki's configuration (the same entries routing
delivers to; routing itself is not changed here), per kind of destination:

- noticeboard (only for a type the community made public): the text is posted on a wiki page
  anyone can read, the reported user too; the reporter's name and email are not posted;
- desk: the wiki's responders in IRS see the text, the reporter's name and email;
- email: the listed addresses receive the text, the reporter's name and email;
- webhook: an outside service receives the text, the reporter's name and email
  (routing.content.ReportFacts.as_json), and IRS does not control who can read it there.

A type with no usable destination goes to a desk queue (routing.outbox.fallback_destination).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from wikis.defaults import may_post_publicly


@dataclass
class Disclosure:
    public_pages: list[str] = field(default_factory=list)
    desk: bool = False
    emails: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)

    @property
    def is_public(self) -> bool:
        return bool(self.public_pages)

    @property
    def private_to_responders(self) -> bool:
        """Nothing goes anywhere IRS cannot vouch is private (no page, no outside service)."""
        return not self.public_pages and not self.services


def _entry(config: dict, key: str) -> dict:
    for entry in (config.get("non_emergency") or {}).get("types") or []:
        if isinstance(entry, dict) and entry.get("key") == key:
            return entry
    return {}


def _add(items: list[str], value) -> None:
    if isinstance(value, str) and value.strip() and value.strip() not in items:
        items.append(value.strip()[:255])


def for_type(config: dict, key: str) -> Disclosure:
    entry = _entry(config, key)
    destinations = (entry.get("direct_report") or {}).get("destinations") or []
    public = may_post_publicly(entry)
    found = Disclosure()
    usable = False
    for destination in destinations:
        if not isinstance(destination, dict):
            continue
        kind = destination.get("kind")
        if kind == "noticeboard" and public:
            _add(found.public_pages, destination.get("page") or "?")
            usable = True
        elif kind == "desk":
            found.desk = usable = True
        elif kind == "email":
            recipients = destination.get("to")
            for address in recipients if isinstance(recipients, list) else [recipients]:
                _add(found.emails, address)
            usable = True
        elif kind == "webhook":
            try:
                host = urlsplit(str(destination.get("url") or "")).hostname or ""
            except ValueError:
                host = ""
            _add(found.services, host or "?")
            usable = True
    if not usable:
        found.desk = True  # what routing does with a report nobody set a route for
    return found
