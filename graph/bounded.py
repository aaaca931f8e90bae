"""Run one query in a child process that cannot take the caller down: bounded memory and time.

:func:`run_worker` starts ``python -m <module>``, sends it a pickled request and reads its
pickled reply, while it watches the child's resident memory (``/proc/<pid>/statm``, every
20 ms) and the clock; past either limit the child is killed and a :class:`QueryError` says
which limit cut in. A child that dies on a signal (an engine crash) is reported the same way.
The caller's own memory only ever holds the reply.

>>> query_max_mb() >= 256
True
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from core.errors import QueryError

#: Most memory one console query may use, in MB (``POLICYKG_QUERY_MAX_MB`` overrides).
QUERY_MAX_MB = 2048
#: Time a child gets beyond the query's own timeout, to start and open the store.
GRACE_S = 2.0
_POLL_S = 0.02
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class BoundedResult:
    """At most ``limit`` rows of a query; ``more`` when it had others, ``total`` when the engine
    counted them."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    more: bool = False
    total: int | None = None


def query_max_mb() -> int:
    """The memory ceiling of one console query (MB)."""
    raw = os.environ.get("POLICYKG_QUERY_MAX_MB", "").strip()
    if not raw:
        return QUERY_MAX_MB
    if not raw.isdigit() or int(raw) < 256:
        raise QueryError(f"POLICYKG_QUERY_MAX_MB={raw!r}: expected a whole number of MB, at least 256")
    return int(raw)


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return None


def run_worker(module: str, request: dict, *, timeout_s: float | None, max_mb: int,
               where: str, ready: bytes | None = None, open_wait_s: float = 60.0) -> dict[str, Any]:
    """The reply of ``python -m module`` to ``request``, within ``max_mb`` and the timeout.

    With ``ready``, the child first writes those bytes when it is ready to run (its store is
    open); the timeout counts from then, and until then the child gets ``open_wait_s``.
    """
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    child = subprocess.Popen([sys.executable, "-m", module], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    stdin, stdout = child.stdin, child.stdout
    assert stdin is not None and stdout is not None  # both are pipes (PIPE above)
    out: list[bytes] = []
    started = threading.Event()

    def read() -> None:
        if ready:
            head = stdout.read(len(ready))
            if head != ready:
                out.append(head + stdout.read())
                return
            started.set()
        out.append(stdout.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not ready:
        started.set()
    try:
        stdin.write(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        stdin.close()
    except BrokenPipeError:
        pass
    opening = time.monotonic() + open_wait_s + GRACE_S
    deadline: float | None = None
    peak = 0.0
    cut: str | None = None
    while child.poll() is None:
        if deadline is None and started.is_set():
            deadline = time.monotonic() + (timeout_s + GRACE_S if timeout_s else float("inf"))
        rss = _rss_mb(child.pid)
        if rss is not None:
            peak = max(peak, rss)
            if rss > max_mb:
                cut = (f"query stopped: it needed more than {max_mb} MB of memory (the console's "
                       "ceiling, POLICYKG_QUERY_MAX_MB); return fewer rows (LIMIT), bound patterns "
                       "tighter, or avoid building huge lists such as range(1, 1e9)")
        if cut is None and deadline is not None and time.monotonic() > deadline:
            cut = (f"query cut off after {timeout_s:g} s (timeout); narrow the pattern (bounded "
                   "*1..3, a label, a LIMIT) or raise --timeout")
        if cut is None and deadline is None and time.monotonic() > opening:
            cut = f"the store could not be opened within {open_wait_s:g} s"
        if cut is not None:
            child.kill()
            break
        time.sleep(_POLL_S)
    child.wait()
    reader.join(timeout=5)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if cut is not None:
        raise QueryError(f"Query on {where}: {cut}.")
    if child.returncode != 0:
        detail = f"signal {-child.returncode}" if child.returncode < 0 else f"exit {child.returncode}"
        last = err.strip().splitlines()[-1] if err.strip() else ""
        raise QueryError(f"Query on {where}: the database engine crashed on this query ({detail}"
                         f"{': ' + last if last else ''}); nothing was changed. Simplify the query.")
    try:
        return pickle.loads(out[0] if out else b"")
    except (pickle.UnpicklingError, EOFError, IndexError) as exc:
        raise QueryError(f"Query on {where}: no answer from the query process ({exc}).") from exc
