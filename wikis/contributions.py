"""What the apps above wikis contribute to editing and validating a configuration.

wikis is the lowest app: it imports none of the others (docs/architecture.md). Two things it
needs live higher up, so those apps register them here from their AppConfig.ready():

- routing: `destination_problems(destination, wiki_slug, data)`, the delivery channels' own
  rules for one destination (None for a kind it does not know: the schema reports that);
- reports: the built-in texts of each type (label, description, what to do next), which the
  configuration editor shows as placeholders and defaults.

Without them (wikis used alone) validation keeps the schema's rules and the editor shows keys.
"""

from collections.abc import Callable

_destination_problems: Callable | None = None
_builtin_texts: dict[str, dict] = {}
_default_texts: dict[str, object] = {}


def register_destination_problems(check: Callable) -> None:
    global _destination_problems
    _destination_problems = check


def destination_problems(destination, wiki: str | None, data: dict) -> list | None:
    if _destination_problems is None:
        return None
    return _destination_problems(destination, wiki, data)


def register_builtin_texts(field: str, texts: dict, default=None) -> None:
    """`texts`: type key -> (lazily translated) text; `default`: for keys not in it."""
    _builtin_texts[field] = texts
    if default is not None:
        _default_texts[field] = default


def builtin_texts(field: str) -> dict:
    return _builtin_texts.get(field, {})


def default_text(field: str):
    return _default_texts.get(field)
