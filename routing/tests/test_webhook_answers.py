"""A signed webhook post against the loopback receiver: the headers a receiver relies on, the
answers that count as delivered, and a receiver that never answers (written against the
mutants bin/mutants found in routing/channels/webhook.py)."""

import socket
import threading
import time

import pytest

from routing.channels.base import DeliveryError
from routing.channels.webhook import post_signed

BODY = b'{"reference": "R-1"}'


def test_the_post_says_it_is_json_in_utf_8_and_carries_the_delivery_key(webhook):
    assert post_signed(webhook.url, webhook.secret, BODY, "key-1") == "HTTP 200"
    (request,) = webhook.received()
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["X-IRS-Delivery"] == "key-1"
    assert request.body == BODY and request.signature_valid


def test_headers_given_by_the_caller_never_replace_the_signature(webhook):
    forged = {"X-IRS-Signature": "sha256=0", "X-IRS-Delivery": "other", "X-Event": "case"}
    post_signed(webhook.url, webhook.secret, BODY, "key-1", headers=forged)
    (request,) = webhook.received()
    assert request.signature_valid and request.headers["X-IRS-Delivery"] == "key-1"
    assert request.headers["X-Event"] == "case"


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_any_2xx_is_delivered(webhook, status):
    webhook.respond_with(status)
    assert post_signed(webhook.url, webhook.secret, BODY, "key-1") == f"HTTP {status}"


@pytest.mark.parametrize("status", [300, 301, 400, 404])
def test_a_3xx_or_other_4xx_is_a_permanent_failure(webhook, status):
    webhook.respond_with(status)
    with pytest.raises(DeliveryError) as failure:
        post_signed(webhook.url, webhook.secret, BODY, "key-1")
    assert failure.value.permanent
    assert str(failure.value) == f"webhook answered HTTP {status}"


@pytest.fixture
def silent_receiver():
    """Accepts connections and reads, but never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    listener.close()


def test_a_receiver_that_never_answers_is_given_up_on_after_the_timeout(silent_receiver, settings):
    settings.IRS_ROUTING_ALLOW_INSECURE_URLS = True
    settings.IRS_ROUTING_HTTP_TIMEOUT = 1
    started = time.monotonic()
    failure = {}

    def post():
        try:
            post_signed(silent_receiver, "secret", BODY, "key-1")
        except DeliveryError as error:
            failure["error"] = error

    worker = threading.Thread(target=post, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the post waited on a silent receiver for 30 s"
    assert time.monotonic() - started < 30
    error = failure["error"]
    assert not error.permanent and "webhook unreachable" in str(error)
