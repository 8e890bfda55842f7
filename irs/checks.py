"""System checks for the service's own production settings (stable ids; `manage.py check`,
`runserver`, `migrate` and the workers run them, and `bin/serve` runs `check --deploy`).

irs.E010  debug is off and no IRS_SECRET_KEY is set: the service would sign sessions, CSRF
          tokens and password-reset links with the development key published in this
          repository. Refused on every start, not only with --deploy.
"""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def secret_key_is_set_in_production(app_configs=None, **kwargs):
    if settings.DEBUG or settings.SECRET_KEY != settings.IRS_DEVELOPMENT_SECRET_KEY:
        return []
    return [
        checks.Error(
            "IRS_SECRET_KEY is not set and debug is off: IRS refuses to run in production "
            "with the development key published in its repository.",
            hint=(
                "Set IRS_SECRET_KEY to a long random value kept secret, e.g. the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))' "
                "(or IRS_DEBUG=1 for a local demo). See docs/security.md."
            ),
            id="irs.E010",
        )
    ]
