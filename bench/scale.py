"""Ingest of one large generated plan: parse, dependency inference and store, against parse alone.

    .venv/bin/python bench/scale.py [--tasks 2000 10000] [--runs 3]

Each plan comes from ``bench/synthetic.task_plan`` (numbered tasks that build named platforms and
lean on each other's, so inference has real work). For each size: the median of ``--runs`` of a
parse alone and of ``policykg ingest``'s path (parse, infer, store into a fresh embedded store),
each after the tokenizer caches are emptied, and their ratio (goal: at most 3x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _cold() -> None:
    """Forget every segmentation the tokenizer remembers, so each run segments afresh."""
    from ingest.tokenizer import get_tokenizer
    from analysis import similarity

    get_tokenizer()._tag_cached.cache_clear()
    similarity._tokens_cached.cache_clear()


def time_parse(path: Path) -> float:
    from ingest.parse import parse_path

    _cold()
    t0 = time.perf_counter()
    parse_path(path)
    return time.perf_counter() - t0


def time_ingest(path: Path) -> float:
    from graph.ladybug_store import LadybugStore
    from workspace.ingest import default_enrich, ingest_paths

    _cold()
    folder = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    store = LadybugStore(folder / "kg.lbug")
    try:
        results = ingest_paths([path], store, enrich=default_enrich())
    finally:
        store.close()
    elapsed = time.perf_counter() - t0
    assert all(r.ok for r in results), results
    return elapsed


def measure(tasks: int, runs: int) -> dict:
    from synthetic import task_plan

    folder = Path(tempfile.mkdtemp())
    path = folder / f"plan-{tasks}.txt"
    path.write_text(task_plan(tasks), encoding="utf-8")
    parse_t, ingest_t = [], []
    for _ in range(runs):  # interleaved: machine noise hits both alike
        parse_t.append(time_parse(path))
        ingest_t.append(time_ingest(path))
    p, i = statistics.median(parse_t), statistics.median(ingest_t)
    return {"tasks": tasks, "chars": len(path.read_text(encoding="utf-8")), "parse_s": p,
            "ingest_s": i, "ratio": i / p}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from ingest.parse import parse_plan

    parse_plan("示例计划\n一、推进研发。", source="warm.txt")  # jieba's dictionary off the clock
    print(f"{'tasks':>7} {'chars':>9} {'parse s':>9} {'ingest s':>9} {'ratio':>7}  (goal <= 3x)")
    for n in args.tasks:
        r = measure(n, args.runs)
        print(f"{r['tasks']:>7,} {r['chars']:>9,} {r['parse_s']:>9.2f} {r['ingest_s']:>9.2f} {r['ratio']:>6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
