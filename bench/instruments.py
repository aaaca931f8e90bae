"""Policy-instrument codes (DESIGN.md section 9): how far two people coding by reading agree.

    .venv/bin/python bench/instruments.py [--json out.json]

``tests/gold/instruments/annotator-a/`` and ``annotator-b/`` hold the same plans coded
independently: for each unit (Task, Measure, Project), every instrument it applies. Units are
matched between the two by their evidence (the heading as written). Every (unit, instrument) is one
yes/no decision per coder; Cohen's kappa is computed over the decisions of each type (supply,
environment, demand: 5, 5 and 6 instruments per unit) and over all of them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "instruments"

#: the contract's codebook ids by type (DESIGN.md section 9)
TYPES = {
    "supply": ("talent", "funding", "technology", "infrastructure", "public_service"),
    "environment": ("goal_planning", "finance", "tax", "regulation", "strategic"),
    "demand": ("procurement", "outsourcing", "trade", "demonstration", "subsidy", "overseas"),
}


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two coders' yes/no decisions (None when chance agreement is total).

    >>> kappa([(True, True), (False, False), (True, False), (False, False)])
    0.5
    """
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return None if expected == 1 else round((observed - expected) / (1 - expected), 3)


def codes(path: Path) -> dict[str, set[str]]:
    """Unit evidence -> the instruments coded for it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {u["evidence"]: {c["instrument"] for c in u["codes"]} for u in data["units"]}


def agreement(folder: Path = GOLD) -> dict:
    decisions: dict[str, list[tuple[bool, bool]]] = {t: [] for t in TYPES}
    plans, units, unmatched = 0, 0, 0
    for a_path in sorted((folder / "annotator-a").glob("*.json")):
        b_path = folder / "annotator-b" / a_path.name
        if not b_path.exists():
            continue
        a, b = codes(a_path), codes(b_path)
        plans += 1
        unmatched += len(set(a) ^ set(b))
        for unit in a.keys() & b.keys():
            units += 1
            for type_, ids in TYPES.items():
                decisions[type_] += [(i in a[unit], i in b[unit]) for i in ids]
    every = [d for ds in decisions.values() for d in ds]
    return {"plans": plans, "units": units, "unmatched_units": unmatched,
            "kappa": {**{t: kappa(ds) for t, ds in decisions.items()}, "all": kappa(every)},
            "codes": {t: [sum(x for x, _ in ds), sum(y for _, y in ds)] for t, ds in decisions.items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)
    result = agreement()
    print(f"{result['plans']} plans, {result['units']} units coded by both "
          f"({result['unmatched_units']} units only one coder listed)")
    for type_, k in result["kappa"].items():
        counts = result["codes"].get(type_)
        extra = f"  codes a {counts[0]}, b {counts[1]}" if counts else ""
        print(f"  kappa {type_:12} {k if k is not None else 'n/a'}{extra}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
