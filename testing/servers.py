"""Small helpers for the real servers tests start on loopback."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer

from irs.ports import free_port, wait_for_port, wait_for_port_closed

__all__ = ["free_port", "serving", "wait_for_port", "wait_for_port_closed"]


@contextmanager
def serving(handler_class: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """Serve `handler_class` on 127.0.0.1 at a free port in a thread; yields the port."""
    server = HTTPServer(("127.0.0.1", 0), handler_class)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


class LoopbackReceiver:
    """A receiver the tests post to: serves `self._handler()` on 127.0.0.1 at a free port in
    a thread; subclasses give the handler class and `path` (what `url` ends with)."""

    path = "/"

    def __init__(self):
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
