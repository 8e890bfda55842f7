"""The channels' small rules without a network (written against the mutants bin/mutants
found in routing/channels/): which HTTP answers are temporary, the webhook signature (a
known answer computed with openssl, not with the code's own function) and its freshness
window, destination shapes, the operators' one-line summaries, evidence's retry delays."""

import smtplib
import time
from datetime import timedelta

import pytest
from django.utils import translation

from reports import evidence
from routing.channels.base import Channel, DeliveryError, temporary_http
from routing.channels.email import EmailChannel, _classify
from routing.channels.evidence import EvidenceChannel
from routing.channels.notice import NoticeChannel
from routing.channels.webhook import WebhookChannel, sign, verify

# printf '%s' '1700000000.{"what": "do ya want for nothing?"}' | openssl dgst -sha256 -hmac Jefe
KNOWN_BODY = b'{"what": "do ya want for nothing?"}'
KNOWN_SIGNATURE = "sha256=0d3098b2d4a61fa5ca78dd1babedee4ac929da134f7fcea1d1d2aa647c67425e"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 599])
def test_these_answers_are_temporary(status):
    assert temporary_http(status)


@pytest.mark.parametrize("status", [200, 301, 400, 401, 404, 409, 410, 422, 426, 428, 499])
def test_these_answers_are_not(status):
    assert not temporary_http(status)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    assert sign("Jefe", "1700000000", KNOWN_BODY) == KNOWN_SIGNATURE


def test_a_receiver_accepts_a_fresh_right_signature_only():
    now = int(time.time())
    for age in (0, 299, -299):
        stamp = str(now - age)
        assert verify("Jefe", stamp, KNOWN_BODY, sign("Jefe", stamp, KNOWN_BODY))
    stale = str(now - 310)
    assert not verify("Jefe", stale, KNOWN_BODY, sign("Jefe", stale, KNOWN_BODY))
    ahead = str(now + 310)
    assert not verify("Jefe", ahead, KNOWN_BODY, sign("Jefe", ahead, KNOWN_BODY))
    assert verify("Jefe", stale, KNOWN_BODY, sign("Jefe", stale, KNOWN_BODY), max_age=400)
    stamp = str(now)
    assert not verify("Jefe", stamp, KNOWN_BODY + b" ", sign("Jefe", stamp, KNOWN_BODY))
    assert not verify("other", stamp, KNOWN_BODY, sign("Jefe", stamp, KNOWN_BODY))
    assert not verify("Jefe", stamp, KNOWN_BODY, None)
    assert not verify("Jefe", "soon", KNOWN_BODY, sign("Jefe", "soon", KNOWN_BODY))
    assert not verify("Jefe", None, KNOWN_BODY, "sha256=")


class Needy(Channel):
    kind = "needy"
    required = {"to": list, "name": str}


def test_a_destination_is_an_object_with_each_required_key_non_empty_and_of_its_type():
    assert Needy.validate({"to": ["a"], "name": "x"}) == []
    assert Needy.validate(["to"]) == ["A destination must be an object."]
    assert Needy.validate({"to": [], "name": "x"}) == ["A destination of kind needy needs “to”."]
    assert Needy.validate({"to": "a", "name": ""}) == [
        "A destination of kind needy needs “to”.",
        "A destination of kind needy needs “name”.",
    ]
    assert Channel.validate({}) == []
    assert Channel.check_for_wiki({}, "x", {}) == []
    assert Channel.retry_delay(3) is None
    assert Channel.after_death(None, "error") is None
    with pytest.raises(NotImplementedError):
        Channel({}).send(None)


def test_email_addresses_are_checked_one_by_one():
    assert EmailChannel.validate({"to": ["a@example.org", "b@example.org"]}) == []
    assert EmailChannel.validate({"to": ["a@example.org", "not an address"]}) == [
        "“not an address” is not a valid email address."
    ]
    assert EmailChannel.validate({"to": []}) == ["A destination of kind email needs “to”."]


