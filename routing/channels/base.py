"""What every delivery channel is: a small class that sends one delivery or raises."""

from django.utils.translation import gettext_lazy as _

# HTTP answers that mean "try again later" for a channel posting to a receiver (and every 5xx).
TEMPORARY_HTTP = frozenset({408, 425, 429})


def temporary_http(status: int) -> bool:
    return status in TEMPORARY_HTTP or status >= 500


class DeliveryError(Exception):
    """A send that did not happen. `permanent` decides: retry later, or give up now."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        # Seconds the far end asked us to wait (Retry-After, maxlag's lag): the next attempt
        # is never sooner (capped at the backoff cap).
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message


class Channel:
    """One kind of destination. Subclasses set `kind` and `label` and implement `send`.

    Capability flags, as class attributes:
    - `local`: delivered inside the report's own transaction (no network involved).
    - `recognises_resend`: a re-send after a crash is recognised by the far end (or by the
      channel itself) instead of arriving twice.
    - `configurable`: a wiki's configuration may name it as a destination. Internal channels
      (notifications the application queues itself) are not.
    """

    kind = ""
    label = _("Unknown")
    local = False
    recognises_resend = False
    configurable = True
    # Attempts before giving up (None: IRS_DELIVERY_MAX_ATTEMPTS).
    max_attempts: int | None = None
    # Keys a destination of this kind must have, with the type each must be.
    required: dict[str, type] = {}

    def __init__(self, destination: dict):
        self.destination = destination

    @classmethod
    def validate(cls, destination: dict) -> list[str]:
        """Problems with a destination's shape, as sentences. Empty when it is usable."""
        if not isinstance(destination, dict):
            return [str(_("A destination must be an object."))]
        errors = []
        for key, kind in cls.required.items():
            value = destination.get(key)
            if not isinstance(value, kind) or not value:
                errors.append(
                    str(_("A destination of kind %(kind)s needs “%(key)s”."))
                    % {"kind": cls.kind, "key": key}
                )
        return errors

    @classmethod
    def check_for_wiki(cls, destination: dict, wiki: str, config: dict) -> list[str]:
        """Problems only the wiki's own context shows (called when its configuration is saved,
        after `validate` found none): e.g. a secret the operators did not bind to this wiki,
        a desk team of another wiki, a URL whose host resolves to a private address.
        `wiki` is the wiki's slug, `config` the whole configuration being saved."""
        return []

    @classmethod
    def summarize(cls, destination: dict) -> str:
        return str(cls.label)

    @classmethod
    def retry_delay(cls, attempts: int):
        """The wait after `attempts` failed attempts (a timedelta), or None for the standard
        exponential backoff (routing.delivery.backoff)."""
        return None

    @classmethod
    def after_death(cls, delivery, error: str) -> None:
        """Called once the delivery is dead (permanent error or out of attempts)."""

    def send(self, delivery) -> str:
        """Deliver and return an external reference, or raise DeliveryError."""
        raise NotImplementedError
