"""Child processes of the tests: run a command as a group that a timeout ends whole, and find
the processes a test left behind (read from /proc; Linux only, like the rest of the suite).

A test process becomes a *child subreaper*, so a grandchild whose parent died (a wrapper killed
by a timeout while the command it started runs on) is re-parented to it rather than to init,
and stays visible as a descendant until it ends.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants; False where that is not possible."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time in clock ticks) of a process, None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = raw[raw.rindex(b")") + 2:].split()  # after "pid (comm) ": the name may hold spaces
    return int(fields[1]), fields[0].decode(), int(fields[19])


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def descendants(root: int | None = None) -> dict[tuple[int, int], tuple[int, str]]:
    """The descendants of ``root`` (default: this process), keyed by (pid, start time) so a
    reused pid is a new process; the value is (parent pid, state letter; ``Z`` for a zombie)."""
    root = os.getpid() if root is None else root
    children: dict[int, list[tuple[int, str, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None:
            children.setdefault(st[0], []).append((int(entry), st[1], st[2]))
    found: dict[tuple[int, int], tuple[int, str]] = {}
    todo = [root]
    while todo:
        parent = todo.pop()
        for pid, state, start in children.get(parent, []):
            found[(pid, start)] = (parent, state)
            todo.append(pid)
    return found


def reap(before: dict) -> None:
    """Collect the zombies among this process's children that are not in ``before`` (ended
    processes of a test that nobody waited for, or orphans re-parented here)."""
    for (pid, _start), (parent, state) in descendants().items():
        if parent == os.getpid() and state == "Z" and (pid, _start) not in before:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def left_behind(before: dict, grace_s: float = 10.0) -> list[tuple[int, int]]:
    """Live descendants that are not in ``before``, once ``grace_s`` has let any that are
    ending go (a process being killed may take a moment)."""
    deadline = time.monotonic() + grace_s
    while True:
        reap(before)
        new = [key for key, (_, state) in descendants().items() if key not in before and state != "Z"]
        if not new or time.monotonic() > deadline:
            return new
        time.sleep(0.05)


def kill(keys: list[tuple[int, int]]) -> None:
    """SIGKILL these processes (each checked to be the same process first)."""
    for pid, start in keys:
        st = _stat(pid)
        if st is not None and st[2] == start:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def run_group(cmd: list[str], *, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """:func:`subprocess.run` in a session of its own: on timeout the whole process group is
    killed (the command and whatever it started), not just the first process, then
    :class:`subprocess.TimeoutExpired` is raised as usual."""
    with subprocess.Popen(cmd, start_new_session=True, stdout=kwargs.pop("stdout", subprocess.PIPE),
                          stderr=kwargs.pop("stderr", subprocess.PIPE), **kwargs) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise
        finally:
            try:  # a process of the group that outlived the command is ended too
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
