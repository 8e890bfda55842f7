"""The test database as a URL that processes the tests start (workers, servers) can open."""

from urllib.parse import quote

import pytest
from django.db import connection


def database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        name = str(s["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.skip("other processes need a file or server database")
        return f"sqlite:///{name}"
    credentials = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        credentials += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
