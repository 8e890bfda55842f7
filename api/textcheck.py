"""Text the database cannot hold, refused at the API's door by the site's rule (irs/text.py):
NUL and the other C0/C1 control characters (tab and newline allowed), and lone surrogates
(invalid Unicode that JSON escapes can carry). The desk's actions then apply the rest of the
rule (NFC, single-line names) as they do for the HTML pages."""

import json

from irs import text as irs_text


def bad_string(value: str) -> bool:
    """The site's input rule for multi-line text (irs/text.py)."""
    return not irs_text.is_clean(value, multiline=True)


def bad_value(value) -> bool:
    if isinstance(value, str):
        return bad_string(value)
    if isinstance(value, dict):
        return any(bad_value(k) or bad_value(v) for k, v in value.items())
    if isinstance(value, list):
        return any(bad_value(item) for item in value)
    return False


def bad_request_text(request) -> str | None:
    """Where the request holds such text ("path", "query" or "body"), or None."""
    if bad_string(request.path):
        return "path"
    if any(bad_string(k) or bad_string(v) for k, values in request.GET.lists() for v in values):
        return "query"
    if request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # not JSON: the schema validation answers it
        if bad_value(body):
            return "body"
    return None
