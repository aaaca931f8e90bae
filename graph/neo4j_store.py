"""The Neo4j store, through the official driver.

* Schema first: a uniqueness constraint on every label's ``id`` and a CJK full-text index over
  unit titles and text (``graph.cypher.neo4j_schema``), all ``IF NOT EXISTS``.
* Writes of one plan run in one ``execute_write`` transaction function made of
  ``UNWIND $rows … MERGE`` batches, so the driver may retry it safely and a failure leaves
  nothing behind.
* Reads use ``execute_query`` with ``routing_=RoutingControl.READ`` (a read-access transaction,
  which the server refuses to write in) and a timeout (``neo4j.Query(text, timeout=…)``).

Connection settings come from the URI and ``NEO4J_USER`` / ``NEO4J_PASSWORD`` /
``NEO4J_DATABASE`` (server default database when unset).
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, Query, RoutingControl
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.graph import Node, Path, Relationship

from graph import cypher
from core.model import LABELS, REL_PROPS, Edge, PlanDoc
from graph.rows import ANY_LABEL, batched, count_rows, parse_key, plan_to_rows
from graph.bounded import BoundedResult
from graph.store import AddResult, PlanReads, QueryResult, add_each, failure, plain_row
from core.errors import (InputError, PlanNotFoundError, PolicyKGError, QueryError, StoreError,
                             StoreUnavailableError)

T = TypeVar("T")

BATCH = 500
DEFAULT_TIMEOUT_S = 30.0
MAX_RETRY_S = 8.0
#: Plans (or rows) written in one transaction by :meth:`Neo4jStore.add_plans`.
BATCH_PLANS = 25
BATCH_ROWS = 20_000

# The driver logs its retries and connection failures as warnings; with no handler of the
# application's, Python would print them on stderr beside our one-line errors.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def _records(result: Any) -> list:
    return list(result)


class Neo4jStore(PlanReads):
    """:class:`graph.store.GraphStore` on a Neo4j server (driver given, or :meth:`connect`)."""

    engine = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str | None = None, *,
                 read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S,
                 uri: str = "neo4j"):
        self.driver, self.database, self.read_only = driver, database, read_only
        self.timeout_s, self.uri = timeout_s, uri

    @classmethod
    def connect(cls, uri: str, *, read_only: bool = False) -> "Neo4jStore":
        """Connect with ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``; create the schema."""
        user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password is not None else None
        database = os.environ.get("NEO4J_DATABASE") or None
        try:
            # Server notifications (deprecations, performance hints) would reach stderr through
            # the driver's logger: the CLI prints one line per outcome, so they are switched off.
            # A managed transaction is retried for MAX_RETRY_S (not the driver's 30 s) when the
            # server is briefly unavailable, so a stopped server is reported promptly.
            driver = GraphDatabase.driver(uri, auth=auth, max_transaction_retry_time=MAX_RETRY_S,
                                          notifications_min_severity=NotificationMinimumSeverity.OFF)
        except (ValueError, DriverError) as exc:
            raise StoreUnavailableError(f"{uri}: not a Neo4j URI the driver accepts ({one_line(exc)}).") from exc
        try:
            driver.verify_connectivity()
            # The database must exist before anything is read from it or written to it.
            driver.execute_query("RETURN 1", database_=database, routing_=RoutingControl.READ)
        except (Neo4jError, DriverError, OSError) as exc:
            driver.close()
            raise translated(exc, uri, database) from exc
        store = cls(driver, database, read_only=read_only, uri=uri)
        if not read_only:
            store.ensure_schema()
        return store

    # ---- low level ----------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Constraints and the full-text index (idempotent)."""
        for statement in cypher.neo4j_schema():
            self.driver.execute_query(statement, database_=self.database)

    def _query(self, text: str, params: Mapping[str, Any] | None, *, write: bool,
               timeout_s: float | None) -> QueryResult:
        routing = RoutingControl.WRITE if write else RoutingControl.READ
        result = self.driver.execute_query(Query(text, timeout=timeout_s), dict(params or {}),
                                           routing_=routing, database_=self.database)
        return QueryResult(list(result.keys), [plain_row(r.values(), plain_value) for r in result.records])

    def _read(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        return self._query(text, params, write=False, timeout_s=self.timeout_s)

    def _write_tx(self, work: Callable[..., T], *args: Any) -> T:
        if self.read_only:
            raise StoreError(f"{self.uri}: opened read-only; open it without read_only to write.")
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work, *args)
        except (Neo4jError, DriverError) as exc:
            # One transaction per plan: whatever failed, nothing of this write was committed.
            raise translated(exc, self.uri, self.database) from exc

    # ---- transaction functions (idempotent: the driver may retry them) ---------------------

    @staticmethod
    def _existing(tx: Any, label: str, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in batched(ids, BATCH):
            found.update(r["id"] for r in _records(tx.run(cypher.existing_ids(label), {"ids": chunk})))
        return found

    @classmethod
    def _merge_loose(cls, tx: Any, rows: list[dict]) -> None:
        wanted = sorted({r["src"] for r in rows} | {r["dst"] for r in rows})
        labels = {i: label for label in LABELS for i in cls._existing(tx, label, wanted)}
        groups: dict[tuple[str, str, str], list[dict]] = {}  # (type, from label, to label) -> rows
        for r in rows:
            a, b = labels.get(r["src"]), labels.get(r["dst"])
            if a and b:
                groups.setdefault((r["type"], a, b), []).append(
                    {"src": r["src"], "dst": r["dst"], **{k: r.get(k) for k in REL_PROPS[r["type"]]}})
        for rel, items in groups.items():
            for batch in batched(items, BATCH):
                tx.run(cypher.merge_rels(*rel), {"rows": batch}).consume()

    @classmethod
    def _add_plan_tx(cls, tx: Any, plan_id: str, rows: dict[str, list[dict]]) -> bool:
        if _records(tx.run(cypher.PLAN_EXISTS, {"plan_id": plan_id})):
            return False
        cls._write_rows(tx, rows)
        return True

    @classmethod
    def _add_plans_tx(cls, tx: Any, items: list[tuple[str, dict[str, list[dict]]]]) -> set[str]:
        """Several plans in one transaction, as if added one after another: the rows of those
        not yet stored, merged per table (one statement per table for the whole batch). An edge
        whose end is not in the model's tables (REVISES to another plan) joins only a node that
        was stored before this plan, so a later plan of the batch does not catch it early.
        Returns the ids it stored."""
        stored = cls._existing(tx, "Plan", [plan_id for plan_id, _ in items])
        merged: dict[str, list[dict]] = {}
        loose: list[tuple[int, dict]] = []
        first_in: dict[str, int] = {}  # node id -> index of the plan that brings it
        created: set[str] = set()
        for k, (plan_id, rows) in enumerate(items):
            if plan_id in stored or plan_id in created:
                continue
            created.add(plan_id)
            for key, batch in rows.items():
                rel = parse_key(key)
                if rel is not None and ANY_LABEL in rel:
                    loose += [(k, dict(r, type=rel[0])) for r in batch]
                    continue
                merged.setdefault(key, []).extend(batch)
                if rel is None:
                    for r in batch:
                        first_in.setdefault(r["id"], k)
        before = cls._existing_labels(tx, sorted({r[e] for _, r in loose for e in ("src", "dst")}))
        cls._write_rows(tx, merged)
        kept = [r for k, r in loose
                if all(r[e] in before or first_in.get(r[e], k + 1) <= k for e in ("src", "dst"))]
        if kept:
            cls._merge_loose(tx, kept)
        return created

    @classmethod
    def _existing_labels(cls, tx: Any, ids: list[str]) -> set[str]:
        return {i for label in LABELS for i in cls._existing(tx, label, ids)} if ids else set()

    @classmethod
    def _write_rows(cls, tx: Any, rows: dict[str, list[dict]]) -> None:
        loose: list[dict] = []
        for key, items in sorted(rows.items(), key=lambda kv: parse_key(kv[0]) is not None):
            rel = parse_key(key)
            if rel is not None and ANY_LABEL in rel:
                loose += [dict(r, type=rel[0]) for r in items]
                continue
            text = cypher.merge_nodes(key) if rel is None else cypher.merge_rels(*rel)
            for batch in batched(items, BATCH):
                tx.run(text, {"rows": batch}).consume()
        if loose:
            cls._merge_loose(tx, loose)

    @staticmethod
    def _remove_plan_tx(tx: Any, plan_id: str, where: str) -> None:
        if not _records(tx.run(cypher.PLAN_EXISTS, {"plan_id": plan_id})):
            raise PlanNotFoundError(f"No stored plan with id {plan_id!r} in {where}; "
                                    "`policykg plans` lists them.")
        shared = {label: [r["id"] for r in _records(tx.run(cypher.linked_shared(label),
                                                           {"plan_id": plan_id}))]
                  for label in cypher.SHARED_LABELS}
        for label in cypher.OWNED_LABELS:
            tx.run(cypher.delete_owned(label), {"plan_id": plan_id}).consume()
        tx.run(cypher.DELETE_PLAN, {"plan_id": plan_id}).consume()
        for label, ids in shared.items():
            for chunk in batched(ids, BATCH):
                tx.run(cypher.delete_orphans(label), {"ids": chunk}).consume()

    # ---- GraphStore -----------------------------------------------------------------------

    def add_plan(self, doc: PlanDoc) -> AddResult:
        rows = plan_to_rows(doc)
        nodes, edges = count_rows(rows)
        created = self._write_tx(self._add_plan_tx, doc.plan.id, rows)
        return AddResult(doc.plan.id, created, nodes, edges)

    def add_plans(self, docs: Iterable[PlanDoc], *, max_plans: int = BATCH_PLANS,
                  max_rows: int = BATCH_ROWS) -> Iterator[AddResult]:
        """Plans in batches of up to ``max_plans`` plans or ``max_rows`` rows, one transaction
        each (a transaction per plan costs a round trip per table and plan). A batch the server
        refuses is retried plan by plan, so a plan with bad rows fails alone as an
        ``AddFailure``; a server that goes away stops the ingest (:class:`StoreUnavailableError`)
        with every earlier batch stored whole and nothing of the current one."""
        batch: list[tuple[PlanDoc, dict[str, list[dict]]]] = []
        rows_in_batch = 0
        for doc in docs:
            try:
                rows = plan_to_rows(doc)
            except InputError as exc:
                yield from self._flush(batch)
                batch, rows_in_batch = [], 0
                yield failure(doc.plan.id, exc)
                continue
            batch.append((doc, rows))
            rows_in_batch += sum(len(v) for v in rows.values())
            if len(batch) >= max_plans or rows_in_batch >= max_rows:
                yield from self._flush(batch)
                batch, rows_in_batch = [], 0
        yield from self._flush(batch)

    def _flush(self, batch: list[tuple[PlanDoc, dict[str, list[dict]]]]) -> Iterator[AddResult]:
        if not batch:
            return
        try:
            created = self._write_tx(self._add_plans_tx, [(d.plan.id, rows) for d, rows in batch])
        except QueryError:
            yield from add_each(self.add_plan, [d for d, _ in batch], (InputError, QueryError))
            return
        for doc, rows in batch:
            first = doc.plan.id in created
            created.discard(doc.plan.id)  # a repeat later in the batch was not created again
            yield AddResult(doc.plan.id, first, *count_rows(rows))

    def add_edges(self, edges: Sequence[Edge]) -> None:
        rows = [{"src": e.source, "dst": e.target, "type": e.type, **e.props} for e in edges]
        if rows:
            self._write_tx(self._merge_loose, rows)

    def remove_plan(self, plan_id: str) -> None:
        self._write_tx(self._remove_plan_tx, plan_id, self.uri)

    def run(self, cypher_text: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
            timeout_s: float | None = None) -> QueryResult:
        """One statement with read routing (a read-access transaction) unless ``write``."""
        if write and self.read_only:
            raise StoreError(f"{self.uri}: opened read-only; open it without read_only to write.")
        timeout_s = timeout_s if timeout_s is not None else self.timeout_s
        try:
            return self._query(cypher_text, params, write=write, timeout_s=timeout_s)
        except (Neo4jError, DriverError, OSError) as exc:
            raise translated(exc, self.uri, self.database, timeout_s) from exc

    def run_bounded(self, text: str, params: Mapping[str, Any] | None = None, *, limit: int,
                    timeout_s: float | None, max_mb: int | None = None) -> BoundedResult:
        """At most ``limit`` rows of one read statement: records are pulled one by one in a read
        transaction and the rest is discarded with it, so the client holds only what it shows
        (the server bounds its own memory and applies the timeout)."""
        @neo4j.unit_of_work(timeout=timeout_s if timeout_s is not None else self.timeout_s)
        def work(tx: Any) -> BoundedResult:
            # The timeout belongs to the unit of work: ``tx.run`` takes text, never a ``Query``.
            result = tx.run(text, dict(params or {}))
            rows: list[tuple] = []
            more = False
            for record in result:
                if len(rows) == limit:
                    more = True
                    break
                rows.append(plain_row(record.values(), plain_value))
            return BoundedResult(list(result.keys()), rows, more)

        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return session.execute_read(work)
        except (Neo4jError, DriverError, OSError) as exc:
            raise translated(exc, self.uri, self.database, timeout_s) from exc

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Neo4jStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def one_line(exc: BaseException) -> str:
    """The driver's message on one line (its connection errors span several)."""
    return " ".join(str(exc).split())


def translated(exc: BaseException, uri: str, database: str | None = None,
               timeout_s: float | None = None) -> PolicyKGError:
    """A driver or server failure as the PolicyKG error a user can act on (one line each).

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> str(translated(ServiceUnavailable("Couldn't connect to 127.0.0.1:1\\n refused"), "bolt://127.0.0.1:1"))
    "bolt://127.0.0.1:1: Neo4j is unreachable (Couldn't connect to 127.0.0.1:1 refused). Check that the server runs (`make neo4j` starts a local one), or use a file path for the embedded store."
    """
    code = getattr(exc, "code", None) or ""
    message = getattr(exc, "message", None) or one_line(exc)
    if isinstance(exc, AuthError) or code.startswith("Neo.ClientError.Security."):
        return StoreUnavailableError(
            f"{uri}: Neo4j refused the credentials of user {os.environ.get('NEO4J_USER', 'neo4j')!r} "
            f"({message}). Set NEO4J_USER and NEO4J_PASSWORD to an account of that server.")
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreUnavailableError(
            f"{uri}: the server has no database {database!r} (NEO4J_DATABASE). Unset it for the "
            "server's default database, or name one that `SHOW DATABASES` lists.")
    if "TransactionTimedOut" in code:
        return QueryError(f"Query failed on {uri}: query cut off after {timeout_s:g} s (timeout)"
                          if timeout_s else f"Query failed on {uri}: the server's transaction timeout cut it off")
    if "MemoryPoolOutOfMemoryError" in code:
        return QueryError(f"Query failed on {uri}: it needs more memory than the server allows one "
                          "transaction; bound variable-length patterns, name labels, or add LIMIT.")
    if code == "Neo.ClientError.Statement.AccessMode" or "access mode" in message.lower():
        return QueryError(f"Query failed on {uri}: {message}. The store is read here; "
                          "`policykg ingest` and `policykg remove` change it.")
    if isinstance(exc, Neo4jError):
        return QueryError(f"Query failed on {uri}: {code}: {' '.join(message.split())}")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, OSError)):
        return StoreUnavailableError(
            f"{uri}: Neo4j is unreachable ({one_line(exc)}). Check that the server runs "
            "(`make neo4j` starts a local one), or use a file path for the embedded store.")
    return StoreError(f"{uri}: the Neo4j driver failed ({type(exc).__name__}: {one_line(exc)}).")


def plain_value(v: Any) -> Any:
    """A driver value in the plain form of ``graph.store.NODE_KEYS`` (nodes, relationships and
    paths of ``neo4j.graph`` become dicts and lists; anything else stays)."""
    if isinstance(v, Node):
        return {"_id": v.element_id, "_label": next(iter(v.labels), None), **dict(v.items())}
    if isinstance(v, Relationship):
        return {"_type": v.type, "_src": v.start_node.element_id if v.start_node else None,
                "_dst": v.end_node.element_id if v.end_node else None, **dict(v.items())}
    if isinstance(v, Path):
        return [plain_value(n) for n in v.nodes] + [plain_value(r) for r in v.relationships]
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    if isinstance(v, dict):
        return {k: plain_value(x) for k, x in v.items()}
    return v


def open_uri(uri: str, *, read_only: bool = False, app: bool = False, create: bool = True,
             buffer_pool_mb: int | None = None) -> Neo4jStore:
    """What ``graph.engines`` opens a ``bolt://``/``neo4j://`` URI with."""
    return Neo4jStore.connect(uri, read_only=read_only)
