"""The folders are the layers and imports point down (README "Where things live").

Every import of every module of ours (every ``.py`` under a layer folder, ``app.py`` and
``bench/``; imports inside functions too) is read with ``ast`` and checked against the folder's
layer; the module graph must also be free of cycles. No module is exempt: a change that needs an
upward import belongs in a lower layer or a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: folder -> layer, bottom up; a module's layer is its top folder's
LAYERS = {
    "core": 0,        # the model and the exception tree
    "ingest": 1,      # reading: text -> PlanDoc
    "analysis": 2,    # what works on PlanDocs without a store
    "graph": 3,       # storing: engines, their Cypher, exports
    "queries": 4,     # asking: the catalogue, the console, exploration
    "workspace": 5,   # one open store and what the CLI and the app do with it
    "policykg": 6,    # the adapters: the CLI and the app's logic
    "app": 7, "app_pages": 7,  # the Streamlit entry point and its pages
    "bench": 8,       # benchmarks over everything
}


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for folder in LAYERS:
        if not (ROOT / folder).is_dir():
            continue
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> int | None:
    return LAYERS.get(module.split(".")[0])


def _ours(name: str) -> str | None:
    """The module of ours an import names (``graph.store`` for ``from graph.store import x``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_in(source: str, module: str) -> set[str]:
    """The modules of ours that ``source`` (the text of ``module``) imports."""
    tree = ast.parse(source)
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


def upward(module: str, imports: set[str]) -> list[str]:
    return sorted(t for t in imports if layer_of(t) > layer_of(module))


GRAPH = {m: imports_in(MODULES[m].read_text(encoding="utf-8"), m) for m in MODULES}


def test_layers_every_top_folder_with_code_is_a_layer():
    """A new folder of Python code must say where it stands."""
    folders = {p.parent.relative_to(ROOT).parts[0] for p in ROOT.glob("*/*.py")}
    assert folders - set(LAYERS) - {"tests"} == set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_imports_point_down(module):
    found = upward(module, GRAPH[module])
    assert not found, f"{module} (layer {layer_of(module)}) imports a higher layer: {found}"


def test_layers_the_core_imports_nothing_of_ours():
    assert not GRAPH["core.model"] and not GRAPH["core.errors"]


def test_layers_pages_import_only_the_app_layer():
    """Pages are thin: they reach lower layers only through ``policykg``."""
    for module in MODULES:
        if module.startswith("app_pages"):
            below = sorted(t for t in GRAPH[module] if layer_of(t) < LAYERS["policykg"])
            assert not below, f"{module} imports below the app layer: {below}"


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


def test_layers_the_checker_sees_an_upward_import():
    """The rule itself: the order of the layers, and a module that imports a higher one is found
    (so the test can fail)."""
    order = ["core.model", "ingest.parse", "analysis.compare", "graph.store", "queries.catalog",
             "workspace.ingest", "policykg.cli", "app", "bench.query"]
    assert [layer_of(m) for m in order] == sorted(layer_of(m) for m in order)
    assert len({layer_of(m) for m in order}) == len(order)
    assert "ingest.parse" in GRAPH["workspace.ingest"] and "core.model" in GRAPH["ingest.parse"]
    inside = "def f():\n    from policykg.cli import main\n"
    assert upward("core.model", imports_in(inside, "core.model")) == ["policykg.cli"]
    assert upward("policykg.cli", imports_in("import core.model\n", "policykg.cli")) == []
