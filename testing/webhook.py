"""A local HTTP receiver for webhook tests: records each request and checks its signature.

The check is written here from the documented scheme (HMAC-SHA256 over timestamp + "." +
body), independently of routing's own code, so a wrong signer fails the tests.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

import pytest

from testing.servers import LoopbackReceiver


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    signature_valid: bool

    def json(self):
        return json.loads(self.body)


class WebhookReceiver(LoopbackReceiver):
    path = "/hook"

    def __init__(self, secret: str):
        self.secret = secret
        self.requests: list[Received] = []
        self.statuses: list[int] = []  # answers to give, in order; then 200
        super().__init__()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.statuses.clear()

    def respond_with(self, *statuses: int, retry_after: str | None = None) -> None:
        """Answer the next requests with these statuses (and a Retry-After header if given)."""
        with self._lock:
            self.statuses.extend((status, retry_after) for status in statuses)

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.requests)

    def valid_signature(self, headers: dict, body: bytes) -> bool:
        timestamp = headers.get("X-IRS-Timestamp", "")
        try:
            if abs(time.time() - int(timestamp)) > 300:
                return False
        except ValueError:
            return False
        expected = (
            "sha256="
            + hmac.new(
                self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        return hmac.compare_digest(expected, headers.get("X-IRS-Signature", ""))

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = dict(self.headers.items())
                with receiver._lock:
                    receiver.requests.append(
                        Received(self.path, headers, body, receiver.valid_signature(headers, body))
                    )
                    status, wait = receiver.statuses.pop(0) if receiver.statuses else (200, None)
                self.send_response(status)
                if wait is not None:
                    self.send_header("Retry-After", wait)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture(scope="session")
def webhook_server():
    receiver = WebhookReceiver(secret="test-webhook-secret-7f3a").start()
    yield receiver
    receiver.stop()


@pytest.fixture
def webhook(webhook_server, settings, monkeypatch):
    """The receiver, empty; routing may call loopback http; the secret is in the env."""
    webhook_server.reset()
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    monkeypatch.setenv("IRS_SECRET_TEST_HOOK", webhook_server.secret)
    monkeypatch.setenv("IRS_SECRET_TEST_HOOK_WIKIS", "demowiki")  # bound to the demo wiki
    yield webhook_server
    webhook_server.reset()
