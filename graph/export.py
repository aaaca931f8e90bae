"""Exports of stored plans: networkx / GraphML, RDF (Turtle, JSON-LD) and neo4j-admin CSV.

The converters take a store (every plan, or ``plan_ids``) or PlanDocs. From a store they also
carry the relationships that cross plans (``ALIGNED_WITH``, ``REVISES``, inferred edges) when
both ends are exported.

RDF vocabulary
--------------
Our namespace is ``pkg: <https://policykg.org/ns#>``; nodes are ``<https://policykg.org/id/{id}>``.
Standard terms are reused where they fit:

==================  =====================================================================
graph model         RDF
==================  =====================================================================
Plan                ``a pkg:Plan, eli:LegalResource``; ``dcterms:title``, ``eli:id_local``
                    (文号), ``dcterms:issued``, ``pkg:version``, ``pkg:status``,
                    ``pkg:periodStart``/``pkg:periodEnd``, ``pkg:issuer``, ``pkg:source``,
                    ``pkg:sha256``
Section … Measure   ``a pkg:Section`` (…); ``dcterms:title``, ``pkg:text``, ``pkg:path``,
                    ``pkg:order``, ``pkg:start``/``pkg:end``, ``pkg:plan`` (its Plan)
Target              ``a pkg:Target``; ``pkg:metric``, ``rdf:value``, ``pkg:value_max``, ``pkg:unit``,
                    ``pkg:comparator``, ``pkg:year``, ``pkg:baseYear``, ``pkg:kind``,
                    ``pkg:indicator``, ``pkg:raw``
Outcome             ``a pkg:Outcome``; ``pkg:metric``, ``rdf:value``, ``pkg:unit``, ``pkg:year``,
                    ``pkg:periodStart``/``pkg:periodEnd``, ``pkg:indicator``, ``pkg:raw``
Document            ``a eli:LegalResource``; ``dcterms:title``, ``eli:id_local`` (文号),
                    ``pkg:issuer``, ``pkg:year``
Organization        ``a org:Organization``; ``skos:prefLabel``
Place               ``a dcterms:Location``; ``skos:prefLabel``
HAS_PART            ``dcterms:hasPart``
CITES               ``eli:cites``
HAS_TARGET …        ``pkg:hasTarget``, ``pkg:reports``, ``pkg:mentions``, ``pkg:leads``, ``pkg:supportsWork``,
                    ``pkg:supports``, ``pkg:dependsOn``, ``pkg:revises``, ``pkg:alignedWith``
edge properties     an ``rdf:Statement`` (``rdf:subject``/``rdf:predicate``/``rdf:object``)
                    carrying ``pkg:order``, ``pkg:context``, ``pkg:count``, ``pkg:evidence``,
                    ``pkg:inferred``, ``pkg:method``, ``pkg:score``, ``pkg:status``,
                    ``pkg:similarity``, ``pkg:moved``
==================  =====================================================================

Numbers that the model keeps as floats (target values, scores) are ``xsd:decimal`` with their
exact digits: rdflib writes ``xsd:double`` in Turtle with 8 significant digits, which loses data.

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
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence
from urllib.parse import quote

import networkx as nx
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns  # not XSD itself: doctest collection probes module globals
from rdflib.namespace import DCTERMS, ORG, SKOS

from graph import cypher
from core.model import NODE_PROPS, QUANTITY_LABELS, REL_PROPS, UNIT_LABELS, Edge, PlanDoc
from graph.rows import parse_key, plan_to_rows
from core.errors import ExportError
from graph.store import GraphStore

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

PKG = Namespace("https://policykg.org/ns#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = "https://policykg.org/id/"
FORMATS = ("ttl", "jsonld", "graphml", "csv")
CROSS_PLAN_TYPES = ("ALIGNED_WITH", "REVISES", "SUPPORTS", "DEPENDS_ON")


# ---- sources ------------------------------------------------------------------------------

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


# ---- networkx / GraphML -------------------------------------------------------------------

def _plan_attrs(doc: PlanDoc) -> dict[str, Any]:
    meta = doc.plan.to_json()
    meta["titles"] = json.dumps(meta["titles"], ensure_ascii=False)
    return {"label": "Plan", **{k: v for k, v in meta.items() if k != "id"}}


def to_networkx(store_or_docs: GraphStore | Iterable[PlanDoc], plan_ids: Sequence[str] | None = None) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by node id; node attrs ``label``, ``title``, … ; edge key = type."""
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

    h = nx.MultiDiGraph()
    h.add_nodes_from((n, clean(a)) for n, a in g.nodes(data=True))
    h.add_edges_from((u, v, k, clean(a)) for u, v, k, a in g.edges(keys=True, data=True))
    return h


# ---- RDF ----------------------------------------------------------------------------------

