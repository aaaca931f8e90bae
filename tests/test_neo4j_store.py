"""The Neo4j store against a fake driver: the exact Cypher and parameters sent, and records mapped back."""

from __future__ import annotations

from unittest.mock import MagicMock, call

import pytest
from neo4j import EagerResult, Query, Record, RoutingControl
from neo4j.exceptions import ClientError

from graph import cypher
from graph.neo4j_store import Neo4jStore
from core.model import LABELS
from graph.rows import plan_to_rows
from graph.store import QueryResult
from core.errors import PlanNotFoundError, QueryError, StoreError
from test_ladybug_store import DOC_80, ORG, sample_doc


def eager(rows: list[dict], keys: list[str] | None = None) -> EagerResult:
    keys = keys if keys is not None else (list(rows[0]) if rows else [])
    return EagerResult([Record(r) for r in rows], MagicMock(), keys)


class FakeTx:
    """Records every ``run``; answers ``PLAN_EXISTS``, ``existing_ids`` and (``linked:<label>``)
    ``linked_shared`` from ``stored``."""

    def __init__(self, stored: dict[str, set[str]] | None = None):
        self.stored = stored or {}
        self.run = MagicMock(side_effect=self._run)

    def _run(self, text, params):
        result = MagicMock()
        rows: list[dict] = []
        if text == cypher.PLAN_EXISTS and params["plan_id"] in self.stored.get("Plan", ()):
            rows = [{"id": params["plan_id"]}]
        for label, ids in self.stored.items():
            if text == cypher.linked_shared(label.removeprefix("linked:")) and label.startswith("linked:"):
                rows = [{"id": i} for i in sorted(ids)]
            if text == cypher.existing_ids(label):
                rows = [{"id": i} for i in params["ids"] if i in ids]
        result.__iter__.return_value = iter([Record(r) for r in rows])
        return result


def fake_driver(tx: FakeTx) -> MagicMock:
    driver = MagicMock()
    session = driver.session.return_value.__enter__.return_value
    session.execute_write.side_effect = lambda work, *args: work(tx, *args)
    return driver


def test_neo4j_store_add_plan_sends_unwind_batches_in_one_write_transaction():
    tx = FakeTx()
    driver = fake_driver(tx)
    store = Neo4jStore(driver, "plans")
    doc = sample_doc()
    result = store.add_plan(doc)
    assert (result.created, result.nodes, result.edges) == (True, 12, 12)
    driver.session.assert_called_once_with(database="plans")
    rows = plan_to_rows(doc)
    sent = tx.run.call_args_list
    assert sent[0] == call("MATCH (p:Plan {id: $plan_id}) RETURN p.id AS id", {"plan_id": "plan-a"})
    assert sent[1] == call(cypher.merge_nodes("Plan"), {"rows": rows["Plan"]})
    assert call("UNWIND $rows AS row MERGE (n:Organization {id: row.id}) "
                "SET n.name = coalesce(n.name, row.name)",
                {"rows": [{"id": ORG, "name": "区发改局"}]}) in sent
    assert call("UNWIND $rows AS row MATCH (a:Organization {id: row.src}) "
                "MATCH (b:Task {id: row.dst}) MERGE (a)-[r:LEADS]->(b) SET r.evidence = row.evidence",
                {"rows": [{"src": ORG, "dst": "plan-a/3.1.1", "evidence": "区发改局牵头"}]}) in sent
    node_calls = [c for c in sent if "MERGE (n:" in c.args[0]]
    rel_calls = [c for c in sent if "MERGE (a)-" in c.args[0]]
    assert sum(len(c.args[1]["rows"]) for c in node_calls) == 12
    assert sum(len(c.args[1]["rows"]) for c in rel_calls) == 12
    assert sent.index(node_calls[-1]) < sent.index(rel_calls[0])  # nodes before relationships


def test_neo4j_store_add_plan_already_stored_writes_nothing():
    tx = FakeTx({"Plan": {"plan-a"}})
    store = Neo4jStore(fake_driver(tx))
    assert store.add_plan(sample_doc()).created is False
    assert tx.run.call_count == 1


def test_neo4j_store_batches_large_plans(monkeypatch):
    monkeypatch.setattr("graph.neo4j_store.BATCH", 2)
    tx = FakeTx()
    Neo4jStore(fake_driver(tx)).add_plan(sample_doc())
    section_batches = [c.args[1]["rows"] for c in tx.run.call_args_list
                       if c.args[0] == cypher.merge_nodes("Section")]
    assert [len(b) for b in section_batches] == [2]
    has_part = [len(c.args[1]["rows"]) for c in tx.run.call_args_list
                if c.args[0] == cypher.merge_rels("HAS_PART", "Plan", "Section")]
    assert has_part == [2]


def test_neo4j_store_add_edges_looks_up_labels_then_merges():
    from core.model import LABELS, Edge
    tx = FakeTx({"Task": {"plan-a/3.1.1", "plan-b/3.1.1"}})
    Neo4jStore(fake_driver(tx)).add_edges(
        [Edge("plan-b/3.1.1", "plan-a/3.1.1", "ALIGNED_WITH", {"status": "modified", "similarity": 0.8}),
         Edge("plan-b/3.1.1", "missing", "DEPENDS_ON")])
    last = tx.run.call_args_list[-1]
    assert last == call(cypher.merge_rels("ALIGNED_WITH", "Task", "Task"),
                        {"rows": [{"src": "plan-b/3.1.1", "dst": "plan-a/3.1.1", "status": "modified",
                                   "similarity": 0.8, "moved": None}]})
    assert not any("DEPENDS_ON" in c.args[0] for c in tx.run.call_args_list)


