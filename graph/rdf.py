"""RDF of stored plans (Turtle, JSON-LD): what ``policykg export --format ttl|jsonld`` writes.

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
                    ``pkg:supports``, ``pkg:dependsOn``, ``pkg:revises``, ``pkg:alignedWith``,
                    ``pkg:usesInstrument`` (to ``a pkg:PolicyInstrument``; ``skos:prefLabel``, ``pkg:type``)
edge properties     an ``rdf:Statement`` (``rdf:subject``/``rdf:predicate``/``rdf:object``)
                    carrying ``pkg:order``, ``pkg:context``, ``pkg:count``, ``pkg:evidence``,
                    ``pkg:inferred``, ``pkg:method``, ``pkg:score``, ``pkg:status``,
                    ``pkg:similarity``, ``pkg:moved``
==================  =====================================================================

Numbers that the model keeps as floats (target values, scores) are ``xsd:decimal`` with their
exact digits: rdflib writes ``xsd:double`` in Turtle with 8 significant digits, which loses data.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns  # not XSD itself: doctest collection probes module globals
from rdflib.namespace import DCTERMS, ORG, SKOS

from core.model import NODE_PROPS, REL_PROPS, PlanDoc
from graph.store import GraphStore, collect
from graph.rows import parse_key, plan_to_rows

PKG = Namespace("https://policykg.org/ns#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ID = "https://policykg.org/id/"


def node_uri(node_id: str) -> URIRef:
    """The IRI of a node id (percent-encoded, so Chinese and ``/`` in ids stay valid)."""
    return URIRef(ID + quote(node_id, safe=""))


_REL_PREDICATES = {"HAS_PART": DCTERMS.hasPart, "CITES": ELI.cites, "HAS_TARGET": PKG.hasTarget,
                   "REPORTS": PKG.reports,
                   "MENTIONS": PKG.mentions, "LEADS": PKG.leads, "SUPPORTS_WORK": PKG.supportsWork,
                   "SUPPORTS": PKG.supports, "DEPENDS_ON": PKG.dependsOn, "REVISES": PKG.revises,
                   "ALIGNED_WITH": PKG.alignedWith, "INSTRUMENT": PKG.usesInstrument}
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
