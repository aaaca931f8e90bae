"""Query benchmark (issues 4 and 20): every catalogue query on synthetic embedded stores of one or
more sizes, against the same question answered with networkx on the exported graph, in the same run.

    .venv/bin/python bench/query.py [--plans 1000 10000] [--runs 20] [--store PATH ...]
                                    [--no-networkx] [--json OUT] [--before EARLIER.json] [--corpus DIR]

The synthetic corpus is the parsed real plans (../shared/corpus plus the seed and its revision,
enriched with inferred dependencies) renumbered and perturbed by ``bench/load.py``'s ``vary``;
the store of N plans holds the first N variants, so a smaller store is a part of a larger one.
``--store`` keeps the databases between runs (one path per size, or one path with ``{plans}``;
a store is completed, not rebuilt, when it already holds plans). Each size prints its table
(median and p95 of ``--runs`` in-process runs after a warm-up, and networkx beside it), then
one table has a column per size, the ratio of the largest size to the one before, and the goals.

Goals: every catalogue query under 100 ms median at the largest size; the fixed-size answers
(:data:`FIXED_SIZE`: one plan's outline, one unit's targets, one task's chain, one path) within
1.5x from one size to the next; task_dependencies at depth 3, targets_matching,
target_attainment and indicator_matrix under 100 ms median; comparing two ~60 KB plans under 2 s.

Issue 20, measured on the shared 2-core machine (its load varies: compare columns of one run
only). The stores: ``--store /tmp/kg1k.lbug /tmp/kg10k.lbug`` (10,000 plans: 1,466,781 nodes,
2,183,509 relationships, built with ``add_plans`` in 190 s, 610 MB). Medians of 20 runs of the
catalogue at commit 35aea2e ("before": its texts on the store) and of ``run_named`` now
("after"), interleaved run by run in one process on the same stores, ms:

    query                        fixed  rows 10k  before 1k      10k  ratio  after 1k     10k  ratio  goals after
    plans                                  10000        4.1     72.2  17.5x       4.4    71.6  16.4x  met
    plan_outline                   yes        66       10.4    126.4  12.2x       7.5     8.3   1.1x  met
    units_under                    yes        30        4.6     22.2   4.8x       3.4     3.2   1.0x  met
    plan_targets                   yes        69       10.3     70.9   6.9x      17.3     5.3   0.3x  met
    targets_by_year                        48700       47.2    522.9  11.1x      45.8   503.4  11.0x  MISSED >=100 ms
    targets_due_by                         69767       46.9    504.9  10.8x      47.2   506.2  10.7x  MISSED >=100 ms
    targets_of_unit                yes         4       16.7    133.1   8.0x       5.9     4.7   0.8x  met
    targets_matching                       11583       17.4    136.3   7.9x      17.0   138.5   8.2x  MISSED >=100 ms
    documents_cited_by             yes         6        5.5     31.8   5.7x       3.8     3.5   0.9x  met
    plans_citing                            5225        3.7     39.2  10.7x       3.6    42.1  11.7x  met
    citation_network                       41582       29.7    356.8  12.0x      29.4   347.0  11.8x  MISSED >=100 ms
    organizations_by_lead_count              120       18.5    148.8   8.1x      19.1   138.1   7.2x  MISSED >=100 ms
    mentions_of                             7286        9.8     50.0   5.1x       9.1    52.3   5.7x  met
    task_dependencies              yes         3       31.2    175.7   5.6x       7.9     4.6   0.6x  met
    task_supports                  yes         1        3.3     13.1   4.0x       2.2     2.1   0.9x  met
    supporters_of                  yes         2        0.7      1.3   1.8x       0.8     0.5   0.7x  met
    path_between                   yes         1     failed   failed      -     150.3   437.7   2.9x  MISSED >=100 ms, ratio>1.5
    plan_revisions                 yes         1        0.6      2.4   4.2x       1.3     1.4   1.1x  met
    search_text                            17767       68.0    535.2   7.9x      71.6   505.0   7.1x  MISSED >=100 ms
    target_attainment                         33       53.0    398.9   7.5x      52.0   380.8   7.3x  MISSED >=100 ms
    indicator_matrix                       22263       16.4     92.0   5.6x      16.6    90.7   5.5x  met

All goals met in this run: 13 of 21 queries, among them 9 of the 10 fixed-size ones (before:
4, none of them fixed-size, since no fixed-size query kept within 1.5x). plans (72 ms) and
indicator_matrix (91 ms) pass only just, and not in every run (133 ms for indicator_matrix in
one of the bench's own runs). Missed, and why:

* targets_by_year, targets_due_by, citation_network, search_text, targets_matching: answers
  that grow with the store (48,700, 69,767, 41,582, 17,767, 11,583 rows at 10,000 plans) and
  no row limit in their entries. For the widest, turning the engine's rows into Python tuples
  (graph/ladybug_store.py ``_exec``: ``get_all`` then ``plain_row`` per value) costs as much
  as the query; with an ordered
  ``LIMIT 1000`` added, plans, mentions_of, plans_citing and indicator_matrix take 15-74 ms
  but targets_by_year 221, targets_matching 163, citation_network 328 and search_text 911
  (the sort, or the CONTAINS over every unit's text, is the engine's own time).
* organizations_by_lead_count and target_attainment (120 and 33 rows) aggregate every LEADS
  relationship (103,788) or every target and outcome of the indicator; a one-pass
  target_attainment over lists (collect, list_filter) was given up: in Ladybug 0.22
  list_filter over a collected list of structs gave different answers for the same
  expression, and UNWIND of one failed with ``bad_function_call``.
* path_between: bounded (never the buffer-pool error; a QueryError naming its bounds past
  them), exact when it answers, but the bench pair's shortest path (5 hops) runs through two
  places with 73,163 and 2,957 relationships, and the search reads ~270 nodes one primary-key
  lookup at a time (~1-2 ms each here) at 10,000 plans against ~70 at 1,000. Random pairs:
  median ~50-100 ms at both sizes, a few refused at their bounds.

The bench's own run, once the synthetic plans carry policy-instrument codes as ingest now
writes them (``--store /tmp/kg1k_i.lbug /tmp/kg10k_i.lbug``, 10,000 plans built in 260 s),
1,000 / 10,000 plans, ms: instrument_profile 7.3 / 10.8, instruments_by_goal 5.0 / 8.6,
instrument_units 3.0 / 4.8 (their portable texts, which filter plan_id over every coded
unit: 2.7 / 15.6, 3.3 / 14.5, 5.4 / 29.7); path_between 13.5 / 25.1 (the shared instrument
nodes give short paths); the others as above. Single runs of queries of a few ms move by
1-2 ms from run to run here, so a 1.5x ratio between two of them (supporters_of 0.6 / 1.1,
plan_revisions 1.1 / 1.7 in that run) is read in the interleaved table above.

Small stores: at 100 plans the plan- and unit-wide queries take 1-6 ms more than before
(recursive patterns cost ~2-5 ms at any size where the old scans of a small store cost ~1-3);
plan_targets is slower at 1,000 plans (10 -> 17 ms), faster at 10,000 (71 -> 5).
"""

