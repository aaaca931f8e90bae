"""Asking: what researchers ask a store, as named Cypher (the catalogue), the read-only console
and a node's neighbourhood.

The names below are the package's public surface (``tests/test_catalog.py`` checks that
``__all__`` matches what is exported); the submodules hold the rest.
"""

from queries.catalog import CATALOG, NamedQuery, get_query, run_named
from queries.console import ConsoleResult, run_console

__all__ = ["CATALOG", "NamedQuery", "get_query", "run_named", "ConsoleResult", "run_console"]
