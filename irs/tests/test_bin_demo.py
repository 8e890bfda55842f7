"""bin/demo refuses clearly when a demo already runs (same checkout, or the port is taken)."""

import fcntl
import os
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _demo(tmp_path, port: int | str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORT": str(port), "IRS_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [str(ROOT / "bin" / "demo")], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_a_second_demo_from_the_same_checkout_says_so(tmp_path):
    (tmp_path / "demo.pid").write_text("4242\n")
    with open(tmp_path / "demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = _demo(tmp_path, 8000)
    assert result.returncode == 1
    assert "a demo already runs from this checkout (process 4242)" in result.stderr


def test_a_taken_port_is_named_with_a_way_out(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        result = _demo(tmp_path, port)
    assert result.returncode == 1
    assert f"something already listens on 127.0.0.1:{port}" in result.stderr
    assert f"PORT={port + 1} bin/demo" in result.stderr


def test_a_port_that_is_no_number_is_refused(tmp_path):
    result = _demo(tmp_path, "80a")
    assert result.returncode == 2
    assert "PORT must be a port number" in result.stderr
