"""A stand-in for the EU DSA Transparency Database's API on loopback (a test double: the real
database cannot run here), written from its documentation: `POST /api/v1/statements` with up
to 100 statements and a Bearer token, `GET /api/v1/statement/existing-puid/<puid>` (302 when
the puid is there, 404 when not). Each statement is checked against the repository's JSON
Schema file with jsonschema directly (not through transparency.schema's helpers); a batch with
a puid the database already holds is refused whole (422), as the database does.
"""

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote

from jsonschema import Draft202012Validator, FormatChecker

from testing.servers import LoopbackReceiver

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "statement.v1.json"


class TransparencyDatabase(LoopbackReceiver):
    path = "/api/v1"

    def __init__(self, token: str):
        self.token = token
        self.validator = Draft202012Validator(
            json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker()
        )
        self.stored: dict[str, dict] = {}  # puid -> statement
        self.batches: list[list[str]] = []  # puids of each batch accepted
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.answers: list[int] = []  # statuses to give first, whatever the request
        self.lose_answers = 0  # store the batch, then answer 504 as if the answer was lost
        super().__init__()

    def reset(self) -> None:
        with self._lock:
            self.stored.clear()
            self.batches.clear()
            self.requests.clear()
            self.answers.clear()
            self.lose_answers = 0

    def _store(self, body: bytes) -> tuple[int, dict]:
        try:
            statements = json.loads(body)["statements"]
        except (ValueError, KeyError, TypeError):
            return 422, {"message": "The statements field is required."}
        if not isinstance(statements, list) or not 1 <= len(statements) <= 100:
            return 422, {"message": "Between 1 and 100 statements."}
        errors = {}
        for n, statement in enumerate(statements):
            found = [e.message for e in self.validator.iter_errors(statement)]
            if found:
                errors[f"statements.{n}"] = found
        if errors:
            return 422, {"message": "The given data was invalid.", "errors": errors}
        puids = [s["puid"] for s in statements]
        existing = [p for p in puids if p in self.stored]
        if existing or len(set(puids)) != len(puids):
            return 422, {"message": "The identifier given is not unique.", "existing": existing}
        for statement in statements:
            self.stored[statement["puid"]] = statement
        self.batches.append(puids)
        return 201, {"statements": [{"puid": p} for p in puids]}

    def _handler(self):
        database = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, data: dict | None = None) -> None:
                body = json.dumps(data or {}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _authorised(self) -> bool:
                return self.headers.get("Authorization") == f"Bearer {database.token}"

            def do_GET(self):
                with database._lock:
                    database.requests.append(("GET", self.path))
                    if not self._authorised():
                        return self._answer(401, {"message": "Unauthenticated."})
                    prefix = "/api/v1/statement/existing-puid/"
                    if not self.path.startswith(prefix):
                        return self._answer(404)
                    found = unquote(self.path[len(prefix) :]) in database.stored
                return self._answer(302 if found else 404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with database._lock:
                    database.requests.append(("POST", self.path))
                    if database.answers:
                        return self._answer(database.answers.pop(0))
                    if not self._authorised():
                        return self._answer(401, {"message": "Unauthenticated."})
                    if self.path != "/api/v1/statements":
                        return self._answer(404)
                    status, data = database._store(body)
                    if status == 201 and database.lose_answers:
                        database.lose_answers -= 1
                        return self._answer(504)
                return self._answer(status, data)

            def log_message(self, *args):
                pass

        return Handler
