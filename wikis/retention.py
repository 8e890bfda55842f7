"""How long a wiki keeps reporters' personal data: the one place that reads the policy.

The community sets `retention` in its configuration (`information_days`, `closed_months`);
the operators set the least and the most a community may choose (IRS_RETENTION_* settings),
so that no community keeps less than the law needs for appeals, nor more than the operators
allow. Emergency cases follow the safety team's setting (IRS_RETENTION_EMERGENCY_MONTHS),
whatever a wiki says. `policy(config)` is what the purge (privacy.purge) and the pages that
explain it use; a stored value outside the operators' bounds (the bounds changed after it
was saved) counts as the nearest bound.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from wikis.accountability import section
from wikis.schema import FieldError

FIELDS = ("information_days", "closed_months")


@dataclass(frozen=True)
class Policy:
    information_days: int
    closed_months: int
    emergency_months: int


def bounds() -> dict[str, tuple[int, int]]:
    """{field: (least, most)} as the operators set them."""
    return {
        "information_days": (
            settings.IRS_RETENTION_INFORMATION_DAYS_MIN,
            settings.IRS_RETENTION_INFORMATION_DAYS_MAX,
        ),
        "closed_months": (
            settings.IRS_RETENTION_CLOSED_MONTHS_MIN,
            settings.IRS_RETENTION_CLOSED_MONTHS_MAX,
        ),
    }


def _clamp(value, least: int, most: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = least
    return max(least, min(most, number))


def policy(config: dict) -> Policy:
    values = section(config, "retention")
    limits = bounds()
    return Policy(
        information_days=_clamp(values["information_days"], *limits["information_days"]),
        closed_months=_clamp(values["closed_months"], *limits["closed_months"]),
        emergency_months=settings.IRS_RETENTION_EMERGENCY_MONTHS,
    )


def bound_errors(data: dict) -> list[FieldError]:
    """Values of `retention` outside the operators' bounds (the schema checks the types)."""
    values = data.get("retention") if isinstance(data, dict) else None
    if not isinstance(values, dict):
        return []
    errors = []
    for name, (least, most) in bounds().items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        if not least <= value <= most:
            errors.append(
                FieldError(
                    ("retention", name),
                    _("The operators allow from %(least)s to %(most)s here.")
                    % {"least": least, "most": most},
                    "retention_bounds",
                )
            )
    return errors
