"""Opening an embedded Ladybug file: one clear line for each way it can fail, recovery after a
crash or a full disk, and waiting beside a writer that is checkpointing.

Kept apart from :mod:`graph.ladybug_store` (and light: only ``ladybug`` is imported) because the
console's query process (:mod:`graph.ladybug_worker`) opens stores the same way.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import ladybug

from graph import cypher
from core.errors import DiskFullError, StoreError, StoreUnavailableError

#: WAL size that triggers a checkpoint. The engine default (16 MB) checkpointed every ~100
#: plans, and each checkpoint into non-empty tables cost ~1.7 s per 200 plans it merged; until
#: then the committed rows wait in the buffer pool (~0.45 MB of pool per MB of WAL here, so
#: 256 MB of WAL fits the 256 MB pool with room for a batch's transaction).
CHECKPOINT_MB = 256


def _lock_message(path: Path, exc: Exception) -> str:
    detail = str(exc).splitlines()[0]
    return (f"{path}: another process holds this database read-write ({detail}). Close it "
            "(e.g. the Streamlit app or another ingest) and retry, or open it read-only.")


#: How long a read-only open waits while another process checkpoints the store (seconds;
#: ``POLICYKG_STORE_WAIT_S`` overrides).
READ_WAIT_S = 60.0
_RECOVERY_PENDING = "recovery is pending"
_NO_SPACE = "no space left on device"


def first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _is_lock(exc: BaseException) -> bool:
    return "lock" in str(exc).lower() and _RECOVERY_PENDING not in str(exc)


def disk_full_message(path: Path, detail: str = "") -> str:
    """The one line a user reads when the store's disk is full."""
    where = path.resolve().parent
    free = shutil.disk_usage(where).free if where.exists() else 0
    return (f"{path}: the disk is full ({free / 2**20:.0f} MB free in {where}){': ' + detail if detail else ''}. "
            "Every plan stored before is intact; free some space and run the command again.")


def out_of_space(path: Path, exc: BaseException) -> bool:
    """Whether an engine failure was the disk filling up: it says so, or it is an I/O error
    while less room is left than the write-ahead log beside the file would need."""
    text = str(exc).lower()
    if _NO_SPACE in text:
        return True
    if "io exception" not in text:
        return False
    wal = path.with_name(path.name + ".wal")
    need = 2 * (wal.stat().st_size if wal.exists() else 0) + 2**20
    where = path.resolve().parent
    return where.exists() and shutil.disk_usage(where).free < need


def abandon(db: "ladybug.Database") -> None:
    """Never close ``db``: after a write failed for want of space, ladybug 0.22's close (and its
    destructor) flushes the write-ahead log, meets the full disk again and aborts the whole
    process from C++ (exit 134). Committed transactions are already in the log on disk, and the
    next open replays them, so the open handle is simply kept alive until the process ends."""
    import ctypes

    ctypes.pythonapi.Py_IncRef(ctypes.py_object(db))


def wait_s() -> float:
    raw = os.environ.get("POLICYKG_STORE_WAIT_S", "").strip()
    try:
        return max(0.0, float(raw)) if raw else READ_WAIT_S
    except ValueError:
        raise StoreError(f"POLICYKG_STORE_WAIT_S={raw!r}: expected a number of seconds") from None


def _database(path: Path, *, read_only: bool, pool_bytes: int, checkpoint_bytes: int) -> "ladybug.Database":
    # A write-ahead log cut short (a process killed, a disk that filled mid-write) is replayed up
    # to its last whole record instead of refusing the whole store.
    return ladybug.Database(str(path), read_only=read_only, buffer_pool_size=pool_bytes,
                            checkpoint_threshold=checkpoint_bytes, throw_on_wal_replay_failure=False)


def finish_recovery(path: Path) -> bool:
    """Complete a checkpoint that a killed or failed writer left pending, by opening the store
    read-write once and checkpointing. False when another process holds it read-write (it is
    still checkpointing); :class:`DiskFullError` when there is no room to finish."""
    try:
        db = _database(path, read_only=False, pool_bytes=64 * 2**20, checkpoint_bytes=CHECKPOINT_MB * 2**20)
    except RuntimeError as exc:
        if _is_lock(exc):
            return False
        if out_of_space(path, exc):
            raise DiskFullError(disk_full_message(path, "a pending checkpoint cannot be finished")) from exc
        raise StoreUnavailableError(f"{path}: cannot open the embedded database: {first_line(exc)}") from exc
    try:
        conn = ladybug.Connection(db)
        conn.execute(cypher.LADYBUG_CHECKPOINT)
        conn.close()
    except RuntimeError as exc:
        if out_of_space(path, exc):
            raise DiskFullError(disk_full_message(path, "a pending checkpoint cannot be finished")) from exc
        raise StoreUnavailableError(f"{path}: a pending checkpoint failed: {first_line(exc)}") from exc
    finally:
        db.close()
    return True


def open_database(path: Path, *, read_only: bool, pool_bytes: int, checkpoint_bytes: int) -> "ladybug.Database":
    """Open the database file, turning the engine's refusals into one clear line each.

    A read-only open that finds a checkpoint pending finishes it when no other process holds
    the store (a writer was killed or its disk filled), and otherwise waits for the writer's
    checkpoint to end (up to :data:`READ_WAIT_S`), as readers beside an ingest should.
    """
    deadline = time.monotonic() + wait_s()
    pause = 0.05
    while True:
        try:
            return _database(path, read_only=read_only, pool_bytes=pool_bytes,
                             checkpoint_bytes=checkpoint_bytes)
        except RuntimeError as exc:
            message = str(exc)
            if _is_lock(exc):
                raise StoreUnavailableError(_lock_message(path, exc)) from exc
            if out_of_space(path, exc):
                raise DiskFullError(disk_full_message(path)) from exc
            if _RECOVERY_PENDING not in message:
                raise StoreUnavailableError(f"{path}: cannot open the embedded database: "
                                            f"{first_line(exc)}") from exc
            if finish_recovery(path):
                continue
            if time.monotonic() > deadline:
                raise StoreUnavailableError(
                    f"{path}: another process is checkpointing this store; waited "
                    f"{wait_s():g} s (POLICYKG_STORE_WAIT_S). Retry when it finishes.") from exc
            time.sleep(pause)
            pause = min(0.25, pause * 2)


