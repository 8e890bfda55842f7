"""A reporter's progress through one report, kept in their session under a random flow token.

The token is in every step's URL, so two tabs are two independent flows. State holds the
location being reported, the choices made so far, the submission token used by the final
form (the same token on every render, so back-and-resubmit still makes one report) and, once
filed, the report's reference.
"""

import secrets
import time

SESSION_KEY = "report_flows"
MAX_FLOWS = 20


def _all(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def begin(request, wiki, location, funnel_token: str = "") -> str:
    flows = _all(request)
    # Keep the session small: forget the oldest flows beyond MAX_FLOWS.
    oldest_first = sorted(flows, key=lambda key: flows[key].get("started", 0))
    for old in oldest_first[: max(0, len(flows) - MAX_FLOWS + 1)]:
        del flows[old]
    token = secrets.token_urlsafe(12)
    flows[token] = {
        "wiki": wiki.slug,
        "started": time.time(),
        "location": location.as_dict(),
        "submission_token": secrets.token_urlsafe(24),
        "flow": "",
        "harm_subtype": "",
        "type": "",
        "something_else": "",
        "reference": "",
        # The dialog's random funnel token (reports.funnel): no link to the person.
        "funnel": funnel_token,
    }
    request.session[SESSION_KEY] = flows
    return token


def load(request, wiki, token: str) -> dict | None:
    """The flow's state, or None if this session has no such flow on that wiki."""
    state = _all(request).get(token)
    if state is None or state.get("wiki") != wiki.slug:
        return None
    return state


def save(request, token: str, **changes) -> dict:
    flows = _all(request)
    flows[token].update(changes)
    request.session[SESSION_KEY] = flows
    request.session.modified = True
    return flows[token]


def funnel_of(request, reference: str) -> str:
    """The funnel token of the flow in this session that filed `reference` ("" if none)."""
    for state in _all(request).values():
        if reference and state.get("reference") == reference:
            return state.get("funnel", "")
    return ""
