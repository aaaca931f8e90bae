"""Score the parser against the gold annotations in tests/gold/ (see tests/gold/README.md).

    .venv/bin/python bench/accuracy.py [--json OUT] [--details NAME]   # score every gold document
    .venv/bin/python bench/accuracy.py --check FILE…                    # validate gold files only

Each gold item is located in the file by its evidence string; a parsed item matches it when its
span (mapped back to the file through ``PlanDoc.offsets``) overlaps that place:

* units: same label, and the gold title starts within the first characters of the unit;
* targets and outcomes: overlapping spans and the same value (after folding 斤/公斤 into 吨);
  a milestone matches a milestone. Fields of matched items (year, comparator, unit, value_max,
  metric) are scored on their own;
* citations: the same 文号, or the same title once spaces and quotes are dropped;
* leads: the same (body, role) pairs.

Precision and recall are given per document and macro-averaged over documents that have any
gold or parsed item of that kind. The set is for measuring: fix classes of text, not sentences.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLD_DIR = ROOT / "tests" / "gold"
LISTS = ("units", "targets", "outcomes", "citations")
LABELS = ("Task", "Project", "Goal", "Measure", "Principle")
COMPARATORS = (">=", ">", "=", "~", "<=", "<")
KINDS = ("absolute", "relative", "share", "milestone")
PLAN_FIELDS = ("title", "issuer", "region", "period_start", "period_end", "issued", "number")
#: how far into a unit (its enumerator) the gold title may start
UNIT_HEAD = 16
#: measure words folded into one unit before values are compared
_FOLD = {"斤": ("吨", 0.0005), "公斤": ("吨", 0.001), "万吨": ("吨", 1e4), "平米": ("平方米", 1.0),
         "个百分点": ("百分点", 1.0)}


def corpus_dir() -> Path:
    return Path(os.environ.get("POLICYKG_SHARED_CORPUS") or ROOT.parent / "shared" / "corpus")


#: where the scorers of other gold (dependencies, instruments) find the document a gold file names
DOCUMENT_FOLDERS = (ROOT / "corpus", ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "corpus-first-sight")


def document_path(name: str, folders: tuple[Path, ...] = DOCUMENT_FOLDERS) -> Path | None:
    """The first of ``folders`` that holds the document ``name``, or None."""
    for folder in folders:
        if (folder / name).exists():
            return folder / name
    return None


def gold_files(folder: Path = GOLD_DIR) -> list[Path]:
    return sorted(folder.glob("*.json"))


class Source:
    """A corpus file as the reader decodes it, and the same text without ``\\r`` for locating
    evidence (annotators copy lines, which hide the CR of CRLF files)."""

    def __init__(self, raw: str):
        self.raw = raw
        keep = [i for i, c in enumerate(raw) if c != "\r"]
        self.text = "".join(raw[i] for i in keep)
        self._to_raw = keep + [len(raw)]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self._to_raw[start], self._to_raw[end - 1] + 1 if end > start else self._to_raw[start]


def read_source(name: str) -> Source:
    from ingest.read import read_document

    return Source(read_document(corpus_dir() / name).text)


def _evidence(item: dict) -> str:
    return (item.get("evidence") or "").replace("\r\n", "\n")


def locate(source: Source, items: list[dict]) -> list[tuple[int, int] | None]:
    """Raw-text spans of each item's evidence, searched in document order."""
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for item in items:
        ev = _evidence(item)
        at = source.text.find(ev, pos) if ev else -1
        if at < 0 and ev:
            at = source.text.find(ev)
        if at < 0:
            spans.append(None)
            continue
        spans.append(source.raw_span(at, at + len(ev)))
        pos = max(pos, at)
    return spans


