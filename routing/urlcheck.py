"""Which outbound URLs routing may call: the project's one guard, irs/outbound.py.

https to hosts whose every address is public; plain http and loopback only under the
operator setting IRS_ROUTING_ALLOW_INSECURE_URLS (tests and local demos).
"""

from irs.outbound import problem_with_url, static_problem_with_url

__all__ = ["problem_with_url", "static_problem_with_url"]
