"""How fast is searching cases with many reports? Ratios against a baseline, same run.

Fills a fresh database as benchmarks/desk_queue.py does (default 1,000,000 reports), each
report with a dozen words drawn from a 5,000-word vocabulary with Zipf frequencies (the
commonest word is in most reports, the rarest in a few), then times the desk's search
(desk/search.py through desk.queues.search_page: the capped count and the first page, as the
search page runs them) for the measured queue's responder, against a baseline: an indexed
COUNT, `SELECT COUNT(*) FROM reports_report WHERE wiki_id = ? AND reported_user = ?`.

    python benchmarks/desk_search.py --reports 1000000            # SQLite (FTS5), temp dir
    DATABASE_URL=postgres://irs@127.0.0.1:54329/irs_bench python benchmarks/desk_search.py

The database named by DATABASE_URL is dropped and re-created: never point it at a database
you care about.
"""

import argparse
import itertools
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import print_ratios, reset_database, setup_django, timed  # noqa: E402
from desk_queue import fill, world_of  # noqa: E402

VOCABULARY = 5000
WORDS_PER_REPORT = 12
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def word(rank: int) -> str:
    """A pronounceable, unique word for each rank (three syllables: 70^3 > VOCABULARY)."""
    n = len(SYLLABLES)
    return SYLLABLES[rank % n] + SYLLABLES[(rank // n) % n] + SYLLABLES[(rank // n // n) % n]


WORDS = [word(rank) for rank in range(VOCABULARY)]
CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(VOCABULARY)))


def details(rng) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=WORDS_PER_REPORT))


def measure(world: dict, repeat: int) -> list[tuple[str, float]]:
    from django.db import connection
    from django.http import QueryDict

    from desk import queues
    from reports.models import Report

    user, wiki = world["responder"], world["wiki"]
    in_queue = Report.objects.filter(queue=world["queue"]).order_by("id")
    some = in_queue[min(1234, in_queue.count() // 2)]  # a report well inside the queue

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM reports_report WHERE wiki_id = %s AND reported_user = %s",
                [wiki.pk, some.reported_user],
            )
            cursor.fetchall()

    def searched(query: str):
        filters = queues.QueueFilters.from_query(
            QueryDict(query), wikis=[wiki.slug], members={}, status="all"
        )
        return lambda: queues.search_page(user, filters, 1)

    results = [("baseline: indexed COUNT (wiki, reported user)", timed(baseline, repeat))]
    for label, query in [
        ("reference (field)", f"q={some.reference}&field=reference"),
        ("reported user (field)", f"q={some.reported_user}&field=reported"),
        ("reporter (field)", "q=BenchReporter42&field=reporter"),
        ("rare word (rank 4000)", f"q={WORDS[4000]}"),
        ("two mid words (ranks 300, 500)", f"q={WORDS[300]}+{WORDS[500]}"),
        ("common word (rank 1), capped count", f"q={WORDS[1]}"),
        ("common word, open cases only", f"q={WORDS[1]}&status=open"),
        ("rare word, open, type=doxing", f"q={WORDS[4000]}&status=open&type=doxing"),
        ("words in text (field), rank 50", f"q={WORDS[50]}&field=text"),
    ]:
        results.append((f"search: {label}", timed(searched(query), repeat)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000, help="how many reports")
    parser.add_argument("--repeat", type=int, default=11, help="runs per query (median)")
    parser.add_argument("--reuse", action="store_true", help="measure a previous run's data")
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        world = world_of(args.reports)
    else:
        reset_database()
        world = fill(args.reports, details=details)
    print_ratios(measure(world, args.repeat))


if __name__ == "__main__":
    random.seed(7)
    main()
