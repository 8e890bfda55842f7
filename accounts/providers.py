"""Identity providers: where a user's identity and eligibility facts come from.

Each provider is a small class; the registry below lists them explicitly.
"""

from accounts.models import User, WikiAccount


class Provider:
    key = ""
    label = ""
    # Whether refresh() asks a remote service (facts can change between page loads).
    remote = False

    def refresh(self, account: WikiAccount) -> WikiAccount:
        """Bring the account's facts up to date and return it. Raise ProviderError if unsure."""
        raise NotImplementedError


class ProviderError(Exception):
    """The provider could not tell us who this user is or what the wiki says of them."""


class LocalProvider(Provider):
    """Accounts kept in IRS itself (the demo and standalone installs): facts are as stored."""

    key = "local"
    label = "Local account"

    def refresh(self, account: WikiAccount) -> WikiAccount:
        return account


PROVIDERS: dict[str, Provider] = {LocalProvider.key: LocalProvider()}


def provider_for(account: WikiAccount) -> Provider:
    try:
        return PROVIDERS[account.provider]
    except KeyError:
        raise ProviderError(f"unknown identity provider {account.provider!r}") from None


def account_on(user: User, wiki) -> WikiAccount | None:
    """The user's account on that wiki, facts refreshed by its provider; None if they have none."""
    if not user.is_authenticated:
        return None
    account = WikiAccount.objects.filter(user=user, wiki=wiki).first()
    if account is None:
        return None
    return provider_for(account).refresh(account)
