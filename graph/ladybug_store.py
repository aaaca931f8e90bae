"""The embedded store: one Ladybug database file, schema declared up front, single writer.

Loading a plan is one transaction of ``UNWIND $rows`` batches (CREATE for a new plan's own rows,
MERGE for shared nodes and loose edges); any failure rolls the whole plan back.
Measured on the 30-document corpus, per-plan ``COPY`` was about 20x slower than ``UNWIND``
(31 s against 1.4 s: each ``COPY`` has a large fixed cost, and a plan needs ~25 of them) and
grew the file 7x, so ``COPY`` only pays for one-shot bulk loads (see bench/load.py).
``COPY`` aborts the process on a duplicate primary key, so only ids that are not stored yet
are copied; shared nodes that already exist are always merged.

Many plans at once (:meth:`LadybugStore.add_plans`, what ``policykg ingest`` uses): consecutive
new plans are grouped into batches of at most ``BATCH_PLANS`` plans and ``BATCH_ROWS`` rows, and
each batch is one explicit transaction of ``LOAD FROM $batch CREATE`` statements over Arrow
tables (one per label and relationship pair, shared nodes deduplicated across the batch). A
killed process loses the uncommitted batch whole; a failing batch is rolled back and its plans
retried one by one, so one bad plan costs only itself. Measured on 1,000 synthetic plans
(bench/load.py, 223k nodes+relationships) into a fresh store: 3.1 s, against 14.5 s for one
transaction per plan and 1.9 s for one raw ``COPY`` of rows prepared beforehand (ratio 0.61).
Per plan, the commit, the Python-side conversion of ``UNWIND $rows`` parameters and (with
the engine's 16 MB default) frequent checkpoints dominated: a checkpoint merges the new rows
into the existing tables, ~1.7 s per 200 plans. The WAL is now checkpointed every
``CHECKPOINT_MB``; until then committed rows live in the buffer pool, which bounds memory.

Only one process may open the file read-write; a second writer gets
:class:`~core.errors.StoreUnavailableError`. Read-only opens may run alongside.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

import ladybug

if TYPE_CHECKING:
    import pyarrow as pa

from graph import cypher
from graph.bounded import BoundedResult, query_max_mb, run_worker
from graph.ladybug_worker import READY
from graph.ladybug_open import (CHECKPOINT_MB, abandon, disk_full_message, first_line, open_database,
                                out_of_space, wait_s)
from core.model import LABELS, NODE_PROPS, REL_PROPS, SHARED_LABELS, Edge, PlanDoc
from graph.rows import ANY_LABEL, batched, count_rows, parse_key, plan_to_rows, rel_key
from graph.store import AddResult, PlanReads, QueryResult, failure, plain_row, plan_exists
from core.errors import (DiskFullError, InputError, PlanNotFoundError, QueryError, StoreError,
                             StoreUnavailableError)

T = TypeVar("T")

BATCH = 1000
#: Page cache of the engine. Its default (most of the RAM) lets an ingest's memory grow with
#: the corpus; a bounded pool keeps it flat at a small cost in speed.
BUFFER_POOL_MB = 256
#: Page cache for stores opened to answer queries (read-only opens, the UI): shortest paths over
#: every relationship type need about 1 GB on the sample corpus and fail with 256 MB.
QUERY_POOL_MB = 1024
#: Free space a write needs, as a multiple of the bytes of its rows: the write-ahead log holds
#: ~1.3x them, and the checkpoint that folds the log into the file needs new pages and shadow
#: copies (a fresh 44-plan store: 2.4 MB of rows, 3.2 MB of log, a 17 MB file), plus a reserve.
SPACE_FACTOR = 8
SPACE_RESERVE_MB = 16
#: Bounds of one :meth:`LadybugStore.add_plans` transaction.
BATCH_PLANS = 100
BATCH_ROWS = 20_000
#: Errors that fail one plan (and are reported for it) rather than the whole run.
PLAN_ERRORS: tuple[type[BaseException], ...] = (InputError, StoreError, RuntimeError)


def _arrow_schema(columns: Mapping[str, str], keys: Sequence[str]) -> pa.Schema:
    import pyarrow as pa  # writers only: a read-only command does not pay its 0.15 s import
    types = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}
    return pa.schema([(k, pa.string()) for k in keys] + [(k, types[t]) for k, t in columns.items()])


def _arrow_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    import pyarrow as pa
    return pa.Table.from_pylist(rows, schema=schema)


@dataclass(frozen=True)
class _Pending:
    """One plan of an :meth:`LadybugStore.add_plans` batch: its rows, or why it has none."""

    plan_id: str
    rows: dict[str, list[dict]] | None
    nodes: int = 0
    edges: int = 0
    error: BaseException | None = None
    size: int = 0


def _pending(docs: Iterable[PlanDoc]) -> Iterator[_Pending]:
    for doc in docs:
        try:
            rows = plan_to_rows(doc)
        except InputError as exc:
            yield _Pending(doc.plan.id, None, error=exc)
            continue
        yield _Pending(doc.plan.id, rows, *count_rows(rows), size=rows_bytes(rows))


def _batches(items: Iterable[_Pending], max_plans: int, max_rows: int) -> Iterator[list[_Pending]]:
    """Consecutive groups of at most ``max_plans`` plans and (unless one plan alone exceeds it)
    ``max_rows`` rows.

    >>> sizes = [_Pending(str(i), {}, n, 0) for i, n in enumerate([5, 5, 5, 20, 1])]
    >>> [[p.plan_id for p in b] for b in _batches(sizes, 3, 10)]
    [['0', '1'], ['2'], ['3'], ['4']]
    """
    batch: list[_Pending] = []
    rows = 0
    for item in items:
        size = item.nodes + item.edges
        if batch and (len(batch) >= max_plans or rows + size > max_rows):
            yield batch
            batch, rows = [], 0
        batch.append(item)
        rows += size
    if batch:
        yield batch


def rows_bytes(rows: Mapping[str, list[dict]]) -> int:
    """An estimate of what ``rows`` take on disk: their UTF-8 text, 8 bytes per other value,
    16 per row.

    >>> rows_bytes({"Task": [{"id": "p/1", "title": "推进", "order": 1}]})
    33
    """
    total = 0
    for items in rows.values():
        for row in items:
            total += 16 + sum(len(v.encode("utf-8")) if isinstance(v, str) else 8 for v in row.values())
    return total


def merge_rows(parts: Sequence[Mapping[str, list[dict]]]) -> dict[str, list[dict]]:
    """The rows of several plans as one rows dict (key order of first appearance).

    A shared node (Document, Organization, Place) named by several plans becomes one row whose
    columns take the first non-null value in plan order, which is what loading the plans one
    after the other (create, then fill what is missing) leaves in the store.

    >>> a = {"Organization": [{"id": "org-1", "name": None}], "Task": [{"id": "a/1"}]}
    >>> b = {"Organization": [{"id": "org-1", "name": "区发改局"}], "Task": [{"id": "b/1"}]}
    >>> merge_rows([a, b])
    {'Organization': [{'id': 'org-1', 'name': '区发改局'}], 'Task': [{'id': 'a/1'}, {'id': 'b/1'}]}
    """
    out: dict[str, list[dict]] = {}
    shared: dict[str, dict[str, dict]] = {}
    for rows in parts:
        for key, items in rows.items():
            if key not in SHARED_LABELS:
                out.setdefault(key, []).extend(items)
                continue
            seen = shared.setdefault(key, {})
            out.setdefault(key, [])
            for row in items:
                have = seen.get(row["id"])
                if have is None:
                    seen[row["id"]] = dict(row)
                    out[key].append(seen[row["id"]])
                else:
                    have.update({k: v for k, v in row.items() if have.get(k) is None})
    return out


def pool_mb(read_only: bool) -> int:
    """The page cache to open with: ``$POLICYKG_BUFFER_MB`` when set, else a bounded pool for
    writers (flat ingest memory) and a larger one for readers (path queries)."""
    value = os.environ.get("POLICYKG_BUFFER_MB", "").strip()
    if value:
        if not value.isdigit() or int(value) < 64:
            raise StoreError(f"POLICYKG_BUFFER_MB={value!r}: expected a whole number of MB, at least 64")
        return int(value)
    return QUERY_POOL_MB if read_only else BUFFER_POOL_MB


class LadybugStore(PlanReads):
    """:class:`graph.store.GraphStore` on an embedded Ladybug database file."""

    engine = "ladybug"
    #: The open database; None once closed (and unset when opening failed).
    _db: ladybug.Database | None

    def __init__(self, path: Path | str, *, read_only: bool = False,
                 buffer_pool_mb: int | None = None, checkpoint_mb: int = CHECKPOINT_MB):
        if buffer_pool_mb is None:
            buffer_pool_mb = pool_mb(read_only)
        self.path, self.read_only = Path(path), read_only
        if read_only and not self.path.exists():
            raise StoreUnavailableError(
                f"{self.path}: no database there to open read-only; ingest a plan first "
                "(`policykg ingest FILE --store PATH`).")
        self._pool, self._checkpoint = buffer_pool_mb * 2**20, checkpoint_mb * 2**20
        self._db = open_database(self.path, read_only=read_only, pool_bytes=self._pool,
                                 checkpoint_bytes=self._checkpoint)
        self._conn = ladybug.Connection(self._db)
        if read_only:
            tables = self._tables()
            self._check_schema(tables)
            if self._missing_columns(tables) or not set(LABELS) | set(REL_PROPS) <= tables:
                self._upgrade_then_reopen()
        else:
            for statement in cypher.ladybug_schema():
                self._conn.execute(statement)
            for label, prop in self._missing_columns(self._tables()):
                self._conn.execute(cypher.ladybug_add_column(label, prop))

    def _tables(self) -> set[str]:
        return {r[0] for r in self._exec(cypher.LADYBUG_TABLES).rows}

    def _missing_columns(self, tables: set[str]) -> list[tuple[str, str]]:
        """(label, property) pairs the model has and this store's tables lack."""
        out = []
        model = {**{label: NODE_PROPS[label] for label in LABELS}, **REL_PROPS}
        for table, props in model.items():
            if table in tables and props:
                have = {r[0] for r in self._exec(cypher.ladybug_columns(table)).rows}
                out += [(table, k) for k in props if k not in have]
        return out

    def _upgrade_then_reopen(self) -> None:
        """A store written by an older PolicyKG lacks tables or columns; add them once with a
        short write open (as a reader finishing a checkpoint does), then read as asked."""
        self.close()
        try:
            LadybugStore(self.path, buffer_pool_mb=max(64, self._pool >> 20)).close()
        except StoreError as exc:
            raise StoreUnavailableError(
                f"{self.path}: written by an older PolicyKG and could not be upgraded now ({exc}); "
                "run `policykg plans --store PATH` again once no other process writes it.") from exc
        self._db = open_database(self.path, read_only=True, pool_bytes=self._pool,
                                 checkpoint_bytes=self._checkpoint)
        self._conn = ladybug.Connection(self._db)

    def _check_schema(self, tables: set[str]) -> None:
        """A read-only open of a file that is not ours (an empty file opens as an empty database)
        says so now, instead of a binder error on the first query."""
        if "Plan" not in tables:
            self.close()
            raise StoreUnavailableError(
                f"{self.path}: not a PolicyKG store (an empty or other database: it has no Plan "
                "table); ingest a plan into it (`policykg ingest FILE --store PATH`) or give "
                "another --store.")

    # ---- low level ----------------------------------------------------------------------

    def _exec(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        result = self._conn.execute(text, dict(params or {}))
        if isinstance(result, list):
            result = result[-1]
        columns = list(result.get_column_names())
        return QueryResult(columns, [plain_row(r, plain_value) for r in result.get_all()])

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

    def _transaction(self, work: Callable[[], T]) -> T:
        self._ensure_writable()
        self._conn.execute(cypher.LADYBUG_BEGIN)
        try:
            out = work()
            self._conn.execute(cypher.LADYBUG_COMMIT)
        except BaseException as exc:
            self._rollback_quietly()
            if out_of_space(self.path, exc):
                raise DiskFullError(disk_full_message(self.path, "a write failed and was undone")) from exc
            raise
        return out

    def _wal_bytes(self) -> int:
        wal = self.path.with_name(self.path.name + ".wal")
        return wal.stat().st_size if wal.exists() else 0

    def check_space(self, rows_size: int) -> None:
        """Refuse, before writing anything, a write the file system has no room for (the write
        itself and the checkpoint that follows); see :data:`SPACE_FACTOR`."""
        need = SPACE_FACTOR * rows_size + 2 * self._wal_bytes() + SPACE_RESERVE_MB * 2**20
        free = shutil.disk_usage(self.path.resolve().parent).free
        if free < need:
            raise DiskFullError(disk_full_message(
                self.path, f"storing the next plans needs about {need / 2**20:.0f} MB"))

    def _write(self, key: str, rows: list[dict], *, new: bool = False) -> None:
        """Write one batch of rows for a label or relationship key (the unit of atomicity tests).

        ``new``: the rows belong to a plan being added, so plain CREATE is safe (and faster).
        """
        rel = parse_key(key)
        if rel is None:
            if key in SHARED_LABELS or not new:
                self._conn.execute(cypher.merge_nodes(key, "ladybug"), {"rows": rows})
            else:
                self._conn.execute(cypher.create_nodes(key, "ladybug"), {"rows": rows})
            return
        if new:
            self._conn.execute(cypher.create_rels(*rel, "ladybug"), {"rows": rows})
        else:
            self._conn.execute(cypher.merge_rels(*rel, "ladybug"), {"rows": rows})

    def _exec_table(self, text: str, table: pa.Table) -> None:
        """Run ``text`` over an Arrow table passed as ``$batch``, then drop the statement the
        driver cached for it: ladybug 0.22.0 caches one prepared statement per Arrow object
        (keyed by its identity) and never evicts it, which kept every batch alive and
        filled the buffer pool after a few hundred plans."""
        try:
            self._conn.execute(text, {"batch": table})
        finally:
            cache = getattr(self._conn, "_pybind_implicit_prepared_cache", None)
            if isinstance(cache, dict):
                for key in [k for k in cache if isinstance(k, tuple) and k and k[0] == text]:
                    del cache[key]

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
        >>> from core.model import PlanDoc, PlanMeta, Node, Edge
        >>> doc = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "推进"),),
        ...               edges=(Edge("p", "p/1", "HAS_PART"),))
        >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
        >>> store.add_plan(doc), store.add_plan(doc).created
        (AddResult(plan_id='p', created=True, nodes=2, edges=1), False)
        >>> store.close()
        """
        rows = plan_to_rows(doc)
        nodes, edges = count_rows(rows)
        self._ensure_writable()
        self.check_space(rows_bytes(rows))
        return AddResult(doc.plan.id, self._add_rows(doc.plan.id, rows), nodes, edges)

    def _add_rows(self, plan_id: str, rows: dict[str, list[dict]]) -> bool:
        """One plan in one transaction; False when it is already stored."""
        def work() -> bool:
            if plan_exists(self._read, plan_id):
                return False
            self._load_rows(rows)
            return True

        return self._transaction(work)

    def add_plans(self, docs: Iterable[PlanDoc], *, max_plans: int = BATCH_PLANS,
                  max_rows: int = BATCH_ROWS) -> Iterator[AddResult]:
        """Store many plans, a batch per transaction; one result per plan, in input order.

        Plans already stored (or repeated in ``docs``) come back with ``created`` False. A
        plan that cannot be stored comes back as a :class:`workspace.ingest.AddFailure` naming the
        error (bad rows, or an engine error when the batch is retried plan by plan); the
        others are stored. Only one batch of plans is held at a time, so ``docs`` may stream.

        >>> import tempfile, pathlib
        >>> from core.model import PlanDoc, PlanMeta, Node
        >>> docs = [PlanDoc(PlanMeta(id=i, title="计划"), nodes=(Node(f"{i}/1", "Task", "推进"),))
        ...         for i in ("a", "b", "a")]
        >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
        >>> [(r.plan_id, r.created) for r in store.add_plans(docs)]
        [('a', True), ('b', True), ('a', False)]
        >>> store.close()
        """
        self._ensure_writable()
        for batch in _batches(_pending(docs), max_plans, max_rows):
            yield from self._add_batch(batch)

    def _add_batch(self, batch: list[_Pending]) -> list[AddResult]:
        ok = [p for p in batch if p.rows is not None]
        stored = self._existing("Plan", sorted({p.plan_id for p in ok}))
        new: dict[str, _Pending] = {}
        for p in ok:
            if p.plan_id not in stored:
                new.setdefault(p.plan_id, p)
        outcome: dict[str, AddResult] = {}
        if new:
            self.check_space(sum(p.size for p in new.values()))
            outcome = self._load_new(list(new.values()))
        results: list[AddResult] = []
        done: set[str] = set()
        for p in batch:
            if p.error is not None:
                results.append(failure(p.plan_id, p.error))
            elif p.plan_id in new and p.plan_id not in done:
                done.add(p.plan_id)
                results.append(outcome[p.plan_id])
            else:  # stored before, or a repeat of a plan earlier in the batch
                first = outcome.get(p.plan_id)
                results.append(first if first is not None and not first.created
                               else AddResult(p.plan_id, False, p.nodes, p.edges))
        return results

    def _load_new(self, plans: list[_Pending]) -> dict[str, AddResult]:
        """Load new plans in one transaction; on failure, retry them one by one."""
        try:
            self._transaction(lambda: self._load_batch(plans))
            return {p.plan_id: AddResult(p.plan_id, True, p.nodes, p.edges) for p in plans}
        except DiskFullError:
            raise  # no plan of the batch would fit either: stop, with everything before intact
        except Exception as exc:  # noqa: BLE001 - any failure: the plans are retried one by one
            if "buffer pool" in str(exc).lower():
                self._checkpoint_quietly()
            # A failed commit may still be durable (the engine reports a failed checkpoint
            # after a committed write); then every plan of the batch is there.
            landed = self._existing("Plan", [p.plan_id for p in plans])
            if len(landed) == len(plans):
                return {p.plan_id: AddResult(p.plan_id, True, p.nodes, p.edges) for p in plans}
        out = {}
        for p in plans:
            try:
                created = self._add_rows(p.plan_id, p.rows or {})
                out[p.plan_id] = AddResult(p.plan_id, created, p.nodes, p.edges)
            except DiskFullError:
                raise
            except PLAN_ERRORS as exc:
                out[p.plan_id] = failure(p.plan_id, exc, p.nodes, p.edges)
        return out

    def _checkpoint_quietly(self) -> None:
        try:
            self._conn.execute(cypher.LADYBUG_CHECKPOINT)
        except RuntimeError:
            pass

    def _load_batch(self, plans: list[_Pending]) -> None:
        """Write new plans (inside the caller's transaction): nodes, then relationships, then
        relationships to nodes outside each plan (looked up in the store and in the plans of
        the batch up to and including their own, as loading them in order would)."""
        rows = merge_rows([p.rows or {} for p in plans])
        loose: list[dict] = []
        for key, items in rows.items():
            if parse_key(key) is not None or not items:
                continue
            items = self._merge_stored_shared(key, items)
            if items:
                self._write_table(key, items)
        for key, items in rows.items():
            rel = parse_key(key)
            if rel is None or not items:
                continue
            if ANY_LABEL in rel:
                continue
            self._write_table(key, items)
        owner: dict[str, int] = {}
        for i, p in enumerate(plans):
            for key, items in (p.rows or {}).items():
                rel = parse_key(key)
                if rel is None:
                    for r in items:
                        owner.setdefault(r["id"], i)
                elif rel is not None and ANY_LABEL in rel:
                    loose += [dict(r, type=rel[0], _plan=i) for r in items]
        if loose:
            # an end created by a later plan of the batch would not exist yet plan by plan
            loose = [r for r in loose if owner.get(r["src"], -1) <= r["_plan"]
                     and owner.get(r["dst"], -1) <= r["_plan"]]
            self._merge_edges(loose)

    def _write_table(self, key: str, rows: list[dict]) -> None:
        """CREATE the rows of one label or relationship pair from an Arrow table."""
        rel = parse_key(key)
        if rel is None:
            table = _arrow_table(rows, _arrow_schema(NODE_PROPS[key], ["id"]))
            self._exec_table(cypher.ladybug_load_nodes(key), table)
        else:
            schema = _arrow_schema(REL_PROPS[rel[0]], ["src", "dst"])
            table = _arrow_table(rows, schema)
            self._exec_table(cypher.ladybug_load_rels(*rel), table)

    def _merge_stored_shared(self, key: str, items: list[dict]) -> list[dict]:
        """MERGE the rows of shared nodes (Document, Organization, Place) that are already stored
        and return the rest, which are new and can be created outright."""
        if key not in SHARED_LABELS:
            return items
        known = self._existing(key, [r["id"] for r in items])
        for chunk in batched([r for r in items if r["id"] in known], BATCH):
            self._write(key, chunk)
        return [r for r in items if r["id"] not in known]

    def _load_rows(self, rows: dict[str, list[dict]]) -> None:
        for key, items in rows.items():
            if parse_key(key) is not None:
                continue
            items = self._merge_stored_shared(key, items)
            for batch in batched(items, BATCH):
                self._write(key, batch, new=True)
        loose: list[dict] = []
        for key, items in rows.items():
            rel = parse_key(key)
            if rel is None:
                continue
            if ANY_LABEL in rel:
                loose += [dict(r, type=rel[0]) for r in items]
                continue
            for batch in batched(items, BATCH):
                self._write(key, batch, new=True)
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
                self._write(key, batch)

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

    def run(self, cypher_text: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
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
            elif "read-only" in message and "write" in message:
                message = ("the store was opened read-only, and queries here never change it; "
                           "use `policykg ingest` or `policykg remove` to change what is stored")
            raise QueryError(f"Query failed on {self.path}: {message}") from exc
        finally:
            if began:
                self._rollback_quietly()
            self._conn.set_query_timeout(0)

    def run_bounded(self, text: str, params: Mapping[str, Any] | None = None, *, limit: int,
                    timeout_s: float | None, max_mb: int | None = None) -> "BoundedResult":
        """Run one read-only statement in a process of its own (:mod:`graph.ladybug_worker`)
        and return at most ``limit`` rows: what the console uses for analysts' Cypher.

        The process is killed when it passes ``max_mb`` of memory (default
        :func:`query_max_mb`) or ``timeout_s`` (plus a second's grace for opening the store);
        a crash of the engine ends only that process. Each ends in a :class:`QueryError`.
        """
        ceiling = query_max_mb() if max_mb is None else max_mb
        pool = min(pool_mb(True), max(64, ceiling - 256)) * 2**20
        request = {"path": str(self.path), "text": text, "params": dict(params or {}),
                   "limit": limit, "timeout_ms": int(round((timeout_s or 0) * 1000)), "pool_bytes": pool}
        reply = run_worker("graph.ladybug_worker", request, timeout_s=timeout_s, max_mb=ceiling,
                           where=str(self.path), ready=READY, open_wait_s=wait_s())
        if "store_error" in reply:
            raise StoreUnavailableError(reply["store_error"])
        if "error" in reply:
            message = reply["error"]
            if "Interrupted" in message and timeout_s:
                message = f"query cut off after {timeout_s:g} s (timeout)"
            elif "read-only" in message and "write" in message:
                message = ("the store was opened read-only, and queries here never change it; "
                           "use `policykg ingest` or `policykg remove` to change what is stored")
            raise QueryError(f"Query failed on {self.path}: {message}")
        return BoundedResult(reply["columns"], [plain_row(r, plain_value) for r in reply["rows"]], reply["more"],
                             reply.get("total"))

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) stored."""
        return (self._exec(cypher.COUNT_NODES).rows[0][0], self._exec(cypher.COUNT_RELS).rows[0][0])

    def close(self) -> None:
        """Close the store; a writer first checkpoints, so that a failure to fold the log into
        the file (a full disk) is reported here instead of leaving readers locked out."""
        db: ladybug.Database | None = getattr(self, "_db", None)
        if db is None:
            return
        self._db = None
        if not self.read_only:
            try:
                self._conn.execute(cypher.LADYBUG_CHECKPOINT)
            except RuntimeError as exc:
                if out_of_space(self.path, exc):
                    abandon(db)  # its close would write to the full disk and abort the process
                    raise DiskFullError(disk_full_message(
                        self.path, "the write-ahead log could not be folded into the file (what it "
                        "holds is safe, and the next command on this store finishes the job)")) from exc
                self._conn.close()
                db.close()
                raise StoreError(f"{self.path}: checkpoint failed: {first_line(exc)}") from exc
        self._conn.close()
        db.close()

    def __enter__(self) -> "LadybugStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _key(ref: Any) -> str:
    return f"{ref.get('table')}:{ref.get('offset')}" if isinstance(ref, Mapping) else str(ref)


def plain_value(v: Any) -> Any:
    """A Ladybug value in the plain form of ``graph.store.NODE_KEYS``: its node dicts carry
    ``_ID``/``_LABEL``, relationship dicts ``_SRC``/``_DST``/``_LABEL``, paths ``_NODES``/``_RELS``.

    >>> plain_value({"_ID": {"offset": 3, "table": 1}, "_LABEL": "Task", "id": "p/1"})
    {'_id': '1:3', '_label': 'Task', 'id': 'p/1'}
    """
    if isinstance(v, dict):
        if "_NODES" in v or "_RELS" in v:
            return [plain_value(x) for x in (v.get("_NODES") or []) + (v.get("_RELS") or [])]
        if "_SRC" in v and "_DST" in v:
            props = {k: plain_value(x) for k, x in v.items() if k not in ("_SRC", "_DST", "_LABEL", "_ID")}
            return {"_type": v.get("_LABEL"), "_src": _key(v["_SRC"]), "_dst": _key(v["_DST"]), **props}
        if "_ID" in v and "_LABEL" in v:
            props = {k: plain_value(x) for k, x in v.items() if k not in ("_ID", "_LABEL")}
            return {"_id": _key(v["_ID"]), "_label": v["_LABEL"], **props}
        return {k: plain_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    return v


def open_uri(uri: str, *, read_only: bool = False, app: bool = False, create: bool = True,
             buffer_pool_mb: int | None = None) -> LadybugStore:
    """Open the database file ``uri``; ``create=False`` refuses to create a missing one, ``app``
    gives a long-lived writer the readers' larger page cache (path queries from the UI)."""
    path = Path(uri)
    if not create and not path.exists():
        raise StoreUnavailableError(f"{uri}: no database there; ingest a plan first "
                                    "(`policykg ingest FILE --store PATH`).")
    if app and buffer_pool_mb is None:
        buffer_pool_mb = QUERY_POOL_MB
    return LadybugStore(path, read_only=read_only, buffer_pool_mb=buffer_pool_mb)

