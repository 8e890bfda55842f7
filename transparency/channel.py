"""The `transparency` channel: a batch of statements of reasons to the EU DSA Transparency
Database (`POST <api>/statements`, Bearer token), through the outbox like every delivery.

The batch is the delivery's `Submission` rows (transparency.submit queues them). A repeat after
a lost answer is recognised: when the database refuses a batch (422) because some puids are
already there, the channel asks for each (`GET <api>/statement/existing-puid/<puid>`) and sends
only the others, so each statement arrives once.
"""

import json
from urllib.parse import quote

import requests
from django.utils.translation import gettext_lazy as _

from irs import outbound
from routing import conf, secrets
from routing.channels.base import Channel, DeliveryError, temporary_http
from transparency import schema


class TransparencyChannel(Channel):
    kind = "transparency"
    label = _("EU Transparency Database")
    configurable = False  # queued by transparency.submit, never named by a wiki
    recognises_resend = True  # existing puids are asked for and skipped
    required = {"url": str, "secret": str}

    @classmethod
    def summarize(cls, destination):
        return str(_("Statements of reasons to the EU Transparency Database"))

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        items = list(delivery.statements.select_related("decision__report__wiki"))
        if not items:
            raise DeliveryError("the batch holds no statements", permanent=True)
        for item in items:
            refused = schema.errors(item.statement)
            if refused:
                raise DeliveryError(
                    f"statement {item.puid} refused by the schema: {'; '.join(refused)}",
                    permanent=True,
                )
        token = secrets.secret(self.destination["secret"], items[0].decision.report.wiki)
        statements = [item.statement for item in items]
        response = self._post(token, statements)
        if response.status_code == 422:
            there = [s["puid"] for s in statements if self._exists(token, s["puid"])]
            if not there:
                raise DeliveryError(_refusal(response), permanent=True)
            rest = [s for s in statements if s["puid"] not in there]
            if rest:
                _check(self._post(token, rest))
            return _reference(statements)
        _check(response)
        return _reference(statements)

    def _headers(self, token: str) -> dict:
        return {
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
        }

    def _post(self, token: str, statements: list[dict]) -> requests.Response:
        body = json.dumps({"statements": statements}, ensure_ascii=False).encode()
        return self._call("POST", f"{self.destination['url']}/statements", token, data=body)

    def _exists(self, token: str, puid: str) -> bool:
        url = f"{self.destination['url']}/statement/existing-puid/{quote(puid, safe='')}"
        response = self._call("GET", url, token)
        if response.status_code == 404:
            return False
        if response.status_code != 302:
            _check(response)  # temporary or refused: the batch waits or dies, never doubles
        return True

    def _call(self, method: str, url: str, token: str, **kwargs) -> requests.Response:
        try:
            return outbound.request(
                method, url, headers=self._headers(token), timeout=conf.http_timeout(), **kwargs
            )
        except outbound.Refused as refusal:
            raise DeliveryError(
                f"Transparency Database URL refused: {refusal.reason}", permanent=True
            ) from None
        except requests.RequestException as error:
            raise DeliveryError(
                f"Transparency Database unreachable: {error.__class__.__name__}"
            ) from error


def _reference(statements: list[dict]) -> str:
    """The same for a first send and a recognised repeat: what is now in the database."""
    return f"{len(statements)} statement(s) in the database"


def _refusal(response) -> str:
    try:
        message = str(response.json().get("message", ""))[:300]
    except (ValueError, AttributeError):
        message = ""
    return f"Transparency Database refused the batch (HTTP {response.status_code}) {message}"


def _check(response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    if temporary_http(status):
        raise DeliveryError(
            f"Transparency Database answered HTTP {status}",
            retry_after=outbound.retry_after(response.headers),
        )
    if status in (401, 403):
        raise DeliveryError(
            f"Transparency Database refused the token (HTTP {status})", permanent=True
        )
    raise DeliveryError(_refusal(response), permanent=True)
