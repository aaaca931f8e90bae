"""Queries researchers run over stored plans: the named Cypher catalogue, the read-only console,
plan comparison and metric series.

The names below are the package's public surface (``tests/test_catalog.py`` checks that
``__all__`` matches what is exported); the submodules hold the rest.
"""

from queries.catalog import CATALOG, NamedQuery, get_query, run_named
from queries.compare import alignment_edges, compare_plans, render_table
from queries.console import ConsoleResult, run_console
from queries.series import metric_series

__all__ = ["CATALOG", "NamedQuery", "get_query", "run_named", "ConsoleResult", "run_console",
           "compare_plans", "render_table", "alignment_edges", "metric_series"]
