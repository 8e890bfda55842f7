"""Bearer authentication with personal access tokens. Session cookies are never accepted:
a browser cannot be tricked into an API write (no CSRF by design)."""

from django.http import Http404
from ninja.security import HttpBearer

from api import ratelimit, textcheck, tokens
from api.problems import Problem


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token (irs_...), made on the desk's Tokens page."

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        wait = ratelimit.check(found.prefix)
        if wait:
            raise Problem(
                429,
                "rate-limited",
                f"This token made more than {ratelimit.per_minute()} requests in a minute.",
                headers={"Retry-After": str(wait)},
            )
        where = textcheck.bad_request_text(request)
        if where == "path":
            raise Http404  # no case, queue or team has such a name
        if where:
            raise Problem(
                422,
                "invalid-text",
                f"The request's {where} holds control characters or invalid Unicode.",
            )
        request.user = found.user
        request.api_token = found
        return found


def require_act(request) -> None:
    if not request.auth.can_act:
        raise Problem(403, "read-only-token", "This token may only read.")
