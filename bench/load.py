"""Load benchmark (issue 3): ingest cost against a bare jieba pass, and synthetic-corpus scale.

    .venv/bin/python bench/load.py [--corpus ../shared/corpus] [--plans 1000] [--json out.json]

1. ``policykg ingest CORPUS`` into a fresh embedded store, one process, against one process
   that only reads the same files and runs ``jieba.lcut`` over them (goal: at most 4x).
2. A synthetic corpus of N plans (the parsed real ones, renumbered, numbers and titles
   perturbed) streamed through ``add_plan`` into a fresh store: nodes+relationships per second,
   database size and peak memory, against one raw ``COPY FROM`` of the same rows (goal: at
   least half of raw speed). Each measurement runs in its own process so peak RSS is its own.
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
    from graph.model import Edge, Node, PlanMeta

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
    from graph.load import default_enrich
    from ingest.parse import parse_path
    enrich = default_enrich() or (lambda d: d)
    base = [enrich(parse_path(p)) for p in sorted(Path(corpus).glob("*.txt"))]
    for k in range(n):
        yield vary(base[k % len(base)], k)


def work_ingest_synthetic(corpus: str, n: int, db: str) -> dict:
    from graph.ladybug_store import LadybugStore
    docs = _synthetic(corpus, n)
    first = next(docs)  # parse the real corpus before the clock starts
    store = LadybugStore(db)
    marks = []
    start = time.perf_counter()
    store.add_plan(first)
    for i, doc in enumerate(docs, 2):
        store.add_plan(doc)
        if i % max(n // 5, 1) == 0:
            marks.append((i, round(_peak_mb())))
    seconds = time.perf_counter() - start
    nodes, rels = store.counts()
    store.close()
    return {"seconds": seconds, "nodes": nodes, "rels": rels, "peak_mb_by_plans": marks,
            "peak_mb": _peak_mb(), "db_mb": _size_mb(db)}


def work_raw_copy(corpus: str, n: int, db: str) -> dict:
    import pyarrow as pa

    from graph import cypher
    from graph.ladybug_store import LadybugStore, _arrow_schema
    from graph.model import NODE_PROPS, REL_PROPS
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
    for key, rows in tables.items():
        rel = parse_key(key)
        if rel is None:
            batch = pa.Table.from_pylist(list(rows.values()), schema=_arrow_schema(NODE_PROPS[key], ["id"]))
            conn.execute(cypher.ladybug_copy_nodes(key), {"batch": batch})
    for key, rows in tables.items():
        rel = parse_key(key)
        if rel is not None and "*" not in rel:
            schema = _arrow_schema(REL_PROPS[rel[0]], ["src", "dst"])
            batch = pa.Table.from_pylist(list(rows.values()), schema=schema)
            conn.execute(cypher.ladybug_copy_rels(*rel), {"batch": batch})
    seconds = time.perf_counter() - start
    nodes, rels = store.counts()
    store.close()
    return {"seconds": seconds, "nodes": nodes, "rels": rels, "db_mb": _size_mb(db)}


def _size_mb(db: str) -> float:
    return round(sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 2**20, 1)


def _child(name: str, *args: str) -> dict:
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
        fn = {"jieba": work_jieba, "ingest": work_ingest_synthetic, "copy": work_raw_copy}[name]
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
        ingest = _child("ingest", args.corpus, str(args.plans), f"{tmp}/synthetic.lbug")
        raw = _child("copy", args.corpus, str(args.plans), f"{tmp}/raw.lbug")
        items = ingest["nodes"] + ingest["rels"]
        rate, raw_rate = items / ingest["seconds"], (raw["nodes"] + raw["rels"]) / raw["seconds"]
        report["synthetic"] = {
            "plans": args.plans, "nodes": ingest["nodes"], "rels": ingest["rels"],
            "ingest_s": round(ingest["seconds"], 2), "items_per_s": round(rate),
            "raw_copy_s": round(raw["seconds"], 2), "raw_items_per_s": round(raw_rate),
            "ratio_to_raw": round(rate / raw_rate, 3), "goal": ">= 0.5",
            "db_mb": ingest["db_mb"], "raw_db_mb": raw["db_mb"], "peak_mb": round(ingest["peak_mb"]),
            "peak_mb_by_plans": ingest["peak_mb_by_plans"],
            "same_counts_as_raw": (ingest["nodes"], ingest["rels"]) == (raw["nodes"], raw["rels"]),
        }
        print(json.dumps(report["synthetic"]), flush=True)
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
