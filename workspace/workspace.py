"""One open store and what the CLI and the app do with it.

A :class:`Workspace` is bound to an open :class:`~graph.store.GraphStore` and its URI. Both
adapters go through it: ``policykg ingest`` and the 文库 upload ingest through
:meth:`Workspace.ingest` / :meth:`Workspace.ingest_upload`, ``policykg compare --save`` and the
对比 page compare through :meth:`Workspace.compare`, and so on. Nothing here prints or knows
Streamlit; errors are :class:`~core.errors.PolicyKGError` subclasses with one-line messages.

Reading, analysis and exports (jieba, networkx, rdflib: about half a second of imports) are
imported by the methods that parse, compare or export, so that ``plans`` and ``query`` start fast.

>>> Workspace.__init__.__doc__.splitlines()[0]
'Bind to an open store (the workspace closes it on :meth:`close`).'
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from core.errors import InputError, StoreError
from core.model import Edge, PlanDoc
from graph.engines import open_store, resolve_uri
from graph.store import GraphStore, QueryResult
from workspace.ingest import FileResult, Progress

if TYPE_CHECKING:
    from analysis.compare import Comparison
    from analysis.instruments import InstrumentCode
    from queries.console import ConsoleResult


class Workspace:
    """An open store and the operations on it (see the module docstring)."""

    def __init__(self, store: GraphStore, uri: str):
        """Bind to an open store (the workspace closes it on :meth:`close`)."""
        self.store, self.uri = store, uri

    @classmethod
    def open(cls, uri: str | None = None, *, read_only: bool = False, create: bool = True,
             app: bool = False) -> Workspace:
        """The store at ``uri`` (``$POLICYKG_STORE`` or ``./policykg.lbug`` when None), opened."""
        resolved = resolve_uri(uri)
        return cls(open_store(resolved, read_only=read_only, create=create, app=app), resolved)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
            return
        try:  # the error that stopped the work is the one to report, not a second one
            self.close()
        except Exception:  # noqa: BLE001
            pass

    # ---- writing ------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], *, progress: Progress | None = None,
               workers: int = 1) -> list[FileResult]:
        """Read, parse, infer and store every file under ``paths`` in ``workers`` processes (see
        :func:`workspace.ingest.ingest_sources`)."""
        from workspace.ingest import default_enrich, ingest_paths
        return ingest_paths(paths, self.store, enrich=default_enrich(), progress=progress, workers=workers)

    def ingest_upload(self, name: str, data: bytes, *, infer: bool = True) -> FileResult:
        """One uploaded file, as :meth:`ingest` does for a path: a file that cannot be read or
        parsed comes back as a failed :class:`FileResult`, and the store is left unchanged."""
        from workspace.ingest import default_enrich, ingest_upload
        return ingest_upload(name, data, self.store, enrich=default_enrich() if infer else None)

    def remove(self, plan_id: str) -> None:
        self.store.remove_plan(plan_id)

    def save_alignment(self, comparison: Comparison) -> list[Edge]:
        """Store a comparison's ALIGNED_WITH edges (and REVISES) between its two stored plans."""
        from analysis.compare import alignment_edges
        edges = alignment_edges(comparison.to_json(), comparison.a, comparison.b)
        self.store.add_edges(edges)
        return edges

    # ---- reading ------------------------------------------------------------------------

    def plans(self) -> list[dict]:
        return self.store.plans()

    def plan(self, plan_id: str) -> PlanDoc:
        return self.store.get_plan(plan_id)

    def compare(self, a: str, b: str, *, save: bool = False) -> Comparison:
        """Two stored plans compared (``save``: their alignment stored too)."""
        from analysis.compare import compare
        comparison = compare(self.plan(a), self.plan(b))
        if save:
            self.save_alignment(comparison)
        return comparison

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """A UI lookup or a catalogue query by name."""
        from queries.catalog import LOOKUPS, run_lookup, run_named
        params = dict(params or {})
        return run_lookup(self.store, name, **params) if name in LOOKUPS else run_named(self.store, name, **params)

    def query(self, text_or_name: str, params: Mapping[str, Any] | None = None, *, limit: int = 1000,
              timeout_s: float = 10.0) -> ConsoleResult:
        """The read-only console: Cypher text or a catalogue name, bounded in rows and time."""
        from queries.console import run_console
        return run_console(self.store, text_or_name, params, limit=limit, timeout_s=timeout_s)

    def neighbourhood(self, ids: Sequence[str], depth: int, labels: Sequence[str] = (),
                      rel_types: Sequence[str] = (), max_nodes: int = 150) -> tuple[list, list, bool]:
        from queries.explore import neighbourhood
        return neighbourhood(self.store, list(ids), depth, labels, rel_types, max_nodes)

    def export(self, fmt: str, out: Path | None = None) -> Path | None:
        from graph.export import write_export  # rdflib and networkx: for exports only
        return write_export(self.store, fmt, out)


def _docs_of(refs: Sequence[str], uri: str | None) -> list[tuple[PlanDoc, bool]]:
    """Each reference as a plan: a file is parsed, anything else is a plan id read from the store
    (opened read-only, once, only when needed); with whether it came from the store."""
    from ingest.parse import parse_path

    docs: list[tuple[PlanDoc, bool]] = []
    reader: Workspace | None = None
    try:
        for ref in refs:
            if os.path.exists(ref):
                docs.append((parse_path(ref), False))
                continue
            try:
                if reader is None:
                    reader = Workspace.open(uri, read_only=True)
                docs.append((reader.plan(ref), True))
            except StoreError as exc:
                raise InputError(f"{ref}: no such file, and not a plan id in store {resolve_uri(uri)} "
                                 f"({exc})") from exc
    finally:
        if reader is not None:
            reader.close()
    return docs


def compare_refs(a: str, b: str, uri: str | None = None, *, save: bool = False) -> Comparison:
    """Compare two plans, each a file or a stored plan id (``policykg compare``). The store is
    opened only when a reference is not a file, read-only; ``save`` stores the alignment
    between two stored plans."""
    from analysis.compare import compare

    docs = _docs_of((a, b), uri)
    comparison = compare(docs[0][0], docs[1][0])
    if save:
        if not (docs[0][1] and docs[1][1]):
            raise InputError("compare --save stores ALIGNED_WITH/REVISES edges between stored plans; "
                             "ingest both files first and pass their plan ids")
        with Workspace.open(uri) as writer:
            writer.save_alignment(comparison)
    return comparison


def instrument_refs(ref: str, uri: str | None = None) -> tuple[PlanDoc, tuple[InstrumentCode, ...]]:
    """A plan (a file or a stored plan id) and its policy-instrument codes (``policykg instruments``)."""
    from analysis.instruments import code_plan

    doc = _docs_of((ref,), uri)[0][0]
    return doc, code_plan(doc)
