"""The store behaviour checks of tests/test_ladybug_store.py against a real Neo4j server.

Runs against the test run's own live server (tests/neo4j_server.py), or the throw-away server
NEO4J_URI names. Every test starts from an empty database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))

import test_ladybug_store as behaviour  # noqa: E402

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(neo4j_store):
    return neo4j_store


@pytest.mark.parametrize("check", behaviour.BEHAVIOUR, ids=lambda f: f.__name__)
def test_neo4j_live_behaviour(store, check):
    check(store)


def test_neo4j_live_failure_between_batches_leaves_store_as_before(store, monkeypatch):
    from graph.neo4j_store import Neo4jStore
    store.add_plan(behaviour.sample_doc("plan-a"))
    before = behaviour.counts(store), store.plans()
    real = Neo4jStore._add_plan_tx.__func__

    def flaky(cls, tx, plan_id, rows):
        real(cls, tx, plan_id, {k: v for k, v in rows.items() if ":" not in k})
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Neo4jStore, "_add_plan_tx", classmethod(flaky))
    with pytest.raises(OSError):
        store.add_plan(behaviour.sample_doc("plan-b", own_doc="《滨江区人才新政》"))
    assert (behaviour.counts(store), store.plans()) == before


def test_neo4j_live_read_only_run_refuses_writes(store):
    from core.errors import QueryError
    with pytest.raises(QueryError):
        store.run("CREATE (:Organization {id: 'x', name: '某局'})")
    assert behaviour.counts(store) == (0, 0)


def test_neo4j_live_schema_exists(store):
    names = {r[0] for r in store.run("SHOW CONSTRAINTS YIELD name RETURN name").rows}
    assert {"plan_id", "task_id", "document_id"} <= names
    indexes = {r[0] for r in store.run("SHOW FULLTEXT INDEXES YIELD name RETURN name").rows}
    assert "unit_text" in indexes


def _snapshot(store) -> tuple:
    rels = store.run("MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id ORDER BY type(r), a.id, b.id").rows
    nodes = store.run("MATCH (n) RETURN labels(n)[0], n.id, n.title, n.name ORDER BY n.id").rows
    return nodes, rels, store.plans()


@pytest.mark.parametrize("max_plans", [1, 2, 25])
def test_neo4j_live_add_plans_in_batches_same_as_one_by_one(store, max_plans):
    """Batched transactions store what one transaction per plan stores, repeats included."""
    docs = behaviour.corpus_docs()
    for doc in docs:
        store.add_plan(doc)
    one_by_one = _snapshot(store)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    results = list(store.add_plans(docs, max_plans=max_plans))
    assert [r.plan_id for r in results] == [d.plan.id for d in docs]
    assert [r.created for r in results] == [True, True, True, True, False]
    assert _snapshot(store) == one_by_one
