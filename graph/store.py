"""What every store engine shares: the interface (:class:`GraphStore`), what an engine declares
(:class:`Engine`), result types, and the logic written once over an execute callable: the read
side (:func:`list_plans`, :func:`read_plan`, in the Cypher subset both dialects accept, see
``graph.cypher``) and per-plan batching (:func:`add_each`, :func:`failure`).

Engines (``graph/ladybug_store.py``, ``graph/neo4j_store.py``) build on this module;
``graph/engines.py`` registers them and opens a store from a URI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Protocol, Sequence

from graph import cypher
from graph.bounded import BoundedResult
from core.model import (NODE_PROPS, QUANTITY_LABELS, REL_PROPS, SHARED_ID_PREFIX, SHARED_LABELS, UNIT_LABELS, Edge,
                         Node, PlanDoc, PlanMeta)
from core.errors import InputError, PlanNotFoundError

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

#: Properties of a Target or Outcome node that travel in ``Node.props`` (all but its plan and span).
QUANTITY_PROPS = {label: tuple(k for k in NODE_PROPS[label] if k not in ("plan_id", "start", "end"))
                  for label in QUANTITY_LABELS}
DOCUMENT_PROPS = ("number", "issuer", "year")


@dataclass(frozen=True)
class AddResult:
    """What :meth:`GraphStore.add_plan` did: ``created`` is False when the plan was already stored."""

    plan_id: str
    created: bool
    nodes: int
    edges: int


#: How every engine returns graph values in rows (so nothing above graph/ knows an engine's
#: objects): a node is ``{"_id": key, "_label": label, **props}``, a relationship
#: ``{"_type": type, "_src": key, "_dst": key, **props}`` (``key`` names a node within one
#: result), a path the list of its nodes then its relationships.
NODE_KEYS, REL_KEYS = ("_id", "_label"), ("_type", "_src", "_dst")


def plain_row(values: Iterable[Any], plain_value: Callable[[Any], Any]) -> tuple:
    """A result row with an engine's graph values made plain by ``plain_value`` (scalars as they are)."""
    return tuple(v if v is None or isinstance(v, (str, int, float, bool)) else plain_value(v) for v in values)


def is_node(value: Any) -> bool:
    """Whether a result value is a node in the plain form (see :data:`NODE_KEYS`)."""
    return isinstance(value, Mapping) and "_label" in value and "_id" in value


