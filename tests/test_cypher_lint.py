"""Every Neo4j-side Cypher string of graph/cypher.py passes Neo4j's own linter with our schema.

Runs ``node tests/neo4j_lint/lint.mjs`` (npm ``@neo4j-cypher/language-support``, exact version
pinned in tests/neo4j_lint/package.json). Install it with ``npm ci --prefix tests/neo4j_lint``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from graph import cypher
from core.model import LABELS, NODE_PROPS, REL_PROPS, REL_TYPES

LINT_DIR = Path(__file__).parent / "neo4j_lint"
NODE = shutil.which("node")
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="node is not installed (the Cypher linter runs on Node)"),
    pytest.mark.skipif(not PACKAGE.is_dir(),
                       reason="linter not installed: run `npm ci --prefix tests/neo4j_lint`"),
]


def schema() -> dict:
    """Our labels, relationship types (with their end labels) and property keys, for the linter."""
    props = {"id", "src", "dst"} | {k for p in NODE_PROPS.values() for k in p} | {k for p in REL_PROPS.values() for k in p}
    return {
        "labels": list(LABELS),
        "relationshipTypes": list(REL_TYPES),
        "propertyKeys": sorted(props),
        "parameters": {"rows": [], "ids": [], "plan_id": "", "hashes": []},
        "graphSchema": [{"from": a, "to": b, "relType": t}
                        for t in REL_TYPES for a, b in cypher.rel_pairs(t)],
    }


STATEMENTS = tuple(dict.fromkeys(cypher.neo4j_statements(every_pair=False)))
MISTAKES = [
    ("MATCH (n:Tsak) RETURN n.id", "Label Tsak"),
    ("MATCH (n:Task) RETURN n.titel", "titel"),
    (cypher.ladybug_copy_nodes("Task"), "Invalid input"),
    ("MATCH (a:Task)-[:DEPENDS_ON* SHORTEST 1..3]->(b) RETURN b", "Invalid input"),
]


@lru_cache(maxsize=None)
def lint_all() -> dict[str, list[dict]]:
    """One linter process for every statement and every deliberate mistake (node starts slowly)."""
    return lint((*STATEMENTS, *(q for q, _ in MISTAKES)))


def lint(queries: tuple[str, ...]) -> dict[str, list[dict]]:
    payload = json.dumps({"queries": list(queries), "schema": schema()}, ensure_ascii=False)
    out = subprocess.run([NODE, str(LINT_DIR / "lint.mjs")], input=payload, capture_output=True,
                         text=True, cwd=LINT_DIR, timeout=120)
    assert out.returncode == 0, out.stderr
    return {r["query"]: r["diagnostics"] for r in json.loads(out.stdout)}


def test_cypher_lint_every_neo4j_statement_is_clean():
    assert len(STATEMENTS) > 80
    problems = {q: d for q, d in lint_all().items() if d and q in STATEMENTS}
    assert problems == {}


@pytest.mark.parametrize("query,expected", MISTAKES)
def test_cypher_lint_catches_misspellings_and_ladybug_only_syntax(query, expected):
    diagnostics = lint_all()[query]
    assert any(expected in d["message"] for d in diagnostics), diagnostics
