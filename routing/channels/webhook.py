"""Webhook: a signed JSON POST for helpdesks and chat bridges.

Headers: X-IRS-Timestamp (Unix seconds), X-IRS-Signature: sha256=HMAC-SHA256(secret,
timestamp + "." + body), X-IRS-Delivery (stable across retries: receivers de-duplicate on it).
"""

import hashlib
import hmac
import json
import time
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext_lazy as _

from irs import outbound
from irs.outbound import problem_with_url, static_problem_with_url
from routing import conf, secrets
from routing.channels.base import Channel, DeliveryError, temporary_http
from routing.content import content_language, facts


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, max_age: int = 300) -> bool:
    """What a receiver does (and what the tests' receiver does)."""
    try:
        fresh = abs(time.time() - int(timestamp)) <= max_age
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature or "")


class WebhookChannel(Channel):
    kind = "webhook"
    label = _("Webhook")
    recognises_resend = True  # X-IRS-Delivery lets the receiver drop a repeat
    required = {"url": str, "secret": str}

    @classmethod
    def validate(cls, destination):
        errors = super().validate(destination)
        if not errors:
            problem = static_problem_with_url(destination["url"])  # no DNS lookup here
            if problem:
                errors.append(str(_("Webhook URL refused: %(problem)s.")) % {"problem": problem})
        return errors

    @classmethod
    def check_for_wiki(cls, destination, wiki, config):
        errors = []
        if not secrets.secret_bound(destination["secret"], wiki):
            errors.append(
                str(
                    _(
                        "The operators hold no secret named “%(name)s” for this wiki. Ask them to "
                        "set it up for this wiki first."
                    )
                )
                % {"name": destination["secret"]}
            )
        problem = problem_with_url(destination["url"])
        if problem:
            errors.append(str(_("Webhook URL refused: %(problem)s.")) % {"problem": problem})
        return errors

    @classmethod
    def summarize(cls, destination):
        host = urlsplit(destination.get("url", "")).hostname or "?"
        return str(_("Webhook to %(host)s")) % {"host": host}

    def payload(self, delivery) -> bytes:
        report = delivery.report
        data = facts(report, content_language(report)).as_json()
        data["delivery"] = delivery.idempotency_key
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()

    def send(self, delivery) -> str:
        problems = self.validate(self.destination)
        if problems:
            raise DeliveryError("; ".join(problems), permanent=True)
        secret = secrets.secret(self.destination["secret"], delivery.report.wiki)
        return post_signed(
            self.destination["url"], secret, self.payload(delivery), delivery.idempotency_key
        )


def post_signed(url: str, secret: str, body: bytes, key: str, *, headers=None) -> str:
    """POST `body` signed with `secret` (the scheme above) and classify the answer: returns
    "HTTP 2xx", or raises DeliveryError (temporary for 408/425/429/5xx and network errors).
    Every signed webhook IRS sends goes through here (the wikis' and the teams' case events)."""
    timestamp = str(int(time.time()))
    sent_headers = {
        "Content-Type": "application/json; charset=utf-8",
        **(headers or {}),
        "X-IRS-Timestamp": timestamp,
        "X-IRS-Signature": sign(secret, timestamp, body),
        "X-IRS-Delivery": key,
    }
    try:
        response = outbound.post(url, data=body, headers=sent_headers, timeout=conf.http_timeout())
    except outbound.Refused as refusal:
        raise DeliveryError(f"webhook URL refused: {refusal.reason}", permanent=True) from None
    except requests.RequestException as error:
        raise DeliveryError(f"webhook unreachable: {error.__class__.__name__}") from error
    status = response.status_code
    if 200 <= status < 300:
        return f"HTTP {status}"
    reason = f"webhook answered HTTP {status}"
    if temporary_http(status):
        raise DeliveryError(reason, retry_after=outbound.retry_after(response.headers))
    raise DeliveryError(reason, permanent=True)  # 3xx (not followed) and other 4xx
