"""Turning a MediaWiki OAuth profile into an IRS user with an account on the wiki."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import MediaWikiIdentity, User, WikiAccount
from accounts.providers import PROVIDERS, ProviderError


class AccountConflict(Exception):
    """The wiki username is already linked to someone else in IRS."""


def _free_username(name: str, client: str) -> str:
    candidates = [name, f"{name} ({client})"] + [f"{name} ({client} {n})" for n in range(2, 50)]
    for candidate in candidates:
        candidate = candidate[:150]
        if not User.objects.filter(username=candidate).exists():
            return candidate
    raise AccountConflict(name)


@transaction.atomic
def link_account(wiki, client, facts: dict) -> User:
    """The user `facts` (from profile_facts) describe, created or updated, with their account
    on `wiki` holding the profile's facts. Raises AccountConflict."""
    # Only the issuer that vouched for this `sub` (the client's operator-set rest.php) can
    # match an identity; one recorded before issuers were (issuer "") is bound to it now.
    identity = (
        MediaWikiIdentity.objects.select_for_update()
        .filter(client=client.name, sub=facts["sub"], issuer__in=[client.issuer, ""])
        .select_related("user")
        .order_by("-issuer")
        .first()
    )
    if identity is None:
        user = User(username=_free_username(facts["username"], client.name), email=facts["email"])
        user.set_unusable_password()
        user.save()
        identity = MediaWikiIdentity(user=user, client=client.name, sub=facts["sub"])
    user = identity.user
    identity.issuer = client.issuer
    identity.username = facts["username"]
    identity.last_login_at = timezone.now()
    identity.save()
    if facts["email"] and user.email != facts["email"]:
        user.email = facts["email"]
        user.save(update_fields=["email"])

    account = WikiAccount.objects.filter(wiki=wiki, user=user).first()
    clash = WikiAccount.objects.filter(wiki=wiki, username=facts["username"]).exclude(user=user)
    if clash.exists() or (account is not None and account.provider != "mediawiki"):
        raise AccountConflict(facts["username"])
    if account is None:
        account = WikiAccount(wiki=wiki, user=user, provider="mediawiki")
    account.username = facts["username"]
    account.edit_count = facts["edit_count"]
    account.registered_at = facts["registered_at"]
    account.email = facts["email"] or account.email
    account.email_confirmed = facts["email_confirmed"]
    account.groups = facts["groups"]
    account.blocked = facts["blocked"]
    account.block_reason = ""
    account.refreshed_at = timezone.now()
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise AccountConflict(facts["username"]) from None
    return user


def refresh_quietly(user: User, wiki) -> None:
    """After login, ask the wiki's own API too (a central client's profile describes the
    central wiki). If the wiki does not answer, the profile's facts stand until the next
    refresh, which happens again, strictly, when a report is filed."""
    account = WikiAccount.objects.filter(user=user, wiki=wiki).first()
    if account is None:
        return
    try:
        PROVIDERS["mediawiki"].refresh(account)
    except ProviderError:
        pass
