"""Who receives a report, in words for the reporter. The app that knows (the desk, above
reports) registers the answer from its AppConfig.ready(); reports never imports it."""

from collections.abc import Callable

_emergency_team: Callable[[], str] | None = None


def register_emergency_team(name_of_team: Callable[[], str]) -> None:
    """`name_of_team()` gives the name of the team every emergency report goes to."""
    global _emergency_team
    _emergency_team = name_of_team


def emergency_team() -> str:
    """That team's name, or "" when no app says (the page then says "the safety team")."""
    return _emergency_team() if _emergency_team is not None else ""
