"""What every benchmark here shares: Django set up on a throwaway database, a fresh schema,
the median of repeated runs, and the table of figures as ratios against the run's baseline."""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def setup_django(database_url: str | None, temp_sqlite: bool = True) -> None:
    """Set Django up on `database_url`; without one, on SQLite in a new temporary folder
    (unless `temp_sqlite` is false: then on whatever IRS_VAR_DIR the environment names)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        if temp_sqlite:
            os.environ["IRS_VAR_DIR"] = tempfile.mkdtemp(prefix="irs-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")
    import django

    django.setup()
    from django.conf import settings

    # The personas' passwords are irrelevant here; a slow hash would dominate the set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def reset_database() -> None:
    """Drop everything in the database and migrate it from nothing."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    elif connection.settings_dict["NAME"] != ":memory:":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The median seconds of `repeat` runs of `fn`, after one run that warms the caches."""
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def print_ratios(results: list[tuple[str, float]], width: int = 58) -> None:
    """Each result's median in ms and as a multiple of the first (the baseline)."""
    base = results[0][1]
    print(f"\n{'query':{width}} {'median ms':>10} {'x baseline':>11}")
    for label, seconds in results:
        print(f"{label:{width}} {seconds * 1000:10.2f} {seconds / base:11.1f}")


def numbered_reference(number: int) -> str:
    """The `number`th report reference in IRS's own shape (R-XXXX-XXXX, reports.models'
    alphabet; the desk's URLs accept nothing else). Random references would collide by the
    birthday bound at a million reports (31^8 values: about even odds), so benchmarks number
    them."""
    from reports.models import _REFERENCE_ALPHABET as alphabet

    digits = []
    for _ in range(8):
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    body = "".join(reversed(digits))
    return f"R-{body[:4]}-{body[4:]}"
