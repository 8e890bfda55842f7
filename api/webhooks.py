"""A team's case-event webhooks: what the leads add, remove, test, and the delivery log."""

import json
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.channel import KIND
from api.models import CaseEvent, TeamWebhook
from desk.cases import CaseError, audit
from desk.models import AuditAction
from irs import outbound
from routing.channels.base import DeliveryError
from routing.channels.webhook import post_signed
from routing.models import Delivery

URL_MAX = 500
LOG_SIZE = 50


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise CaseError(_("Give the address IRS should post the events to."))
    if len(url) > URL_MAX or not url.isprintable():
        raise CaseError(_("That address is too long or holds characters an address cannot."))
    problem = outbound.problem_with_url(url)
    if problem:
        raise CaseError(_("That address cannot be used: %(problem)s.") % {"problem": problem})
    return url


@transaction.atomic
def add(team, user, url: str, events: list[str], include_text: bool) -> TeamWebhook:
    url = _clean_url(url)
    chosen = [event for event in CaseEvent.values if event in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise CaseError(_("Choose at least one of the listed events."))
    hook = TeamWebhook.objects.create(
        team=team,
        url=url,
        secret=secrets.token_urlsafe(32),
        events=chosen,
        include_message_text=include_text,
        created_by=user,
    )
    audit(
        user,
        AuditAction.WEBHOOK_ADD,
        team=team,
        webhook=hook.pk,
        url=url,
        events=chosen,
        message_text=include_text,
    )
    return hook


def hook_of(team, webhook_id) -> TeamWebhook:
    try:
        return team.webhooks.get(pk=int(webhook_id))
    except (ValueError, TypeError, OverflowError, TeamWebhook.DoesNotExist) as error:
        raise CaseError(_("No such webhook in this team.")) from error


@transaction.atomic
def remove(team, user, webhook_id) -> None:
    hook = hook_of(team, webhook_id)
    audit(user, AuditAction.WEBHOOK_REMOVE, team=team, webhook=hook.pk, url=hook.url)
    hook.delete()


def test(team, webhook_id) -> str:
    """Post a `ping` event now (not through the outbox: the lead waits for the answer)."""
    hook = hook_of(team, webhook_id)
    key = secrets.token_hex(16)
    body = json.dumps(
        {
            "event": "ping",
            "team": team.slug,
            "occurred_at": timezone.now().isoformat(),
            "delivery": key,
        },
        sort_keys=True,
    ).encode()
    try:
        return post_signed(hook.url, hook.secret, body, key, headers={"X-IRS-Event": "ping"})
    except DeliveryError as error:
        raise CaseError(_("The test event did not arrive: %(error)s.") % {"error": error}) from None


def log(team) -> list[Delivery]:
    ids = list(team.webhooks.values_list("pk", flat=True))
    if not ids:
        return []
    return list(
        Delivery.objects.filter(kind=KIND, destination__webhook__in=ids)
        .select_related("report")
        .order_by("-id")[:LOG_SIZE]
    )