from __future__ import annotations

import argparse
import json
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
#: Queries whose answer has a fixed size (one plan's outline, one unit's targets, one task's
#: chain, one path): their time should not grow with the store.
FIXED_SIZE = frozenset({"plan_outline", "units_under", "plan_targets", "targets_of_unit",
                        "documents_cited_by", "task_dependencies", "task_supports", "supporters_of",
                        "path_between", "plan_revisions", "instrument_profile", "instruments_by_goal",
                        "instrument_units"})
#: Most a fixed-size query may slow down from one store size to the next (10x the plans).
FIXED_RATIO = 1.5


# ---- the synthetic corpus -----------------------------------------------------------------------

def base_docs(corpus: Path) -> list:
    """The seed, its revision and the shared corpus, parsed and enriched as ingest enriches
    (inferred edges, policy-instrument codes)."""
    from ingest.parse import parse_path
    from workspace.ingest import enrich_plan

    files = sorted((ROOT / "corpus").glob("*.txt"))
    files += sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    return [enrich_plan(parse_path(p)) for p in files]


def synthetic_docs(n: int, base: list) -> list:
    """``n`` plans: variant ``k`` of ``base[k % len(base)]`` (new ids, perturbed numbers, titles)."""
    from load import vary  # bench/load.py

    return [vary(base[k % len(base)], k) for k in range(n)]


