"""Exports of stored plans: networkx / GraphML, RDF (Turtle, JSON-LD) and neo4j-admin CSV.

The converters take a store (every plan, or ``plan_ids``) or PlanDocs. From a store they also
carry the relationships that cross plans (``ALIGNED_WITH``, ``REVISES``, inferred edges) when
both ends are exported.

The RDF vocabulary is in :mod:`graph.rdf`; rdflib and networkx are imported by the formats that
use them, so one export does not pay for the other.

CSV is the header format of ``neo4j-admin database import full``: one file per label and per
relationship type, one global id space, and a README.txt with the command.

>>> from core.model import PlanDoc, PlanMeta, Node, Edge
>>> doc = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "推进"),),
...               edges=(Edge("p", "p/1", "HAS_PART", {"order": 1}),))
>>> g = to_networkx([doc])
>>> g.number_of_nodes(), g.number_of_edges(), g.nodes["p/1"]["label"]
(2, 1, 'Task')
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from core.model import NODE_PROPS, QUANTITY_LABELS, REL_PROPS, UNIT_LABELS, Edge, PlanDoc
from graph.rows import parse_key, plan_to_rows
from core.errors import ExportError
from graph.store import GraphStore, collect

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("ttl", "jsonld", "graphml", "csv")


# ---- networkx / GraphML -------------------------------------------------------------------

def _plan_attrs(doc: PlanDoc) -> dict[str, Any]:
    meta = doc.plan.to_json()
    meta["titles"] = json.dumps(meta["titles"], ensure_ascii=False)
    return {"label": "Plan", **{k: v for k, v in meta.items() if k != "id"}}


def to_networkx(store_or_docs: GraphStore | Iterable[PlanDoc], plan_ids: Sequence[str] | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by node id; node attrs ``label``, ``title``, … ; edge key = type."""
    import networkx as nx
    docs, extra = collect(store_or_docs, plan_ids)
    g = nx.MultiDiGraph()
    for doc in docs:
        g.add_node(doc.plan.id, **_plan_attrs(doc))
        for n in doc.nodes:
            attrs = {"label": n.label, "title": n.title, "text": n.text, "path": n.path,
                     "start": n.start, "end": n.end, **n.props}
            if n.label in UNIT_LABELS or n.label in QUANTITY_LABELS:
                attrs["plan_id"] = doc.plan.id
            g.add_node(n.id, **attrs)
        for e in doc.edges:
            g.add_edge(e.source, e.target, key=e.type, type=e.type, **e.props)
    for e in extra:
        g.add_edge(e.source, e.target, key=e.type, type=e.type, **e.props)
    return g