def is_rel(value: Any) -> bool:
    """Whether a result value is a relationship in the plain form (see :data:`REL_KEYS`)."""
    return isinstance(value, Mapping) and "_type" in value and "_src" in value


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query as plain tuples, with the column names in order."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name.

        >>> QueryResult(["n"], [(20,)]).dicts()
        [{'n': 20}]
        """
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(frozen=True)
class AddFailure(AddResult):
    """An :meth:`GraphStore.add_plans` result for a plan that was not stored: ``error`` says why."""

    error: str = ""


def failure(plan_id: str, exc: BaseException, nodes: int = 0, edges: int = 0) -> AddFailure:
    """The failed result of one plan; an :class:`InputError` keeps its message (it names the file).

    >>> failure("p", RuntimeError("Runtime exception: disk full\\nmore")).error
    'plan p was not stored: Runtime exception: disk full'
    """
    if isinstance(exc, InputError):
        return AddFailure(plan_id, False, nodes, edges, str(exc))
    detail = (str(exc).splitlines() or [type(exc).__name__])[0]
    return AddFailure(plan_id, False, nodes, edges, f"plan {plan_id} was not stored: {detail}")


def add_each(add_plan: Callable[[PlanDoc], AddResult], docs: Iterable[PlanDoc],
             errors: tuple[type[BaseException], ...] = (InputError,)) -> Iterator[AddResult]:
    """``add_plan`` over ``docs`` one at a time: one result per plan, in order, an
    :class:`AddFailure` for a plan that raised one of ``errors`` (anything else propagates).

    >>> from core.model import PlanMeta
    >>> def add(doc):
    ...     if doc.plan.id == "bad":
    ...         raise InputError("bad.txt: no title")
    ...     return AddResult(doc.plan.id, True, 1, 0)
    >>> [getattr(r, "error", None) for r in add_each(add, [PlanDoc(PlanMeta(id=i, title=i))
    ...                                                   for i in ("a", "bad")])]
    [None, 'bad.txt: no title']
    """
    for doc in docs:
        try:
            yield add_plan(doc)
        except errors as exc:
            yield failure(doc.plan.id, exc)


class GraphStore(Protocol):
    """The store interface every engine implements (see DESIGN.md section 5).

    ``graph.engines`` has mypy check that both engines conform; code above graph/ types a store
    as this and uses nothing else of it.
    """

    #: The engine's name in ``graph.engines.ENGINES``, which is also its Cypher dialect.
    engine: str

    def add_plan(self, doc: PlanDoc) -> AddResult:
        """Store one plan atomically; ``created`` is False when it was stored already."""
        ...

    def add_plans(self, docs: Iterable[PlanDoc]) -> Iterator[AddResult]:
        """Store plans (in batches an engine chooses): one result per plan, in order, an
        :class:`AddFailure` for a plan that was not stored."""
        ...

    def remove_plan(self, plan_id: str) -> None:
        """Delete a plan and what only it links (:class:`PlanNotFoundError` when not stored)."""
        ...

    def plans(self) -> list[dict[str, Any]]:
        """One dict per stored plan (see :func:`list_plans`)."""
        ...

    def get_plan(self, plan_id: str) -> PlanDoc:
        """The stored plan rebuilt (see :func:`read_plan`)."""
        ...

    def stored_sources(self, hashes: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The stored plans read from texts with these SHA-256s (see :func:`stored_sources`)."""
        ...

    def add_edges(self, edges: Sequence[Edge]) -> None:
        """MERGE relationships between stored nodes (ends that are not stored are skipped)."""
        ...

    def run(self, cypher_text: str, params: Mapping[str, Any] | None = None, *, write: bool = False,
            timeout_s: float | None = None) -> QueryResult:
        """One Cypher statement, read-only unless ``write``."""
        ...

    def run_bounded(self, text: str, params: Mapping[str, Any] | None = None, *, limit: int,
                    timeout_s: float | None, max_mb: int | None = None) -> BoundedResult:
        """At most ``limit`` rows of one read-only statement, the engine's memory and time
        bounded (what the console runs analysts' Cypher with)."""
        ...

    def close(self) -> None:
        ...


@dataclass(frozen=True)
class Engine:
    """What a store engine declares for ``graph.engines.ENGINES``.

    ``schemes`` are the URI schemes it serves (empty: a file path); ``open(uri, read_only=…,
    app=…)`` returns a :class:`GraphStore` (``app=True`` asks for the options a long-lived
    reader such as the UI wants); ``dialect`` names the Cypher it speaks among the catalogue's
    (``ladybug``, ``neo4j``; an engine that speaks Neo4j's Cypher says ``neo4j``);
    ``procedures`` are the ``CALL`` procedures the console lets analysts run; ``credentials``
    are the environment variables it reads its login from.
    """

    name: str
    schemes: tuple[str, ...]
    open: Callable[..., GraphStore]
    dialect: str
    procedures: frozenset[str] = frozenset()
    credentials: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        """Whether the store is a file on this machine (a path rather than a server URI)."""
        return not self.schemes


# ---- shared read side (portable Cypher) -----------------------------------------------------

Run = Callable[..., QueryResult]


