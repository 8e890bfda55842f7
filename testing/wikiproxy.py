"""A loopback HTTP proxy in front of the real MediaWiki, for answers the wiki itself gives
only under load: HTTP 503/429 with Retry-After, and its real `maxlag` error (the proxy
rewrites the request's maxlag to -2, so MediaWiki's own maxlag check refuses it: the
error, its `lag` and its Retry-After header come from MediaWiki).

    with wiki_proxy(mediawiki) as proxy:
        proxy.api_url            # point the client here
        proxy.refuse(503, retry_after=120, times=1)
        proxy.force_maxlag = True
"""

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from testing.servers import serving

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"}


class WikiProxy:
    def __init__(self, mediawiki):
        self.mediawiki = mediawiki
        self.port = 0
        self.force_maxlag = False
        self.requests: list[str] = []
        self._refusals: list[tuple[int, str | None]] = []
        self._lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    def refuse(self, status: int, *, retry_after: str | int | None = None, times: int = 1):
        with self._lock:
            self._refusals.extend(
                [(status, None if retry_after is None else str(retry_after))] * times
            )

    def _next_refusal(self):
        with self._lock:
            return self._refusals.pop(0) if self._refusals else None

    def handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self, method: str) -> None:
                proxy.requests.append(method)
                refusal = proxy._next_refusal()
                if refusal is not None:
                    status, wait = refusal
                    self.send_response(status)
                    if wait is not None:
                        self.send_header("Retry-After", wait)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<h1>Service unavailable</h1>")
                    return
                parts = urlsplit(self.path)
                query = parse_qsl(parts.query, keep_blank_values=True)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                form = parse_qsl(body.decode(), keep_blank_values=True) if body else []
                if proxy.force_maxlag:
                    query = [(k, "-2" if k == "maxlag" else v) for k, v in query]
                    form = [(k, "-2" if k == "maxlag" else v) for k, v in form]
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in _HOP | {"host"}
                }
                upstream = requests.request(
                    method,
                    f"{proxy.mediawiki.url}{parts.path}?{urlencode(query)}",
                    data=urlencode(form) if method == "POST" else None,
                    headers=headers,
                    allow_redirects=False,
                    timeout=20,
                )
                self.send_response(upstream.status_code)
                for key, value in upstream.raw.headers.items():
                    if key.lower() not in _HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

            def do_GET(self):
                self._forward("GET")

            def do_POST(self):
                self._forward("POST")

        return Handler


@contextmanager
def wiki_proxy(mediawiki):
    proxy = WikiProxy(mediawiki)
    with serving(proxy.handler()) as port:
        proxy.port = port
        yield proxy
