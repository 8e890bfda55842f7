"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests: captures every accepted message.

It can be stopped and started again on the same port (down-then-up tests), slowed down,
and told to hold the next message until the test decides its fate (a worker killed while
the server has not yet accepted a message).
"""

import asyncio
import email
import email.policy
import functools
import threading
import time
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from testing.servers import free_port


@dataclass
class Captured:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @functools.cached_property
    def message(self) -> email.message.EmailMessage:
        """Parsed on first use, so the server itself answers fast (benchmarks use it)."""
        return email.message_from_bytes(self.data, policy=email.policy.default)

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]

    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()


class SMTPServer:
    def __init__(self, port: int | None = None):
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.messages: list[Captured] = []
        self.delay = 0.0
        self._lock = threading.Lock()
        self._controller: Controller | None = None
        self._hold: threading.Event | None = None
        self._hold_after = 0
        self._holding: threading.Event | None = None
        self._held = threading.Event()
        self._accept_held = True
        self._answers: dict[str, str | None] = {}

    # --- life cycle ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> "SMTPServer":
        if self._controller is None:
            controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            for _ in range(50):  # the port may linger briefly after a stop
                try:
                    controller.start()
                    break
                except (OSError, RuntimeError):
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"SMTP test server could not bind {self.host}:{self.port}")
            self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self.release(accept=False)
            self._controller.stop()
            self._controller = None

    def answer(self, stage: str, reply: str | None) -> None:
        """Answer every MAIL FROM (`stage="mail"`) or DATA (`"data"`) with `reply`, e.g.
        "451 4.3.0 Try again later"; None goes back to accepting."""
        assert stage in ("mail", "data")
        self._answers[stage] = reply

    def reset(self) -> None:
        self._answers = {}
        with self._lock:
            self.messages.clear()
        self.delay = 0.0
        self.release(accept=True)
        self._hold = self._holding = None
        self._held.clear()

    # --- holding a message -----------------------------------------------------------------
    def hold_next(self, after: int = 0) -> None:
        """After `after` more messages are accepted, the next one waits inside DATA, before
        the server answers, until release()."""
        self._held.clear()
        self._hold_after = len(self.captured()) + after
        self._hold = threading.Event()

    def wait_until_held(self, timeout: float = 10) -> bool:
        return self._held.wait(timeout)

    def release(self, *, accept: bool = True) -> None:
        """Let the held message go: accepted and captured, or refused (never captured)."""
        self._accept_held = accept
        for event in (self._hold, self._holding):
            if event is not None:
                event.set()

    # --- reading what arrived ----------------------------------------------------------------
    def captured(self) -> list[Captured]:
        with self._lock:
            return list(self.messages)

    def wait_for(self, count: int, timeout: float = 10) -> list[Captured]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.captured()) < count:
            time.sleep(0.02)
        return self.captured()

    def env(self) -> dict:
        """Environment for a subprocess (a worker) to send through this server."""
        return {
            "IRS_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "IRS_EMAIL_HOST": self.host,
            "IRS_EMAIL_PORT": str(self.port),
            "IRS_EMAIL_TIMEOUT": "5",
        }

    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port, "timeout": 5},
            }
        }


class _Handler:
    """Addresses at refused.invalid are refused for good (550), at busy.invalid for now (451)."""

    def __init__(self, server: SMTPServer):
        self.server = server

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options):
        reply = self.server._answers.get("mail")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        if address.endswith("@refused.invalid"):
            return "550 5.1.1 No such user"
        if address.endswith("@busy.invalid"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        server = self.server
        if server._answers.get("data"):
            return server._answers["data"]
        if server.delay:
            await asyncio.sleep(server.delay)
        hold = server._hold
        if hold is not None and len(server.captured()) >= server._hold_after:
            server._hold = None
            server._holding = hold
            server._held.set()
            await asyncio.get_running_loop().run_in_executor(None, hold.wait, 30)
            if not server._accept_held:
                return "451 4.3.0 Message not accepted"
        data = envelope.content
        if not isinstance(data, bytes):
            data = data.encode()
        with server._lock:
            server.messages.append(Captured(envelope.mail_from, list(envelope.rcpt_tos), data))
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """The session's SMTP server, running and empty, and Django sending through it."""
    smtp_server.start()
    smtp_server.reset()
    settings.MAILERS = smtp_server.mailers()
    yield smtp_server
    smtp_server.reset()
    smtp_server.start()
