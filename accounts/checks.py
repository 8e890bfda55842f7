"""System checks for identity settings (stable ids; `manage.py check` and start-up run them).

accounts.E001  an OAuth client in IRS_OAUTH_CLIENTS is incomplete (no CLIENT_ID, or no
               REST_URL: its OAuth endpoints would otherwise have to come from a wiki's
               community-editable configuration, which IRS never does).
"""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from accounts.oauth import configured_clients


@checks.register(checks.Tags.security)
def oauth_clients_are_complete(app_configs=None, **kwargs):

    try:
        configured_clients()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Set IRS_OAUTH_<NAME>_CLIENT_ID and IRS_OAUTH_<NAME>_REST_URL for every "
                "client listed in IRS_OAUTH_CLIENTS (docs/onwiki.md).",
                id="accounts.E001",
            )
        ]
    return []
