"""Is the reported user one of the wiki's users? Asked from the wiki's own user list.

`check(wiki, name)` asks the wiki's Action API (list=users) while the reporter waits. A name
the wiki says it does not have is refused with a clear message (a typo would otherwise reach
responders as a report about nobody); the wiki's own spelling of a name it has is kept (first
letter upper case, and so on). A wiki that cannot be asked (no API configured, a reserved demo
address, an outage, an answer that is not one) never stops a report: the name is accepted as
typed and recorded as not checked (`Report.reported_user_checked` False). IP addresses are
not accounts: they are accepted unchecked too.
"""

import ipaddress
from dataclasses import dataclass

from wikis import actionapi


@dataclass(frozen=True)
class Checked:
    name: str
    # True: the wiki has this user; False: not checked (the wiki could not be asked).
    found: bool
    # True: the wiki answered that there is no such user.
    missing: bool = False


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def check(wiki, name: str) -> Checked:
    if not name or is_ip(name):
        return Checked(name, found=False)
    try:
        data = actionapi.ask(wiki, action="query", list="users", ususers=name)
    except actionapi.APIError:  # NotConfigured, Refused, an outage: accept it unchecked
        return Checked(name, found=False)
    query = data.get("query")
    users = query.get("users") if isinstance(query, dict) else None
    if not isinstance(users, list) or len(users) != 1 or not isinstance(users[0], dict):
        return Checked(name, found=False)
    answer = users[0]
    canonical = answer.get("name")
    if answer.get("missing") or answer.get("invalid"):
        return Checked(name, found=False, missing=True)
    if not isinstance(canonical, str) or not canonical or answer.get("userid") is None:
        return Checked(name, found=False)
    return Checked(canonical[:255], found=True)
