"""Query benchmark (issue 4): every catalogue query on a 1,000-plan synthetic embedded store,
against the same question answered with networkx on the exported graph, in the same run.

    .venv/bin/python bench/query.py [--plans 1000] [--runs 15] [--store PATH] [--corpus DIR]

The synthetic corpus is the parsed real plans (../shared/corpus plus the seed and its revision,
enriched with inferred dependencies) renumbered and perturbed by ``bench/load.py``'s ``vary``.
``--store PATH`` keeps the database between runs (it is reused when it already holds the plans).
Goals: task_dependencies at depth 3, targets_matching, target_attainment and indicator_matrix
under 100 ms median; comparing two
~60 KB plans under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"
REVISED = SEED.with_name("binjiang-three-year-action-plan-2015-2017-revised.txt")
GOAL_MS = 100.0


# ---- the synthetic corpus -----------------------------------------------------------------------

def base_docs(corpus: Path) -> list:
    """The seed, its revision and the shared corpus, parsed and enriched (inferred edges)."""
    from ingest.parse import parse_path
    from analysis.dependencies import with_inferred_edges

    files = sorted((ROOT / "corpus").glob("*.txt"))
    files += sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    return [with_inferred_edges(parse_path(p)) for p in files]


def synthetic_docs(n: int, base: list) -> list:
    """``n`` plans: variant ``k`` of ``base[k % len(base)]`` (new ids, perturbed numbers, titles)."""
    from load import vary  # bench/load.py

    return [vary(base[k % len(base)], k) for k in range(n)]


def build_store(path: Path, docs: list):
    from graph.ladybug_store import LadybugStore

    store = LadybugStore(path)
    have = {p["id"] for p in store.plans()} if path.exists() else set()
    todo = [d for d in docs if d.plan.id not in have]
    start = time.perf_counter()
    for i, doc in enumerate(todo, 1):
        store.add_plan(doc)
        if i % 200 == 0:
            print(f"  loaded {i}/{len(todo)} plans ({time.perf_counter() - start:.0f} s)", flush=True)
    return store, time.perf_counter() - start, len(todo)


def revision_edges(docs: list, base: list, pairs: int = 5) -> list:
    """ALIGNED_WITH/REVISES edges between the first ``pairs`` variants of the seed and its revision."""
    from analysis.compare import alignment_edges, compare_plans

    draft = next(k for k, d in enumerate(base) if d.plan.source == SEED.name)
    edges = []
    for k in list(range(draft, len(docs) - 1, len(base)))[:pairs]:
        a, b = docs[k], docs[k + 1]
        if b.plan.source == REVISED.name:
            edges += alignment_edges(compare_plans(a, b), a, b)
    return edges


# ---- parameters picked from the data ------------------------------------------------------------

def pick_params(docs: list, base: list) -> dict[str, dict[str, Any]]:
    """Parameters for every catalogue query, chosen so that each has real work to do."""
    import networkx as nx

    seed_k = next(k for k, d in enumerate(base) if d.plan.source == SEED.name)
    seed = docs[seed_k]
    other = docs[(seed_k + 5) % len(docs)]
    dep = nx.DiGraph()
    dep.add_edges_from((e.source, e.target) for d in docs[:len(base)] for e in d.edges
                       if e.type == "DEPENDS_ON")
    task = max(dep.nodes, key=lambda t: (len(nx.descendants(dep, t)) + len(nx.ancestors(dep, t)), t))
    cited = Counter(e.target for d in docs for e in {(e.source, e.target): e for e in d.edges
                                                     if e.type == "CITES"}.values())
    supports = [e for e in seed.edges if e.type == "SUPPORTS"]
    seed_tasks = [n.id for n in seed.nodes if n.label == "Task"]
    return {
        "plan_outline": {"plan_id": seed.plan.id},
        "units_under": {"unit_id": f"{seed.plan.id}/3"},
        "plan_targets": {"plan_id": seed.plan.id},
        "targets_by_year": {"year": 2017},
        "targets_due_by": {"year": 2016},
        "targets_of_unit": {"unit_id": f"{seed.plan.id}/2"},
        "targets_matching": {"keyword": "生产总值"},
        "documents_cited_by": {"plan_id": seed.plan.id},
        "plans_citing": {"document_id": cited.most_common(1)[0][0]},
        "mentions_of": {"name": "科技"},
        "task_dependencies": {"task_id": task, "depth": 3},
        "task_supports": {"task_id": supports[0].source},
        "supporters_of": {"unit_id": supports[0].target},
        "path_between": {"a": seed_tasks[0], "b": other.plan.id},
        "plan_revisions": {"plan_id": seed.plan.id},
        "search_text": {"keyword": "工业互联网"},
        "target_attainment": {"indicator": "gdp_growth"},
        "indicator_matrix": {"year": 2025},
    }


# ---- the same questions in networkx ---------------------------------------------------------------

def nx_answers(g) -> dict[str, Callable[..., Any]]:
    """One function per catalogue query over the exported MultiDiGraph (plain scans/traversals)."""
    import networkx as nx

    units = {"Section", "Principle", "Goal", "Project", "Task", "Measure"}
    nodes = g.nodes

    def typed(types):
        return ((a, b, d) for a, b, d in g.edges(data=True) if d["type"] in types)

    def targets(pred):
        return [(n, d) for n, d in nodes(data=True) if d.get("label") == "Target" and pred(d)]

    def owner_plan(n):
        return nodes[n].get("plan_id") or n

    def tree_under(u):
        sub = nx.dfs_preorder_nodes(nx.subgraph_view(g, filter_edge=lambda a, b, k: k == "HAS_PART"), u)
        return [v for v in sub if v != u]

    def dependencies(task_id, depth=3, min_score=0.0):
        view = nx.subgraph_view(g, filter_edge=lambda a, b, k: k == "DEPENDS_ON"
                                and g.edges[a, b, k].get("score", 0) >= min_score)
        out = []
        for direction, graph in (("upstream", view), ("downstream", view.reverse(copy=False))):
            for m, d in nx.single_source_shortest_path_length(graph, task_id, cutoff=depth - 1).items():
                out += [(direction, d + 1, m, u) for u in graph.successors(m)]
        return out

    def cites():
        count = Counter((owner_plan(a), b) for a, b, _ in typed({"CITES"}))
        return count

    return {
        "plans": lambda: sorted((d.get("title") or "", n) for n, d in nodes(data=True) if d.get("label") == "Plan"),
        "plan_outline": lambda plan_id: [n for n, d in nodes(data=True)
                                         if d.get("label") in units and d.get("plan_id") == plan_id],
        "units_under": lambda unit_id: tree_under(unit_id),
        "plan_targets": lambda plan_id: targets(lambda d: d.get("plan_id") == plan_id),
        "targets_by_year": lambda year: targets(lambda d: d.get("year") == year),
        "targets_due_by": lambda year: sorted(targets(lambda d: d.get("year") is not None and d["year"] <= year),
                                              key=lambda t: t[1]["year"]),
        "targets_of_unit": lambda unit_id: [v for u in [unit_id, *tree_under(unit_id)]
                                            for v in g.successors(u) if nodes[v].get("label") == "Target"],
        "targets_matching": lambda keyword: targets(lambda d: keyword in (d.get("metric") or "")),
        "documents_cited_by": lambda plan_id: Counter(b for a, b, _ in typed({"CITES"}) if owner_plan(a) == plan_id),
        "plans_citing": lambda document_id: Counter(owner_plan(a) for a in g.predecessors(document_id)),
        "citation_network": cites,
        "organizations_by_lead_count": lambda: Counter(a for a, _, _ in typed({"LEADS"})).most_common(),
        "mentions_of": lambda name: [(a, b, d["type"]) for a, b, d in typed({"MENTIONS", "LEADS", "SUPPORTS_WORK"})
                                     if name in (nodes[b if d["type"] == "MENTIONS" else a].get("title") or "")],
        "task_dependencies": dependencies,
        "task_supports": lambda task_id: [(b, d) for _, b, d in g.out_edges(task_id, data=True) if d["type"] == "SUPPORTS"],
        "supporters_of": lambda unit_id: [(a, d) for a, _, d in g.in_edges(unit_id, data=True) if d["type"] == "SUPPORTS"],
        "path_between": lambda a, b: nx.shortest_path(g.to_undirected(as_view=True), a, b),
        "plan_revisions": lambda plan_id: [(a, b) for a, b, _ in typed({"REVISES"}) if plan_id in (a, b)],
        "search_text": lambda keyword: [n for n, d in nodes(data=True) if d.get("label") in units
                                        and (keyword in (d.get("title") or "") or keyword in (d.get("text") or ""))],
        "target_attainment": lambda indicator: [(n, d) for n, d in nodes(data=True)
                                                if d.get("label") in ("Target", "Outcome") and d.get("indicator") == indicator],
        "indicator_matrix": lambda year: targets(lambda d: d.get("year") == year and d.get("indicator")),
    }


# ---- timing --------------------------------------------------------------------------------------

def timings(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(median ms, p95 ms, last answer) of ``runs`` calls after one warm-up call."""
    answer = fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = fn()
        samples.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 2 else samples[0]
    return statistics.median(samples), p95, answer


