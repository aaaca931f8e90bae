"""PlanDoc -> flat rows, one list per node label and per (relationship type, from, to) (pure).

Node rows carry ``id`` plus every column of ``core.model.NODE_PROPS[label]`` (``None`` when
unknown), so the same rows feed ``UNWIND $rows`` on both engines and Arrow tables for Ladybug's
``COPY FROM``. Relationship rows carry ``src``, ``dst`` and the columns of ``REL_PROPS[type]``.

Keys of the returned dict: a label (``"Task"``) for nodes, ``"TYPE:FromLabel:ToLabel"`` for
relationships (see :func:`rel_key`). An edge whose other end is not in the document (say a
``REVISES`` to an older stored plan) gets ``*`` for that label: the stores look it up.

>>> from core.model import PlanDoc, PlanMeta, Node, Edge
>>> doc = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "推进"),),
...               edges=(Edge("p", "p/1", "HAS_PART", {"order": 1}),))
>>> rows = plan_to_rows(doc)
>>> rows["Task"][0]["plan_id"], rows["HAS_PART:Plan:Task"]
('p', [{'src': 'p', 'dst': 'p/1', 'order': 1}])
"""

from __future__ import annotations

import json
from itertools import islice
from typing import Any, Iterable, Iterator

from core.model import NODE_PROPS, REL_PROPS, REL_TYPES, UNIT_LABELS, Node, PlanDoc
from core.errors import InputError

ANY_LABEL = "*"


def rel_key(rel_type: str, from_label: str, to_label: str) -> str:
    """The rows key of one relationship table pair.

    >>> rel_key("CITES", "Task", "Document")
    'CITES:Task:Document'
    """
    return f"{rel_type}:{from_label}:{to_label}"


def parse_key(key: str) -> tuple[str, str, str] | None:
    """``(type, from, to)`` for a relationship key, ``None`` for a node label.

    >>> parse_key("HAS_PART:Plan:Section"), parse_key("Task")
    (('HAS_PART', 'Plan', 'Section'), None)
    """
    parts = key.split(":")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def batched(rows: Iterable[Any], n: int) -> Iterator[list]:
    """Consecutive lists of at most ``n`` items.

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
    if n < 1:
        raise ValueError(f"batch size must be at least 1, got {n}")
    it = iter(rows)
    while batch := list(islice(it, n)):
        yield batch


def plan_row(doc: PlanDoc) -> dict[str, Any]:
    """The Plan node row: metadata, the cleaned text, and JSON-encoded titles and warnings."""
    meta = doc.plan.to_json()
    row = {"id": doc.plan.id, **{k: meta.get(k) for k in NODE_PROPS["Plan"]}}
    row.update(text=doc.text, titles=json.dumps(list(doc.plan.titles), ensure_ascii=False),
               warnings=json.dumps(list(doc.warnings), ensure_ascii=False))
    return row


def node_row(node: Node, plan_id: str, order: int) -> dict[str, Any]:
    """One node's row; ``order`` is its position in the document (used for units)."""
    columns = NODE_PROPS[node.label]
    base: dict[str, Any] = {"title": node.title, "name": node.title, "text": node.text,
                            "path": node.path, "start": node.start, "end": node.end,
                            "plan_id": plan_id, "order": order}
    base.update(node.props)
    row = {"id": node.id, **{k: base.get(k) for k in columns}}
    if "value" in row and row["value"] is not None:
        row["value"] = float(row["value"])
    return row


def _check_pair(rel_type: str, from_label: str, to_label: str, source: str) -> None:
    sources, targets = REL_TYPES[rel_type]
    ok = ((from_label == ANY_LABEL or from_label in sources)
          and (to_label == ANY_LABEL or to_label in targets))
    if not ok:
        raise InputError(
            f"{source}: a {rel_type} relationship cannot join {from_label} to {to_label}; "
            f"it joins {'/'.join(sources)} to {'/'.join(targets)}")


def plan_to_rows(doc: PlanDoc) -> dict[str, list[dict[str, Any]]]:
    """Rows for every label and relationship pair of ``doc`` (duplicates dropped, first kept).

    Raises
    ------
    InputError
        An edge joins labels its type does not allow (``core.model.REL_TYPES``).
    """
    plan_id = doc.plan.id
    source = doc.plan.source or plan_id
    out: dict[str, list[dict[str, Any]]] = {"Plan": [plan_row(doc)]}
    labels = {plan_id: "Plan"}
    order = 0
    for node in doc.nodes:
        if node.id in labels:
            continue
        labels[node.id] = node.label
        if node.label in UNIT_LABELS:
            order += 1
        out.setdefault(node.label, []).append(node_row(node, plan_id, order))
    seen: set[tuple[str, str, str]] = set()
    for edge in doc.edges:
        if (edge.type, edge.source, edge.target) in seen:
            continue
        seen.add((edge.type, edge.source, edge.target))
        a, b = labels.get(edge.source, ANY_LABEL), labels.get(edge.target, ANY_LABEL)
        _check_pair(edge.type, a, b, source)
        row = {"src": edge.source, "dst": edge.target,
               **{k: edge.props.get(k) for k in REL_PROPS[edge.type]}}
        out.setdefault(rel_key(edge.type, a, b), []).append(row)
    return out


def count_rows(rows: dict[str, list[dict]]) -> tuple[int, int]:
    """(nodes, relationships) in a rows dict.

    >>> count_rows({"Task": [{}, {}], "HAS_PART:Plan:Task": [{}]})
    (2, 1)
    """
    nodes = sum(len(v) for k, v in rows.items() if parse_key(k) is None)
    return nodes, sum(len(v) for v in rows.values()) - nodes
