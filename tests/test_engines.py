"""The engine registry (graph/engines.py): a URI picks an engine; a new engine needs only its
module's ``ENGINE`` and one registry line, so nothing else may name an engine."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from graph import engines
from core.errors import StoreUnavailableError
from graph.store import Engine, QueryResult


class _Recorder:
    engine = "memgraph"

    def __init__(self):
        self.sent: list[str] = []

    def run(self, text, params=None, **kw):
        self.sent.append(text)
        return QueryResult(["n"], [(1,)])


def test_engines_a_new_engine_is_one_declaration(monkeypatch):
    """A Neo4j-dialect engine registered beside the others is opened by its scheme, its
    catalogue texts are the neo4j ones and the console allows its own procedures."""
    from queries.catalog import get_query, run_named
    from queries.console import check_read_only

    store = _Recorder()
    fake = Engine("memgraph", ("memgraph",), lambda uri, **kw: store, "neo4j",
                  procedures=frozenset({"mg.procedures"}))
    monkeypatch.setattr(engines, "ENGINES", MappingProxyType({**engines.ENGINES, "memgraph": fake}))
    monkeypatch.setattr("queries.catalog.ENGINES", engines.ENGINES)
    monkeypatch.setattr("queries.console.ENGINES", engines.ENGINES)
    assert engines.open_store("memgraph://db:7687") is store
    run_named(store, "mentions_of", name="科技局")
    assert store.sent == [get_query("mentions_of").text("neo4j")]
    check_read_only("CALL mg.procedures() YIELD name RETURN name", "memgraph")
    with pytest.raises(Exception, match="procedure"):
        check_read_only("CALL db.labels() YIELD label RETURN label", "memgraph")


@pytest.mark.parametrize("uri, name", [("bolt://h:7687", "neo4j"), ("NEO4J+S://h", "neo4j"),
                                       ("data/kg.lbug", "ladybug"), ("/tmp/x", "ladybug")])
def test_engines_uri_picks_the_engine(uri, name):
    assert engines.engine_for(uri).name == name


def test_engines_unknown_scheme_lists_choices_without_credentials():
    with pytest.raises(StoreUnavailableError, match="bolt://") as info:
        engines.engine_for("http://user:secret@localhost:7474")
    assert "secret" not in str(info.value)
