"""A message to one wiki user through the wiki itself: an email sent by the wiki
(`action=emailuser`) or a new section on their user talk page (`action=edit`).

Used for statements of reasons to a reported user (desk.notices); never named by a wiki's
configuration as a report's destination. The message is rendered when it is queued and kept
in the delivery's destination, so every attempt sends the same text. The bot credential is
the wiki's (`decisions.reported_user_notices.credential`), bound by the operators to that
wiki's API like a noticeboard's. Text is inert wikitext on the talk page (no template, link
or signature takes effect); only the link to the decision, built by IRS, is a link.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from routing import conf
from routing.channels.base import DeliveryError
from routing.channels.noticeboard import (
    NoticeboardChannel,
    as_delivery_error,
    inert,
    section_title,
)
from routing.content import one_line
from routing.models import Delivery, DeliveryStatus
from routing.tasks import enqueue_due
from wikis import actionapi

CHANNELS = ("email", "user-talk")


class WikiUserChannel(NoticeboardChannel):
    kind = "wiki-user"
    label = _("Message to a wiki user")
    configurable = False
    recognises_resend = True  # the talk page is searched for the delivery's marker
    required = {"user": str, "channel": str, "subject": str, "text": str, "credential": str}

    @classmethod
    def validate(cls, destination):
        if not isinstance(destination, dict):
            return [str(_("A destination must be an object."))]
        errors = []
        if not destination.get("credential"):
            errors.append(
                str(
                    _(
                        "No bot credential is configured for messages to users on this wiki "
                        "(decisions → reported_user_notices → credential)."
                    )
                )
            )
        for key, kind in cls.required.items():
            if key != "credential" and (
                not isinstance(destination.get(key), kind) or not destination.get(key)
            ):
                errors.append(
                    str(_("A destination of kind %(kind)s needs “%(key)s”."))
                    % {"kind": cls.kind, "key": key}
                )
        if destination.get("channel") not in CHANNELS and "channel" in destination:
            errors.append(str(_("Unknown way to reach a wiki user.")))
        return errors

    @classmethod
    def summarize(cls, destination):
        if destination.get("channel") == "user-talk":
            return str(_("Message on the user talk page of %(user)s")) % {
                "user": destination.get("user", "?")
            }
        return str(_("Email through the wiki to %(user)s")) % {"user": destination.get("user", "?")}

    @property
    def page(self) -> str:
        return f"User talk:{self.destination['user']}"

    def wikitext(self, delivery) -> tuple[str, str]:
        title = section_title(self.destination["subject"])
        body = inert(self.destination["text"].strip())
        link = self.destination.get("link", "")
        if link.startswith(("https://", "http://")) and not any(c in link for c in " []\n"):
            body += f"\n\n[{link} {inert(self.destination.get('link_label') or link)}]"
        return title, body

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        url = self.api_url(delivery)
        with as_delivery_error(), actionapi.ActionAPI(url, timeout=conf.http_timeout()) as api:
            self.login(api, delivery.report.wiki)
            if self.destination["channel"] == "user-talk":
                return self.post_section(api, delivery)
            return self._email(api, delivery)

    def _email(self, api, delivery) -> str:
        text = self.destination["text"].strip()
        if self.destination.get("link"):
            text += "\n\n" + self.destination["link"]
        try:
            result = api.post(
                action="emailuser",
                target=self.destination["user"],
                subject=one_line(self.destination["subject"], 250),
                text=text,
                token=api.token(),
            )
        except actionapi.APIError as error:
            if error.code in ("noemail", "nowikiemail"):
                # The user takes no email: their talk page is the way the wiki offers.
                raise DeliveryError(
                    f"{error}; the user accepts no email from the wiki (choose user-talk)",
                    permanent=True,
                ) from error
            raise
        status = (result.get("emailuser") or {}).get("result")
        if status != "Success":
            raise DeliveryError(f"wiki did not send the email: {one_line(str(result), 300)}")
        return f"emailuser:{self.destination['user']}"


def queue_message(report, *, channel, credential, user, subject, text, link="", link_label=""):
    """Queue one message to `user` on `report`'s wiki; call inside the event's transaction."""
    destination = {
        "user": user,
        "channel": channel,
        "credential": credential,
        "subject": subject,
        "text": text,
        "link": link,
        "link_label": link_label,
    }
    problems = WikiUserChannel.validate(destination)
    delivery = Delivery.objects.create(
        report=report,
        kind=WikiUserChannel.kind,
        destination=destination,
        status=DeliveryStatus.DEAD if problems else DeliveryStatus.PENDING,
        last_error="; ".join(problems),
    )
    if not problems:
        transaction.on_commit(lambda: enqueue_due([(delivery.pk, None)]))
    return delivery
