"""Small helpers for the real servers tests start on loopback."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

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
