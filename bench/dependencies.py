"""Inferred task dependencies (DEPENDS_ON) against the gold read by people.

    .venv/bin/python bench/dependencies.py [--details] [--json out.json]

Each ``tests/gold/dependencies/<name>.json`` lists the pairs "B depends on A" a reader finds in one
plan (DESIGN.md section 8), each end named by its unit's heading as written. The plan is parsed
and inferred as ``policykg ingest`` does; a gold end is the parsed unit whose span holds the
heading, and a predicted DEPENDS_ON edge is right when its (source, target) is a gold pair.
Prints precision, recall and links per 100 tasks, per plan and over all (micro).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GOLD = ROOT / "tests" / "gold" / "dependencies"
UNIT_LABELS = ("Task", "Measure", "Project")


@dataclass
class PlanScore:
    name: str
    tasks: int
    gold: set[tuple[str, str]] = field(default_factory=set)
    pred: set[tuple[str, str]] = field(default_factory=set)
    unlocated: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def right(self) -> set[tuple[str, str]]:
        return self.gold & self.pred

    def line(self) -> str:
        p = len(self.right) / len(self.pred) if self.pred else None
        r = len(self.right) / (len(self.gold) + len(self.unlocated)) if self.gold or self.unlocated else None
        per100 = 100 * len(self.pred) / self.tasks if self.tasks else 0.0
        return (f"{self.name[:58]:58}  gold {len(self.gold) + len(self.unlocated):3}  pred {len(self.pred):3}  "
                f"right {len(self.right):3}  P {_fmt(p)}  R {_fmt(r)}  per 100 tasks {per100:5.1f}")


def _fmt(x: float | None) -> str:
    return " n/a" if x is None else f"{x:.2f}"


def unit_at(doc, raw_offset: int):
    """The innermost parsed unit whose span (in the file's text) holds ``raw_offset``."""
    from accuracy import node_at
    return node_at(doc, raw_offset, UNIT_LABELS)


def score_plan(gold_path: Path) -> PlanScore:
    from accuracy import Source
    from analysis.dependencies import with_inferred_edges
    from ingest.parse import parse_plan
    from ingest.read import read_document

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    from accuracy import document_path

    path = document_path(gold["source"])
    if path is None:
        raise SystemExit(f"{gold_path.name}: {gold['source']} is not in corpus/ or ../shared")
    text = read_document(path).text
    source = Source(text)
    doc = with_inferred_edges(parse_plan(text, source=path.name))
    score = PlanScore(gold_path.stem, sum(1 for n in doc.nodes if n.label in UNIT_LABELS))
    score.titles = {n.id: n.title for n in doc.nodes}

    def end(item: dict):
        at = source.text.find(item["evidence"])
        return unit_at(doc, source.raw_span(at, at + 1)[0]) if at >= 0 else None

    for link in gold["links"]:
        b, a = end(link["from"]), end(link["to"])
        if b is None or a is None or a.id == b.id:
            score.unlocated.append(f"{link['from']['title']} -> {link['to']['title']}")
        else:
            score.gold.add((b.id, a.id))
    score.pred = {(e.source, e.target) for e in doc.edges if e.type == "DEPENDS_ON"}
    return score


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true", help="list the misses and the wrong links")
    ap.add_argument("--json", type=Path, help="write the figures as JSON")
    ap.add_argument("--gold", type=Path, default=GOLD,
                    help="the gold folder (default tests/gold/dependencies, the set the rules were written "
                         "from; tests/gold/dependencies-heldout was read after them)")
    args = ap.parse_args(argv)
    scores = [score_plan(p) for p in sorted(args.gold.glob("*.json"))]
    for s in scores:
        print(s.line())
        if args.details:
            t = s.titles
            for b, a in sorted(s.gold - s.pred):
                print(f"    miss   {t[b][:30]} -> {t[a][:30]}")
            for b, a in sorted(s.pred - s.gold):
                print(f"    wrong  {t[b][:30]} -> {t[a][:30]}")
            for u in s.unlocated:
                print(f"    unlocated gold end: {u}")
    gold = sum(len(s.gold) + len(s.unlocated) for s in scores)
    pred = sum(len(s.pred) for s in scores)
    right = sum(len(s.right) for s in scores)
    tasks = sum(s.tasks for s in scores)
    figures = {"plans": len(scores), "gold": gold, "pred": pred, "right": right,
               "precision": right / pred if pred else None, "recall": right / gold if gold else None,
               "per_100_tasks": 100 * pred / tasks if tasks else None,
               "gold_per_100_tasks": 100 * gold / tasks if tasks else None}
    print(f"all {len(scores)} plans: gold {gold}, predicted {pred}, right {right}; precision "
          f"{_fmt(figures['precision'])}, recall {_fmt(figures['recall'])}; "
          f"{figures['per_100_tasks']:.1f} links per 100 units predicted, {figures['gold_per_100_tasks']:.1f} in the gold")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