def test_a_notice_goes_to_exactly_one_valid_address():
    notice = {"to": ["a@example.org"], "subject": "S", "text": "T"}
    assert NoticeChannel.validate(notice) == []
    assert NoticeChannel.validate({**notice, "to": ["a@example.org", "b@example.org"]}) == [
        "A notification goes to exactly one address."
    ]
    assert NoticeChannel.validate({**notice, "to": ["nobody"]}) == [
        "“nobody” is not a valid email address."
    ]
    assert NoticeChannel.validate({**notice, "text": ""}) == [
        "A destination of kind notice needs “text”."
    ]


def test_the_summaries_operators_read():
    assert EmailChannel.summarize({"to": ["a@example.org", "b@example.org"]}) == (
        "Email to a@example.org, b@example.org"
    )
    assert EmailChannel.summarize({}) == "Email to "
    assert WebhookChannel.summarize({"url": "https://desk.example.org/hook?x=1"}) == (
        "Webhook to desk.example.org"
    )
    assert WebhookChannel.summarize({}) == "Webhook to ?"
    assert NoticeChannel.summarize(
        {"template": "desk/email/new_case", "to": ["lead@example.org"]}
    ) == ("Notification “new_case” to lead@example.org")
    assert NoticeChannel.summarize({}) == "Notification “” to "
    assert NoticeChannel.summarize({"to": ["a@example.org", "b@example.org"]}) == (
        "Notification “” to a@example.org, b@example.org"
    )
    assert EvidenceChannel.summarize({}) == "Evidence capture"


def test_evidence_is_retried_after_its_own_delays_then_stays_at_the_longest():
    delays = [EvidenceChannel.retry_delay(attempts) for attempts in range(0, 9)]
    seconds = evidence.RETRY_DELAYS
    assert delays[0] == delays[1] == timedelta(seconds=seconds[0])
    assert delays[2] == timedelta(seconds=seconds[1])
    assert delays[len(seconds)] == timedelta(seconds=seconds[-1])
    assert delays[8] == timedelta(seconds=seconds[-1])
    assert EvidenceChannel.max_attempts == evidence.MAX_ATTEMPTS
    assert not EvidenceChannel.configurable and not NoticeChannel.configurable
    assert EmailChannel.configurable and WebhookChannel.configurable


def refused(*codes):
    return smtplib.SMTPRecipientsRefused(
        {f"r{number}@example.org": (code, b"no") for number, code in enumerate(codes)}
    )


def test_smtp_answers_from_500_on_are_permanent_and_below_are_not():
    assert _classify(smtplib.SMTPResponseException(500, b"syntax")).permanent
    assert _classify(smtplib.SMTPDataError(554, b"rejected")).permanent
    assert not _classify(smtplib.SMTPResponseException(499, b"odd")).permanent
    assert not _classify(smtplib.SMTPSenderRefused(451, b"later", "irs@example.org")).permanent
    assert _classify(refused(500)).permanent and _classify(refused(550, 553)).permanent
    assert not _classify(refused(550, 450)).permanent
    assert not _classify(refused(499)).permanent
    assert not _classify(smtplib.SMTPRecipientsRefused({})).permanent
    assert not _classify(smtplib.SMTPAuthenticationError(535, b"bad")).permanent
    assert _classify(ValueError("bad address")).permanent
    assert not _classify(ConnectionRefusedError()).permanent


def test_a_malformed_destination_is_refused_before_anything_is_sent():
    with pytest.raises(DeliveryError) as failure:
        EmailChannel({"to": ["a@example.org", "nobody"]}).send(None)
    assert failure.value.permanent
    assert str(failure.value) == "“nobody” is not a valid email address."
    with pytest.raises(DeliveryError) as failure:
        WebhookChannel({"url": "https://desk.example.org/hook", "secret": ""}).send(None)
    assert failure.value.permanent
    assert str(failure.value) == "A destination of kind webhook needs “secret”."
    with pytest.raises(DeliveryError) as failure:
        WebhookChannel({"url": "", "secret": ""}).send(None)
    assert str(failure.value) == (
        "A destination of kind webhook needs “url”.; A destination of kind webhook needs “secret”."
    )
