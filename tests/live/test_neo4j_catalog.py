"""The catalogue's own conformance checks (tests/test_catalog.py: answers computed in Python from
the PlanDocs) run on the live Neo4j, on the same hand-made and parsed plans."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def catalog_loaded(neo4j_uri, seed_doc):
    """test_catalog's hand-made and parsed plans, in the live Neo4j instead of Ladybug."""
    import test_catalog
    from graph.engines import open_store

    docs, extra = test_catalog.catalog_docs(seed_doc)
    store = open_store(neo4j_uri)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    for doc in docs:
        store.add_plan(doc)
    store.add_edges(extra)
    yield store, docs, extra
    store.run("MATCH (n) DETACH DELETE n", write=True)
    store.close()


def _conformance_names():
    import test_catalog
    return sorted(test_catalog.CONFORMANCE)


@pytest.mark.parametrize("name", _conformance_names())
def test_neo4j_catalog_answer_matches_plandocs(catalog_loaded, name):
    import test_catalog
    test_catalog.CONFORMANCE[name](*catalog_loaded)
