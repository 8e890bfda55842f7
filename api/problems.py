"""Errors as RFC 9457 problem details (application/problem+json), never with personal data.

`type` is a stable URI per kind of problem (under /api/v1/problems/, documented in
docs/api.md); `title` says the kind in words, `detail` this occurrence.
"""

import json

from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    422: "Refused",
    429: "Too many requests",
    500: "Server error",
}


class Problem(Exception):
    """Raise it anywhere in an endpoint: the API answers with its problem document."""

    def __init__(self, status: int, kind: str, detail: str = "", *, headers=None, **extra):
        super().__init__(detail or kind)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def response(status: int, kind: str, detail: str = "", *, headers=None, **extra) -> HttpResponse:
    body = {
        "type": f"/api/v1/problems/{kind}",
        "title": TITLES.get(status, "Error"),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def from_problem(problem: Problem) -> HttpResponse:
    return response(
        problem.status, problem.kind, problem.detail, headers=problem.headers, **problem.extra
    )