def _size(answer: Any) -> int:
    rows = getattr(answer, "rows", answer)
    try:
        return len(rows)
    except TypeError:
        return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--store", type=Path, default=None, help="keep the database here (reused)")
    ap.add_argument("--buffer-mb", type=int, default=2048,
                    help="page cache of the read-only query store (path_between over every "
                         "relationship type needs far more than the store's default 256 MB)")
    args = ap.parse_args()

    from graph.export import to_networkx
    from core.errors import QueryError
    from queries.catalog import CATALOG, run_named

    t0 = time.perf_counter()
    base = base_docs(args.corpus)
    docs = synthetic_docs(args.plans, base)
    print(f"parsed {len(base)} base plans, {len(docs)} synthetic plans in {time.perf_counter() - t0:.1f} s")
    path = args.store or Path(tempfile.mkdtemp()) / "bench.lbug"
    store, load_s, loaded = build_store(path, docs)
    extra = revision_edges(docs, base)
    store.add_edges(extra)
    nodes, rels = store.counts()
    store.close()
    from graph.ladybug_store import LadybugStore
    store = LadybugStore(path, read_only=True, buffer_pool_mb=args.buffer_mb)  # as the console opens it
    print(f"store {path}: {nodes} nodes, {rels} relationships ({loaded} plans loaded in {load_s:.1f} s)")
    t0 = time.perf_counter()
    g = to_networkx(docs)
    g.add_edges_from((e.source, e.target, e.type, {"type": e.type, **e.props}) for e in extra)
    print(f"networkx export: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in "
          f"{time.perf_counter() - t0:.1f} s\n")

    params = pick_params(docs, base)
    baseline = nx_answers(g)
    head = f"{'query':<30}{'rows':>7}{'median ms':>11}{'p95 ms':>9}   {'networkx median':>15}{'p95 ms':>9}{'nx/lbug':>9}"
    print(head + "\n" + "-" * len(head))
    results = {}
    for name in CATALOG:
        p = params.get(name, {})
        try:
            med, p95, answer = timings(lambda: run_named(store, name, **p), args.runs)
        except QueryError as exc:
            print(f"{name:<30} failed: {exc}")
            results[name] = float("inf")
            continue
        nx_med, nx_p95, _ = timings(lambda: baseline[name](**p), max(3, args.runs // 3))
        results[name] = med
        print(f"{name:<30}{_size(answer):>7}{med:>11.1f}{p95:>9.1f}   {nx_med:>15.1f}{nx_p95:>9.1f}"
              f"{nx_med / med if med else float('inf'):>8.1f}x")
    store.close()

    print()
    for name in ("task_dependencies", "targets_matching", "target_attainment", "indicator_matrix"):
        ok = results[name] < GOAL_MS
        print(f"goal {name} median < {GOAL_MS:.0f} ms: {results[name]:.1f} ms {'OK' if ok else 'MISSED'}")

    from ingest.parse import parse_path
    from analysis.compare import compare_plans
    pair = [args.corpus / "gov-work-report-2016.txt", args.corpus / "gov-work-report-2017.txt"]
    if all(p.is_file() for p in pair):
        a, b = (parse_path(p) for p in pair)
        med, p95, _ = timings(lambda: compare_plans(a, b), 5)
        kb = "/".join(f"{p.stat().st_size / 1024:.0f}" for p in pair)
        print(f"goal compare_plans on two plans ({kb} KB) < 2 s: median {med / 1000:.2f} s, "
              f"p95 {p95 / 1000:.2f} s {'OK' if med < 2000 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
