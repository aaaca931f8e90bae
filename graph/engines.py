"""The store engines and how a URI picks one.

::

    None            -> $POLICYKG_STORE, else ./policykg.lbug   (embedded Ladybug)
    a path          -> that embedded Ladybug database
    bolt:// neo4j:// neo4j+s:// (and +ssc) -> Neo4j, with NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE

Each engine module declares an :class:`~graph.store.Engine` (its URI schemes, how to open it,
the procedures the console allows, its credentials); a new engine is one module and one line in
:data:`ENGINES`.

>>> engine_for("bolt://localhost:7687").name, engine_for("data/kg.lbug").name
('neo4j', 'ladybug')
>>> redact("neo4j+s://neo4j:s3cret@db.example.org:7687 is down")
'neo4j+s://***@db.example.org:7687 is down'
"""

from __future__ import annotations

import os
import re
from types import MappingProxyType
from typing import Mapping

from graph import ladybug_store, neo4j_store
from core.errors import StoreUnavailableError
from graph.ladybug_store import LadybugStore
from graph.neo4j_store import Neo4jStore
from graph.store import Engine, GraphStore

__all__ = ["ENGINES", "DEFAULT_STORE", "engine_for", "open_store", "redact", "resolve_uri"]

ENGINES: Mapping[str, Engine] = MappingProxyType({e.name: e for e in (
    ladybug_store.ENGINE,
    neo4j_store.ENGINE,
)})
DEFAULT_STORE = "policykg.lbug"
_RE_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def _conforms(ladybug: LadybugStore, neo4j: Neo4jStore) -> tuple[GraphStore, GraphStore]:
    """Never called: here mypy proves that both engines implement :class:`GraphStore` (each
    ``ENGINE.open`` is checked against ``Callable[..., GraphStore]`` as well)."""
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
