"""The hostile inputs every door is tested with (irs/tests/test_hostile_doors.py): each must
get a clear refusal or be stored inert (valid Unicode, no control characters, NFC), never a
500. A lone surrogate cannot travel in a UTF-8 form as such: it is sent as the bytes a
client would send for it (surrogatepass), and in JSON as its escape."""

from urllib.parse import quote

HOSTILE = {
    "nul": "before\x00after",
    "c0-control": "bell\x07 and escape\x1b[31m",
    "c1-control": "next line\x85 here",
    "lone-surrogate": "half \ud800 of a pair",
    "bidi-override": "Good\u202enimdA",
    "bidi-isolate": "name\u2066x\u2069",
    "non-nfc": "Jose\u0301 cafe\u0301",
    "over-long": "x" * 20_000,
    "wikitext-and-html": (
        "<script>alert(1)</script>{{subst:Foo}}[[Category:X]]~~~~ <b onmouseover=x>"
    ),
}


def form_body(fields: dict[str, str]) -> str:
    """A urlencoded body as a hostile client sends it: lone surrogates as their raw bytes."""
    return "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in fields.items()
    )


def stored_clean(value: str, *, multiline: bool = True) -> bool:
    """What a door may store: no lone surrogates, no C0/C1 controls (tab and line breaks in
    multi-line text), no bidi controls in single-line text, NFC. Written out here rather
    than taken from irs/text.py, so that a broken rule cannot pass its own test."""
    import unicodedata

    allowed = {"\t", "\n", "\r"} if multiline else set()
    for char in value:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return False
        if (code < 0x20 or 0x7F <= code <= 0x9F) and char not in allowed:
            return False
        if not multiline and (0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069):
            return False
    return unicodedata.is_normalized("NFC", value)
