"""The Streamlit pages on a Neo4j store (AppTest), as tests/test_app.py runs them on Ladybug."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")

sys.path.insert(0, str(Path(__file__).parents[1]))

import test_app  # noqa: E402

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def neo4j_seeded(neo4j_uri, seed_doc):
    from graph.engines import open_store
    from analysis.dependencies import with_inferred_edges
    from ingest.parse import parse_path, parse_plan

    docs = {"seed": seed_doc, "revised": parse_path(test_app.REVISED),
            "xss": parse_plan(test_app.XSS_TEXT, source="xss.txt")}
    with open_store(neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", write=True)
        for doc in docs.values():
            store.add_plan(with_inferred_edges(doc))
    yield neo4j_uri, {k: d.plan.id for k, d in docs.items()}
    from policykg import ui
    ui.reconnect()
    with open_store(neo4j_uri) as store:
        store.run("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture
def app(neo4j_seeded, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", neo4j_seeded[0])
    monkeypatch.delenv("POLICYKG_APP_READ_ONLY", raising=False)
    from policykg import ui
    ui.reconnect()
    return test_app.run_page


@pytest.mark.parametrize("page", test_app.PAGES)
def test_neo4j_app_page_renders(app, page):
    at = app(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_neo4j_app_library_lists_the_plans(app, neo4j_seeded):
    table = app("library").dataframe[0].value
    assert set(neo4j_seeded[1].values()) <= set(table["ID"])


def test_neo4j_app_reader_highlights_a_units_span(app, neo4j_seeded, seed_doc):
    task = next(n for n in seed_doc.nodes if n.label == "Task" and n.path == "3.2.1")
    at = app("reader", plan=neo4j_seeded[1]["seed"])
    at.radio(key="reader_unit").set_value(task.id).run()
    assert not at.exception
    marked = test_app._html(at).split('<mark id="pkg-hl">', 1)[1].split("</mark>", 1)[0]
    assert marked == seed_doc.text[task.start:task.end]


def test_neo4j_app_search_finds_a_single_character(app):
    at = app("search")
    at.text_input(key="search_q").set_value("孵").run()
    assert not at.exception
    counts = [int(c.value.split()[0]) for c in at.caption if "条结果" in c.value]
    assert counts and counts[0] > 0
