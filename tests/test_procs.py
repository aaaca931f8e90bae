"""The helpers that keep tests from leaving processes behind (tests/procs.py, issue 17)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import procs

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
# a wrapper that starts the sleeper and waits for it (what a `python -c` wrapper around the CLI did)
WRAPPER = [sys.executable, "-c", f"import subprocess; subprocess.run({SLEEPER!r})"]


@pytest.mark.issue(17)
def test_run_group_timeout_ends_the_command_and_what_it_started():
    before = procs.descendants()
    with pytest.raises(subprocess.TimeoutExpired):
        procs.run_group(WRAPPER, timeout=1)
    assert procs.left_behind(before) == []


@pytest.mark.issue(17)
def test_run_group_returns_like_subprocess_run():
    out = procs.run_group([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr)"],
                          timeout=60, text=True)
    assert (out.returncode, out.stdout, out.stderr) == (0, "out\n", "err\n")


@pytest.mark.issue(17)
def test_an_orphaned_grandchild_is_still_seen_as_left_behind():
    """The wrapper dies and its child runs on: re-parented to this (subreaper) process, it is
    found, then killed so this test leaves nothing."""
    assert procs.become_subreaper()
    before = procs.descendants()
    detach = [sys.executable, "-c", f"import subprocess; subprocess.Popen({SLEEPER!r})"]
    subprocess.run(detach, check=True, timeout=60)  # returns at once; the sleeper runs on
    left = procs.left_behind(before, grace_s=0.5)
    try:
        assert len(left) == 1 and "time.sleep(120)" in procs.command_line(left[0][0])
    finally:
        procs.kill(left)
    assert procs.left_behind(before) == []
