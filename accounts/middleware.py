"""When a wiki cannot be asked about the person (ProviderError), say so plainly.

Eligibility is decided on facts refreshed from the wiki at every step of the report flow;
if the wiki does not answer, no page may go on with stale facts. Any view that lets a
ProviderError escape gets this answer: 503, the provider's translated sentence, nothing sent.

It also scopes the refresh: during one request each account is asked about at most once
(accounts.providers.one_refresh_per_request).
"""

from django.shortcuts import render

from accounts.providers import ProviderError, one_refresh_per_request


class ProviderErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_refresh_per_request():
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProviderError):
            return None
        response = render(request, "accounts/provider_error.html",
                          {"message": str(exception)}, status=503)  # fmt: skip
        response["Retry-After"] = "120"
        return response
