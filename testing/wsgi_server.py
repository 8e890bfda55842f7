"""Serves irs.wsgi with the standard library's WSGI server: `python -m testing.wsgi_server PORT`.

The tests use it to run IRS with production settings taken from the environment, the way a
WSGI server in production imports the application (irs.wsgi refuses to start on a security
error).
"""

import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    from irs.wsgi import application

    make_server(
        "127.0.0.1", int(sys.argv[1]), application, handler_class=QuietHandler
    ).serve_forever()


if __name__ == "__main__":
    main()
