"""The facts on the operators' page: wikis, teams, delivery health, credentials, checks."""

from dataclasses import dataclass

from django.core import checks
from django.db.models import Count, Min
from django.utils import timezone

from desk.models import Team
from routing.models import Delivery, DeliveryStatus
from routing.secrets import credential_bound, env_name, secret_bound
from wikis.models import Wiki


@dataclass(frozen=True)
class NamedSecret:
    wiki: str
    name: str
    kind: str  # "credential" (a bot password) or "secret" (a signing secret)
    variable: str
    bound: bool


def _named_secrets(value, found: set) -> None:
    """Every credential and secret a configuration names, wherever it names them."""
    if isinstance(value, dict):
        for key in ("credential", "secret"):
            name = value.get(key)
            if isinstance(name, str) and name.strip():
                found.add((key, name.strip()))
        for item in value.values():
            _named_secrets(item, found)
    elif isinstance(value, list):
        for item in value:
            _named_secrets(item, found)


def wikis() -> list[dict]:
    rows = []
    for wiki in Wiki.objects.order_by("slug").prefetch_related("admins__user"):
        config = wiki.config
        rows.append(
            {
                "wiki": wiki,
                "name": config["wiki"].get("name") or wiki.slug,
                "api_url": config["wiki"].get("api_url", ""),
                "admins": sorted(a.user.get_username() for a in wiki.admins.all()),
                "config": config,
            }
        )
    return rows


def credentials(wiki_rows: list[dict]) -> list[NamedSecret]:
    result = []
    for row in wiki_rows:
        found: set = set()
        _named_secrets(row["config"], found)
        for kind, name in sorted(found):
            stem = "IRS_CREDENTIAL_" if kind == "credential" else "IRS_SECRET_"
            bound = credential_bound if kind == "credential" else secret_bound
            result.append(
                NamedSecret(
                    wiki=row["wiki"].slug,
                    name=name,
                    kind=kind,
                    variable=stem + env_name(name),
                    bound=bound(name, row["wiki"]),
                )
            )
    return result


def teams() -> list[Team]:
    return list(
        Team.objects.select_related("wiki")
        .prefetch_related("memberships__user", "queues")
        .order_by("-is_safety", "slug")
    )


def delivery_health(now=None) -> dict:
    """Deliveries by status, how many are due now and how long the oldest due one waited."""
    now = now or timezone.now()
    by_status = dict(
        Delivery.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    due = Delivery.objects.claimable(now)
    oldest = due.aggregate(oldest=Min("next_attempt_at"))["oldest"]
    return {
        "counts": [(status.label, by_status.get(status.value, 0)) for status in DeliveryStatus],
        "due": due.count(),
        "oldest_due_seconds": int((now - oldest).total_seconds()) if oldest else None,
        "dead": by_status.get(DeliveryStatus.DEAD.value, 0),
    }


def system_checks() -> list[checks.CheckMessage]:
    """What `manage.py check --deploy` says about this running configuration."""
    return sorted(
        checks.run_checks(include_deployment_checks=True),
        key=lambda message: (-message.level, message.id or ""),
    )
