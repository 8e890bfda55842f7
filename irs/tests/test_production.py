"""Production settings: the service refuses the development key, `check --deploy` is clean with
the configuration docs/security.md documents, and forms work behind a TLS-terminating proxy.

These run real processes (manage.py, irs.wsgi under a WSGI server) with environments built
here, because the settings are read from the environment when a process starts.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from testing.databases import database_url
from testing.servers import free_port, wait_for_port

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_BLOCK = re.compile(r"production configuration\.\*\*.*?```sh\n(.*?)```", re.S)


def documented_production_env() -> dict[str, str]:
    """The block of NAME=value lines in docs/security.md, with a fresh secret key."""
    text = (PROJECT / "docs/security.md").read_text()
    block = PRODUCTION_BLOCK.search(text).group(1)
    values = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    assert values["IRS_SECRET_KEY"].startswith("<"), "the docs must not publish a key"
    values["IRS_SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def process_env(**values) -> dict[str, str]:
    """This process's environment without any IRS_ setting or test-only switch, plus
    `values`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("IRS_") and key not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["IRS_VAR_DIR"] = str(PROJECT / "var")
    env.update(values)
    return env


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_service_refuses_to_start_with_debug_off_and_no_secret_key():
    result = manage(process_env(IRS_DEBUG="0"), "check")

    assert result.returncode != 0
    assert "irs.E010" in result.stderr
    assert "IRS_SECRET_KEY is not set" in result.stderr


def test_the_wsgi_application_refuses_to_start_with_debug_off_and_no_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import irs.wsgi"],
        cwd=PROJECT,
        env=process_env(IRS_DEBUG="0", DJANGO_SETTINGS_MODULE="irs.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "IRS refuses to start" in result.stderr
    assert "irs.E010" in result.stderr


@pytest.mark.parametrize(
    "values",
    [{"IRS_DEBUG": "1"}, {"IRS_DEBUG": "0", "IRS_SECRET_KEY": "k" * 10 + secrets.token_hex(30)}],
    ids=["demo with debug on", "debug off with a key"],
)
def test_the_demo_and_a_configured_service_still_start(values):
    result = manage(process_env(**values), "check")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_the_documented_production_configuration():
    result = manage(process_env(**documented_production_env()), "check", "--deploy")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_check_deploy_warns_without_the_proxy_and_hsts_settings():
    env = documented_production_env()
    for name in ("IRS_SSL_REDIRECT", "IRS_HSTS_SECONDS", "IRS_SITE_URL"):
        env.pop(name)
    result = manage(process_env(**env), "check", "--deploy")

    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.parametrize(
    "name,value",
    [
        ("IRS_CSRF_TRUSTED_ORIGINS", "irs.example.org"),
        ("IRS_CSRF_TRUSTED_ORIGINS", "https://irs.example.org/path"),
        ("IRS_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("IRS_HSTS_SECONDS", "-1"),
        ("IRS_HSTS_SECONDS", "a year"),
        ("IRS_SSL_REDIRECT", "sometimes"),
        ("IRS_SITE_URL", "irs.example.org"),
    ],
)
def test_a_malformed_security_setting_stops_start_up_naming_it(name, value):
    result = manage(process_env(**{**documented_production_env(), name: value}), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


@pytest.fixture
def production_server(transactional_db):
    """IRS under a WSGI server with the documented production configuration, on the test
    database, with one local account."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    from accounts.models import User

    user = User.objects.create(username="Operator", email="operator@example.org")
    # The server process uses the production password hashers, not the tests' fast one.
    user.password = PBKDF2PasswordHasher().encode("a-long-password", "fixedsaltfortests")
    user.save()

    port = free_port()
    env = process_env(**documented_production_env(), DATABASE_URL=database_url())
    server = subprocess.Popen(
        [sys.executable, "-m", "testing.wsgi_server", str(port)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def behind_proxy(**headers) -> dict[str, str]:
    """What a TLS-terminating proxy in front of irs.example.org passes on."""
    return {"Host": "irs.example.org", "X-Forwarded-Proto": "https", **headers}


def test_the_login_form_works_behind_a_proxy_that_sets_x_forwarded_proto(production_server):
    page = requests.get(f"{production_server}/accounts/login/", headers=behind_proxy(), timeout=20)
    assert page.status_code == 200
    assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
    assert "secure" in page.headers["Set-Cookie"].lower()
    csrf_cookie = page.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    login = requests.post(
        f"{production_server}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": "Operator", "password": "a-long-password"},
        headers=behind_proxy(
            Cookie=f"csrftoken={csrf_cookie}",
            Origin="https://irs.example.org",
            Referer="https://irs.example.org/accounts/login/",
        ),
        allow_redirects=False,
        timeout=20,
    )

    assert login.status_code == 302, login.text[:2000]
    assert login.headers["Location"] == "/start"  # the landing (irs/navigation.py)
    session_cookie = next(
        c for c in login.raw.headers.getlist("Set-Cookie") if c.startswith("sessionid=")
    )
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie


def test_plain_http_past_the_proxy_is_redirected_to_https(production_server):
    response = requests.get(
        f"{production_server}/accounts/login/",
        headers={"Host": "irs.example.org"},
        allow_redirects=False,
        timeout=20,
    )

    assert response.status_code == 301
    assert response.headers["Location"] == "https://irs.example.org/accounts/login/"


def test_the_health_probe_answers_over_plain_http(production_server):
    response = requests.get(
        f"{production_server}/healthz",
        headers={"Host": "irs.example.org"},
        allow_redirects=False,
        timeout=20,
    )

    assert response.status_code == 200
