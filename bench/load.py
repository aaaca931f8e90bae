"""Load benchmark (issue 3): ingest cost against a bare jieba pass, and synthetic-corpus scale.

    .venv/bin/python bench/load.py [--corpus ../shared/corpus] [--plans 1000] [--json out.json]

1. ``policykg ingest CORPUS`` into a fresh embedded store, one process, against one process
   that only reads the same files and runs ``jieba.lcut`` over them (goal: at most 4x).
2. A synthetic corpus of N plans (the parsed real ones, renumbered, numbers and titles
   perturbed) streamed into a fresh store twice, through ``add_plan`` (a transaction per plan)
   and through ``add_plans`` (batched transactions, what ``policykg ingest`` uses):
   nodes+relationships per second, database size and peak memory, against one raw
   ``COPY FROM`` of the same rows, prepared in memory beforehand (goal: at least half of raw
   speed). Every clock runs until the store is closed, so the final checkpoint is counted.
   Making the synthetic plans is kept off the clock (the raw run builds its rows beforehand);
   turning plans into rows (``plan_to_rows``) is on it. Each measurement runs in its own
   process so peak RSS is its own; ``peak_mb_before_load`` is the RSS after parsing the real
   corpus (jieba, parser), before the first plan is stored.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return time.perf_counter() - start, out.stdout


# ---- workers (run in child processes) ---------------------------------------------------------

def work_jieba(corpus: str) -> dict:
    import jieba
    jieba.setLogLevel(60)
    tokens = 0
    for path in sorted(Path(corpus).glob("*.txt")):
        tokens += len(jieba.lcut(path.read_text(encoding="utf-8")))
    return {"tokens": tokens, "peak_mb": _peak_mb()}


def vary(doc, k: int):
    """Plan ``doc`` as synthetic variant ``k``: new ids, perturbed target values and title."""
    from core.model import Edge, Node

    old, new = doc.plan.id, f"{doc.plan.id}-v{k}"
    rename = lambda i: new + i[len(old):] if i == old or i.startswith(old + "/") else i  # noqa: E731
    factor = 1 + (k % 97) / 1000
    nodes = []
    for n in doc.nodes:
        props = dict(n.props)
        if n.label == "Target" and isinstance(props.get("value"), (int, float)):
            props["value"] = props["value"] * factor
        nodes.append(Node(rename(n.id), n.label, n.title, n.text, n.path, n.start, n.end, props))
    edges = [Edge(rename(e.source), rename(e.target), e.type, e.props) for e in doc.edges]
    meta = dataclasses.replace(doc.plan, id=new, title=f"{doc.plan.title}（第{k}稿）")
    return dataclasses.replace(doc, plan=meta, nodes=tuple(nodes), edges=tuple(edges))


def _synthetic(corpus: str, n: int):
    from workspace.ingest import default_enrich
    from ingest.parse import parse_path
    enrich = default_enrich()
    base = [enrich(parse_path(p)) for p in sorted(Path(corpus).glob("*.txt"))]
    for k in range(n):
        yield vary(base[k % len(base)], k)


def work_ingest_synthetic(corpus: str, n: int, db: str, mode: str) -> dict:
    """Stream ``n`` synthetic plans into a fresh store, ``per-plan`` (``add_plan`` each) or
    ``batched`` (``add_plans``); the clock runs until the store is closed (checkpointed)."""
    from graph.ladybug_store import LadybugStore
    from graph.store import AddFailure
    docs = _synthetic(corpus, n)
    first = next(docs)  # parse the real corpus before the clock starts
    before_mb = _peak_mb()
    store = LadybugStore(db)
    every = max(n // 5, 1)
    marks = []

    making = [0.0]  # seconds spent making synthetic plans (a stand-in for parsing): off the clock

    def stream():
        yield first
        while True:
            t = time.perf_counter()
            doc = next(docs, None)
            making[0] += time.perf_counter() - t
            if doc is None:
                return
            yield doc

    start = time.perf_counter()
    results = (store.add_plan(d) for d in stream()) if mode == "per-plan" else store.add_plans(stream())
    for i, result in enumerate(results, 1):
        if isinstance(result, AddFailure) and result.error:
            raise SystemExit(f"plan {result.plan_id} failed: {result.error}")
        if i % every == 0:
            marks.append((i, round(_peak_mb())))
    load_s = time.perf_counter() - start - making[0]
    nodes, rels = store.counts()
    close_start = time.perf_counter()
    store.close()
    close_s = time.perf_counter() - close_start
    return {"seconds": load_s + close_s, "load_s": load_s, "close_s": close_s,
            "making_s": making[0], "nodes": nodes, "rels": rels, "peak_mb_by_plans": marks, "peak_mb_before_load": round(before_mb),
            "peak_mb": _peak_mb(), "db_mb": _size_mb(db)}


def work_raw_copy(corpus: str, n: int, db: str) -> dict:
    import pyarrow as pa

    from graph import cypher
    from graph.ladybug_store import LadybugStore, _arrow_schema
    from core.model import NODE_PROPS, REL_PROPS
    from graph.rows import parse_key, plan_to_rows
    tables: dict[str, dict] = {}
    for doc in _synthetic(corpus, n):
        for key, rows in plan_to_rows(doc).items():
            bucket = tables.setdefault(key, {})
            for r in rows:
                bucket.setdefault(r.get("id") or (r["src"], r["dst"]), r)
    store = LadybugStore(db)
    conn = store._conn
    start = time.perf_counter()
    for key, by_id in tables.items():
        rel = parse_key(key)
        if rel is None:
            batch = pa.Table.from_pylist(list(by_id.values()), schema=_arrow_schema(NODE_PROPS[key], ["id"]))
            conn.execute(cypher.ladybug_copy_nodes(key), {"batch": batch})
    for key, by_id in tables.items():
        rel = parse_key(key)
        if rel is not None and "*" not in rel:
            schema = _arrow_schema(REL_PROPS[rel[0]], ["src", "dst"])
            batch = pa.Table.from_pylist(list(by_id.values()), schema=schema)
            conn.execute(cypher.ladybug_copy_rels(*rel), {"batch": batch})
    load_s = time.perf_counter() - start
    nodes, rels = store.counts()
    close_start = time.perf_counter()
    store.close()
    close_s = time.perf_counter() - close_start
    return {"seconds": load_s + close_s, "load_s": load_s, "close_s": close_s, "nodes": nodes,
            "rels": rels, "db_mb": _size_mb(db)}


def _size_mb(db: str) -> float:
    return round(sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 2**20, 1)


def _child(name: str, *args: str) -> dict:
    os.sync()  # the previous run's dirty pages are not flushed on this run's clock
    cmd = [sys.executable, __file__, "--worker", name, *args]
    _, out = _timed(cmd)
    return json.loads(out.strip().splitlines()[-1])


# ---- driver ---------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        name, *rest = args.worker
        workers: dict[str, Callable[..., dict[str, Any]]] = {
            "jieba": work_jieba, "ingest": work_ingest_synthetic, "copy": work_raw_copy}
        fn = workers[name]
        print(json.dumps(fn(rest[0], *[int(x) if x.isdigit() else x for x in rest[1:]])))
        return
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        jieba_s, _ = _timed([sys.executable, __file__, "--worker", "jieba", args.corpus])
        policykg = str(Path(sys.executable).with_name("policykg"))
        ingest_s, _ = _timed([policykg, "ingest", args.corpus, "--store", f"{tmp}/corpus.lbug"])
        report["corpus"] = {"jieba_s": round(jieba_s, 2), "ingest_s": round(ingest_s, 2),
                            "ratio": round(ingest_s / jieba_s, 2), "goal": "<= 4"}
        print(json.dumps(report["corpus"]), flush=True)
        raw = _child("copy", args.corpus, str(args.plans), f"{tmp}/raw.lbug")
        raw_rate = (raw["nodes"] + raw["rels"]) / raw["seconds"]
        report["raw_copy"] = {"plans": args.plans, "nodes": raw["nodes"], "rels": raw["rels"],
                              "seconds": round(raw["seconds"], 2),
                              "close_s": round(raw["close_s"], 2),
                              "items_per_s": round(raw_rate), "db_mb": raw["db_mb"]}
        print(json.dumps({"raw_copy": report["raw_copy"]}), flush=True)
        for mode in ("per-plan", "batched"):
            run = _child("ingest", args.corpus, str(args.plans), f"{tmp}/{mode}.lbug", mode)
            rate = (run["nodes"] + run["rels"]) / run["seconds"]
            report[mode] = {
                "plans": args.plans, "nodes": run["nodes"], "rels": run["rels"],
                "seconds": round(run["seconds"], 2), "close_s": round(run["close_s"], 2),
                "making_plans_s_off_clock": round(run["making_s"], 2),
                "items_per_s": round(rate), "ratio_to_raw": round(rate / raw_rate, 3),
                "goal": ">= 0.5", "db_mb": run["db_mb"],
                "peak_mb_before_load": run["peak_mb_before_load"], "peak_mb": round(run["peak_mb"]),
                "peak_mb_by_plans": run["peak_mb_by_plans"],
                "same_counts_as_raw": (run["nodes"], run["rels"]) == (raw["nodes"], raw["rels"]),
            }
            print(json.dumps({mode: report[mode]}), flush=True)
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
