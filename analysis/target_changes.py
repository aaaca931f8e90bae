"""Target changes between two plans, matched by what is measured, wherever the targets sit.

Two versions of a plan (or two years' work reports) restate their commitments in units that
rarely align one to one, so targets are matched across the whole plans, not inside aligned
units:

1. **commitments**: a plan's targets in document order, a restatement of the same target
   (same measure, value, range, comparator and year) kept once;
2. **by indicator** (DESIGN section 7) when both targets have one;
3. **by metric**: the normalised metric (framing words such as 今年/拟/再 dropped) and unit;
4. **by similar metric**: what is left, same unit and kind, character-bigram overlap at least
   :data:`SIMILAR_METRIC`, best pairs first.

Within one measure, targets with identical figures pair first, then the rest in order.

Each :class:`TargetChange` has the contract ``status`` (``unchanged`` is never printed in the
JSON; ``changed`` as soon as any figure or the year differs) and ``change``, how a person reads it:
``same`` when the figures are equal and the year is the same or has moved on with the plan
(2024's report sets 5% for 2024, 2025's sets 5% for 2025: the target is 未变), ``raised`` /
``lowered`` by the value, ``postponed`` / ``advanced`` when only the year moved (推迟 / 提前),
``changed`` otherwise, ``added`` / ``removed``.

>>> from core.model import Edge, Node, PlanDoc, PlanMeta
>>> def plan(pid, year, *targets):
...     nodes = tuple(Node(f"{pid}/t{i}", "Target", m, props={"metric": m, "value": v, "unit": "%",
...                   "comparator": "~", "year": year, "indicator": ind}) for i, (m, v, ind) in enumerate(targets))
...     return PlanDoc(PlanMeta(pid, "报告", period_start=year, period_end=year), nodes=nodes)
>>> a = plan("A", 2024, ("国内生产总值增长", 5.0, "gdp_growth"), ("居民消费价格涨幅", 3.0, "cpi_growth"))
>>> b = plan("B", 2025, ("经济增长", 5.0, "gdp_growth"), ("居民消费价格涨幅", 2.0, "cpi_growth"),
...          ("居民消费价格涨幅", 2.0, "cpi_growth"))
>>> [(c.metric, c.status, c.change) for c in target_changes(a, b)]
[('经济增长', 'changed', 'same'), ('居民消费价格涨幅', 'changed', 'lowered')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from core.model import Node, PlanDoc
from ingest.indicators import clean_metric

__all__ = ["TargetChange", "target_changes", "commitments", "normalise_metric", "metric_similarity",
           "SIMILAR_METRIC", "contract_rows", "year_shift"]

#: bigram Dice of two metrics (same unit and kind) at or above which they are the same measure
SIMILAR_METRIC = 0.6

_RE_FRAMING = re.compile(r"[拟再将要]|[，,、。；;：:“”\"'《》（）()\s]")


@dataclass(frozen=True)
class TargetChange:
    """One commitment of A, of B, or of both (``a``/``b`` the Target nodes)."""

    status: str                 # contract: unchanged | changed | added | removed
    change: str                 # same | raised | lowered | postponed | advanced | changed | added | removed
    a: Node | None
    b: Node | None
    matched_by: str | None      # indicator | metric | similar-metric | None

    @property
    def ref(self) -> Node:
        node = self.b if self.b is not None else self.a
        assert node is not None
        return node

    @property
    def metric(self) -> str | None:
        return self.ref.props.get("metric")

    @property
    def unit(self) -> str | None:
        return self.ref.props.get("unit")

    @property
    def indicator(self) -> str | None:
        return self.ref.props.get("indicator") or (self.a.props.get("indicator") if self.a else None)

    def to_json(self) -> dict[str, Any]:
        """The row of ``compare --format json`` ``targets`` (DESIGN section 4), exactly."""
        a, b = self.a, self.b
        return {"status": self.status, "a": a.id if a else None, "b": b.id if b else None,
                "metric": self.metric, "unit": self.unit,
                "a_value": a.props.get("value") if a else None,
                "b_value": b.props.get("value") if b else None,
                "a_year": a.props.get("year") if a else None,
                "b_year": b.props.get("year") if b else None}


# ---- what a target measures and says -------------------------------------------------------------

def normalise_metric(metric: Any) -> str:
    """A metric without framing words, punctuation and width differences.

    >>> normalise_metric("今年中央预算内投资拟安排"), normalise_metric("城乡居民基础养老金最低标准再提高")
    ('中央预算内投资安排', '城乡居民基础养老金最低标准提高')
    """
    text = unicodedata.normalize("NFKC", str(metric or ""))
    return _RE_FRAMING.sub("", clean_metric(text))


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset({text})


def metric_similarity(a: str, b: str) -> float:
    """Dice overlap of the character bigrams of two normalised metrics.

    >>> round(metric_similarity("城乡居民基础养老金月最低标准提高", "城乡居民基础养老金最低标准提高"), 2)
    0.9
    """
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 0.0


def _facts(t: Node) -> tuple[Any, ...]:
    p = t.props
    return (p.get("value"), p.get("value_max"), p.get("comparator"), p.get("year"))


def _figures(t: Node) -> tuple[Any, ...]:
    p = t.props
    return (p.get("value"), p.get("value_max"), p.get("comparator"))


def _measure(t: Node) -> tuple[str, str]:
    return (normalise_metric(t.props.get("metric")), str(t.props.get("unit") or ""))


def commitments(doc: PlanDoc) -> list[Node]:
    """The plan's targets in document order, each restatement of one target kept once.

    >>> from core.model import Node, PlanDoc, PlanMeta
    >>> t = lambda i: Node(f"p/t{i}", "Target", "城镇调查失业率", start=i,
    ...                    props={"metric": "城镇调查失业率", "value": 5.5, "unit": "%", "year": 2025})
    >>> [n.id for n in commitments(PlanDoc(PlanMeta("p", "报告"), nodes=(t(2), t(1))))]
    ['p/t1']
    """
    targets = [n for n in doc.nodes if n.label == "Target"]
    targets.sort(key=lambda n: n.start if n.start is not None else -1)
    seen: set[tuple[Any, ...]] = set()
    out: list[Node] = []
    for t in targets:
        key = (t.props.get("indicator") or _measure(t), *_facts(t))
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


# ---- matching --------------------------------------------------------------------------------------

def year_shift(a: PlanDoc, b: PlanDoc) -> int:
    """How far B's years run after A's (1 for consecutive annual reports, 0 for two versions)."""
    ya, yb = a.plan.period_start, b.plan.period_start
    return int(yb) - int(ya) if ya is not None and yb is not None else 0


def _classify(ta: Node, tb: Node, shift: int) -> tuple[str, str]:
    """``(status, change)`` of a matched pair."""
    if _facts(ta) == _facts(tb):
        return "unchanged", "same"
    ya, yb = ta.props.get("year"), tb.props.get("year")
    if _figures(ta) == _figures(tb):
        if ya is None or yb is None:
            return "changed", "changed"
        if shift and int(yb) - int(ya) == shift:
            return "changed", "same"
        return "changed", "postponed" if yb > ya else "advanced"
    va, vb = ta.props.get("value"), tb.props.get("value")
    if va is not None and vb is not None and ta.props.get("unit") == tb.props.get("unit") and va != vb:
        return "changed", "raised" if vb > va else "lowered"
    return "changed", "changed"


def _pair_group(ga: list[Node], gb: list[Node]) -> list[tuple[Node, Node]]:
    """Pairs within one measure: identical figures first, then in document order."""
    by_figures: dict[tuple[Any, ...], deque[int]] = defaultdict(deque)
    for j, u in enumerate(gb):
        by_figures[_figures(u)].append(j)
    pairs: list[tuple[Node, Node]] = []
    rest_a: list[Node] = []
    taken_b: set[int] = set()
    for t in ga:
        same = by_figures.get(_figures(t))
        if same:
            j = same.popleft()
            taken_b.add(j)
            pairs.append((t, gb[j]))
        else:
            rest_a.append(t)
    pairs.extend(zip(rest_a, (u for j, u in enumerate(gb) if j not in taken_b)))
    return pairs


def _without(free: list[Node], gone: list[Node]) -> None:
    """Take the targets ``gone`` out of ``free`` (in place, the others keeping their order)."""
    ids = {id(t) for t in gone}
    free[:] = [t for t in free if id(t) not in ids]


def _match_by(key: Callable[[Node], Any], free_a: list[Node], free_b: list[Node], how: str,
              matched: list[tuple[Node, Node, str]]) -> None:
    groups_a: dict[Any, list[Node]] = {}
    groups_b: dict[Any, list[Node]] = {}
    for t in free_a:
        k = key(t)
        if k is not None:
            groups_a.setdefault(k, []).append(t)
    for t in free_b:
        k = key(t)
        if k is not None:
            groups_b.setdefault(k, []).append(t)
    found: list[tuple[Node, Node, str]] = []
    for k, ga in groups_a.items():
        for ta, tb in _pair_group(ga, groups_b.get(k, [])):
            found.append((ta, tb, how))
    matched.extend(found)
    _without(free_a, [ta for ta, _, _ in found])
    _without(free_b, [tb for _, tb, _ in found])


def _compatible(ta: Node, tb: Node) -> bool:
    ia, ib = ta.props.get("indicator"), tb.props.get("indicator")
    return (ta.props.get("unit") == tb.props.get("unit") and ta.props.get("kind") == tb.props.get("kind")
            and not (ia and ib and ia != ib))


def _match_similar(free_a: list[Node], free_b: list[Node], matched: list[tuple[Node, Node, str]],
                   measure: Callable[[Node], tuple[str, str]]) -> None:
    """Best pairs first among those whose metrics overlap by :data:`SIMILAR_METRIC` or more: only
    pairs that share a bigram (and whose bigram counts could reach the threshold) are scored."""
    metrics_b = [measure(t)[0] for t in free_b]
    grams_b = [_bigrams(m) for m in metrics_b]
    postings: dict[str, list[int]] = defaultdict(list)
    for j, grams in enumerate(grams_b):
        for g in grams:
            postings[g].append(j)
    ratio = SIMILAR_METRIC / (2 - SIMILAR_METRIC)  # Dice >= t needs min(|x|, |y|) >= ratio * max
    scored: list[tuple[float, int, int]] = []
    for i, ta in enumerate(free_a):
        metric = measure(ta)[0]
        grams = _bigrams(metric)
        low, high = len(grams) * ratio - 1e-9, len(grams) / ratio + 1e-9
        near = {j for g in grams for j in postings.get(g, ())}
        for j in sorted(near):
            if low <= len(grams_b[j]) <= high and _compatible(ta, free_b[j]):
                score = metric_similarity(metric, metrics_b[j])
                if score >= SIMILAR_METRIC:
                    scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for score, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched.append((free_a[i], free_b[j], "similar-metric"))
    free_a[:] = [t for i, t in enumerate(free_a) if i not in used_a]
    free_b[:] = [t for j, t in enumerate(free_b) if j not in used_b]


def target_changes(a: PlanDoc, b: PlanDoc) -> tuple[TargetChange, ...]:
    """Every commitment of A and B, matched by what is measured (see the module docstring).

    Rows follow B's order (matched and added), then A's removed targets in A's order.
    """
    free_a, free_b = commitments(a), commitments(b)
    order_a = {t.id: k for k, t in enumerate(free_a)}
    order_b = {t.id: k for k, t in enumerate(free_b)}
    measures = {id(t): _measure(t) for t in (*free_a, *free_b)}
    measure: Callable[[Node], tuple[str, str]] = lambda t: measures[id(t)]  # noqa: E731
    matched: list[tuple[Node, Node, str]] = []
    _match_by(lambda t: t.props.get("indicator") or None, free_a,
              [t for t in free_b if t.props.get("indicator")], "indicator", matched)
    matched_b = {m[1].id for m in matched}
    free_b = [t for t in free_b if t.id not in matched_b]
    _match_by(lambda t: measure(t) if measure(t)[0] else None, free_a, free_b, "metric", matched)
    _match_similar(free_a, free_b, matched, measure)
    shift = year_shift(a, b)
    rows: list[tuple[tuple[int, int], TargetChange]] = []
    for ta, tb, how in matched:
        status, change = _classify(ta, tb, shift)
        rows.append(((0, order_b[tb.id]), TargetChange(status, change, ta, tb, how)))
    rows.extend(((0, order_b[t.id]), TargetChange("added", "added", None, t, None)) for t in free_b)
    rows.extend(((1, order_a[t.id]), TargetChange("removed", "removed", t, None, None)) for t in free_a)
    return tuple(c for _, c in sorted(rows, key=lambda r: r[0]))


def contract_rows(changes: Sequence[TargetChange]) -> list[dict[str, Any]]:
    """The ``targets`` of ``compare --format json``: every change but the unchanged ones."""
    return [c.to_json() for c in changes if c.status != "unchanged"]
