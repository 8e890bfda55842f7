"""Notification emails to one person (responders, reporters), sent through the outbox.

Unlike the other channels, wikis never name this one in a configuration: the application
itself queues a notice with `routing.notices.enqueue`, which renders the message when it is
queued and stores it in the delivery's destination. Sending is then only building the email
from that text, so every retry sends exactly what was queued, with the same Message-ID.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from routing.channels.base import Channel, DeliveryError
from routing.channels.email import message_id, send_message, valid_address
from routing.content import one_line


class NoticeChannel(Channel):
    kind = "notice"
    label = pgettext_lazy("routing", "Notification email")
    configurable = False
    recognises_resend = True  # same Message-ID on every attempt
    required = {"to": list, "subject": str, "text": str}

    @classmethod
    def validate(cls, destination):
        errors = super().validate(destination)
        if errors:
            return errors
        if len(destination["to"]) != 1:
            errors.append(str(_("A notification goes to exactly one address.")))
        for address in destination["to"]:
            if not valid_address(address):
                errors.append(
                    str(_("“%(address)s” is not a valid email address."))
                    % {"address": one_line(address, 100)}
                )
        return errors

    @classmethod
    def summarize(cls, destination):
        return str(_("Notification “%(about)s” to %(to)s")) % {
            "about": str(destination.get("template", "")).rpartition("/")[2],
            "to": ", ".join(destination.get("to", [])),
        }

    def build(self, delivery) -> EmailMultiAlternatives:
        headers = {"Message-ID": message_id(delivery), "Auto-Submitted": "auto-generated"}
        if delivery.report_id:
            headers["X-IRS-Reference"] = one_line(delivery.report.reference, 32)
        message = EmailMultiAlternatives(
            subject=one_line(self.destination["subject"], 250),
            body=self.destination["text"],
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(self.destination["to"]),
            headers=headers,
        )
        if self.destination.get("html"):
            message.attach_alternative(self.destination["html"], "text/html")
        return message

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        return send_message(self.build(delivery))
