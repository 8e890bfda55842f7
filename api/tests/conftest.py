"""API fixtures: the desk's cases and personas, tokens for them, and a client that sends them."""

import pytest
from django.test import Client

from api import tokens
from api.models import Scope
from desk.tests.conftest import (  # noqa: F401  (fixtures shared with the desk's tests)
    case,
    community_queue,
    lead,
    make_report,
    other_responder,
    other_team,
    other_wiki,
    run_tasks,
    safety_queue,
    work,
)


class ApiClient:
    """Django's test client with a Bearer token on every request (no session cookie)."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", headers=self.headers
        )


def token_for(user, scope=Scope.ACT, team=None, days=tokens.DEFAULT_DAYS) -> str:
    return tokens.issue(user, f"{user.username} tool", scope, team, days)[1]


@pytest.fixture
def api_as():
    def make(user, scope=Scope.ACT, team=None):
        return ApiClient(token_for(user, scope, team) if user is not None else None)

    return make
