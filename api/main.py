"""The API: /api/v1/, its OpenAPI schema at /api/v1/schema and a browsable page at /api/v1/docs.

Built on django-ninja (see README: typed request/response schemas give the OpenAPI document
and its validation from one declaration, and it is small next to DRF + drf-spectacular).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api import cases, mine, problems
from api.auth import TokenAuth

logger = logging.getLogger(__name__)


class ProblemsAPI(NinjaAPI):
    """Says in the OpenAPI document that errors come as application/problem+json."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


api = ProblemsAPI(
    title="IRS API",
    version="1",
    description=(
        "Cases for responders' tools and a reporter's own reports. Authenticate with a "
        "personal access token: `Authorization: Bearer irs_...`. Errors are RFC 9457 "
        "problem details."
    ),
    urls_namespace="api",
    openapi_url="/schema",
    docs_url="/docs",
    auth=TokenAuth(),
)
api.add_router("", cases.router)
api.add_router("", mine.router)


@api.exception_handler(problems.Problem)
def _problem(request, exc):
    return problems.from_problem(exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problems.response(
        401,
        "unauthenticated",
        "Send a valid, unexpired personal access token as a Bearer token.",
        headers={"WWW-Authenticate": 'Bearer realm="irs"'},
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problems.response(404, "not-found", "Nothing here that this token may see.")


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return problems.response(403, "forbidden", "This token may not do that.")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    # The locations and messages of the fields, never the values sent.
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return problems.response(
        422, "invalid-request", "The request does not match the schema.", errors=errors
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problems.response(exc.status_code, "http-error", str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s", request.path)
    return problems.response(500, "server-error", "Something went wrong on our side.")
