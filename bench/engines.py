"""Neo4j against Ladybug in one run (issue 15): load throughput on the same synthetic plans, and
every catalogue query's median on both engines.

    .venv/bin/python bench/engines.py [--plans 1000] [--runs 15] [--json OUT]

The plans are bench/query.py's synthetic corpus (the parsed real plans renumbered and perturbed).
Neo4j is ``$NEO4J_URI`` when set (a throw-away server: it is emptied), else a server this script
starts with neo4j-server/run on a free port and stops at the end. Ladybug is a fresh file in a
temporary folder. Goal: every catalogue query under 100 ms median on both engines.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from query import DEFAULT_CORPUS, GOAL_MS, base_docs, pick_params, synthetic_docs, timings  # noqa: E402

if TYPE_CHECKING:
    from core.model import PlanDoc
    from graph.store import GraphStore


@contextmanager
def neo4j_server():
    """The URI of a Neo4j to use: ``$NEO4J_URI``, or one started here for the run."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = Path(tempfile.mkdtemp(prefix="bench-neo4j-"))
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    proc = subprocess.Popen([str(ROOT / "neo4j-server" / "run"), "--data", str(data), "--bolt-port", str(port),
                             "--http-port", "0", "--pagecache", "1g"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        for line in proc.stdout:
            if line.startswith("ready "):
                break
        else:
            raise SystemExit("the local Neo4j did not start")
        os.environ.pop("NEO4J_PASSWORD", None)
        yield f"bolt://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(60)


def empty(store: GraphStore) -> None:
    """Delete everything in slices: one DETACH DELETE of a 1,000-plan store passes the server's
    per-transaction memory cap."""
    while store.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n",
                    write=True).rows[0][0]:
        pass


def load(store: GraphStore, docs: Sequence[PlanDoc], *, per_plan: bool = False) -> float:
    """Seconds to store ``docs`` as ``policykg ingest`` does (``add_plans``: batches), or with
    one ``add_plan`` transaction per plan (the baseline)."""
    start = time.perf_counter()
    results = (store.add_plan(d) for d in docs) if per_plan else store.add_plans(docs)
    for i, _ in enumerate(results, 1):
        if i % 100 == 0:
            print(f"  {store.engine}: {i}/{len(docs)} plans", file=sys.stderr, flush=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--per-plan-baseline", action="store_true",
                    help="also time Neo4j with one transaction per plan (the load before batching)")
    args = ap.parse_args()

    from graph.engines import open_store
    from graph.ladybug_store import LadybugStore
    from queries.catalog import CATALOG, run_named

    base = base_docs(args.corpus)
    docs = synthetic_docs(args.plans, base)
    params = pick_params(docs, base)
    nodes = sum(len(d.nodes) for d in docs)
    print(f"{len(docs)} plans, {nodes:,} nodes", flush=True)
    report: dict = {"plans": len(docs), "nodes": nodes, "load_s": {}, "queries": {}}
    with tempfile.TemporaryDirectory() as tmp, neo4j_server() as uri:
        lb = LadybugStore(Path(tmp) / "kg.lbug", buffer_pool_mb=2048)
        neo = open_store(uri)
        empty(neo)
        if args.per_plan_baseline:
            report["load_s"]["neo4j, a transaction per plan"] = load(neo, docs, per_plan=True)
            empty(neo)
        for store in (lb, neo):
            report["load_s"][store.engine] = load(store, docs)
        neo.run("CALL db.awaitIndexes(600)", write=True)
        print(f"\nload: {'engine':30} {'seconds':>8} {'plans/s':>8}")
        for engine, secs in report["load_s"].items():
            print(f"      {engine:30} {secs:8.1f} {len(docs) / secs:8.1f}")
        print(f"\n{'query':30} {'ladybug ms':>11} {'neo4j ms':>9}  rows")
        for name in CATALOG:
            row: dict[str, float | str] = {}  # seconds or what failed per engine, and the rows
            for store in (lb, neo):
                try:
                    median, _, answer = timings(lambda: run_named(store, name, **params.get(name, {})), args.runs)
                    row[store.engine] = round(median, 1)
                    row["rows"] = len(answer.rows)
                except Exception as exc:  # noqa: BLE001 - a benchmark reports what failed and goes on
                    row[store.engine] = f"failed: {str(exc)[:60]}"
            report["queries"][name] = row
            flag = "" if all(isinstance(ms := row[e], float) and ms < GOAL_MS for e in ("ladybug", "neo4j")) else "  over"
            print(f"{name:30} {row['ladybug']!s:>11} {row['neo4j']!s:>9}  {row.get('rows', '')}{flag}")
        empty(neo)
        neo.close()
        lb.close()
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
