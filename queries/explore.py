"""Exploring stored plans and parsed ones: a node's neighbourhood in a store (the explorer's
breadth-first walk over the catalogue's one-hop lookups) and a task's chain of inferred links in
a PlanDoc (upstream: what it builds on and serves; downstream: what builds on it).
"""

from __future__ import annotations

from collections import deque
from typing import Any, Iterable, Mapping, Sequence

from core.model import LABELS, REL_TYPES, Node, PlanDoc
from graph.store import GraphStore
from queries.catalog import run_lookup

__all__ = ["neighbourhood", "dependency_chain", "caption"]


def neighbourhood(store: GraphStore, node_id: str | Sequence[str], depth: int = 1,
                  labels: Iterable[str] | None = None, rel_types: Iterable[str] | None = None,
                  max_nodes: int = 300) -> tuple[list[dict], list[dict], bool]:
    """Nodes and edges within ``depth`` hops of ``node_id`` (one id or several), breadth first.

    Only relationships of ``rel_types`` are followed and only nodes with ``labels`` are reached
    (None means all); the seeds are always kept. Stops at ``max_nodes``.

    Returns
    -------
    (nodes, edges, cut)
        ``nodes``: dicts ``id, label, title, name, metric, hops`` nearest first; ``edges``: dicts
        ``source, target, type, score, evidence``; ``cut`` is True when the cap stopped the walk.
    """
    seeds = [node_id] if isinstance(node_id, str) else list(dict.fromkeys(node_id))
    labels = set(labels) if labels is not None else set(LABELS)
    rel_types = set(rel_types) if rel_types is not None else set(REL_TYPES)
    # every lookup starts from one node by its label's primary key (catalog.LOOKUPS
    # node_info_*, neighbours_out_*, neighbours_in_*), so a step costs the same at any size
    found: dict[str, dict] = {}
    for seed in seeds:
        for label in LABELS:
            rows = run_lookup(store, f"node_info_{label}", id=seed).dicts()
            if rows:
                found[seed] = dict(rows[0], hops=0)
                break
    edges: dict[tuple, dict] = {}
    frontier = [s for s in seeds if s in found]
    cut = False
    limit = max(max_nodes, 1) * 10
    for hop in range(1, max(depth, 0) + 1):
        if not frontier or cut:
            break
        nxt: list[str] = []
        for way, outgoing in (("out", True), ("in", False)):
            rows = []
            for node in frontier:  # at most ``limit`` rows a direction, as one lookup gave
                rows += run_lookup(store, f"neighbours_{way}_{found[node]['label']}", id=node,
                                   limit=limit - len(rows)).dicts()
                if len(rows) >= limit:
                    break
            cut = cut or len(rows) >= limit
            for r in rows:
                if r["type"] not in rel_types or r["label"] not in labels:
                    continue
                if r["other"] not in found:
                    if len(found) >= max_nodes:
                        cut = True
                        continue
                    found[r["other"]] = {"id": r["other"], "label": r["label"], "title": r["title"],
                                         "name": r["name"], "metric": r["metric"], "hops": hop}
                    nxt.append(r["other"])
                src, dst = (r["seed"], r["other"]) if outgoing else (r["other"], r["seed"])
                edges[(src, r["type"], dst)] = {"source": src, "target": dst, "type": r["type"],
                                                "score": r["score"], "evidence": r["evidence"]}
        frontier = nxt
    return list(found.values()), list(edges.values()), cut


def caption(doc_nodes: Mapping[str, Node], node_id: str, plan: PlanDoc) -> str:
    """How a node of ``plan`` is named in a table: its title or name, the plan's title for the plan."""
    if node_id == plan.plan.id:
        return plan.plan.title
    n = doc_nodes.get(node_id)
    return (n.title or n.props.get("name") or node_id) if n else node_id


def dependency_chain(doc: PlanDoc, task_id: str, *, direction: str = "upstream",
                     min_score: float = 0.0, max_depth: int = 5) -> list[dict[str, Any]]:
    """The inferred links reached from ``task_id`` breadth first, one row per link.

    ``upstream`` follows what the task builds on and serves (its outgoing ``DEPENDS_ON`` and
    ``SUPPORTS``); ``downstream`` follows who builds on it (incoming links). Links under
    ``min_score`` are neither listed nor followed.

    >>> from core.model import Edge, PlanMeta
    >>> d = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "甲"),
    ...     Node("p/2", "Task", "乙"), Node("p/3", "Task", "丙")), edges=(
    ...     Edge("p/1", "p/2", "DEPENDS_ON", {"inferred": True, "score": 0.9, "evidence": "依托乙"}),
    ...     Edge("p/2", "p/3", "DEPENDS_ON", {"inferred": True, "score": 0.3, "evidence": "结合丙"})))
    >>> [(r["depth"], r["from"], r["to"]) for r in dependency_chain(d, "p/1")]
    [(1, '甲', '乙'), (2, '乙', '丙')]
    >>> len(dependency_chain(d, "p/1", min_score=0.5)), dependency_chain(d, "p/3", direction="downstream")[0]["to"]
    (1, '丙')
    """
    if direction not in ("upstream", "downstream"):
        raise ValueError(f"direction must be 'upstream' or 'downstream', got {direction!r}")
    nodes = {n.id: n for n in doc.nodes}
    links = [e for e in doc.edges if e.type in ("DEPENDS_ON", "SUPPORTS")
             and (e.props.get("score") or 0.0) >= min_score]
    rows: list[dict[str, Any]] = []
    seen, queue = {task_id}, deque([(task_id, 0)])
    while queue:
        here, depth = queue.popleft()
        if depth >= max_depth:
            continue
        for e in links:
            near, far = (e.source, e.target) if direction == "upstream" else (e.target, e.source)
            if near != here:
                continue
            rows.append({"depth": depth + 1, "from": caption(nodes, e.source, doc),
                         "type": e.type, "to": caption(nodes, e.target, doc),
                         "method": e.props.get("method"), "score": e.props.get("score"),
                         "evidence": e.props.get("evidence"), "from_id": e.source, "to_id": e.target})
            if far not in seen:
                seen.add(far)
                queue.append((far, depth + 1))
    return rows