def check_gold(gold: dict, source: Source) -> list[str]:
    """Problems with one gold annotation (empty when it is well formed)."""
    text = source.text
    problems: list[str] = []
    for name in LISTS:
        items = gold.get(name)
        if not isinstance(items, list):
            problems.append(f"{name}: missing or not a list")
            continue
        pos = 0
        for i, item in enumerate(items):
            ev = _evidence(item)
            where = f"{name}[{i}] {ev[:20]!r}"
            if not ev:
                problems.append(f"{where}: no evidence")
                continue
            at = text.find(ev, pos)
            if at < 0:
                problems.append(f"{where}: evidence not in the file" if text.find(ev) < 0 else
                                f"{where}: evidence found only before the previous item (order?)")
                continue
            pos = at
            if name == "units" and item.get("label") not in LABELS:
                problems.append(f"{where}: label {item.get('label')!r} not one of {LABELS}")
            if name in ("targets", "outcomes"):
                if not item.get("metric"):
                    problems.append(f"{where}: no metric")
                value = item.get("value")
                if value is not None and not isinstance(value, (int, float)):
                    problems.append(f"{where}: value {value!r} is not a number")
            if name == "targets":
                if item.get("comparator") not in COMPARATORS:
                    problems.append(f"{where}: comparator {item.get('comparator')!r}")
                if item.get("kind") not in KINDS:
                    problems.append(f"{where}: kind {item.get('kind')!r}")
                if item.get("kind") == "milestone" and item.get("value") is not None:
                    problems.append(f"{where}: a milestone has value null")
                if item.get("kind") != "milestone" and item.get("value") is None:
                    problems.append(f"{where}: value null but kind is not milestone")
    return problems


# ---- matching ---------------------------------------------------------------------------------

def _norm_title(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"[\s《》〈〉“”\"'‘’「」。，,；;：:]", "", s)


