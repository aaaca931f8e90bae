"""One analyst query against an embedded store, in a process of its own (``python -m graph.ladybug_worker``).

:meth:`graph.ladybug_store.LadybugStore.run_bounded` starts this module for every raw Cypher
query of the console, so that no query can take the caller down with it: the parent watches
this process's memory and wall-clock time and kills it past either limit, and an engine crash
(a parser that overflows its stack on ``RETURN ((((…``) ends only this process.

Protocol: a pickled request on stdin (``path``, ``text``, ``params``, ``limit``, ``timeout_ms``,
``pool_bytes``); on stdout :data:`READY` once the store is open, then a pickled answer:
``{"columns", "rows", "more", "total"}`` with at most ``limit`` rows (``more`` says whether the
query had others), ``{"error": message}``, or ``{"store_error": message}`` when it cannot open.
Rows are fetched one by one and fetching stops at the limit, so a cross product of millions of
rows costs only the rows shown.
"""

from __future__ import annotations

import pickle
import sys

#: written once the store is open, before the query runs (waiting for a writer's checkpoint
#: does not count against the query's timeout)
READY = b"R"


def answer(request: dict) -> dict:
    from pathlib import Path

    import ladybug

    from graph.ladybug_open import CHECKPOINT_MB, open_database
    from core.errors import StoreError

    try:
        db = open_database(Path(request["path"]), read_only=True, pool_bytes=request["pool_bytes"],
                           checkpoint_bytes=CHECKPOINT_MB * 2**20)
        conn = ladybug.Connection(db)
        sys.stdout.buffer.write(READY)  # the store is open: the query's own time starts now
        sys.stdout.buffer.flush()
        conn.set_query_timeout(request["timeout_ms"])
        conn.execute("BEGIN TRANSACTION READ ONLY")
        result = conn.execute(request["text"], request["params"])
        if isinstance(result, list):
            result = result[-1]
        columns = list(result.get_column_names())
        rows: list[tuple] = []
        while len(rows) < request["limit"] and result.has_next():
            rows.append(tuple(result.get_next()))
        more = result.has_next()
        try:
            total = int(result.get_num_tuples())
        except (RuntimeError, TypeError, ValueError):
            total = None
        return {"columns": columns, "rows": rows, "more": more, "total": total}
    except StoreError as exc:
        return {"store_error": str(exc)}
    except RuntimeError as exc:
        return {"error": (str(exc).splitlines() or [type(exc).__name__])[0]}


def main() -> int:
    request = pickle.load(sys.stdin.buffer)
    reply = answer(request)
    sys.stdout.buffer.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
