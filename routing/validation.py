"""Destination rules for a wiki's configuration (the wikis app's validator calls this).

Rules: every destination has a `kind` from the registry and the fields that kind needs
(email: `to` list of valid addresses; noticeboard: `page`, `credential`; webhook: https
`url`, `secret`; desk: `team`, `queue`), and a `noticeboard` destination is only allowed
for a type with `"public": true`.
"""

from routing import registry


def destination_problems(config: dict) -> list[str]:
    problems = []
    types = (config.get("non_emergency") or {}).get("types") or []
    for entry in types:
        key = entry.get("key", "?")
        destinations = (entry.get("direct_report") or {}).get("destinations") or []
        for index, destination in enumerate(destinations):
            where = f"non_emergency.types[{key}].direct_report.destinations[{index}]"
            if not isinstance(destination, dict):
                problems.append(f"{where}: must be an object")
                continue
            try:
                channel = registry.configurable_class(destination.get("kind"))
            except registry.UnknownChannel:
                problems.append(f"{where}: unknown kind {destination.get('kind')!r}")
                continue
            if channel.kind == "noticeboard" and not entry.get("public", False):
                problems.append(f"{where}: a noticeboard destination needs the type to be public")
            problems.extend(f"{where}: {problem}" for problem in channel.validate(destination))
    return problems