def node_uri(node_id: str) -> URIRef:
    """The IRI of a node id (percent-encoded, so Chinese and ``/`` in ids stay valid)."""
    return URIRef(ID + quote(node_id, safe=""))


_REL_PREDICATES = {"HAS_PART": DCTERMS.hasPart, "CITES": ELI.cites, "HAS_TARGET": PKG.hasTarget,
                   "REPORTS": PKG.reports,
                   "MENTIONS": PKG.mentions, "LEADS": PKG.leads, "SUPPORTS_WORK": PKG.supportsWork,
                   "SUPPORTS": PKG.supports, "DEPENDS_ON": PKG.dependsOn, "REVISES": PKG.revises,
                   "ALIGNED_WITH": PKG.alignedWith}
_PROP_TERMS = {"title": DCTERMS.title, "number": ELI.id_local, "issued": DCTERMS.issued,
               "value": RDF.value, "period_start": PKG.periodStart, "period_end": PKG.periodEnd,
               "base_year": PKG.baseYear, "plan_id": PKG.plan}
_CLASSES = {"Document": (ELI.LegalResource,), "Organization": (ORG.Organization,),
            "Place": (DCTERMS.Location,), "Plan": (PKG.Plan, ELI.LegalResource)}
_XSD = {"INT64": rdfns.XSD.integer, "BOOLEAN": rdfns.XSD.boolean}


def decimal_lexical(value: float) -> str:
    """Exact positional form of a float, so Turtle keeps every digit (rdflib shortens doubles).

    >>> decimal_lexical(10000001.0), decimal_lexical(3e11), decimal_lexical(0.1)
    ('10000001.0', '300000000000.0', '0.1')
    """
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def _literal(value: Any, kind: str) -> Literal:
    if kind == "DOUBLE":
        return Literal(decimal_lexical(value), datatype=rdfns.XSD.decimal)
    return Literal(value, datatype=_XSD.get(kind))


def _add_props(g: Graph, subject: URIRef | BNode, row: dict, types: dict[str, str]) -> None:
    for key, kind in types.items():
        value = row.get(key)
        if value is None or key in ("text", "titles", "warnings") and value in ("", "[]"):
            continue
        if key == "plan_id":
            g.add((subject, PKG.plan, node_uri(value)))
        elif key == "name":
            g.add((subject, SKOS.prefLabel, Literal(value)))
        else:
            g.add((subject, _PROP_TERMS.get(key, PKG[key]), _literal(value, kind)))


def to_rdf(docs_or_store: GraphStore | Iterable[PlanDoc], plan_ids: Sequence[str] | None = None) -> Graph:
    """An rdflib Graph of the plans in the vocabulary of the module docstring."""
    docs, extra = collect(docs_or_store, plan_ids)
    g = Graph()
    for prefix, ns in (("pkg", PKG), ("eli", ELI), ("dcterms", DCTERMS), ("org", ORG), ("skos", SKOS)):
        g.bind(prefix, ns)
    rel_rows: list[tuple[str, dict]] = []
    for doc in docs:
        for key, rows in plan_to_rows(doc).items():
            rel = parse_key(key)
            if rel is not None:
                rel_rows += [(rel[0], r) for r in rows]
                continue
            for row in rows:
                subject = node_uri(row["id"])
                for cls in _CLASSES.get(key, (PKG[key],)):
                    g.add((subject, RDF.type, cls))
                _add_props(g, subject, row, dict(NODE_PROPS[key]))
    rel_rows += [(e.type, {"src": e.source, "dst": e.target, **e.props}) for e in extra]
    for rel_type, row in rel_rows:
        s, p, o = node_uri(row["src"]), _REL_PREDICATES[rel_type], node_uri(row["dst"])
        g.add((s, p, o))
        if any(row.get(k) is not None for k in REL_PROPS[rel_type]):
            statement = BNode()
            g.add((statement, RDF.type, RDF.Statement))
            g.add((statement, RDF.subject, s))
            g.add((statement, RDF.predicate, p))
            g.add((statement, RDF.object, o))
            _add_props(g, statement, row, dict(REL_PROPS[rel_type]))
    return g


# ---- neo4j-admin CSV ----------------------------------------------------------------------

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
            g = graphml_safe(to_networkx(store))
            if out is None:
                buffer = io.BytesIO()
                nx.write_graphml(g, buffer)
                sys.stdout.write(buffer.getvalue().decode("utf-8"))
                return None
            nx.write_graphml(g, str(out))
            return Path(out)
        text = to_rdf(store).serialize(format="turtle" if fmt == "ttl" else "json-ld")
        if out is None:
            sys.stdout.write(text)
            return None
        Path(out).write_text(text, encoding="utf-8")
        return Path(out)
    except OSError as exc:
        raise ExportError(f"Cannot write the {fmt} export to {out}: {exc.strerror or exc}. "
                          "Choose a writable --out path.") from exc
