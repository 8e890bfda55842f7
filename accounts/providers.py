"""Identity providers: where a user's identity and eligibility facts come from.

Each provider is a small class; the registry below lists them explicitly.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, WikiAccount
from accounts.oauth import parse_mw_timestamp
from wikis import actionapi


class Provider:
    key = ""
    label = ""
    # Whether refresh() asks a remote service (facts can change between page loads).
    remote = False

    def refresh(self, account: WikiAccount) -> WikiAccount:
        """Bring the account's facts up to date and return it. Raise ProviderError if unsure."""
        raise NotImplementedError


class ProviderError(Exception):
    """The provider could not tell us who this user is or what the wiki says of them.

    str(error) is a translated sentence meant for the person: show it as it is.
    """


class LocalProvider(Provider):
    """Accounts kept in IRS itself (the demo and standalone installs): facts are as stored."""

    key = "local"
    label = "Local account"

    def refresh(self, account: WikiAccount) -> WikiAccount:
        return account


USER_PROPS = "editcount|registration|groups|blockinfo|emailable"


def apply_user_facts(account: WikiAccount, user: dict) -> WikiAccount:
    """Copy what the Action API's list=users says of a user onto `account` (not saved)."""
    if user.get("missing") or user.get("invalid"):
        # No such user on this wiki (yet): nothing to be eligible with.
        account.edit_count = 0
        account.registered_at = None
        account.groups = []
        account.blocked = False
        account.block_reason = ""
        return account
    if isinstance(user.get("userid"), int):
        account.mw_user_id = user["userid"]
    if isinstance(user.get("name"), str) and user["name"]:
        account.username = user["name"][:255]
    editcount = user.get("editcount")
    account.edit_count = editcount if isinstance(editcount, int) and editcount >= 0 else 0
    account.registered_at = parse_mw_timestamp(user.get("registration"))
    groups = user.get("groups")
    account.groups = [g for g in groups if isinstance(g, str)] if isinstance(groups, list) else []
    # Any block counts, partial ones too (the original refuses "a block of any kind").
    account.blocked = "blockid" in user or "blockedby" in user
    account.block_reason = str(user.get("blockreason", ""))[:2000] if account.blocked else ""
    # `emailable` needs a confirmed address, so it proves one; its absence proves nothing
    # (the person may just refuse email from others), so the login-time fact then stands.
    if user.get("emailable"):
        account.email_confirmed = True
    return account


class MediaWikiProvider(Provider):
    """Accounts on a MediaWiki wiki, signed in with OAuth 2; facts from the wiki's Action API."""

    key = "mediawiki"
    label = "MediaWiki"
    remote = True

    def refresh(self, account: WikiAccount) -> WikiAccount:
        wiki = account.wiki
        who = (
            {"ususerids": account.mw_user_id}
            if account.mw_user_id
            else {"ususers": account.username}
        )
        try:
            data = actionapi.ask(wiki, action="query", list="users", usprop=USER_PROPS, **who)
            users = data["query"]["users"]
            if not isinstance(users, list) or not users or not isinstance(users[0], dict):
                raise actionapi.APIError("list=users gave no user", temporary=True)
        except (actionapi.APIError, KeyError, TypeError) as error:
            raise ProviderError(
                _(
                    "We could not check your account on %(wiki)s right now, so we cannot "
                    "accept a report yet. Nothing was sent. Please try again in a few minutes."
                )
                % {"wiki": wiki.name or wiki.slug}
            ) from error
        apply_user_facts(account, users[0])
        account.refreshed_at = timezone.now()
        account.save()
        return account


PROVIDERS: dict[str, Provider] = {
    LocalProvider.key: LocalProvider(),
    MediaWikiProvider.key: MediaWikiProvider(),
}


def provider_for(account: WikiAccount) -> Provider:
    try:
        return PROVIDERS[account.provider]
    except KeyError:
        raise ProviderError(f"unknown identity provider {account.provider!r}") from None


# Accounts refreshed during the current request, {(user id, wiki id): account}; None outside
# a request (tasks, shells, tests calling functions directly refresh every time).
_refreshed: ContextVar[dict | None] = ContextVar("irs_refreshed_accounts", default=None)


@contextmanager
def one_refresh_per_request():
    """Within this block, each account is asked about at most once (a request's pages check
    eligibility several times: the step, then the submission; the facts of a few
    milliseconds ago are the facts)."""
    token = _refreshed.set({})
    try:
        yield
    finally:
        _refreshed.reset(token)


def account_on(user: User, wiki) -> WikiAccount | None:
    """The user's account on that wiki, facts refreshed by its provider; None if they have none.

    Raises ProviderError when a remote provider cannot be asked: callers must refuse to act
    on stale facts and show str(error). Refreshed once per request (one_refresh_per_request).
    """
    if not user.is_authenticated:
        return None
    cache = _refreshed.get()
    key = (user.pk, wiki.pk)
    if cache is not None and key in cache:
        return cache[key]
    account = WikiAccount.objects.filter(user=user, wiki=wiki).first()
    if account is None:
        return None
    account = provider_for(account).refresh(account)
    if cache is not None:
        cache[key] = account
    return account
