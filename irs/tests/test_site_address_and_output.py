"""PORT sets the address links point to; the demo's output stays clean (one line per log
record, no traceback for a refusal); the site's own 404 page and icon even with debug on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_django(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("IRS_SITE_URL", "PORT")}
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = "irs.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "env, site",
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8101"}, "http://127.0.0.1:8101"),
        ({"PORT": "8101", "IRS_SITE_URL": "https://irs.example.org"}, "https://irs.example.org"),
    ],
)
def test_the_site_address_follows_port_unless_set(env, site):
    result = _run_django(
        "from django.conf import settings; print(settings.SITE_URL, settings.ALLOWED_HOSTS)",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == site


def test_a_malformed_port_stops_start_up():
    result = _run_django("", PORT="eighty")
    assert result.returncode != 0
    assert "PORT must be an integer" in result.stderr


def test_the_entry_point_script_and_emails_use_the_served_address(client, wiki, settings):
    from types import SimpleNamespace

    from routing.content import case_url

    settings.SITE_URL = "http://127.0.0.1:8101"
    script = client.get(f"/embed/{wiki.slug}/entry.js").content.decode()
    assert "http://127.0.0.1:8101" in script
    assert case_url(SimpleNamespace(reference="R-1")) == "http://127.0.0.1:8101/desk/cases/R-1"


REQUESTS = """
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
print(client.get("/no-such-page").status_code)
print(client.get("/desk/").status_code)
"""


def test_a_refusal_is_logged_once_without_a_traceback(tmp_path):
    # Its own SQLite file under tmp_path, whatever database the suite runs against.
    env = {"IRS_DEBUG": "1", "IRS_VAR_DIR": str(tmp_path), "IRS_LOG_LEVEL": "WARNING",
           "DATABASE_URL": ""}  # fmt: skip
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    result = _run_django(REQUESTS, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "302"]
    assert result.stderr.count("Not Found: /no-such-page") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_only_client_errors_lose_their_traceback():
    import logging

    from irs.errors import NoTracebackForClientErrors

    def record(status):
        try:
            raise PermissionError("refused")
        except PermissionError:
            made = logging.LogRecord("django.request", logging.WARNING, "", 0, "%s: %s",
                                     ("Refused", "/x"), sys.exc_info())  # fmt: skip
        made.status_code = status
        return made

    handler = logging.StreamHandler()
    handler.addFilter(NoTracebackForClientErrors())
    forbidden, failing = record(403), record(500)
    assert handler.filter(forbidden) and handler.filter(failing)
    assert handler.format(forbidden) == "Refused: /x"
    assert "Traceback" in handler.format(failing)


def test_with_debug_on_a_missing_page_is_the_sites_own(client, wiki, settings):
    settings.DEBUG = True
    for address in ("/no-such-page", "/w/no-such-wiki/config"):
        response = client.get(address)
        assert response.status_code == 404
        page = response.content.decode()
        assert "Page not found" in page and "Skip to content" in page, address
        assert "URLconf" not in page and "technical" not in page.lower(), address
    # A missing slash is still added (CommonMiddleware sees the 404 first).
    assert client.get("/accounts/login").headers["Location"] == "/accounts/login/"


def test_a_views_own_json_404_stays_json_with_debug_on(client, db, settings):
    settings.DEBUG = True
    response = client.get("/api/v1/cases/R-NOPE", HTTP_AUTHORIZATION="Bearer nope")
    assert "json" in response.headers["Content-Type"]
    assert "Page not found" not in response.content.decode()


def test_the_site_has_an_icon(client, db):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/irs/favicon.svg"
    assert finders.find("irs/favicon.svg")
    assert 'rel="icon" href="/static/irs/favicon.svg"' in client.get("/").content.decode()
