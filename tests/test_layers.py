"""The folders are layers and imports point down (README "Where things live").

Every import of every module of ours is read with ``ast`` (imports inside functions too) and
checked against the layer order below; the module graph must also be free of cycles. No module is
exempt: a change that needs an upward import belongs in a lower layer or a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: (module prefix, layer) — the longest matching prefix decides; lower numbers are lower layers
LAYERS = (
    ("graph.model", 0), ("graph.errors", 0),            # base: the model and the exception tree
    ("ingest", 1),                                       # text -> PlanDoc, enrichment of a PlanDoc
    ("graph", 2),                                        # stores, engines, exports over PlanDocs
    ("queries", 3),                                      # every Cypher read, comparison, series
    ("policykg.service", 4),                             # read, parse, enrich, store
    ("policykg", 5),                                     # the CLI and the UI's logic
    ("app", 6), ("app_pages", 6),                        # Streamlit entry point and pages
)
PACKAGES = ("graph", "ingest", "queries", "policykg", "app_pages")


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            found[name] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> int | None:
    best = max((p for p, _ in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    return dict(LAYERS)[best] if best else None


def _ours(name: str) -> str | None:
    """The module of ours an import names (``graph.store`` for ``from graph.store import x``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            target = _ours(name)
            if target and target != module:
                out.add(target)
    return out


GRAPH = {m: imports_of(m) for m in MODULES}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_imports_point_down(module):
    here = layer_of(module)
    assert here is not None, f"{module}: not in any layer of LAYERS"
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > here)
    assert not upward, f"{module} (layer {here}) imports a higher layer: {upward}"


def test_layers_the_base_imports_nothing_of_ours():
    assert not GRAPH["graph.model"] and not GRAPH["graph.errors"]


def test_layers_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(GRAPH[m]):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state:
                cycle = visit(t)
                if cycle:
                    return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(GRAPH):
        if m not in state:
            cycle = visit(m)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_layers_the_checker_sees_an_upward_import(tmp_path):
    """The rule itself: a low module naming a high one is reported (so the test can fail)."""
    assert layer_of("graph.model") < layer_of("ingest.parse") < layer_of("graph.store") \
        < layer_of("queries.catalog") < layer_of("policykg.service") < layer_of("policykg.cli") < layer_of("app")
    assert "ingest.parse" in GRAPH["policykg.service"] and "graph.model" in GRAPH["ingest.parse"]
