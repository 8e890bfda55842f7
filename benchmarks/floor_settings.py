"""IRS's own settings with one extra URL, the framework floor (benchmarks/floor_urls.py), for
benchmarks/submit.py: same middleware, same database, same server."""

from irs.settings import *  # noqa: F403 (every setting as IRS has it)

ROOT_URLCONF = "benchmarks.floor_urls"