class PlanReads:
    """``plans()`` and ``get_plan()`` for a store that defines ``_read(text, params)``: the read
    side both engines share (its Cypher runs unchanged on each)."""

    def _read(self, text: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        raise NotImplementedError(f"{type(self).__name__} must define _read")

    def plans(self) -> list[dict[str, Any]]:
        return list_plans(self._read)

    def get_plan(self, plan_id: str) -> PlanDoc:
        return read_plan(self._read, plan_id)

    def stored_sources(self, hashes: Sequence[str]) -> dict[str, dict[str, Any]]:
        return stored_sources(self._read, hashes)


def list_plans(run: Run) -> list[dict[str, Any]]:
    """One dict per stored plan with its metadata and counts of units, targets, outcomes and citations."""
    plans = {row["id"]: dict(row, units=0, targets=0, outcomes=0, citations=0)
             for row in run(cypher.LIST_PLANS).dicts()}
    for label in UNIT_LABELS:
        for plan_id, n in run(cypher.count_by_plan(label)).rows:
            if plan_id in plans:
                plans[plan_id]["units"] += n
    for label, key in (("Target", "targets"), ("Outcome", "outcomes")):
        for plan_id, n in run(cypher.count_by_plan(label)).rows:
            if plan_id in plans:
                plans[plan_id][key] += n
    cited: dict[str, set[str]] = {}
    for label in ("Plan", *UNIT_LABELS):
        for plan_id, doc in run(cypher.citations_by_plan(label)).rows:
            cited.setdefault(plan_id, set()).add(doc)
    for plan_id, docs in cited.items():
        if plan_id in plans:
            plans[plan_id]["citations"] = len(docs)
    return sorted(plans.values(), key=lambda p: (p["title"] or "", p["id"]))


def stored_sources(run: Run, hashes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored plans read from a text whose SHA-256 (``Plan.sha256``) is among ``hashes``:
    ``{sha256: {id, title}}``."""
    if not hashes:
        return {}
    rows = run(cypher.PLANS_BY_SHA256, {"hashes": sorted(set(hashes))}).dicts()
    return {r["sha256"]: {"id": r["id"], "title": r["title"]} for r in rows}


def plan_exists(run: Run, plan_id: str) -> bool:
    return bool(run(cypher.PLAN_EXISTS, {"plan_id": plan_id}).rows)


def _json_tuple(text: str | None) -> tuple:
    return tuple(json.loads(text)) if text else ()


def read_plan(run: Run, plan_id: str) -> PlanDoc:
    """Rebuild a plan's :class:`PlanDoc` from the store.

    Nodes come back in document order (units by ``order``, then targets by offset, then the
    shared documents, organizations and places by id); edges are those with both ends in the plan.
    """
    rows = run(cypher.GET_PLAN, {"plan_id": plan_id}).dicts()
    if not rows:
        raise PlanNotFoundError(f"No stored plan with id {plan_id!r}; `policykg plans` lists them.")
    p = rows[0]
    meta = PlanMeta(**{k: p[k] for k in PlanMeta.__dataclass_fields__ if k != "titles"},
                    titles=_json_tuple(p["titles"]))
    units: list[tuple] = []
    for label in UNIT_LABELS:
        for r in run(cypher.get_units(label), {"plan_id": plan_id}).dicts():
            node = Node(id=r["id"], label=label, title=r["title"] or "", text=r["text"] or "",
                        path=r["path"], start=r["start"], end=r["end"])
            units.append((r["order"] if r["order"] is not None else 1 << 62, node.id, node))
    targets = []
    for label in QUANTITY_LABELS:
        for r in run(cypher.get_quantities(label), {"plan_id": plan_id}).dicts():
            props = {k: r[k] for k in QUANTITY_PROPS[label]}
            # a quantity keeps no title/text/path columns: the parser's convention is title = metric,
            # text = the raw phrase, no path.
            node = Node(id=r["id"], label=label, title=r["metric"] or "", text=r["raw"] or "",
                        start=r["start"], end=r["end"], props=props)
            targets.append((r["start"] if r["start"] is not None else 1 << 62, node.id, node))
    owned = {n.id for *_, n in units} | {n.id for *_, n in targets} | {plan_id}
    edges: dict[tuple, Edge] = {}
    shared_ids: dict[str, set[str]] = {label: set() for label in SHARED_LABELS}
    for rel_type in REL_PROPS:
        for r in run(cypher.plan_rels(rel_type), {"plan_id": plan_id}).dicts():
            ends = [x for x in (r["src"], r["dst"]) if x not in owned]
            labelled = [(x, kind) for x in ends if (kind := shared_label(x)) is not None]
            if len(labelled) < len(ends):  # crosses into another plan (ALIGNED_WITH, REVISES)
                continue
            for x, kind in labelled:
                shared_ids[kind].add(x)
            props = {k: r[k] for k in REL_PROPS[rel_type] if r[k] is not None}
            edges[(rel_type, r["src"], r["dst"])] = Edge(r["src"], r["dst"], rel_type, props)
    shared = []
    for label in SHARED_LABELS:
        ids = sorted(shared_ids[label])
        rows = run(cypher.get_shared(label), {"ids": ids}).dicts() if ids else []
        shared += sorted((_shared_node(label, r) for r in rows), key=lambda n: n.id)
    nodes = ([n for *_, n in sorted(units, key=lambda t: t[:2])]
             + [n for *_, n in sorted(targets, key=lambda t: t[:2])] + shared)
    return PlanDoc(plan=meta, nodes=tuple(nodes), edges=tuple(edges[k] for k in sorted(edges)),
                   text=p["text"] or "", warnings=_json_tuple(p["warnings"]))


def shared_label(node_id: str) -> str | None:
    """The label of a shared node from its id prefix (``core.model.document_id``/``entity_id``).

    >>> shared_label("doc-0123456789ab"), shared_label("org-0123456789ab"), shared_label("p/1")
    ('Document', 'Organization', None)
    """
    for label in SHARED_LABELS:
        if node_id.startswith(SHARED_ID_PREFIX[label]):
            return label
    return None


def _shared_node(label: str, props: Mapping[str, Any]) -> Node:
    if label == "Document":
        return Node(id=props["id"], label=label, title=props.get("title") or "",
                    props={k: props.get(k) for k in DOCUMENT_PROPS})
    name = props.get("name") or ""
    return Node(id=props["id"], label=label, title=name,
                props={k: props.get(k) for k in NODE_PROPS[label]})


def node_columns(label: str) -> tuple[str, ...]:
    """The stored columns of ``label``: ``id`` then its properties in NODE_PROPS order."""
    return ("id", *NODE_PROPS[label])


# ---- what exports read ----------------------------------------------------------------------

CROSS_PLAN_TYPES = ("ALIGNED_WITH", "REVISES", "SUPPORTS", "DEPENDS_ON")


def _is_store(src: GraphStore | Iterable[PlanDoc]) -> TypeIs[GraphStore]:
    return hasattr(src, "get_plan") and hasattr(src, "plans")


def collect(src: GraphStore | Iterable[PlanDoc], plan_ids: Sequence[str] | None = None) -> tuple[list[PlanDoc], list[Edge]]:
    """PlanDocs to export and the cross-plan edges between them (from a store only)."""
    if not _is_store(src):
        docs = [d for d in src if plan_ids is None or d.plan.id in plan_ids]
        return docs, []
    ids = list(plan_ids) if plan_ids is not None else [p["id"] for p in src.plans()]
    docs = [src.get_plan(i) for i in ids]
    known = {n.id for d in docs for n in d.nodes} | {d.plan.id for d in docs}
    extra: dict[tuple, Edge] = {}
    for plan_id in ids:
        for rel_type in CROSS_PLAN_TYPES:
            for r in src.run(cypher.plan_rels(rel_type), {"plan_id": plan_id}).dicts():
                if r["src"] in known and r["dst"] in known:
                    props = {k: r[k] for k in REL_PROPS[rel_type] if r[k] is not None}
                    extra[(rel_type, r["src"], r["dst"])] = Edge(r["src"], r["dst"], rel_type, props)
    inside = {(e.type, e.source, e.target) for d in docs for e in d.edges}
    return docs, [e for k, e in sorted(extra.items()) if k not in inside]
