"""Failed logins are throttled per account name and per client address, in the database
(accounts/login_throttle.py): the right password is refused while locked, unknown names get
the same answers as existing ones, and each lock is recorded."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import LoginLockout, LoginThrottle
from irs.demo import DEMO_PASSWORD

LOGIN = "/accounts/login/"
LOCKED = "Too many failed logins"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        response = _login(client, username, "wrong", address)
        assert response.status_code == 200


def test_ten_failures_lock_the_account_even_for_the_right_password(client, operator):
    _fail(client, "Operator", 9)
    assert LoginLockout.objects.count() == 0
    _fail(client, "Operator", 1)
    response = _login(client, "Operator", DEMO_PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = LoginLockout.objects.get(kind="account")
    assert entry.value == "operator" and entry.failures == 10


def test_the_lock_is_per_account_from_any_address(operator):
    _fail(Client(), "Operator", 10, address="10.0.0.1")
    other = Client()
    response = _login(other, "operator", DEMO_PASSWORD, address="10.9.9.9")
    assert LOCKED in response.content.decode()


def test_the_lock_is_per_address_over_many_names(client, operator):
    for number in range(10):
        _fail(client, f"Someone{number}", 1, address="10.0.0.7")
    response = _login(client, "Operator", DEMO_PASSWORD, address="10.0.0.7")
    assert LOCKED in response.content.decode()
    assert LoginLockout.objects.filter(kind="address", value="10.0.0.7").exists()
    # Another address is not locked out of the account.
    response = _login(Client(), "Operator", DEMO_PASSWORD, address="10.0.0.8")
    assert response.status_code == 302


def test_an_unknown_name_is_answered_like_an_existing_one(operator):
    existing, unknown = Client(), Client()
    answers = []
    for name, client, address in (
        ("Operator", existing, "10.1.0.1"),
        ("Nobody", unknown, "10.2.0.1"),
    ):
        for _ in range(11):
            answers.append((name, _login(client, name, "wrong", address).content.decode()))
    ours = [text for name, text in answers if name == "Operator"]
    theirs = [text for name, text in answers if name == "Nobody"]
    assert [LOCKED in t for t in ours] == [LOCKED in t for t in theirs]
    assert LOCKED in ours[-1] and LOCKED not in ours[-2]
    assert LoginLockout.objects.filter(kind="account").count() == 2


def test_the_lock_ends_after_its_time(client, operator):
    _fail(client, "Operator", 10)
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    response = _login(client, "Operator", DEMO_PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_failures_older_than_the_window_do_not_count(client, operator):
    _fail(client, "Operator", 9)
    LoginThrottle.objects.update(window_start=timezone.now() - timedelta(minutes=16))
    _fail(client, "Operator", 1)
    assert LoginLockout.objects.count() == 0
    assert _login(client, "Operator", DEMO_PASSWORD).status_code == 302


def test_a_successful_login_clears_the_accounts_count(client, operator):
    _fail(client, "Operator", 9)
    assert _login(client, "Operator", DEMO_PASSWORD).status_code == 302
    client.logout()
    _fail(client, "Operator", 1, address="10.0.0.3")
    assert LoginLockout.objects.count() == 0


@pytest.mark.parametrize("language,word", [("pt", "Demasiadas"), ("uk", "Забагато")])
def test_the_message_is_translated(client, operator, language, word):
    _fail(client, "Operator", 10)
    response = client.post(
        f"{LOGIN}?uselang={language}",
        {"username": "Operator", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert word in response.content.decode()
