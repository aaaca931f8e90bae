"""The store engines and how a URI picks one.

::

    None            -> $POLICYKG_STORE, else ./policykg.lbug   (embedded Ladybug)
    a path          -> that embedded Ladybug database
    bolt:// neo4j:// neo4j+s:// (and +ssc) -> Neo4j, with NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE

Each engine is one module in graph/ with an ``open_uri`` function, and one
:class:`~graph.store.Engine` here (its URI schemes, its dialect, the procedures the console allows,
its credentials). The module, and its driver, is imported when a store is opened, not before: a
command on the embedded store never imports the Neo4j driver (0.3 s, with pandas).

>>> engine_for("bolt://localhost:7687").name, engine_for("data/kg.lbug").name
('neo4j', 'ladybug')
>>> redact("neo4j+s://neo4j:s3cret@db.example.org:7687 is down")
'neo4j+s://***@db.example.org:7687 is down'
"""

from __future__ import annotations

import importlib
import os
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Mapping

from core.errors import StoreUnavailableError
from graph.store import Engine, GraphStore

if TYPE_CHECKING:
    from graph.ladybug_store import LadybugStore
    from graph.neo4j_store import Neo4jStore

__all__ = ["ENGINES", "DEFAULT_STORE", "engine_for", "open_store", "redact", "resolve_uri"]



def _opener(module: str) -> Callable[..., GraphStore]:
    """``module.open_uri``, imported on the first open."""
    def open_uri(uri: str, **options: Any) -> GraphStore:
        opened: GraphStore = importlib.import_module(module).open_uri(uri, **options)
        return opened
    return open_uri


ENGINES: Mapping[str, Engine] = MappingProxyType({e.name: e for e in (
    Engine("ladybug", (), _opener("graph.ladybug_store"), "ladybug", procedures=frozenset({
        "show_tables", "table_info", "show_connection", "show_functions", "db_version", "show_indexes"})),
    Engine("neo4j", ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"),
           _opener("graph.neo4j_store"), "neo4j",
           procedures=frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys",
                                 "db.schema.visualization", "db.schema.nodetypeproperties",
                                 "db.schema.reltypeproperties", "db.index.fulltext.querynodes",
                                 "db.index.fulltext.queryrelationships"}),
           credentials=("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")),
)})
DEFAULT_STORE = "policykg.lbug"
_RE_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def _conforms(ladybug: LadybugStore, neo4j: Neo4jStore) -> tuple[GraphStore, GraphStore]:
    """Never called: here mypy proves that both engines implement :class:`GraphStore`."""
    return ladybug, neo4j


def engine_for(uri: str) -> Engine:
    """The engine that serves ``uri``: by its scheme, or the local engine for a path."""
    scheme, sep, _ = uri.partition("://")
    for engine in ENGINES.values():
        if (not sep and engine.local) or (sep and scheme.lower() in engine.schemes):
            return engine
    known = ", ".join(s + "://" for e in ENGINES.values() for s in e.schemes)
    raise StoreUnavailableError(
        f"Store URI {redact(uri)!r}: unknown scheme {scheme!r}. Use a file path for the embedded "
        f"database or one of {known}.")


def resolve_uri(uri: str | None) -> str:
    """The store URI to use: the argument, else ``$POLICYKG_STORE``, else ``./policykg.lbug``."""
    return uri or os.environ.get("POLICYKG_STORE") or DEFAULT_STORE


def open_store(uri: str | None = None, *, read_only: bool = False, app: bool = False,
               create: bool = True, buffer_pool_mb: int | None = None) -> GraphStore:
    """Open the store named by ``uri`` (see the module docstring for how it is chosen).

    ``create=False`` refuses to create a missing embedded database (for commands that only make
    sense on an existing one); ``app=True`` asks for a long-lived reader's options.

    Raises
    ------
    StoreUnavailableError
        The database is locked by another writer, cannot be reached, or the URI is not understood.
    """
    uri = resolve_uri(uri)
    return engine_for(uri).open(uri, read_only=read_only, app=app, create=create,
                                buffer_pool_mb=buffer_pool_mb)


def redact(text: str) -> str:
    """``text`` with the credentials of any URI in it replaced by ``***``."""
    return _RE_USERINFO.sub(r"\1***@", text)