def build_store(path: Path, docs: list):
    """The store at ``path`` holding ``docs`` (those already there are kept): batched loads,
    as ``policykg ingest`` does. Returns (store open for writing, load seconds, plans loaded)."""
    from graph.ladybug_store import LadybugStore
    from graph.store import AddFailure

    store = LadybugStore(path)
    have = {p["id"] for p in store.plans()}
    todo = [d for d in docs if d.plan.id not in have]
    start = time.perf_counter()
    for i, result in enumerate(store.add_plans(todo), 1):
        if isinstance(result, AddFailure):
            print(f"  {result.plan_id}: {result.error}", flush=True)
        if i % 1000 == 0:
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
    coded = Counter(e.target for e in seed.edges if e.type == "INSTRUMENT")
    instrument = next((n.props.get("instrument") for n in seed.nodes
                       if coded and n.id == coded.most_common(1)[0][0]), None) or "funding"
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
        "instrument_profile": {"plan_id": seed.plan.id},
        "instruments_by_goal": {"plan_id": seed.plan.id},
        "instrument_units": {"plan_id": seed.plan.id, "instrument": instrument},
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


def _store_paths(given: list[str] | None, sizes: list[int]) -> list[Path]:
    """One database path per size: ``--store`` gives one path per size, or one path with
    ``{plans}`` in it; without it, fresh temporary files."""
    if not given:
        tmp = Path(tempfile.mkdtemp())
        return [tmp / f"bench{n}.lbug" for n in sizes]
    if len(given) == 1 and "{plans}" in given[0]:
        return [Path(given[0].format(plans=n)) for n in sizes]
    if len(given) != len(sizes):
        raise SystemExit(f"--store: give one path per --plans size ({len(sizes)}), or one with {{plans}} in it")
    return [Path(g) for g in given]


