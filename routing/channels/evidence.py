"""Evidence capture as an outbox delivery: the reports app's snapshot of the reported place
(reports/evidence.py), taken by the same workers, claims, leases, retries and sweeper as
every other delivery. Never named in a wiki's configuration."""

from datetime import timedelta

from django.utils.translation import pgettext_lazy

from reports import evidence
from routing.channels.base import Channel, DeliveryError


class EvidenceChannel(Channel):
    kind = "evidence"
    label = pgettext_lazy("routing", "Evidence capture")
    configurable = False
    recognises_resend = True  # captured evidence is not captured again
    max_attempts = evidence.MAX_ATTEMPTS

    @classmethod
    def retry_delay(cls, attempts: int):
        delays = evidence.RETRY_DELAYS
        return timedelta(seconds=delays[min(max(attempts, 1) - 1, len(delays) - 1)])

    @classmethod
    def after_death(cls, delivery, error: str) -> None:
        evidence.give_up(delivery.report, error)

    def send(self, delivery) -> str:
        if delivery.report_id is None:
            raise DeliveryError("an evidence capture needs its report", permanent=True)
        try:
            return evidence.attempt_capture(delivery.report, delivery.attempts)
        except evidence.CaptureFailed as failure:
            raise DeliveryError(str(failure), permanent=failure.permanent) from failure
