"""Ingest at the size of a library: an unchanged file answered from its hash, parsing in worker
processes, and memory that stays flat in the number of files.

    .venv/bin/python bench/library.py [--corpus DIR] [--runs 3] [--copies 1 3]

1. **Unchanged files.** For every document of ``--corpus`` (default ../shared/corpus, else
   corpus/): the median time to ingest it again into a store that holds it, against parsing it
   (parse and dependency inference, the tokenizer's caches emptied first) and against what ingest
   did before it hashed first (parse, infer, then find the plan stored). Goal: >= 20x cheaper
   than parsing.
2. **Workers.** ``policykg ingest --workers N`` of the corpus into a fresh store, N = 1 and 2,
   ``--runs`` times each: median wall time and their ratio (goal: >= 1.7x on 2 cores), and the
   peak memory of the whole process tree (proportional set size, so pages a forked worker shares
   with its parent count once), sampled every 50 ms.
3. **Flat memory.** The same with the corpus copied ``--copies`` times (each copy's text made
   distinct by one line, so every copy is a new plan): the peak should not grow with the count.

Measured 2026-12-08 on the 2-core machine, with other jobs running (medians):
see the closing note of issue 20 and the README's "Scale" section.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SHARED = ROOT.parent / "shared" / "corpus"
POLICYKG = [sys.executable, "-m", "policykg.cli"]


def _cold() -> None:
    from analysis import similarity
    from ingest.tokenizer import get_tokenizer
    get_tokenizer()._tag_cached.cache_clear()
    similarity._tokens_cached.cache_clear()


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def unchanged(files: list[Path], runs: int) -> list[tuple[str, float, float, float]]:
    """(name, parse s, old re-ingest s, re-ingest s) per file, medians of ``runs``."""
    from workspace.ingest import enrich_plan
    from graph.ladybug_store import LadybugStore
    from ingest.parse import parse_path
    from workspace.ingest import default_enrich, ingest_paths

    out = []
    with LadybugStore(Path(tempfile.mkdtemp()) / "kg.lbug") as store:
        ingest_paths(files, store, enrich=default_enrich())
        for path in files:
            parse, old, new = [], [], []
            for _ in range(runs):
                _cold()
                parse.append(_timed(lambda: enrich_plan(parse_path(path))))
                _cold()
                old.append(_timed(lambda: list(store.add_plans([enrich_plan(parse_path(path))]))))
                results: list = []
                new.append(_timed(lambda: results.extend(ingest_paths([path], store, enrich=default_enrich()))))
                assert results and not results[0].created, results
            out.append((path.name, statistics.median(parse), statistics.median(old), statistics.median(new)))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out


def ingest_run(folder: Path, workers: int) -> tuple[float, float, float]:
    """(wall s, peak MB of the tree, peak MB of the main process) of one ``policykg ingest``."""
    store = Path(tempfile.mkdtemp()) / "kg.lbug"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen([*POLICYKG, "ingest", "--workers", str(workers), "--store", str(store), str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_tree = peak_main = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree, peak_main
        while not done.is_set():
            sizes = {p: _pss_kb(p) for p in _tree(proc.pid)}
            peak_tree = max(peak_tree, sum(sizes.values()))
            peak_main = max(peak_main, sizes.get(proc.pid, 0))
            done.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    sampler.join()
    shutil.rmtree(store.parent, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"policykg ingest failed ({proc.returncode}): {err.decode()[-500:]}")
    return elapsed, peak_tree / 1024, peak_main / 1024


def copies_of(files: list[Path], copies: int) -> Path:
    """A folder with ``copies`` distinct copies of ``files`` (a line added to each copy's end)."""
    folder = Path(tempfile.mkdtemp())
    for k in range(copies):
        for path in files:
            text = path.read_text(encoding="utf-8")
            suffix = f"\n附：第{k + 1}份副本\n" if k else ""
            (folder / f"{k:03d}-{path.name}").write_text(text + suffix, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED if SHARED.is_dir() else ROOT / "corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--skip-unchanged", action="store_true")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.corpus.iterdir() if p.suffix in {".txt", ".html", ".docx", ".pdf"})
    print(f"corpus: {args.corpus} ({len(files)} files), {os.cpu_count()} cores\n")

    if not args.skip_unchanged:
        rows = unchanged(files, args.runs)
        ratios = [parse / new for _, parse, _, new in rows]
        old_ratios = [old / parse for _, parse, old, _ in rows]
        print("1. unchanged file: re-ingest against parsing it (medians per file)")
        print(f"   parse + infer, total        {sum(r[1] for r in rows):8.2f} s")
        print(f"   re-ingest before (parse)    {sum(r[2] for r in rows):8.2f} s   "
              f"{statistics.median(old_ratios):.2f}x parsing (median over files)")
        print(f"   re-ingest now (hash first)  {sum(r[3] for r in rows):8.3f} s   "
              f"{statistics.median(ratios):.0f}x cheaper than parsing (median; min {min(ratios):.0f}x) "
              f"{'OK' if min(ratios) >= 20 else 'MISSED'} (goal >= 20x)\n")

    print("2./3. policykg ingest --workers N (medians of runs; peak PSS of the process tree)")
    print(f"   {'files':>6} {'workers':>7} {'wall s':>8} {'tree MB':>8} {'main MB':>8}")
    walls: dict[tuple[int, int], float] = {}
    for copies in args.copies:
        folder = copies_of(files, copies)
        for workers in (1, 2):
            runs = [ingest_run(folder, workers) for _ in range(args.runs if copies == 1 else 1)]
            wall = statistics.median(r[0] for r in runs)
            walls[copies, workers] = wall
            print(f"   {len(files) * copies:6d} {workers:7d} {wall:8.1f} {max(r[1] for r in runs):8.0f} "
                  f"{max(r[2] for r in runs):8.0f}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    speedup = walls[args.copies[0], 1] / walls[args.copies[0], 2]
    print(f"\n   2 workers against 1: {speedup:.2f}x faster {'OK' if speedup >= 1.7 else 'MISSED'} (goal >= 1.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
