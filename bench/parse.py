"""Parse speed: a whole `policykg parse` process against a bare jieba.lcut process on the same file.

Goal (issue 8; 3x in issue 2): parsing the largest corpus document costs at most 2x the bare jieba process,
median of several runs measured in this same session. Also reports chars/s over the whole corpus
(in-process, after warm-up). Usage: python bench/parse.py [--runs N] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.txt")) if args.corpus.is_dir() else []
    files += sorted((ROOT / "corpus").glob("*.txt"))
    largest = max(files, key=lambda p: p.stat().st_size)
    print(f"largest document: {largest.name} ({largest.stat().st_size / 1024:.0f} KB)")

    bare = [sys.executable, "-c",
            "import sys, jieba; jieba.lcut(open(sys.argv[1], encoding='utf-8').read())", str(largest)]
    ours = [str(BIN / "policykg"), "parse", str(largest), "--format", "json"]
    base_t, ours_t = [], []
    for _ in range(args.runs):  # interleave so that machine noise hits both alike
        base_t.append(_time(bare))
        ours_t.append(_time(ours))
    b, o = statistics.median(base_t), statistics.median(ours_t)
    print(f"bare jieba.lcut process : median {b:.2f} s  (runs {', '.join(f'{t:.2f}' for t in base_t)})")
    print(f"policykg parse process  : median {o:.2f} s  (runs {', '.join(f'{t:.2f}' for t in ours_t)})")
    print(f"ratio                   : {o / b:.2f}x  (goal <= 2x)")

    from ingest.parse import parse_path

    parse_path(largest)  # warm-up: jieba dictionary
    chars = 0
    t0 = time.perf_counter()
    for f in files:
        chars += len(parse_path(f).text)
    dt = time.perf_counter() - t0
    print(f"whole corpus in-process : {len(files)} files, {chars:,} chars in {dt:.2f} s = "
          f"{chars / dt / 1000:.0f} k chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
