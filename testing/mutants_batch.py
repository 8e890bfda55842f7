"""Checks many of mutmut's mutants in one pytest process, the way mutmut checks each one.

Run in mutants/ after `bin/mutants` made them (docs/testing.md, "Checking mutants in one
process"); loaded with `-p testing.mutants -p testing.mutants_batch`. On a loaded two-core
machine mutmut's own run managed two mutants a minute for reports.eligibility, most of it
each forked child's setup; here the setup is paid once.

Each mutant is switched on as mutmut switches it (MUTANT_UNDER_TEST, read by the trampoline
at every call) and runs, in collection order, the tests mutmut's stats pass found calling its
function (mutants/mutmut-stats.json), stopping at the first failure (mutmut runs pytest with
-x). A control pass with no mutant runs every collected test first and must pass.

- IRS_MUTANT_LIST: the mutants' names, separated by spaces;
- IRS_MUTANT_OUT: the file that gets one line per mutant (killed by which test, or SURVIVED);
- IRS_MUTANT_TESTS: "stats" (the default: the tests the stats name, among those collected)
  or "collected" (every collected test: for tests the stats do not know yet).

Not mutmut itself: the results are not written to mutmut's meta files, and the tests share
one process (each test's database changes are still rolled back or flushed by pytest-django).
"""

import json
import os
import time
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol


def _function_of(mutant: str) -> str:
    return mutant.rpartition("__mutmut_")[0]


def _plan(items, mutants: list[str], mode: str) -> list[tuple[str, list]]:
    stats = {}
    if mode == "stats":
        stats = json.loads(Path("mutmut-stats.json").read_text())["tests_by_mangled_function_name"]
    plan = [("", list(items))]
    for mutant in mutants:
        if mode == "stats":
            wanted = set(stats.get(_function_of(mutant), ()))
            plan.append((mutant, [item for item in items if item.nodeid in wanted]))
        else:
            plan.append((mutant, list(items)))
    return plan


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    mutants = os.environ["IRS_MUTANT_LIST"].split()
    plan = _plan(session.items, mutants, os.environ.get("IRS_MUTANT_TESTS", "stats"))
    steps = [(p, j) for p, (_name, chosen) in enumerate(plan) for j in range(len(chosen))]
    with open(os.environ["IRS_MUTANT_OUT"], "a", buffering=1) as out:
        for name, chosen in plan:
            if name and not chosen:
                out.write(f"NO-TESTS {name}\n")
        k, current, start = 0, None, 0.0
        while k < len(steps):
            p, j = steps[k]
            name, chosen = plan[p]
            if p != current:
                current, start = p, time.monotonic()
                os.environ["MUTANT_UNDER_TEST"] = name
            following = steps[k + 1] if k + 1 < len(steps) else None
            nextitem = plan[following[0]][1][following[1]] if following else None
            failed = any(r.failed for r in runtestprotocol(chosen[j], nextitem=nextitem, log=False))
            if not failed and j + 1 < len(chosen):
                k += 1
                continue
            verdict = "killed" if failed else "SURVIVED"
            killer = chosen[j].nodeid if failed else ""
            took = f"{len(chosen)} tests, {time.monotonic() - start:.1f} s"
            out.write(f"{verdict} {name or 'CONTROL'} {killer} ({took})\n")
            if failed and not name:
                out.write("the control pass failed: no mutant checked\n")
                break
            # On to the next mutant: tear down what its first test does not share.
            k = next((n for n in range(k + 1, len(steps)) if steps[n][0] != p), len(steps))
            if failed and k < len(steps):
                session._setupstate.teardown_exact(plan[steps[k][0]][1][steps[k][1]])
    os.environ.pop("MUTANT_UNDER_TEST", None)
    return True
