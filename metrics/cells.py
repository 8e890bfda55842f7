"""Small-cell suppression: the one rule for counts shown outside the team that owns them.

A count of fewer than ``SMALL_CELL`` (but more than zero) could point at a person on a small
wiki, so pages, CSV and JSON visible outside the team show it as ``"<5"`` instead of the number.
Zero stays zero: "nothing happened" identifies no one.
"""

SMALL_CELL = 5


def is_small(count: int) -> bool:
    return 0 < count < SMALL_CELL


def shown(count: int, *, public: bool) -> int | str:
    """The count as a page outside the team may show it: the number, or "<5"."""
    if public and is_small(count):
        return f"<{SMALL_CELL}"
    return count
