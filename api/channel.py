"""The outbox channel that posts a team's case events to its webhook.

Registered in routing's channel registry by this app (api.apps), not named by any wiki's
configuration (`configurable = False`). The event's payload is fixed when it is queued (in
the transaction of the action it tells about); the signing secret is read from the team's
webhook at send time, so a removed webhook stops its pending events (permanently).
"""

import json

from django.utils.translation import gettext_lazy as _

from api.models import TeamWebhook
from routing.channels.base import Channel, DeliveryError
from routing.channels.webhook import post_signed

KIND = "case_event"


class CaseEventChannel(Channel):
    kind = KIND
    label = _("Case event")
    configurable = False
    recognises_resend = True  # X-IRS-Delivery is stable across retries
    required = {"webhook": int, "event": str, "payload": dict}

    @classmethod
    def summarize(cls, destination):
        return str(_("%(event)s to the team's webhook")) % {"event": destination.get("event", "")}

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        hook = TeamWebhook.objects.filter(pk=self.destination["webhook"]).first()
        if hook is None:
            raise DeliveryError("the team removed this webhook", permanent=True)
        payload = {**self.destination["payload"], "delivery": delivery.idempotency_key}
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        return post_signed(
            hook.url,
            hook.secret,
            body,
            delivery.idempotency_key,
            headers={"X-IRS-Event": self.destination["event"]},
        )
