"""Exports: RDF round trips (Turtle, JSON-LD), networkx node-link and GraphML round trips,
neo4j-admin CSV layout, and exports straight from a store (cross-plan edges included)."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from graph.rdf import ELI, PKG, node_uri, to_rdf
from graph.export import (admin_csv_tables, graphml_safe, to_networkx,
                          write_export)
from graph.ladybug_store import LadybugStore
from core.model import Edge, Node, PlanDoc, PlanMeta
from core.errors import ExportError
from test_ladybug_store import DOC_80, ORG, sample_doc

TWO = [sample_doc("plan-a"), sample_doc("plan-b", own_doc="《滨江区人才新政》")]


@pytest.fixture
def store(tmp_path):
    with LadybugStore(tmp_path / "kg.lbug") as s:
        for doc in TWO:
            s.add_plan(doc)
        s.add_edges([Edge("plan-b/3.1.1", "plan-a/3.1.1", "ALIGNED_WITH",
                          {"status": "unchanged", "similarity": 1.0})])
        yield s


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_export_rdf_round_trip_is_isomorphic(fmt):
    g = to_rdf(TWO)
    back = Graph().parse(data=g.serialize(format=fmt), format=fmt)
    assert len(g) > 100 and isomorphic(g, back)


@pytest.mark.parametrize("subject,predicate,obj", [
    (DOC_80, RDF.type, ELI.LegalResource),
    (DOC_80, ELI.id_local, Literal("市委办发〔2014〕80号")),
    ("plan-a", ELI.cites, DOC_80),
    ("plan-b", ELI.cites, DOC_80),
    ("plan-a", DCTERMS.hasPart, "plan-a/1"),
    ("plan-a/3.1.1", PKG.plan, "plan-a"),
    (ORG, PKG.leads, "plan-a/3.1.1"),
    ("plan-a/2/t1", PKG.metric, Literal("营业收入")),
])
def test_export_rdf_uses_the_documented_vocabulary(subject, predicate, obj):
    g = to_rdf(TWO)
    o = obj if isinstance(obj, (URIRef, Literal)) else node_uri(obj)
    assert (node_uri(subject), predicate, o) in g


def test_export_rdf_edge_properties_ride_on_a_statement():
    g = to_rdf(TWO)
    (statement,) = set(g.subjects(RDF.subject, node_uri(ORG))) & set(
        g.subjects(RDF.object, node_uri("plan-a/3.1.1")))
    assert (statement, PKG.evidence, Literal("区发改局牵头")) in g
    assert (statement, RDF.predicate, PKG.leads) in g


@settings(max_examples=25, deadline=None)
@given(title=st.text(min_size=1, max_size=20), value=st.floats(allow_nan=False, allow_infinity=False))
def test_export_rdf_round_trip_any_title_and_value(title, value):
    node = Node("p/1/t1", "Target", title, props={"metric": title, "value": value, "raw": title})
    doc = PlanDoc(PlanMeta(id="p", title=title), nodes=(node,),
                  edges=(Edge("p", "p/1/t1", "HAS_TARGET"),))
    g = to_rdf([doc])
    assert isomorphic(g, Graph().parse(data=g.serialize(format="turtle"), format="turtle"))


def test_export_networkx_node_link_round_trip_keeps_counts_and_attributes():
    g = to_networkx(TWO)
    back = nx.node_link_graph(nx.node_link_data(g, edges="edges"), edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges())
    assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
    assert back.edges["plan-a", DOC_80, "CITES"] == {"type": "CITES", "context": "根据《关于开展专题活动的通知》"}


def test_export_graphml_round_trip_without_none(tmp_path):
    g = to_networkx(TWO)
    path = tmp_path / "kg.graphml"
    nx.write_graphml(graphml_safe(g), path)
    assert "None" not in path.read_text(encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (21, 24)
    assert back.nodes["plan-a/2/t1"]["value"] == 3e11 and back.nodes[ORG]["title"] == "区发改局"
    assert back.edges["plan-a", "plan-a/1", "HAS_PART"]["order"] == 1


def test_export_networkx_from_store_keeps_cross_plan_edges(store):
    g = to_networkx(store)
    assert g.has_edge("plan-b/3.1.1", "plan-a/3.1.1", key="ALIGNED_WITH")
    only_b = to_networkx(store, ["plan-b"])
    assert "plan-a" not in only_b and not only_b.has_edge("plan-b/3.1.1", "plan-a/3.1.1")
    assert only_b.nodes[DOC_80]["label"] == "Document"


def test_export_csv_tables_use_admin_headers():
    tables = admin_csv_tables(TWO)
    assert tables["nodes_Target.csv"][0] == [
        "id:ID", "plan_id", "metric", "value:double", "value_max:double", "unit", "comparator", "year:long",
        "base_year:long", "kind", "indicator", "indicator_alias", "raw", "start:long", "end:long", ":LABEL"]
    assert tables["rels_HAS_PART.csv"][0] == [":START_ID", ":END_ID", "order:long", ":TYPE"]
    assert len(tables["nodes_Document.csv"]) == 1 + 3  # the shared document once
    assert tables["rels_SUPPORTS.csv"][1][2] == "true"


def test_export_write_csv_folder_with_readme(store, tmp_path):
    folder = write_export(store, "csv", tmp_path / "csv")
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme and "--nodes=nodes_Plan.csv" in readme
    with (folder / "rels_ALIGNED_WITH.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows == [[":START_ID", ":END_ID", "status", "similarity:double", "moved:boolean", ":TYPE"],
                    ["plan-b/3.1.1", "plan-a/3.1.1", "unchanged", "1.0", "", "ALIGNED_WITH"]]
    with (folder / "nodes_Plan.csv").open(encoding="utf-8") as fh:
        plans = list(csv.DictReader(fh))
    assert json.loads(plans[0]["titles"])[0] == "高新区(滨江)三年行动计划"


@pytest.mark.parametrize("fmt,suffix", [("ttl", "ttl"), ("jsonld", "jsonld"), ("graphml", "graphml")])
def test_export_write_files(store, tmp_path, fmt, suffix):
    path = write_export(store, fmt, tmp_path / f"kg.{suffix}")
    assert path.stat().st_size > 1000


def test_export_to_stdout(store, capsys):
    assert write_export(store, "ttl") is None
    assert "eli:cites" in capsys.readouterr().out


def test_export_unknown_format_lists_choices(store):
    with pytest.raises(ExportError, match="ttl, jsonld, graphml, csv"):
        write_export(store, "xml")


def test_export_unwritable_path(store, tmp_path):
    with pytest.raises(ExportError, match="--out"):
        write_export(store, "ttl", tmp_path / "missing" / "kg.ttl")
