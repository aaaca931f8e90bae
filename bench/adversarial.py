"""Parse time on generated adversarial inputs at 10k, 100k and 1M characters (issue 10).

    .venv/bin/python bench/adversarial.py [--sizes 10000 100000 1000000] [--timeout 300]

Each input is a plan title followed by one pattern repeated to the size: percent-dense text,
percent-dense clauses, runs of digits, repeated enumerators (``一、``, ``1.``, ``（一）``) on one
line and on lines of their own, unclosed ``《`` and ``〔``, and a mix of enumerators and numbers.
Every (input, size) is parsed in its own process after a warm-up parse (so jieba's dictionary
load is off the clock), under a timeout. The report gives seconds per size and the growth ratio
per tenfold size: linear code grows about 10x, and the goal is at most about 12x.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

PATTERNS: dict[str, str] = {
    "percent-dense": "1%",
    "percent-clauses": "增长1%，",
    "digit-runs": "1234567890",
    "enum-cn": "一、",
    "enum-num": "1.",
    "enum-paren": "（一）",
    "enum-lines": "一、推进\n1.加快\n（一）建设\n",
    "unclosed-book": "《",
    "unclosed-bracket": "〔",
    "mix": "一、1.2%（一）3万元，到2020年达到5家\n",
    "milestone-clauses": "今年基本建成，",          # one line of dated end states (milestones)
}


def make(kind: str, size: int) -> str:
    unit = PATTERNS[kind]
    return "示例三年行动计划\n" + (unit * (size // len(unit) + 1))[:size]


def _worker(kind: str, size: int) -> None:
    from ingest.parse import parse_plan

    parse_plan("示例三年行动计划\n一、推进研发。新增孵化器20家。", source="warm.txt")
    text = make(kind, size)
    t0 = time.perf_counter()
    try:
        parse_plan(text, source=f"{kind}.txt")
    except Exception as exc:  # noqa: BLE001 - a refusal is an answer too; report its time
        print(json.dumps({"error": f"{type(exc).__name__}: {str(exc)[:80]}",
                          "seconds": time.perf_counter() - t0}))
        return
    print(json.dumps({"seconds": time.perf_counter() - t0}))


def measure(kind: str, size: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, str(size)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "error": f"over {timeout:g} s"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--kinds", nargs="+", default=list(PATTERNS), choices=list(PATTERNS))
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]))
        return 0
    sizes = sorted(args.sizes)
    header = "input".ljust(18) + "".join(f"{s:>12,}" for s in sizes) + "   growth per 10x"
    print(header)
    worst = 0.0
    for kind in args.kinds:
        times = [measure(kind, s, args.timeout) for s in sizes]
        cells = "".join(f"{t['seconds']:>11.2f}s" if t.get("seconds") is not None else f"{'>' + str(int(args.timeout)) + 's':>12}"
                        for t in times)
        ratios = []
        for (s0, t0), (s1, t1) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
            if t0.get("seconds") and t1.get("seconds"):
                r = (t1["seconds"] / t0["seconds"]) * (10 / (s1 / s0))
                ratios.append(r)
                if t0["seconds"] >= 0.05:  # below that the ratio is timer noise
                    worst = max(worst, r)
        notes = "  ".join(f"{r:.1f}x" for r in ratios)
        errors = {t["error"] for t in times if t.get("error")}
        print(kind.ljust(18) + cells + "   " + notes + (f"   ({'; '.join(sorted(errors))})" if errors else ""))
    print(f"worst growth per tenfold size: {worst:.1f}x (goal <= ~12x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