def measure(n: int, path: Path, base: list, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Every catalogue query on an ``n``-plan store at ``path`` (built or completed first): the
    table of one size, with the networkx answer beside it unless ``--no-networkx``.
    Returns ``{query: {"ms", "p95", "rows", "error"}}``."""
    from core.errors import QueryError
    from graph.ladybug_store import LadybugStore
    from queries.catalog import CATALOG, run_named

    t0 = time.perf_counter()
    docs = synthetic_docs(n, base)
    print(f"== {n} plans: {len(docs)} synthetic plans made in {time.perf_counter() - t0:.1f} s")
    store, load_s, loaded = build_store(path, docs)
    extra = revision_edges(docs, base)
    store.add_edges(extra)
    nodes, rels = store.counts()
    store.close()
    store = LadybugStore(path, read_only=True, buffer_pool_mb=args.buffer_mb)  # as `policykg query` opens it
    print(f"store {path}: {nodes} nodes, {rels} relationships ({loaded} plans loaded in {load_s:.1f} s)")
    baseline: dict[str, Callable[..., Any]] = {}
    if args.networkx:
        from graph.export import to_networkx

        t0 = time.perf_counter()
        g = to_networkx(docs)
        g.add_edges_from((e.source, e.target, e.type, {"type": e.type, **e.props}) for e in extra)
        baseline = nx_answers(g)
        print(f"networkx export: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges in "
              f"{time.perf_counter() - t0:.1f} s")
    print()
    params = pick_params(docs, base)
    head = f"{'query':<30}{'rows':>7}{'median ms':>11}{'p95 ms':>9}"
    if baseline:
        head += f"   {'networkx median':>15}{'p95 ms':>9}{'nx/lbug':>9}"
    print(head + "\n" + "-" * len(head))
    results: dict[str, dict[str, Any]] = {}
    for name in CATALOG:
        p = params.get(name, {})
        try:
            med, p95, answer = timings(lambda: run_named(store, name, **p), args.runs)
        except QueryError as exc:
            message = str(exc).splitlines()[0]
            print(f"{name:<30} failed: {message}")
            results[name] = {"ms": None, "p95": None, "rows": None, "error": message}
            continue
        results[name] = {"ms": med, "p95": p95, "rows": _size(answer), "error": None}
        line = f"{name:<30}{_size(answer):>7}{med:>11.1f}{p95:>9.1f}"
        if name in baseline:
            nx_med, nx_p95, _ = timings(lambda: baseline[name](**p), max(3, args.runs // 3))
            line += f"   {nx_med:>15.1f}{nx_p95:>9.1f}{nx_med / med if med else float('inf'):>8.1f}x"
        print(line)
    store.close()
    print()
    return results


def _ms(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return "-"
    return "failed" if cell.get("ms") is None else f"{cell['ms']:.1f}"


def summary(sizes: list[int], results: dict[int, dict[str, dict[str, Any]]],
            before: dict[int, dict[str, dict[str, Any]]] | None = None) -> dict[str, bool]:
    """One table, a column per store size: each query's median ms and rows, the ratio of the
    largest size to the one before it, and the goals (:data:`GOAL_MS` at the largest size for
    every query; within :data:`FIXED_RATIO` across sizes for the fixed-size answers of
    :data:`FIXED_SIZE`). With ``before`` (an earlier run's --json), its medians are shown too.
    Returns {query: goals met}."""
    from queries.catalog import CATALOG

    big = sizes[-1]
    small = sizes[-2] if len(sizes) > 1 else None
    cols = [f"{'query':<28}{'fixed':>6}"]
    if before:
        cols += [f"{'before ' + str(n):>13}" for n in sizes if n in before]
    cols += [f"{'ms ' + str(n):>10}{'rows':>7}" for n in sizes]
    if small:
        cols.append(f"{f'{big // 1000}k/{small // 1000}k' if small >= 1000 else 'ratio':>9}")
    cols.append(f"  {'goal':<26}")
    head = "".join(cols)
    print(head + "\n" + "-" * len(head))
    met: dict[str, bool] = {}
    for name in CATALOG:
        fixed = name in FIXED_SIZE
        line = f"{name:<28}{'yes' if fixed else '':>6}"
        if before:
            line += "".join(f"{_ms(before[n].get(name)):>13}" for n in sizes if n in before)
        for n in sizes:
            cell = results[n][name]
            rows = "" if cell["rows"] is None else str(cell["rows"])
            line += f"{_ms(cell):>10}{rows:>7}"
        big_ms = results[big][name]["ms"]
        ratio = None
        if small:
            small_ms = results[small][name]["ms"]
            ratio = big_ms / small_ms if big_ms is not None and small_ms else None
            line += f"{'-' if ratio is None else f'{ratio:.2f}x':>9}"
        problems = []
        if big_ms is None:
            problems.append("failed")
        elif big_ms >= GOAL_MS:
            problems.append(f">= {GOAL_MS:.0f} ms")
        if fixed and small and (ratio is None or ratio > FIXED_RATIO):
            problems.append(f"ratio > {FIXED_RATIO}")
        met[name] = not problems
        line += "  " + ("OK" if not problems else "MISSED: " + ", ".join(problems))
        print(line)
    print(f"\ngoals at {big} plans: {sum(met.values())}/{len(met)} queries under {GOAL_MS:.0f} ms"
          + (f" and, when fixed-size, within {FIXED_RATIO}x of {small} plans" if small else ""))
    return met


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, nargs="+", default=[1000],
                    help="store sizes, in plans (one table column each; the goals are read at the last)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--store", nargs="+", default=None,
                    help="keep the databases here (reused): one path per size, or one with {plans}")
    ap.add_argument("--buffer-mb", type=int, default=None,
                    help="page cache of the read-only query store (default: the store's own for "
                         "read-only opens, what `policykg query` gets)")
    ap.add_argument("--no-networkx", dest="networkx", action="store_false",
                    help="skip the networkx answers (exporting 10,000 plans takes minutes and GBs)")
    ap.add_argument("--json", type=Path, default=None, help="write the medians here")
    ap.add_argument("--before", type=Path, default=None,
                    help="an earlier run's --json, shown beside these medians")
    args = ap.parse_args()
    sizes = sorted(set(args.plans))
    paths = _store_paths(args.store, sizes)

    t0 = time.perf_counter()
    base = base_docs(args.corpus)
    print(f"parsed {len(base)} base plans in {time.perf_counter() - t0:.1f} s\n")
    results = {n: measure(n, path, base, args) for n, path in zip(sizes, paths)}
    before = None
    if args.before:
        before = {int(k): v for k, v in json.loads(args.before.read_text(encoding="utf-8")).items()}
    summary(sizes, results, before)
    if args.json:
        args.json.write_text(json.dumps({str(n): r for n, r in results.items()}, indent=1), encoding="utf-8")

    print()
    at = sizes[-1]
    for name in ("task_dependencies", "targets_matching", "target_attainment", "indicator_matrix"):
        ms = results[at][name]["ms"]
        ok = ms is not None and ms < GOAL_MS
        shown = "failed" if ms is None else f"{ms:.1f} ms"
        print(f"goal {name} median < {GOAL_MS:.0f} ms at {at} plans: {shown} {'OK' if ok else 'MISSED'}")

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
