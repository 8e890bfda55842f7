"""System checks: the service refuses to start without a route for emergencies."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from routing.secrets import unbound_names


@checks.register("irs")
def emergency_route(app_configs=None, **kwargs):
    errors = []
    address = getattr(settings, "IRS_SAFETY_EMAIL", "")
    if not address:
        errors.append(
            checks.Error(
                "No emergency route is configured: IRS_SAFETY_EMAIL is empty, so emergency "
                "reports could not reach the safety team by email.",
                hint="Set IRS_SAFETY_EMAIL to the global safety team's address.",
                id="irs.E001",
            )
        )
    else:
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                checks.Error(
                    f"IRS_SAFETY_EMAIL is not a valid email address: {address!r}.",
                    hint="Set IRS_SAFETY_EMAIL to the global safety team's address.",
                    id="irs.E001",
                )
            )
    if not getattr(settings, "IRS_SAFETY_TEAM", ""):
        errors.append(
            checks.Error(
                "No emergency desk is configured: IRS_SAFETY_TEAM is empty.",
                hint="Set IRS_SAFETY_TEAM to the slug of the global safety team (e.g. safety).",
                id="irs.E002",
            )
        )
    return errors


@checks.register("irs")
def unbound_secrets(app_configs=None, **kwargs):
    """Credentials and secrets the operators hold but bound to no wiki: nothing can use them."""

    return [
        checks.Warning(
            f"{stem} is bound to no wiki, so no delivery can use it.",
            hint=(
                f"Set {stem}_WIKIS to the wikis that may name it"
                + (
                    f" and {stem}_API to the wiki API it logs in to."
                    if stem.startswith("IRS_CREDENTIAL_")
                    else "."
                )
                + " See docs/routing.md."
            ),
            id="irs.W101",
        )
        for stem in unbound_names()
    ]