def test_neo4j_store_remove_plan_deletes_owned_then_orphans():
    tx = FakeTx({"Plan": {"plan-a"}, "linked:Document": {DOC_80}})
    Neo4jStore(fake_driver(tx)).remove_plan("plan-a")
    texts = [c.args[0] for c in tx.run.call_args_list]
    assert texts[0] == cypher.PLAN_EXISTS
    assert "MATCH (n:Task) WHERE n.plan_id = $plan_id DETACH DELETE n" in texts
    assert texts.index(cypher.DELETE_PLAN) < texts.index(cypher.delete_orphans("Document"))
    assert tx.run.call_args_list[-1] == call(cypher.delete_orphans("Document"), {"ids": [DOC_80]})


def test_neo4j_store_remove_unknown_plan():
    with pytest.raises(PlanNotFoundError, match="plan-x"):
        Neo4jStore(fake_driver(FakeTx())).remove_plan("plan-x")


def test_neo4j_store_run_uses_read_routing_and_timeout():
    driver = MagicMock()
    driver.execute_query.return_value = eager([{"n": 20}])
    store = Neo4jStore(driver, "plans", timeout_s=5.0)
    assert store.run("MATCH (n) RETURN count(n) AS n") == QueryResult(["n"], [(20,)])
    (query, params), kwargs = driver.execute_query.call_args
    assert isinstance(query, Query) and query.text == "MATCH (n) RETURN count(n) AS n"
    assert query.timeout == 5.0 and params == {}
    assert kwargs == {"routing_": RoutingControl.READ, "database_": "plans"}
    store.run("MATCH (t:Target) WHERE t.year = $year RETURN t.id AS id", {"year": 2017},
              write=True, timeout_s=1.5)
    (query, params), kwargs = driver.execute_query.call_args
    assert (query.timeout, params, kwargs["routing_"]) == (1.5, {"year": 2017}, RoutingControl.WRITE)


def test_neo4j_store_run_wraps_server_errors():
    driver = MagicMock()
    error = ClientError._hydrate_neo4j(code="Neo.ClientError.Statement.AccessMode",
                                       message="Writing in read access mode not allowed.")
    driver.execute_query.side_effect = error
    with pytest.raises(QueryError, match="store is read here"):
        Neo4jStore(driver).run("CREATE (n:Organization {id: 'x'})")


def test_neo4j_store_read_only_refuses_writes():
    store = Neo4jStore(fake_driver(FakeTx()), read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.add_plan(sample_doc())


def test_neo4j_store_ensure_schema_sends_constraints_and_fulltext():
    driver = MagicMock()
    Neo4jStore(driver, "plans").ensure_schema()
    sent = [c.args[0] for c in driver.execute_query.call_args_list]
    assert sent[0] == "CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE"
    assert len(sent) == len(cypher.neo4j_schema()) and "'cjk'" in sent[-1] and "Section|Principle" in sent[-1]
    assert "CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE" in sent
    assert sum(s.startswith("CREATE CONSTRAINT") for s in sent) == len(LABELS)
    assert "CREATE TEXT INDEX task_text IF NOT EXISTS FOR (n:Task) ON (n.text)" in sent
    assert "CREATE INDEX target_year IF NOT EXISTS FOR (n:Target) ON (n.year)" in sent


def test_neo4j_store_plans_maps_records():
    driver = MagicMock()

    def answer(query, params, **kwargs):
        text = query.text
        if text == cypher.LIST_PLANS:
            return eager([{"id": "plan-a", "title": "行动计划", "version": None, "status": "印发",
                           "period_start": 2015, "period_end": 2017, "issued": None, "source": "a.txt"}])
        if text == cypher.count_by_plan("Task"):
            return eager([{"plan_id": "plan-a", "n": 3}])
        if text == cypher.count_by_plan("Target"):
            return eager([{"plan_id": "plan-a", "n": 2}])
        if text == cypher.citations_by_plan("Plan"):
            return eager([{"plan_id": "plan-a", "doc": DOC_80}])
        return eager([], ["plan_id", "n"])

    driver.execute_query.side_effect = answer
    (plan,) = Neo4jStore(driver).plans()
    assert (plan["units"], plan["targets"], plan["citations"], plan["status"]) == (3, 2, 1, "印发")
    assert all(c.kwargs["routing_"] == RoutingControl.READ for c in driver.execute_query.call_args_list)


def test_neo4j_store_rows_carry_plain_nodes_and_relationships():
    """Issue 11: an engine returns plain values, so nothing above graph/ knows driver objects."""
    from neo4j.graph import Graph, Node, Path, Relationship

    from graph.neo4j_store import plain_value
    from graph.store import is_node, is_rel, plain_row

    g = Graph()
    a = Node(g, "4:x:1", 1, ["Task"], {"id": "p/1", "title": "推进"})
    b = Node(g, "4:x:2", 2, ["Goal"], {"id": "p/2", "title": "目标"})
    r = type("SUPPORTS", (Relationship,), {})(g, "5:x:9", 9, {"score": 0.8})
    r._start_node, r._end_node = a, b
    node, rel, path, n = plain_row([a, r, Path(a, r), 3], plain_value)
    assert is_node(node) and node == {"_id": "4:x:1", "_label": "Task", "id": "p/1", "title": "推进"}
    assert is_rel(rel) and rel == {"_type": "SUPPORTS", "_src": "4:x:1", "_dst": "4:x:2", "score": 0.8}
    assert [x.get("_label") or x.get("_type") for x in path] == ["Task", "Goal", "SUPPORTS"] and n == 3