def _similar(a: str | None, b: str | None) -> float:
    a, b = _norm_title(a), _norm_title(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _fold(value, unit):
    if value is None:
        return None, unit
    factor = _FOLD.get(unit or "")
    return (value * factor[1], factor[0]) if factor else (float(value), unit)


def _same_value(g: dict, p: dict) -> bool:
    if (g.get("kind") == "milestone") or (p.get("kind") == "milestone"):
        return g.get("kind") == p.get("kind") == "milestone" or (g.get("value") is None and p.get("value") is None)
    gv, gu = _fold(g.get("value"), g.get("unit"))
    pv, pu = _fold(p.get("value"), p.get("unit"))
    if gv is None or pv is None:
        return False
    return abs(gv - pv) <= 1e-6 * max(1.0, abs(gv))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    fields: Counter = field(default_factory=Counter)   # field -> correct among matched
    misses: list = field(default_factory=list)          # gold items not found
    extras: list = field(default_factory=list)          # parsed items not in gold
    wrong: list = field(default_factory=list)           # (field, gold, parsed) of matched items

    @property
    def precision(self) -> float | None:
        return self.matched / self.pred if self.pred else (None if not self.gold else 0.0)

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else (None if not self.pred else 0.0)


def _node_span(doc, node) -> tuple[int, int] | None:
    if node.start is None or node.end is None or not doc.offsets:
        return None
    end = max(node.start + 1, node.end)
    return doc.offsets[node.start], doc.offsets[min(end, len(doc.offsets)) - 1] + 1


def node_at(doc, raw_offset: int, labels) -> object | None:
    """The innermost node of ``labels`` whose span (in the file's text) holds ``raw_offset``."""
    best = None
    for n in doc.nodes:
        span = _node_span(doc, n) if n.label in labels else None
        if span and span[0] - 2 <= raw_offset < span[1] and (best is None or span[1] - span[0] < best[0]):
            best = (span[1] - span[0], n)
    return best[1] if best else None


def score_units(gold: dict, spans, doc) -> Score:
    sc = Score()
    preds = [(n, _node_span(doc, n)) for n in doc.nodes if n.label in LABELS]
    sc.gold, sc.pred = len(gold["units"]), len(preds)
    used: set[str] = set()
    for item, span in zip(gold["units"], spans):
        best = None
        for n, ns in preds:
            if ns is None or span is None or n.id in used or n.label != item["label"]:
                continue
            if ns[0] - 2 <= span[0] <= ns[0] + UNIT_HEAD:
                sim = _similar(item["title"], n.title)
                if best is None or sim > best[0]:
                    best = (sim, n)
        if best is None:
            sc.misses.append(f"{item['label']} {item['title'][:40]}")
            continue
        used.add(best[1].id)
        sc.matched += 1
        if best[0] >= 0.9:
            sc.fields["title"] += 1
        else:
            sc.wrong.append(("title", item["title"], best[1].title))
    sc.extras = [f"{n.label} {n.title[:40]}" for n, _ in preds if n.id not in used]
    return sc


def _pred_quantities(doc, label: str) -> list[tuple[dict, tuple[int, int] | None]]:
    out = []
    for n in doc.nodes:
        if n.label == label:
            props = dict(n.props)
            props.setdefault("metric", n.title)
            out.append((props, _node_span(doc, n)))
    return out


_QFIELDS = ("year", "comparator", "unit", "value_max", "base_year", "kind", "metric")


def score_quantities(items: list[dict], spans, preds, fields=_QFIELDS) -> Score:
    sc = Score(gold=len(items), pred=len(preds))
    used: set[int] = set()
    for item, span in zip(items, spans):
        if span is None:
            sc.misses.append(f"(evidence not found) {_evidence(item)}")
            continue
        best = None
        for i, (p, ps) in enumerate(preds):
            if i in used or ps is None:
                continue
            ov = _overlap(span, ps)
            if ov > 0 and _same_value(item, p) and (best is None or ov > best[0]):
                best = (ov, i)
        if best is None:
            sc.misses.append(f"{_evidence(item)} [{item.get('metric')} {item.get('value')}{item.get('unit') or ''}]")
            continue
        used.add(best[1])
        sc.matched += 1
        p = preds[best[1]][0]
        for f in fields:
            if f not in item:
                continue
            g, v = item.get(f), p.get(f)
            if f == "unit":
                ok = _fold(1.0, g)[1] == _fold(1.0, v)[1] or item.get("kind") == "milestone"
            elif f == "metric":
                ok = _similar(g, v) >= 0.5 or (bool(g) and bool(v) and (_norm_title(g) in _norm_title(v)
                                                                      or _norm_title(v) in _norm_title(g)))
            elif f == "value_max":
                ok = (g is None and v is None) or (g is not None and v is not None and _same_value(
                    {"value": g, "unit": item.get("unit")}, {"value": v, "unit": p.get("unit")}))
            else:
                ok = g == v
            if ok:
                sc.fields[f] += 1
            else:
                sc.wrong.append((f, f"{_evidence(item)}: {g!r}", v))
    sc.extras = [f"{p.get('raw') or ''} [{p.get('metric')} {p.get('value')}{p.get('unit') or ''}]"
                 for i, (p, _) in enumerate(preds) if i not in used]
    return sc


def score_citations(gold: dict, doc) -> Score:
    cited = {e.target for e in doc.edges if e.type == "CITES"}
    preds = [n for n in doc.nodes if n.id in cited]
    sc = Score(gold=len(gold["citations"]), pred=len(preds))
    used: set[str] = set()
    for item in gold["citations"]:
        found = None
        for n in preds:
            if n.id in used:
                continue
            number = n.props.get("number")
            if item.get("number") and number and _norm_title(item["number"]) == _norm_title(number):
                found = n
                break
            if item.get("title") and n.title and n.title != number and _similar(item["title"], n.title) >= 0.9:
                found = n
                break
        if found is None:
            sc.misses.append(f"{item.get('title')} {item.get('number') or ''}")
        else:
            used.add(found.id)
            sc.matched += 1
    sc.extras = [f"{n.title} {n.props.get('number') or ''}" for n in preds if n.id not in used]
    return sc


def score_leads(gold: dict, doc) -> Score:
    names = {n.id: n.title for n in doc.nodes if n.label == "Organization"}
    pred = Counter((names.get(e.source, e.source), e.type) for e in doc.edges
                   if e.type in ("LEADS", "SUPPORTS_WORK"))
    want = Counter((g["org"], g["role"]) for g in gold.get("leads") or [])
    sc = Score(gold=sum(want.values()), pred=sum(pred.values()))
    sc.matched = sum((pred & want).values())
    sc.misses = [f"{o} {r}" for (o, r), k in (want - pred).items() for _ in range(k)]
    sc.extras = [f"{o} {r}" for (o, r), k in (pred - want).items() for _ in range(k)]
    return sc


def score_plan(gold: dict, doc) -> dict[str, bool]:
    meta = doc.plan.to_json()
    out = {}
    for f in PLAN_FIELDS:
        if f not in gold["plan"]:
            continue
        g, p = gold["plan"][f], meta.get(f)
        if isinstance(g, str) and isinstance(p, str):  # 中共中央 国务院 = 中共中央国务院
            g, p = re.sub(r"\s", "", g), re.sub(r"\s", "", p)
        out[f] = (_similar(g, p) >= 0.9) if f == "title" and g and p else g == p
    return out


@dataclass
class DocScore:
    name: str
    scores: dict[str, Score]
    plan: dict[str, bool]


def score_document(gold: dict) -> DocScore:
    from ingest.parse import parse_path

    source = read_source(gold["source"])
    doc = parse_path(corpus_dir() / gold["source"])
    units = score_units(gold, locate(source, gold["units"]), doc)
    tasks = score_units({"units": [u for u in gold["units"] if u["label"] == "Task"]},
                        locate(source, [u for u in gold["units"] if u["label"] == "Task"]),
                        _only(doc, "Task"))
    targets = score_quantities(gold["targets"], locate(source, gold["targets"]),
                               _pred_quantities(doc, "Target"))
    outcomes = score_quantities(gold["outcomes"], locate(source, gold["outcomes"]),
                                _pred_quantities(doc, "Outcome"), ("year", "unit", "metric"))
    return DocScore(gold["source"], {"tasks": tasks, "units": units, "targets": targets,
                                     "outcomes": outcomes, "citations": score_citations(gold, doc),
                                     "leads": score_leads(gold, doc)}, score_plan(gold, doc))


def _only(doc, label: str):
    """A view of ``doc`` whose units are only those of ``label`` (for per-label scores)."""
    from dataclasses import replace

    return replace(doc, nodes=tuple(n for n in doc.nodes if n.label not in LABELS or n.label == label))


# ---- report -----------------------------------------------------------------------------------

KINDS_SCORED = ("tasks", "units", "targets", "outcomes", "citations", "leads")


def _fmt(x: float | None) -> str:
    return "  —  " if x is None else f"{x:5.2f}"


def _mean(xs) -> float | None:
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def report(results: list[DocScore]) -> tuple[str, dict]:
    lines = ["document".ljust(44) + "".join(f"{k:>14}" for k in KINDS_SCORED) + "   due year",
             " " * 44 + "".join(f"{'P':>8}{'R':>6}" for _ in KINDS_SCORED)]
    summary: dict = {"documents": {}, "macro": {}}
    for r in results:
        row = r.name[:-4][:43].ljust(44)
        entry: dict[str, Any] = {}
        for k in KINDS_SCORED:
            s = r.scores[k]
            row += f"{_fmt(s.precision):>8}{_fmt(s.recall):>6}"
            entry[k] = {"precision": s.precision, "recall": s.recall, "gold": s.gold, "pred": s.pred,
                        "matched": s.matched}
        t = r.scores["targets"]
        year = t.fields["year"] / t.matched if t.matched else None
        entry["due_year"] = year
        entry["plan"] = r.plan
        row += f"   {_fmt(year)}"
        lines.append(row)
        summary["documents"][r.name] = entry
    macro: dict[str, Any] = {}
    row = "macro average".ljust(44)
    for k in KINDS_SCORED:
        p = _mean(r.scores[k].precision for r in results)
        rc = _mean(r.scores[k].recall for r in results)
        macro[k] = {"precision": p, "recall": rc}
        row += f"{_fmt(p):>8}{_fmt(rc):>6}"
    macro["due_year"] = _mean(summary["documents"][r.name]["due_year"] for r in results)
    row += f"   {_fmt(macro['due_year'])}"
    lines.append(row)
    # pooled over every item: a document with no gold and no output of a kind weighs nothing
    pooled = {}
    row = "pooled (all items)".ljust(44)
    for k in KINDS_SCORED:
        gold = sum(r.scores[k].gold for r in results)
        pred = sum(r.scores[k].pred for r in results)
        hit = sum(r.scores[k].matched for r in results)
        pooled[k] = {"precision": hit / pred if pred else None, "recall": hit / gold if gold else None,
                     "gold": gold, "pred": pred, "matched": hit}
        row += f"{_fmt(pooled[k]['precision']):>8}{_fmt(pooled[k]['recall']):>6}"
    lines.append(row)
    summary["pooled"] = pooled
    fields: Counter[str] = Counter()
    matched = 0
    for r in results:
        fields.update(r.scores["targets"].fields)
        matched += r.scores["targets"].matched
    macro["target_fields"] = {f: fields[f] / matched if matched else None for f in _QFIELDS}
    lines.append("matched targets, share with the field right: " + ", ".join(
        f"{f} {_fmt(v).strip()}" for f, v in macro["target_fields"].items()))
    plan: Counter[str] = Counter()
    for r in results:
        plan.update({f: int(ok) for f, ok in r.plan.items()})
    macro["plan_fields"] = {f: plan[f] / len(results) for f in PLAN_FIELDS if results}
    lines.append("plan metadata right: " + ", ".join(f"{f} {plan[f]}/{len(results)}" for f in PLAN_FIELDS))
    summary["macro"] = macro
    return "\n".join(lines), summary


def details(r: DocScore) -> str:
    out = [f"# {r.name}"]
    for k in KINDS_SCORED:
        s = r.scores[k]
        out.append(f"## {k}: gold {s.gold}, parsed {s.pred}, matched {s.matched}")
        out += [f"  MISS  {m}" for m in s.misses]
        out += [f"  EXTRA {m}" for m in s.extras]
        out += [f"  WRONG {f}: gold {g} / parsed {v!r}" for f, g, v in s.wrong]
    out.append(f"## plan: {r.plan}")
    return "\n".join(out)


def run(names: list[str] | None = None, folder: Path = GOLD_DIR) -> list[DocScore]:
    results = []
    for f in gold_files(folder):
        gold = json.loads(f.read_text(encoding="utf-8"))
        if names and f.stem not in names:
            continue
        if not (corpus_dir() / gold["source"]).is_file():
            continue
        results.append(score_document(gold))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", nargs="+", metavar="FILE", help="validate gold files only")
    ap.add_argument("--json", type=Path, help="write the scores as JSON")
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, metavar="DIR",
                    help="score the annotations in DIR instead (a held-out set before it joins tests/gold)")
    ap.add_argument("--details", nargs="*", metavar="NAME",
                    help="print misses, extras and wrong fields (of documents whose name starts so, or all)")
    args = ap.parse_args(argv)
    if args.check:
        bad = 0
        for f in args.check:
            gold = json.loads(Path(f).read_text(encoding="utf-8"))
            problems = check_gold(gold, read_source(gold["source"]))
            counts = ", ".join(f"{len(gold.get(k) or [])} {k}" for k in LISTS)
            print(f"{f}: {'ok' if not problems else f'{len(problems)} problems'} ({counts})")
            for p in problems:
                print(f"  {p}")
            bad += bool(problems)
        return 1 if bad else 0
    if not corpus_dir().is_dir():
        print(f"no corpus at {corpus_dir()}; set POLICYKG_SHARED_CORPUS", file=sys.stderr)
        return 1
    results = run(folder=args.gold)
    table, summary = report(results)
    print(table)
    if args.details is not None:
        for r in results:
            if not args.details or any(r.name.startswith(n) for n in args.details):
                print(details(r))
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
