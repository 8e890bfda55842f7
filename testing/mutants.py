"""Loaded only by bin/mutants (`-p testing.mutants` in pyproject's [tool.mutmut]).

mutmut tests two mutants at once, each in its own forked process running pytest on the copy
of the tree under mutants/. Each process gets its own SQLite test database file, so that one
process creating or dropping its test database never pulls the other one's away. The worker
processes the tests start read the file's name from the running connection
(testing.databases.database_url), so they follow.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings

_copies: list[Path] = []


def pytest_configure(config):
    """IRS_TEST_SQLITE_FILE is the template bin/mutants migrated: this process works on a
    copy of it (named from the variable, not the current name, which a forked process
    inherits from its parent), reused as it is instead of being created again."""
    database = settings.DATABASES["default"]
    template = Path(os.environ.get("IRS_TEST_SQLITE_FILE", ""))
    if not database["ENGINE"].endswith("sqlite3") or not template.is_file():
        return
    copy = template.with_name(f"{template.name}.{os.getpid()}")
    shutil.copyfile(template, copy)
    _copies.append(copy)
    database.setdefault("TEST", {})["NAME"] = str(copy)
    config.option.reuse_db = True


def pytest_unconfigure(config):
    while _copies:
        copy = _copies.pop()
        for path in (copy, *(copy.with_name(copy.name + end) for end in ("-wal", "-shm"))):
            path.unlink(missing_ok=True)
