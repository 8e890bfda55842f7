"""A STAND-IN for MediaWiki's OAuth 2 server, for tests only.

The MediaWiki on this machine has no OAuth extension, so tests of IRS's login run against
this small local stand-in instead. It serves exactly the three endpoints IRS uses, at the
same paths and with the same shapes as Extension:OAuth's REST routes:

    GET  /rest.php/oauth2/authorize         a consent page ("Allow" / "Cancel")
    POST /rest.php/oauth2/authorize         redirects to redirect_uri with code+state (or error)
    POST /rest.php/oauth2/access_token      authorization_code grant, PKCE S256 checked
    GET  /rest.php/oauth2/resource/profile  the profile of the token's user (Bearer)

It is not MediaWiki: the person "logged in to the wiki" is whoever the test sets as
`signed_in_as`, and profiles are what the test puts in `profiles`. It checks what a real
server checks (client id and secret, redirect URI, single-use codes, the PKCE verifier) so
that IRS's side is exercised honestly. Runs on 127.0.0.1 at a free port, in a thread.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from testing.servers import free_port

PREFIX = "/rest.php/oauth2"


@dataclass
class OAuthStandIn:
    client_id: str = "standin-client"
    client_secret: str = "standin-secret"
    redirect_uris: set = field(default_factory=set)  # empty: any redirect URI is accepted
    signed_in_as: str | None = None
    profiles: dict = field(default_factory=dict)
    port: int = 0
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)  # (method, path) seen, for assertions
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest_url(self) -> str:
        return f"{self.url}/rest.php"

    def add_user(self, username: str, **facts) -> dict:
        profile = {
            "sub": str(1000 + len(self.profiles)),
            "username": username,
            "editcount": 42,
            "confirmed_email": True,
            "blocked": False,
            "registered": "20200101000000",
            "groups": ["*", "user", "autoconfirmed"],
            "rights": ["read", "edit"],
            "grants": ["basic"],
            "realname": "",
            "email": f"{username.lower().replace(' ', '.')}@example.org",
        }
        profile.update(facts)
        self.profiles[username] = profile
        return profile

    def start(self) -> None:
        standin = self

        class Handler(_Handler):
            server_standin = standin

        self.port = self.port or free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- the flow ------------------------------------------------------------------------
    def issue_code(self, query: dict) -> str:
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "user": self.signed_in_as,
            "client_id": query["client_id"],
            "redirect_uri": query.get("redirect_uri", ""),
            "challenge": query["code_challenge"],
            "expires": time.monotonic() + 600,
        }
        return code


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _Handler(BaseHTTPRequestHandler):
    server_standin: OAuthStandIn

    def log_message(self, *args):  # keep test output quiet
        pass

    # -- helpers -------------------------------------------------------------------------
    def _send(self, status: int, body: str, content_type: str, headers: dict | None = None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Frame-Options", "DENY")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, payload: dict):
        self._send(status, json.dumps(payload), "application/json")

    def _error(self, status: int, error: str, message: str):
        self._json(status, {"error": error, "error_description": message, "message": message})

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8")
        return {key: values[0] for key, values in parse_qs(raw).items()}

    def _check_authorize(self, query: dict) -> str | None:
        standin = self.server_standin
        if query.get("response_type") != "code":
            return "response_type must be code"
        if query.get("client_id") != standin.client_id:
            return "unknown client"
        if standin.redirect_uris and query.get("redirect_uri") not in standin.redirect_uris:
            return "redirect_uri does not match the registered callback"
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return "PKCE S256 code_challenge required"
        if not query.get("state"):
            return "state required"
        return None

    # -- routes --------------------------------------------------------------------------
    def do_GET(self):
        parts = urlsplit(self.path)
        self.server_standin.requests.append(("GET", parts.path))
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if parts.path == PREFIX + "/authorize":
            problem = self._check_authorize(query)
            if problem:
                return self._send(400, f"<p>{html.escape(problem)}</p>", "text/html")
            user = self.server_standin.signed_in_as
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in query.items()
            )
            body = (
                "<!doctype html><title>OAuth stand-in</title>"
                "<h1>OAuth stand-in (not MediaWiki)</h1>"
                f"<p>Allow this application to know you are {html.escape(user or 'nobody')}?</p>"
                f'<form method="post">{hidden}'
                '<button name="allow" value="1">Allow</button> '
                '<button name="allow" value="0">Cancel</button></form>'
            )
            return self._send(200, body, "text/html; charset=utf-8")
        if parts.path == PREFIX + "/resource/profile":
            auth = self.headers.get("Authorization", "")
            token = auth[7:] if auth.startswith("Bearer ") else ""
            username = self.server_standin.tokens.get(token)
            if not username:
                return self._error(401, "invalid_request", "missing or unknown access token")
            return self._json(200, self.server_standin.profiles[username])
        return self._send(404, "not found", "text/plain")

    def do_POST(self):
        parts = urlsplit(self.path)
        standin = self.server_standin
        standin.requests.append(("POST", parts.path))
        form = self._form()
        if parts.path == PREFIX + "/authorize":
            problem = self._check_authorize(form)
            if problem:
                return self._send(400, html.escape(problem), "text/html")
            target = form.get("redirect_uri")
            if form.get("allow") == "1" and standin.signed_in_as in standin.profiles:
                result = {"code": standin.issue_code(form), "state": form["state"]}
            else:
                result = {"error": "access_denied", "state": form["state"]}
            return self._send(302, "", "text/plain",
                              {"Location": f"{target}?{urlencode(result)}"})  # fmt: skip
        if parts.path == PREFIX + "/access_token":
            if form.get("grant_type") != "authorization_code":
                return self._error(400, "unsupported_grant_type", "only authorization_code")
            if form.get("client_id") != standin.client_id or (
                standin.client_secret and form.get("client_secret") != standin.client_secret
            ):
                return self._error(401, "invalid_client", "client authentication failed")
            grant = standin.codes.pop(form.get("code", ""), None)
            if grant is None or grant["expires"] < time.monotonic():
                return self._error(400, "invalid_grant", "unknown, used or expired code")
            if grant["redirect_uri"] and grant["redirect_uri"] != form.get("redirect_uri"):
                return self._error(400, "invalid_grant", "redirect_uri mismatch")
            if _s256(form.get("code_verifier", "")) != grant["challenge"]:
                return self._error(400, "invalid_grant", "PKCE verification failed")
            token = secrets.token_urlsafe(32)
            standin.tokens[token] = grant["user"]
            return self._json(200, {"token_type": "Bearer", "expires_in": 14400,
                                    "access_token": token,
                                    "refresh_token": secrets.token_urlsafe(32)})  # fmt: skip
        return self._send(404, "not found", "text/plain")


@pytest.fixture
def oauth_standin(monkeypatch):
    """A running OAuth stand-in, registered in IRS's settings as client "standin" serving
    every wiki (IRS_OAUTH_CLIENTS etc. set for the test)."""
    standin = OAuthStandIn()
    standin.start()
    monkeypatch.setenv("IRS_OAUTH_CLIENTS", "standin")
    monkeypatch.setenv("IRS_OAUTH_STANDIN_CLIENT_ID", standin.client_id)
    monkeypatch.setenv("IRS_OAUTH_STANDIN_CLIENT_SECRET", standin.client_secret)
    monkeypatch.setenv("IRS_OAUTH_STANDIN_WIKIS", "*")
    monkeypatch.setenv("IRS_OAUTH_STANDIN_REST_URL", standin.rest_url)
    yield standin
    standin.stop()
