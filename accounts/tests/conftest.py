import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PROFILE = {"sub": "777", "username": "Redirected", "editcount": 5, "confirmed_email": True,
           "blocked": False, "registered": "20200101000000", "groups": ["*", "user"],
           "email": "redirected@example.org"}  # fmt: skip


class RecordingServer:
    """A loopback HTTP server that records every request (method, path) and answers like a
    wiki's api.php and OAuth endpoints. Any path under /moved/ answers 302 to /target, and so
    does the OAuth profile (except under /direct/, where it answers a profile itself);
    /target answers what an attacker would want IRS to believe."""

    def __init__(self):
        self.hits: list[tuple[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, method):
                recorder.hits.append((method, self.path))
                path = self.path.split("?", 1)[0]
                profile = path.endswith("/oauth2/resource/profile")
                if path.startswith("/moved/") or (profile and not path.startswith("/direct/")):
                    self.send_response(302)
                    self.send_header("Location", "/target" + path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path.startswith("/target"):
                    payload = {
                        **PROFILE,
                        "access_token": "from-the-redirect",
                        "query": {"allusers": [{"name": "Redirect Target"}]},
                    }
                elif profile:
                    payload = {**PROFILE, "sub": "778", "username": "Direct Person"}
                elif path.endswith("/oauth2/access_token"):
                    payload = {"access_token": "loopback-token", "token_type": "Bearer"}
                else:
                    payload = {"query": {"allusers": [{"name": "Loopback User"}]}}
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                self._answer("GET")

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self._answer("POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [path.split("?", 1)[0] for _method, path in self.hits]

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def recording_server():
    server = RecordingServer()
    yield server
    server.stop()


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing TCP connection attempted during the test (each one is refused), so a
    test can show that nothing was even tried."""
    attempts = []

    def refuse(sock, address):
        attempts.append(address)
        raise ConnectionRefusedError("the test allows no connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts
