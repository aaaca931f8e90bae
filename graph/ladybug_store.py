"""The embedded store: one Ladybug database file, schema declared up front, single writer.

Loading a plan is one transaction: ``UNWIND $rows MERGE`` batches (``load="merge"``, the
default) or ``COPY FROM`` Arrow tables (``load="copy"``); any failure rolls the whole plan back.
Measured on the 30-document corpus, per-plan ``COPY`` was about 20x slower than ``UNWIND``
(31 s against 1.4 s: each ``COPY`` has a large fixed cost, and a plan needs ~25 of them) and
grew the file 7x, so ``COPY`` only pays for one-shot bulk loads (see bench/load.py).
``COPY`` aborts the process on a duplicate primary key, so only ids that are not stored yet
are copied; shared nodes that already exist are always merged.

Only one process may open the file read-write; a second writer gets
:class:`~policykg.errors.StoreUnavailableError`. Read-only opens may run alongside.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pyarrow as pa

from graph import cypher
from graph.model import LABELS, NODE_PROPS, REL_PROPS, SHARED_LABELS, Edge, PlanDoc
from graph.rows import ANY_LABEL, batched, count_rows, parse_key, plan_to_rows, rel_key
from graph.store import AddResult, QueryResult, list_plans, plan_exists, read_plan
from policykg.errors import PlanNotFoundError, QueryError, StoreError, StoreUnavailableError

BATCH = 1000
#: Page cache of the engine. Its default (most of the RAM) lets an ingest's memory grow with
#: the corpus; a bounded pool keeps it flat at a small cost in speed.
BUFFER_POOL_MB = 256
_ARROW_TYPES = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(),
                "BOOLEAN": pa.bool_()}


def _arrow_schema(columns: Mapping[str, str], keys: Sequence[str]) -> pa.Schema:
    return pa.schema([(k, pa.string()) for k in keys]
                     + [(k, _ARROW_TYPES[t]) for k, t in columns.items()])


def _lock_message(path: Path, exc: Exception) -> str:
    detail = str(exc).splitlines()[0]
    return (f"{path}: another process holds this database read-write ({detail}). Close it "
            "(e.g. the Streamlit app or another ingest) and retry, or open it read-only.")


class LadybugStore:
    """:class:`graph.store.GraphStore` on an embedded Ladybug database file."""

    backend = "ladybug"

    def __init__(self, path: Path | str, *, read_only: bool = False, load: str = "merge",
                 buffer_pool_mb: int = BUFFER_POOL_MB):
        import ladybug

        self.path, self.read_only, self.load = Path(path), read_only, load
        if load not in ("copy", "merge"):
            raise ValueError(f"load must be 'copy' or 'merge', got {load!r}")
        if read_only and not self.path.exists():
            raise StoreUnavailableError(
                f"{self.path}: no database there to open read-only; ingest a plan first "
                "(`policykg ingest FILE --store PATH`).")
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only,
                                        buffer_pool_size=buffer_pool_mb * 1024 * 1024)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreUnavailableError(_lock_message(self.path, exc)) from exc
            raise StoreUnavailableError(f"{self.path}: cannot open the embedded database: "
                                        f"{str(exc).splitlines()[0]}") from exc
        if not read_only:
            for statement in cypher.ladybug_schema():
                self._conn.execute(statement)

    # ---- low level ----------------------------------------------------------------------

    def _exec(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        result = self._conn.execute(text, dict(params or {}))
        if isinstance(result, list):
            result = result[-1]
        columns = list(result.get_column_names())
        return QueryResult(columns, [tuple(r) for r in result.get_all()])

    def _read(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        return self._exec(text, params)

    def _ensure_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open it without read_only to write.")

    def _rollback_quietly(self) -> None:
        try:
            self._conn.execute(cypher.LADYBUG_ROLLBACK)
        except RuntimeError:
            pass  # some engine errors (binder, runtime) already rolled the transaction back

    def _transaction(self, work) -> Any:
        self._ensure_writable()
        self._conn.execute(cypher.LADYBUG_BEGIN)
        try:
            out = work()
        except BaseException:
            self._rollback_quietly()
            raise
        self._conn.execute(cypher.LADYBUG_COMMIT)
        return out

    def _write(self, key: str, rows: list[dict], *, copy: bool, new: bool = False) -> None:
        """Write one batch of rows for a label or relationship key (the unit of atomicity tests).

        ``new``: the rows belong to a plan being added, so plain CREATE is safe (and faster).
        """
        rel = parse_key(key)
        if rel is None:
            if copy:
                table = pa.Table.from_pylist(rows, schema=_arrow_schema(NODE_PROPS[key], ["id"]))
                self._conn.execute(cypher.ladybug_copy_nodes(key), {"batch": table})
            elif key in SHARED_LABELS or not new:
                self._conn.execute(cypher.merge_nodes(key, "ladybug"), {"rows": rows})
            else:
                self._conn.execute(cypher.create_nodes(key, "ladybug"), {"rows": rows})
            return
        if copy:
            schema = _arrow_schema(REL_PROPS[rel[0]], ["src", "dst"])
            table = pa.Table.from_pylist(rows, schema=schema)
            self._conn.execute(cypher.ladybug_copy_rels(*rel), {"batch": table})
        elif new:
            self._conn.execute(cypher.create_rels(*rel, "ladybug"), {"rows": rows})
        else:
            self._conn.execute(cypher.merge_rels(*rel, "ladybug"), {"rows": rows})

    def _existing(self, label: str, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in batched(ids, BATCH):
            found.update(r[0] for r in self._exec(cypher.existing_ids(label), {"ids": chunk}).rows)
        return found

    def _labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        out: dict[str, str] = {}
        for label in LABELS:
            for i in self._existing(label, wanted):
                out[i] = label
        return out

    # ---- GraphStore -----------------------------------------------------------------------

    def add_plan(self, doc: PlanDoc) -> AddResult:
        """Store ``doc`` atomically; a plan already stored (same id) is left unchanged.

        >>> import tempfile, pathlib
        >>> from graph.model import PlanDoc, PlanMeta, Node, Edge
        >>> doc = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "推进"),),
        ...               edges=(Edge("p", "p/1", "HAS_PART"),))
        >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
        >>> store.add_plan(doc), store.add_plan(doc).created
        (AddResult(plan_id='p', created=True, nodes=2, edges=1), False)
        >>> store.close()
        """
        rows = plan_to_rows(doc)
        nodes, edges = count_rows(rows)

        def work() -> bool:
            if plan_exists(self._read, doc.plan.id):
                return False
            self._load_rows(rows)
            return True

        created = self._transaction(work)
        return AddResult(doc.plan.id, created, nodes, edges)

    def _load_rows(self, rows: dict[str, list[dict]]) -> None:
        copy = self.load == "copy"
        for key, items in rows.items():
            if parse_key(key) is not None:
                continue
            if key in SHARED_LABELS:
                known = self._existing(key, [r["id"] for r in items])
                old = [r for r in items if r["id"] in known]
                for batch in batched(old, BATCH):
                    self._write(key, batch, copy=False)
                items = [r for r in items if r["id"] not in known]
            for batch in batched(items, BATCH if not copy else max(len(items), 1)):
                self._write(key, batch, copy=copy, new=True)
        loose: list[dict] = []
        for key, items in rows.items():
            rel = parse_key(key)
            if rel is None:
                continue
            if ANY_LABEL in rel:
                loose += [dict(r, type=rel[0]) for r in items]
                continue
            for batch in batched(items, BATCH if not copy else max(len(items), 1)):
                self._write(key, batch, copy=copy, new=True)
        if loose:
            self._merge_edges(loose)

    def _merge_edges(self, rows: list[dict]) -> None:
        """MERGE relationships whose end labels are looked up in the store (missing ends skipped)."""
        labels = self._labels_of([r["src"] for r in rows] + [r["dst"] for r in rows])
        groups: dict[str, list[dict]] = {}
        for r in rows:
            a, b = labels.get(r["src"]), labels.get(r["dst"])
            if a and b:
                props = {k: r.get(k) for k in REL_PROPS[r["type"]]}
                groups.setdefault(rel_key(r["type"], a, b), []).append(
                    {"src": r["src"], "dst": r["dst"], **props})
        for key, items in groups.items():
            for batch in batched(items, BATCH):
                self._write(key, batch, copy=False)

    def add_edges(self, edges: Sequence[Edge]) -> None:
        """MERGE extra relationships between stored nodes (ends that are not stored are skipped)."""
        rows = [{"src": e.source, "dst": e.target, "type": e.type, **e.props} for e in edges]
        if rows:
            self._transaction(lambda: self._merge_edges(rows))

    def remove_plan(self, plan_id: str) -> None:
        """Delete the plan, its units and targets, and shared nodes no other plan links."""
        def work() -> None:
            if not plan_exists(self._read, plan_id):
                raise PlanNotFoundError(
                    f"No stored plan with id {plan_id!r} in {self.path}; `policykg plans` lists them.")
            shared = {label: [r[0] for r in self._exec(cypher.linked_shared(label),
                                                       {"plan_id": plan_id}).rows]
                      for label in SHARED_LABELS}
            for label in cypher.OWNED_LABELS:
                self._exec(cypher.delete_owned(label), {"plan_id": plan_id})
            self._exec(cypher.DELETE_PLAN, {"plan_id": plan_id})
            for label, ids in shared.items():
                for chunk in batched(ids, BATCH):
                    self._exec(cypher.delete_orphans(label), {"ids": chunk})

        self._transaction(work)

    def plans(self) -> list[dict]:
        return list_plans(self._read)

    def get_plan(self, plan_id: str) -> PlanDoc:
        return read_plan(self._read, plan_id)

    def run(self, cypher_text: str, params: Mapping | None = None, *, write: bool = False,
            timeout_s: float | None = None) -> QueryResult:
        """Run one Cypher statement; read-only (in a READ ONLY transaction) unless ``write``."""
        if write:
            self._ensure_writable()
        self._conn.set_query_timeout(int((timeout_s or 0) * 1000))
        began = False
        try:
            if not write:
                self._conn.execute(cypher.LADYBUG_BEGIN_READ)
                began = True
            return self._exec(cypher_text, params)
        except RuntimeError as exc:
            message = str(exc).splitlines()[0]
            if "Interrupted" in message and timeout_s:
                message = f"query cut off after {timeout_s:g} s (timeout)"
            elif "read-only" in message:
                message += " Pass write=True to modify the store."
            raise QueryError(f"Query failed on {self.path}: {message}") from exc
        finally:
            if began:
                self._rollback_quietly()
            self._conn.set_query_timeout(0)

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) stored."""
        return (self._exec(cypher.COUNT_NODES).rows[0][0], self._exec(cypher.COUNT_RELS).rows[0][0])

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def __enter__(self) -> "LadybugStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