def graphml_safe(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy without None attributes and with non-scalar values as JSON (GraphML refuses both)."""
    def clean(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            out[k] = v if isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False)
        return out

    import networkx as nx
    h = nx.MultiDiGraph()
    h.add_nodes_from((n, clean(a)) for n, a in g.nodes(data=True))
    h.add_edges_from((u, v, k, clean(a)) for u, v, k, a in g.edges(keys=True, data=True))
    return h


_ADMIN_TYPES = {"STRING": "", "INT64": ":long", "DOUBLE": ":double", "BOOLEAN": ":boolean"}


def admin_csv_tables(docs: Iterable[PlanDoc], extra: Iterable[Edge] = ()) -> dict[str, list[list]]:
    """File name -> rows (header first) in neo4j-admin import format (pure)."""
    nodes: dict[str, dict[str, dict]] = {}
    rels: dict[str, dict[tuple, dict]] = {}
    for doc in docs:
        for key, rows in plan_to_rows(doc).items():
            rel = parse_key(key)
            if rel is None:
                for r in rows:
                    nodes.setdefault(key, {}).setdefault(r["id"], r)
            else:
                for r in rows:
                    rels.setdefault(rel[0], {})[(r["src"], r["dst"])] = r
    for e in extra:
        rels.setdefault(e.type, {})[(e.source, e.target)] = {
            "src": e.source, "dst": e.target, **{k: e.props.get(k) for k in REL_PROPS[e.type]}}
    out: dict[str, list[list]] = {}
    for label, by_id in nodes.items():
        cols = list(NODE_PROPS[label].items())
        header = ["id:ID"] + [f"{k}{_ADMIN_TYPES[t]}" for k, t in cols] + [":LABEL"]
        out[f"nodes_{label}.csv"] = [header] + [
            [r["id"], *(_csv_value(r.get(k)) for k, _ in cols), label] for r in by_id.values()]
    for rel_type, by_pair in rels.items():
        cols = list(REL_PROPS[rel_type].items())
        header = [":START_ID", ":END_ID"] + [f"{k}{_ADMIN_TYPES[t]}" for k, t in cols] + [":TYPE"]
        out[f"rels_{rel_type}.csv"] = [header] + [
            [r["src"], r["dst"], *(_csv_value(r.get(k)) for k, _ in cols), rel_type]
            for r in by_pair.values()]
    return out


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def admin_command(files: Iterable[str], database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for the exported files.

    >>> admin_command(["nodes_Plan.csv", "rels_CITES.csv"])  # doctest: +NORMALIZE_WHITESPACE
    'neo4j-admin database import full neo4j --overwrite-destination --multiline-fields=true \
--nodes=nodes_Plan.csv --relationships=rels_CITES.csv'
    """
    parts = ["neo4j-admin database import full", database, "--overwrite-destination",
             "--multiline-fields=true"]
    parts += [f"--nodes={f}" for f in sorted(files) if f.startswith("nodes_")]
    parts += [f"--relationships={f}" for f in sorted(files) if f.startswith("rels_")]
    return " ".join(parts)


_README = """PolicyKG export in the CSV header format of `neo4j-admin database import`.

One file per node label (nodes_<Label>.csv: id:ID, typed properties, :LABEL) and per
relationship type (rels_<TYPE>.csv: :START_ID, :END_ID, properties, :TYPE). Ids are global.
Text fields may span lines, hence --multiline-fields=true. Empty fields are unset properties.

Stop the Neo4j server (or use a new database name), copy these files into its import
folder, and run from there:

{command}

Then start Neo4j and create the constraints and full-text index (`policykg ingest` does it
for a bolt:// store, or run the statements of graph.cypher.neo4j_schema()).
"""


def write_admin_csv(docs: Iterable[PlanDoc], extra: Iterable[Edge], folder: Path) -> list[Path]:
    """Write the CSV files and README.txt into ``folder`` (created); return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    tables = admin_csv_tables(docs, extra)
    for name, rows in sorted(tables.items()):
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        written.append(path)
    readme = folder / "README.txt"
    readme.write_text(_README.format(command=admin_command(tables)), encoding="utf-8")
    return [*written, readme]


# ---- entry point --------------------------------------------------------------------------

def write_export(store: GraphStore, fmt: str, out: Path | None = None,
                 plan_ids: Sequence[str] | None = None) -> Path | None:
    """Export ``store`` as ``ttl``, ``jsonld``, ``graphml`` or ``csv``.

    ``out`` is a file (a folder for ``csv``, default ``./policykg-csv``). Without ``out`` the
    text formats are written to stdout and ``None`` is returned; otherwise the path written.

    Raises
    ------
    ExportError
        Unknown format, or the output path cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    try:
        if fmt == "csv":
            docs, extra = collect(store)
            folder = Path(out) if out is not None else Path("policykg-csv")
            write_admin_csv(docs, extra, folder)
            return folder
        if fmt == "graphml":
            import networkx as nx
            g = graphml_safe(to_networkx(store))
            if out is None:
                buffer = io.BytesIO()
                nx.write_graphml(g, buffer)
                sys.stdout.write(buffer.getvalue().decode("utf-8"))
                return None
            nx.write_graphml(g, str(out))
            return Path(out)
        from graph.rdf import to_rdf
        text = to_rdf(store).serialize(format="turtle" if fmt == "ttl" else "json-ld")
        if out is None:
            sys.stdout.write(text)
            return None
        Path(out).write_text(text, encoding="utf-8")
        return Path(out)
    except OSError as exc:
        raise ExportError(f"Cannot write the {fmt} export to {out}: {exc.strerror or exc}. "
                          "Choose a writable --out path.") from exc
