"""Loaded only by bin/mutants (`-p testing.mutants` in pyproject's [tool.mutmut]).

mutmut tests two mutants at once, each in its own forked process running pytest on the copy
of the tree under mutants/. Each process gets its own SQLite test database file, so that one
process creating or dropping its test database never pulls the other one's away. The worker
processes the tests start read the file's name from the running connection
(testing.databases.database_url), so they follow.

Both the database and the test MediaWiki are made once by bin/mutants and copied by every
test process: migrating the one and running MediaWiki's install.php for the other took
longer than most mutants' tests.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings

from irs.mediawiki import MediaWiki
from irs.ports import free_port

_copies: list[Path] = []
_install = MediaWiki.install


def _install_from_template(wiki: MediaWiki, sitename: str = "TestWiki", dbname: str = "testwiki"):
    """MediaWiki.install, by copying the wiki bin/mutants installed (IRS_MUTANTS_MEDIAWIKI)
    and pointing its settings at the new folder and port."""
    template = os.environ.get("IRS_MUTANTS_MEDIAWIKI", "")
    if (sitename, dbname) != ("TestWiki", "testwiki") or not template:
        return _install(wiki, sitename, dbname)
    if not Path(template, "LocalSettings.php").is_file():
        return _install(wiki, sitename, dbname)
    shutil.copytree(template, wiki.root, dirs_exist_ok=True)
    wiki.config_file.write_text(wiki.config_file.read_text().replace(template, str(wiki.root)))
    wiki.move_to_port(wiki.port or free_port())


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
    MediaWiki.install = _install_from_template  # type: ignore[method-assign]


def pytest_unconfigure(config):
    while _copies:
        copy = _copies.pop()
        for path in (copy, *(copy.with_name(copy.name + end) for end in ("-wal", "-shm"))):
            path.unlink(missing_ok=True)
