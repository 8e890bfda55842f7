"""Run the project's Python in a child process, as a second web or worker process would be:
for tests of what holds across processes (a shared cache, a database that does not answer,
a command's exit)."""

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def run_python(args: Sequence[str], env: Mapping[str, str], timeout: float = 60) -> str:
    """Run `python <args>` in the project folder with exactly `env`; fails the test with the
    child's stderr unless it exits 0; returns what it printed."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def run_django_script(script: str, env: Mapping[str, str], timeout: float = 60) -> str:
    """Run `script` after django.setup() with the project's settings; returns its output."""
    prelude = "import django; django.setup()\n"
    return run_python(
        ["-c", prelude + script],
        {"DJANGO_SETTINGS_MODULE": "irs.settings", **env},
        timeout=timeout,
    )
