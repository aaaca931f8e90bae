"""Compare two versions of a plan: align their units, then report what changed.

:func:`compare_plans` returns the ``policykg compare --format json`` shape of DESIGN.md
section 4; :func:`render_table` prints it for people; :func:`alignment_edges` turns it into
``ALIGNED_WITH`` edges (and a ``REVISES`` edge when B is a version of A) for the store.

How units are aligned, per label (Section, Principle, Goal, Project, Task, Measure):

1. units whose title and text are identical up to whitespace are paired first, in order;
2. every other pair is scored by content similarity, ``0.35 * title + 0.65 * text``
   (Dice overlap of title tokens, cosine of tf-idf text vectors over both plans' units;
   tokens from jieba via :mod:`analysis.similarity`), plus a small numbering bonus (same path,
   or close relative position) that only breaks ties;
3. pairs under :data:`MATCH_THRESHOLD` are never matched; the rest are solved as a maximum
   weight bipartite matching (networkx), not greedily;
4. what is left is matched the same way within aligned parts (two units whose parents, by
   ``HAS_PART``, are aligned, or one's grandparent part with the other's parent when one
   version groups the unit one level deeper) at the lower :data:`SIBLING_THRESHOLD`: the items
   of one review part with those of the other review part, this year's work with this year's
   work. A pair of step 3 scoring under :data:`CROSS_PART_CLEAR` whose parents are both
   aligned, each with another part, waits for this step and is kept only if neither unit found
   a counterpart in its own part;
5. Sections still free are paired when most of the aligned units under each (at least two)
   went under the other (a chapter whose heading was rewritten), and step 4 runs again for
   what they hold.

``moved`` marks only the aligned pairs outside a longest increasing subsequence of
(position in A, position in B): renumbering after an insertion or a deletion keeps the
relative order and is therefore not a move.

Examples
--------
>>> from core.model import Node, PlanDoc, PlanMeta
>>> def plan(pid, *tasks):
...     nodes = tuple(Node(id=f"{pid}/{i}", label="Task", title=t, text=x, path=str(i))
...                   for i, (t, x) in enumerate(tasks, 1))
...     return PlanDoc(plan=PlanMeta(id=pid, title="示例计划"), nodes=nodes)
>>> a = plan("A", ("推进五水共治", "全面推进五水共治。"), ("推进城市管理", "提升市容水平。"))
>>> b = plan("B", ("推进城市管理", "提升市容水平。"), ("推进五水共治", "全面推进五水共治,消除黑臭河。"))
>>> r = compare_plans(a, b)
>>> [(p["a"], p["b"], p["status"]) for p in r["pairs"]]
[('A/2', 'B/1', 'unchanged'), ('A/1', 'B/2', 'modified')]
>>> r["pairs"][1]["diff"]
'全面推进五水共治{+,消除黑臭河+}。'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import networkx as nx

from core.model import LABEL_ZH, UNIT_LABELS, Edge, Node, PlanDoc
from analysis.similarity import cosine, dice, idf_weights, normalize_ws, tfidf, tokens, unit_text
import analysis.present as present
from analysis.sentences import SentencePair, align_sentences
from analysis.target_changes import TargetChange, contract_rows, target_changes, year_shift

__all__ = ["Comparison", "compare", "compare_plans", "render_table", "render_csv", "alignment_edges", "inline_diff", "compact_diff",
           "overall_similarity",
           "longest_increasing_subsequence", "MATCH_THRESHOLD", "REVISES_THRESHOLD"]

#: Content similarity under which two units are never aligned ("no match").
MATCH_THRESHOLD = 0.35
#: The lower similarity that suffices between two units whose parents are aligned.
SIBLING_THRESHOLD = 0.2
#: A pair of units in parts aligned elsewhere that scores this much is kept wherever its parts are.
CROSS_PART_CLEAR = 0.6
#: Overall similarity (Dice over aligned units) above which B counts as a version of A.
REVISES_THRESHOLD = 0.6
#: With the same title stem, a lower overall similarity suffices for ``REVISES``.
REVISES_STEM_THRESHOLD = 0.3

_TITLE_WEIGHT, _TEXT_WEIGHT, _NUMBERING_BONUS = 0.35, 0.65, 0.05

# Version markers stripped from a plan title to get its stem: (修订稿), (2.1版), （征求意见稿）, 2015年…
_RE_TITLE_MARKERS = re.compile(
    r"[(（\[【][^()（）\[\]【】]{0,20}?(?:稿|版|修订|试行|草案|送审|征求意见)[^()（）\[\]【】]{0,10}[)）\]】]"
    r"|\d+(?:\.\d+)*版|修订稿|征求意见稿|草案|送审稿|讨论稿")
_RE_TITLE_NOISE = re.compile(r"[\s《》“”\"'‘’()（）\[\]【】]")


# ---- units and their features -----------------------------------------------------------

@dataclass(frozen=True)
class _Unit:
    node: Node
    pos: int                       # position among the plan's units of this label
    rel: float                     # pos / count, in [0, 1]
    key: str                       # whitespace-free title + text, for exact matches
    title_key: str = field(compare=False)  # whitespace-free title
    title_tokens: frozenset[str] = field(compare=False)
    text_tokens: tuple[str, ...] = field(compare=False)


def _units_by_label(doc: PlanDoc, seen: dict[str, tuple[str, ...]] | None = None) -> dict[str, list[_Unit]]:
    """The plan's units of each label, in document order, with their tokens (``seen``: the tokens
    of texts already segmented, shared by both plans so that a text they have in common, or a
    title repeated in every chapter, is segmented once however many there are)."""
    seen = {} if seen is None else seen

    def toks(text: str) -> tuple[str, ...]:
        if text not in seen:
            seen[text] = tuple(tokens(text))
        return seen[text]

    indexed: dict[str, list[tuple[int, Node]]] = {label: [] for label in UNIT_LABELS}
    for i, n in enumerate(doc.nodes):
        if n.label in indexed:
            indexed[n.label].append((i, n))
    out: dict[str, list[_Unit]] = {}
    for label in UNIT_LABELS:
        nodes = [n for _, n in sorted(
            indexed[label], key=lambda p: (p[1].start if p[1].start is not None else -1, p[0]))]
        count = max(len(nodes) - 1, 1)
        units = []
        for i, n in enumerate(nodes):
            title, text = normalize_ws(n.title), unit_text(n.text)
            units.append(_Unit(node=n, pos=i, rel=i / count, key=title + "\x00" + text, title_key=title,
                               title_tokens=frozenset(toks(n.title)), text_tokens=toks(text)))
        out[label] = units
    return out


def _numbering(a: _Unit, b: _Unit) -> float:
    """1.0 for the same path, else closeness of relative position."""
    if a.node.path and a.node.path == b.node.path:
        return 1.0
    return max(0.0, 1.0 - abs(a.rel - b.rel))


def _content_similarity(a: _Unit, b: _Unit, dot: float) -> float:
    """Title/text similarity of two units, ``dot`` being their text-vector cosine."""
    if a.key == b.key:
        return 1.0
    title = 1.0 if a.title_key == b.title_key else dice(a.title_tokens, b.title_tokens)
    if not a.text_tokens and not b.text_tokens:
        return title
    return _TITLE_WEIGHT * title + _TEXT_WEIGHT * dot


# ---- alignment ---------------------------------------------------------------------------

def _text_dots(ua: Sequence[_Unit], ub: Sequence[_Unit], idf: Mapping[str, float]) -> dict[tuple[int, int], float]:
    """Cosine of every (a, b) pair sharing a token, through an inverted index."""
    fallback = max(idf.values()) if idf else 1.0  # tfidf's own default, found once, not per unit
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, u in enumerate(ua):
        for t, w in tfidf(u.text_tokens, idf, fallback).items():
            postings[t].append((i, w))
    dots: dict[tuple[int, int], float] = {}
    for j, u in enumerate(ub):
        acc: dict[int, float] = defaultdict(float)
        for t, w in tfidf(u.text_tokens, idf, fallback).items():
            for i, wa in postings.get(t, ()):
                acc[i] += wa * w
        for i, s in acc.items():
            dots[(i, j)] = min(1.0, s)
    return dots


def _title_candidates(ua: Sequence[_Unit], ub: Sequence[_Unit]) -> set[tuple[int, int]]:
    """Pairs sharing a title token (text-less units can only match through their titles)."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(ua):
        for t in u.title_tokens:
            index[t].append(i)
    return {(i, j) for j, u in enumerate(ub) for t in u.title_tokens for i in index.get(t, ())}


def _assign(sub_a: Sequence[_Unit], sub_b: Sequence[_Unit], idf: Mapping[str, float], threshold: float,
            allowed: Callable[[_Unit, _Unit], bool] | None = None) -> list[tuple[int, int, float]]:
    """A maximum weight matching of ``sub_a`` to ``sub_b`` over pairs scoring ``threshold`` or more
    (and ``allowed``), as index pairs into the two lists with their similarity."""
    dots = _text_dots(sub_a, sub_b, idf)
    titled = _title_candidates(sub_a, sub_b)
    candidates = set(dots) | titled
    sims: dict[tuple[int, int], float] = {}
    edges: list[tuple[int, int, float]] = []
    for i, j in candidates:
        a, b = sub_a[i], sub_b[j]
        if (i, j) not in titled and (a.title_tokens or b.title_tokens) and a.title_key != b.title_key:
            # no title token in common: the title scores 0 (what _content_similarity would find)
            sim = _TEXT_WEIGHT * dots[(i, j)] if a.text_tokens or b.text_tokens else 0.0
            if sim < threshold:
                continue
        if allowed is not None and not allowed(a, b):
            continue
        sim = _content_similarity(a, b, dots.get((i, j), 0.0))
        if sim >= threshold:
            sims[(i, j)] = sim
            edges.append((i, j, sim + _NUMBERING_BONUS * _numbering(a, b)))
    forced = _forced_pairs(edges)
    taken_a, taken_b = {i for i, _ in forced}, {j for _, j in forced}
    out = [(i, j, sims[(i, j)]) for i, j in forced]
    graph = nx.Graph()
    for i, j, weight in edges:
        if i not in taken_a and j not in taken_b:
            graph.add_edge(("a", i), ("b", j), weight=weight)
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if sub.number_of_edges() == 1:
            matching = {tuple(next(iter(sub.edges())))}
        else:
            # ("a", i) sorts before ("b", j)
            sub_edges = [(x[1], y[1], w) for x, y, w in ((*sorted((u, v)), w) for u, v, w in sub.edges(data="weight"))]
            greedy = _unique_greedy(sub_edges)
            matching = {(("a", i), ("b", j)) for i, j in greedy} if greedy is not None else nx.max_weight_matching(sub)
        for x, y in matching:
            (_, i), (_, j) = sorted((x, y))
            out.append((i, j, sims[(i, j)]))
    return out


def _unique_greedy(edges: Sequence[tuple[int, int, float]]) -> list[tuple[int, int]] | None:
    """The greedy matching of a bipartite graph (heaviest edges ``(i, j, weight)`` first) when it
    is provably its only maximum weight matching, else None.

    A matching is the only maximum one when every exchange loses weight: every alternating path
    or cycle whose swap leaves a matching (a path starts at a free A unit or drops a matched B
    unit's edge, and ends at a free B unit or drops a matched A unit's edge). The best gain of
    such a path is a longest path over the exchange graph (unmatched edges A -> B gaining their
    weight, matched edges B -> A losing theirs), found by Bellman-Ford; each edge gains
    :data:`_UNIQUE_SLACK` more, so an exchange that only ties (another matching of the same
    weight) counts as a gain and the general matching decides, as it did before. The greedy
    matching of units that plainly belong together is thus certified in ``O(passes * edges)``
    instead of the blossom algorithm's cubic time.
    """
    mate_a: dict[int, int] = {}
    mate_b: dict[int, int] = {}
    for i, j, _ in sorted(edges, key=lambda e: -e[2]):  # stable: ties in edge order
        if i not in mate_a and j not in mate_b:
            mate_a[i], mate_b[j] = j, i
    unmatched: dict[int, list[tuple[int, float]]] = defaultdict(list)
    matched_weight: dict[int, float] = {}
    units_a, units_b = set(), set()
    for i, j, w in edges:
        units_a.add(i)
        units_b.add(j)
        if mate_a.get(i) == j:
            matched_weight[j] = w
        else:
            unmatched[i].append((j, w))
    gain_a = {i: 0.0 for i in units_a if i not in mate_a}   # paths start at a free A unit
    gain_b = {j: 0.0 for j in mate_b}                       # or drop a matched B unit's edge
    none = float("-inf")
    for _ in range(len(units_a) + len(units_b) + 1):
        changed = False
        for i, g in list(gain_a.items()):
            for j, w in unmatched[i]:
                if g + w + _UNIQUE_SLACK > gain_b.get(j, none):
                    gain_b[j] = g + w + _UNIQUE_SLACK
                    changed = True
        for j, g in list(gain_b.items()):
            if j in mate_b:
                i = mate_b[j]
                if g - matched_weight[j] + _UNIQUE_SLACK > gain_a.get(i, none):
                    gain_a[i] = g - matched_weight[j] + _UNIQUE_SLACK
                    changed = True
        if not changed:
            break
    else:
        return None  # an alternating cycle gains
    if any(gain_b.get(j, none) >= 0.0 for j in units_b if j not in mate_b):
        return None  # a path to a free B unit gains
    if any(gain_a.get(i, none) >= 0.0 for i in mate_a):
        return None  # a path that drops a matched A unit's edge gains
    return list(mate_a.items())


#: What every edge of an exchange gains on top of its weight when :func:`_unique_greedy`
#: certifies a matching: exchanges that tie count as gains (well above rounding).
_UNIQUE_SLACK = 1e-9


def _forced_pairs(edges: Sequence[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Edges ``(i, j, weight)`` of a bipartite graph that every maximum weight matching holds.

    An edge heavier than the next-heaviest edge of its A end and of its B end together (0 where
    there is none) is in every maximum weight matching: a matching without it gains by trading
    the edges at its two ends for it. Such an edge is taken, its ends leave the graph, and the
    rule applies again to what is left (the ends' neighbours lost an edge), so the maximum weight
    matchings of the whole graph are these edges plus those of the rest. Units that clearly
    belong together are therefore paired without the general matching, which then only sees the
    contested units.
    """
    adj_a: dict[int, dict[int, float]] = defaultdict(dict)
    adj_b: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, w in edges:
        adj_a[i][j] = w
        adj_b[j][i] = w

    def second(weights: Mapping[int, float], but: int) -> float:
        return max((w for k, w in weights.items() if k != but), default=0.0)

    forced: list[tuple[int, int]] = []
    todo = list(adj_a)
    queued = set(todo)
    while todo:
        i = todo.pop()
        queued.discard(i)
        if not adj_a.get(i):
            continue
        j, w = max(adj_a[i].items(), key=lambda e: e[1])
        if w <= second(adj_a[i], j) + second(adj_b[j], i) + _FORCED_MARGIN:
            continue
        forced.append((i, j))
        touched = set(adj_b.pop(j))                    # the A ends that lose j
        for k in adj_a.pop(i):
            if k != j:
                del adj_b[k][i]
                touched.update(adj_b[k])               # their B end lost i: its runner-up fell
        for m in touched:
            if m in adj_a:
                adj_a[m].pop(j, None)
                if m not in queued:
                    queued.add(m)
                    todo.append(m)
    return forced


#: How much heavier than the two runner-ups together an edge must be to be taken before the
#: matching (well above the rounding of a sum of two weights).
_FORCED_MARGIN = 1e-9


def _align_label(ua: Sequence[_Unit], ub: Sequence[_Unit], idf: Mapping[str, float],
                 siblings: Callable[[_Unit, _Unit, Mapping[str, str]], bool] | None = None,
                 aligned: dict[str, str] | None = None,
                 apart: Callable[[_Unit, _Unit, Mapping[str, str], Mapping[str, str]], bool] | None = None,
                 ) -> list[tuple[int, int, float]]:
    """Aligned index pairs ``(i, j, similarity)`` for one label.

    With ``siblings`` (are two units' parents aligned, given the ``aligned`` A id -> B id
    map?), units left over are then matched within aligned parents at the lower
    :data:`SIBLING_THRESHOLD`: a review part's items with the other review part's, this
    year's work with this year's work.

    With ``apart`` (given the ``aligned`` map and its inverse, are the two units' parents both
    aligned, each with another part?), a pair of the first pass scoring under
    :data:`CROSS_PART_CLEAR` whose units sit in parts aligned elsewhere is set aside while the
    units are matched within their own parts, and kept only if both are still free after that:
    a review item whose heading echoes a heading of this year's programme yields to a review
    item of the other review part, but a unit that really moved to another chapter keeps its
    counterpart there.
    """
    pairs: list[tuple[int, int, float]] = []
    free_a = set(range(len(ua)))
    free_b = set(range(len(ub)))
    # 1. identical units, paired in order of appearance
    by_key_b: dict[str, deque[int]] = defaultdict(deque)
    for j, u in enumerate(ub):
        by_key_b[u.key].append(j)
    for i, u in enumerate(ua):
        if by_key_b.get(u.key):
            j = by_key_b[u.key].popleft()
            pairs.append((i, j, 1.0))
            free_a.discard(i)
            free_b.discard(j)
    # 2. scored candidates among the rest, solved as an assignment; 3. then within aligned parents
    aligned = aligned if aligned is not None else {}
    _match_more(ua, ub, idf, pairs, aligned, siblings, apart, first=True)
    for i, j, _ in pairs:
        aligned[ua[i].node.id] = ub[j].node.id
    return pairs


def _match_more(ua: Sequence[_Unit], ub: Sequence[_Unit], idf: Mapping[str, float],
                pairs: list[tuple[int, int, float]], aligned: dict[str, str],
                siblings: Callable[[_Unit, _Unit, Mapping[str, str]], bool] | None,
                apart: Callable[[_Unit, _Unit, Mapping[str, str], Mapping[str, str]], bool] | None = None,
                first: bool = False) -> int:
    """Match the units ``pairs`` leaves free: over the whole plans at :data:`MATCH_THRESHOLD`
    (when ``first``), then within aligned parents (``siblings``) at :data:`SIBLING_THRESHOLD`,
    three times for nested parents. Appends to ``pairs`` and ``aligned``; returns how many
    pairs it found."""
    free_a = set(range(len(ua))) - {i for i, _, _ in pairs}
    free_b = set(range(len(ub))) - {j for _, j, _ in pairs}
    passes: list[tuple[float, Callable[[_Unit, _Unit], bool] | None]] = [(MATCH_THRESHOLD, None)] if first else []
    if siblings is not None:
        passes += [(SIBLING_THRESHOLD, lambda x, y: siblings(x, y, aligned))] * 3  # nested parents
    set_aside: list[tuple[int, int, float]] = []
    count = len(pairs)
    for threshold, allowed in passes:
        if not free_a or not free_b:
            break
        ra, rb = sorted(free_a), sorted(free_b)
        found = [(ra[i], rb[j], sim) for i, j, sim in
                 _assign([ua[i] for i in ra], [ub[j] for j in rb], idf, threshold, allowed)]
        if apart is not None and allowed is None:
            known = {**aligned, **{ua[i].node.id: ub[j].node.id for i, j, _ in found}}
            back = {y: x for x, y in known.items()}
            set_aside = [(i, j, sim) for i, j, sim in found
                         if sim < CROSS_PART_CLEAR and apart(ua[i], ub[j], known, back)]
            aside = set(set_aside)
            found = [f for f in found if f not in aside]
        for i, j, sim in found:
            pairs.append((i, j, sim))
            free_a.discard(i)
            free_b.discard(j)
            aligned[ua[i].node.id] = ub[j].node.id
        if not found and allowed is not None:
            break
    for i, j, sim in set_aside:
        if i in free_a and j in free_b:
            pairs.append((i, j, sim))
            free_a.discard(i)
            free_b.discard(j)
            aligned[ua[i].node.id] = ub[j].node.id
    return len(pairs) - count


def _parts_by_contents(sa: Sequence[_Unit], sb: Sequence[_Unit], pairs: list[tuple[int, int, float]],
                       matched: Mapping[str, list[tuple[int, int, float]]],
                       units_a: Mapping[str, Sequence[_Unit]], units_b: Mapping[str, Sequence[_Unit]],
                       parent_a: Mapping[str, str], parent_b: Mapping[str, str],
                       idf: Mapping[str, float]) -> int:
    """Pair Sections left free whose aligned contents went together: a part of A and a part of
    B such that most of the aligned units under each (at least two) are aligned with units
    under the other. A chapter whose heading was rewritten keeps its tasks, and its tasks say
    where it went. Appends to ``pairs`` (Section index pairs); returns how many it found.

    >>> from core.model import Edge, Node, PlanDoc, PlanMeta
    >>> def plan(pid, heading):
    ...     nodes = [Node(id=f"{pid}/1", label="Section", title=heading, text="一、" + heading, path="1", start=0)]
    ...     edges = [Edge(pid, f"{pid}/1", "HAS_PART")]
    ...     for k, (t, x) in enumerate((("推进五水共治", "全面推进五水共治,消除黑臭河。"),
    ...                                 ("推进城市管理", "实施城区垃圾分类全覆盖。")), 1):
    ...         nodes.append(Node(id=f"{pid}/1.{k}", label="Task", title=t, text=x, path=f"1.{k}", start=k))
    ...         edges.append(Edge(f"{pid}/1", f"{pid}/1.{k}", "HAS_PART"))
    ...     return PlanDoc(plan=PlanMeta(id=pid, title="示例计划"), nodes=tuple(nodes), edges=tuple(edges))
    >>> r = compare_plans(plan("A", "建设美丽城区"), plan("B", "打造宜居家园"))
    >>> [(p["a"], p["b"], p["status"]) for p in r["pairs"] if p["label"] == "Section"]
    [('A/1', 'B/1', 'modified')]
    """
    free_a = {u.node.id: i for i, u in enumerate(sa)}
    free_b = {u.node.id: j for j, u in enumerate(sb)}
    for i, j, _ in pairs:
        free_a.pop(sa[i].node.id, None)
        free_b.pop(sb[j].node.id, None)
    votes: dict[tuple[str, str], int] = defaultdict(int)
    held_a: dict[str, int] = defaultdict(int)  # aligned units under each part
    held_b: dict[str, int] = defaultdict(int)
    for label, found in matched.items():
        for i, j, _ in found:
            pa, pb = parent_a.get(units_a[label][i].node.id), parent_b.get(units_b[label][j].node.id)
            if pa is not None:
                held_a[pa] += 1
            if pb is not None:
                held_b[pb] += 1
            if pa in free_a and pb in free_b:
                votes[(pa, pb)] += 1
    count = 0
    for (pa, pb), n in sorted(votes.items(), key=lambda v: (-v[1], free_a[v[0][0]], free_b[v[0][1]])):
        if n < 2 or 2 * n <= held_a[pa] or 2 * n <= held_b[pb] or pa not in free_a or pb not in free_b:
            continue
        i, j = free_a.pop(pa), free_b.pop(pb)
        x, y = sa[i], sb[j]
        dot = cosine(tfidf(x.text_tokens, idf), tfidf(y.text_tokens, idf))
        pairs.append((i, j, _content_similarity(x, y, dot)))
        count += 1
    return count


def longest_increasing_subsequence(values: Sequence[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of ``values``.

    Among the longest ones, the subsequence whose items stay closest to their own rank
    (``|index - rank of value|``) is kept, so that in a swap of two items around a third the
    two swapped items, not the one in between, fall outside it.

    Each item ``k`` extends the best chain (longest, then least displaced, then the earliest
    last item) ending in a smaller value, found with a prefix-maximum tree over the ranks of
    the values: ``O(n log n)``.

    >>> sorted(longest_increasing_subsequence([0, 1, 5, 3, 4, 2, 6]))
    [0, 1, 3, 4, 6]
    >>> sorted(longest_increasing_subsequence([0, 3, 2, 1, 4]))
    [0, 2, 4]
    """
    n = len(values)
    rank = {v: r for r, v in enumerate(sorted(values))}
    cost = [abs(k - rank[v]) for k, v in enumerate(values)]
    distinct = {v: r for r, v in enumerate(sorted(set(values)), 1)}  # 1-based, for the tree
    # tree[p]: the best (length, -displacement, -index) of the chains ending in a value whose
    # rank falls in p's range; (0, 0, 1) stands for none
    none = (0, 0, 1)
    tree = [none] * (len(distinct) + 1)
    best: list[tuple[int, int]] = []  # per item: (length, -displacement) of its best chain
    prev = [-1] * n
    for k, v in enumerate(values):
        found = none
        p = distinct[v] - 1  # ranks strictly below v's
        while p > 0:
            if tree[p] > found:
                found = tree[p]
            p -= p & -p
        length, disp, neg_m = found
        best.append((length + 1, disp - cost[k]))
        prev[k] = -neg_m if length else -1
        entry = (length + 1, disp - cost[k], -k)
        p = distinct[v]
        while p < len(tree):
            if entry > tree[p]:
                tree[p] = entry
            p += p & -p
    keep: set[int] = set()
    k = max(range(n), key=lambda i: best[i], default=-1)
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return keep


# ---- diffs --------------------------------------------------------------------------------

def inline_diff(a: str, b: str) -> str:
    """Character diff of ``a`` to ``b`` (whitespace ignored): ``[-deleted-]`` and ``{+inserted+}``.

    A single unchanged character between two changes is folded into them, so a changed word
    reads as one replacement rather than a scatter of letters.

    >>> inline_diff("力争2017年达到85%", "力争2018年达到 90%")
    '力争201[-7-]{+8+}年达到[-85-]{+90+}%'
    >>> inline_diff("推进五水共治再破难", "推进治水攻坚再破难")
    '推进[-五水共治-]{+治水攻坚+}再破难'
    """
    a, b = normalize_ws(a), normalize_ws(b)
    chunks: list[_Run] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        equal = op == "equal"
        if (not equal and chunks and not chunks[-1].equal) or (
                not equal and len(chunks) >= 2 and chunks[-1].equal and len(chunks[-1].deleted) <= 1
                and not chunks[-2].equal):
            if chunks[-1].equal:  # fold the one-character equal run into the change before it
                same = chunks.pop().deleted
                chunks[-1].deleted += same
                chunks[-1].inserted += same
            chunks[-1].deleted += a[i1:i2]
            chunks[-1].inserted += b[j1:j2]
        else:
            chunks.append(_Run(a[i1:i2], b[j1:j2], equal))
    out: list[str] = []
    for run in chunks:
        if run.equal:
            out.append(run.deleted)
            continue
        if run.deleted:
            out.append(f"[-{run.deleted}-]")
        if run.inserted:
            out.append(f"{{+{run.inserted}+}}")
    return "".join(out)


@dataclass
class _Run:
    """A run of :func:`inline_diff`: the text of ``a`` and of ``b`` it covers (the same text
    when ``equal``)."""

    deleted: str
    inserted: str
    equal: bool


def _unit_diff(a: Node, b: Node) -> str:
    """Diff of the text; of the title when only the title changed or the text lacks it."""
    same_title = normalize_ws(a.title) == normalize_ws(b.title)
    ta, tb = unit_text(a.text), unit_text(b.text)
    if ta == tb:
        return inline_diff(a.title, b.title)
    text_has_title = normalize_ws(a.title) in ta and normalize_ws(b.title) in tb
    if same_title or text_has_title:
        return inline_diff(ta, tb)
    return inline_diff(a.title, b.title) + " ¶ " + inline_diff(ta, tb)


# ---- targets and citations -----------------------------------------------------------------

def _cited(doc: PlanDoc) -> list[str]:
    """Document ids the plan cites, in order of first appearance."""
    seen: dict[str, None] = {}
    docs = {n.id for n in doc.nodes if n.label == "Document"}
    for e in doc.edges:
        if e.type == "CITES":
            seen.setdefault(e.target, None)
    for n in doc.nodes:
        if n.id in docs:
            seen.setdefault(n.id, None)
    return list(seen)


# ---- the comparison ------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """Two plans compared: the aligned unit pairs, every target commitment of either plan (the
    unchanged ones too) and the citation changes. :meth:`to_json` is the contract shape."""

    a: PlanDoc
    b: PlanDoc
    pairs: tuple[Mapping[str, Any], ...]
    targets: tuple[TargetChange, ...]
    citations: Mapping[str, tuple[str, ...]]

    def to_json(self) -> dict[str, Any]:
        """``policykg compare --format json`` (DESIGN.md section 4), exactly those fields."""
        return {"a": self.a.plan.id, "b": self.b.plan.id, "pairs": [dict(p) for p in self.pairs],
                "targets": contract_rows(self.targets),
                "citations": {k: list(v) for k, v in self.citations.items()}}

    @property
    def year_shift(self) -> int:
        return year_shift(self.a, self.b)

    def sentences(self, pair: Mapping[str, Any]) -> tuple[SentencePair, ...]:
        """The sentence 对照 of one pair (one side only for added/removed units)."""
        na = self.a.node(pair["a"]) if pair.get("a") else None
        nb = self.b.node(pair["b"]) if pair.get("b") else None
        return align_sentences(na.text if na else "", nb.text if nb else "", year_shift=self.year_shift)


def compare(a: PlanDoc, b: PlanDoc) -> Comparison:
    """Compare plan ``a`` (older) with plan ``b`` (newer): the typed result behind
    :func:`compare_plans` and :func:`render_table`."""
    seen: dict[str, tuple[str, ...]] = {}
    units_a, units_b = _units_by_label(a, seen), _units_by_label(b, seen)
    all_units = [u for us in (*units_a.values(), *units_b.values()) for u in us]
    idf = idf_weights([u.text_tokens for u in all_units])
    pairs = _aligned_pairs(a, b, units_a, units_b, idf)
    cited_a, cited_b = _cited(a), _cited(b)
    in_a, in_b = set(cited_a), set(cited_b)
    return Comparison(a, b, tuple(pairs), target_changes(a, b),
                      {"added": tuple(d for d in cited_b if d not in in_a),
                       "removed": tuple(d for d in cited_a if d not in in_b)})


def compare_plans(a: PlanDoc, b: PlanDoc) -> dict[str, Any]:
    """Compare plan ``a`` (older) with plan ``b`` (newer).

    Parameters
    ----------
    a, b : PlanDoc
        Two parsed plans, usually two versions of one document.

    Returns
    -------
    dict
        ``{"a", "b", "pairs", "targets", "citations"}`` as in DESIGN.md section 4. Pairs are
        grouped by label (in ``UNIT_LABELS`` order) and follow B's order, removed units placed
        after the unit that preceded them in A. ``similarity`` is 1.0 for unchanged units and
        0.0 for added/removed ones; ``diff`` is empty unless the pair is modified.
        ``targets`` are matched across the whole plans by what they measure, not inside aligned
        units (:func:`analysis.target_changes.target_changes`); identical ones are left out.

    Examples
    --------
    >>> from core.model import Node, PlanDoc, PlanMeta
    >>> a = PlanDoc(plan=PlanMeta(id="A", title="计划"),
    ...             nodes=(Node(id="A/1", label="Measure", title="组织保障", text="建立领导小组。"),))
    >>> b = PlanDoc(plan=PlanMeta(id="B", title="计划"))
    >>> r = compare_plans(a, b)
    >>> r["pairs"][0]["status"], r["pairs"][0]["b"]
    ('removed', None)
    """
    return compare(a, b).to_json()


def _parents(doc: PlanDoc) -> dict[str, str]:
    """Unit id -> the id of the plan or section that has it (``HAS_PART``)."""
    return {e.target: e.source for e in doc.edges if e.type == "HAS_PART"}


def _aligned_pairs(a: PlanDoc, b: PlanDoc, units_a: Mapping[str, list[_Unit]],
                   units_b: Mapping[str, list[_Unit]], idf: Mapping[str, float]) -> list[dict[str, Any]]:
    """The pairs of every label, in B's order with removed units after their predecessor."""
    pairs: list[dict[str, Any]] = []
    parent_a, parent_b = _parents(a), _parents(b)
    aligned: dict[str, str] = {a.plan.id: b.plan.id}

    def siblings(x: _Unit, y: _Unit, known: Mapping[str, str]) -> bool:
        pa, pb = parent_a.get(x.node.id), parent_b.get(y.node.id)
        if pa is None or pb is None:
            return False
        if known.get(pa) == pb:
            return True
        # one version groups the unit one level deeper: its grandparent, a part (not the plan),
        # is aligned with the other's parent
        ga, gb = parent_a.get(pa), parent_b.get(pb)
        return ((ga is not None and ga != a.plan.id and known.get(ga) == pb)
                or (gb is not None and gb != b.plan.id and known.get(pa) == gb))

    def apart(x: _Unit, y: _Unit, known: Mapping[str, str], back: Mapping[str, str]) -> bool:
        pa, pb = parent_a.get(x.node.id), parent_b.get(y.node.id)
        return (pa is not None and pb is not None and known.get(pa, pb) != pb
                and back.get(pb, pa) != pa)

    matched: dict[str, list[tuple[int, int, float]]] = {}
    for label in UNIT_LABELS:
        if units_a[label] or units_b[label]:
            matched[label] = _align_label(units_a[label], units_b[label], idf, siblings, aligned, apart)
    # parts left free that their aligned contents pair, then their contents left free
    sections = matched.get("Section")
    for _ in range(3):  # nested parts
        if sections is None or not _parts_by_contents(units_a["Section"], units_b["Section"], sections, matched,
                                                      units_a, units_b, parent_a, parent_b, idf):
            break
        for i, j, _ in sections:
            aligned[units_a["Section"][i].node.id] = units_b["Section"][j].node.id
        for label, found in matched.items():
            _match_more(units_a[label], units_b[label], idf, found, aligned, siblings)
    for label in UNIT_LABELS:
        if label not in matched:
            continue
        ua, ub = units_a[label], units_b[label]
        matched_label = sorted(matched[label])
        lis = longest_increasing_subsequence([j for _, j, _ in matched_label])
        moved = {(i, j) for k, (i, j, _) in enumerate(matched_label) if k not in lis}
        rows: list[tuple[float, dict[str, Any]]] = []
        b_of_a = {i: j for i, j, _ in matched_label}
        for i, j, sim in matched_label:
            na, nb = ua[i].node, ub[j].node
            unchanged = ua[i].key == ub[j].key
            rows.append((float(j), {
                "label": label, "a": na.id, "b": nb.id, "a_title": na.title, "b_title": nb.title,
                "status": "unchanged" if unchanged else "modified", "moved": (i, j) in moved,
                "similarity": 1.0 if unchanged else round(min(sim, 0.999), 3),
                "diff": "" if unchanged else _unit_diff(na, nb)}))
        matched_b = set(b_of_a.values())
        for j, u in enumerate(ub):
            if j not in matched_b:
                rows.append((float(j), _unmatched_row(label, None, u.node)))
        before = -1  # where the last matched unit of A before this one went in B
        for i, u in enumerate(ua):
            if i in b_of_a:
                before = b_of_a[i]
            else:
                rows.append((before + 0.5 + i * 1e-6, _unmatched_row(label, u.node, None)))
        pairs.extend(r for _, r in sorted(rows, key=lambda r: r[0]))
    return pairs


def _unmatched_row(label: str, na: Node | None, nb: Node | None) -> dict[str, Any]:
    return {"label": label, "a": na.id if na else None, "b": nb.id if nb else None,
            "a_title": na.title if na else None, "b_title": nb.title if nb else None,
            "status": "removed" if nb is None else "added", "moved": False,
            "similarity": 0.0, "diff": ""}


# ---- outputs -------------------------------------------------------------------------------

_PAIR_STATUSES = ("unchanged", "modified", "added", "removed")
_CHANGES = ("same", "raised", "lowered", "postponed", "advanced", "changed", "added", "removed")


def _json_change(row: Mapping[str, Any]) -> str:
    """How a contract ``targets`` row reads when only the JSON is at hand."""
    if row["status"] in ("added", "removed"):
        return row["status"]
    va, vb = row.get("a_value"), row.get("b_value")
    if va is not None and vb is not None and va != vb:
        return "raised" if vb > va else "lowered"
    return "changed"


def _target_lines(result: Comparison | Mapping[str, Any], show_unchanged: bool) -> list[str]:
    """The target table: one row per commitment, old -> new as people read them (targets
    identical in both plans, year included, only counted unless ``show_unchanged``)."""
    rows: list[list[Any]] = []
    if isinstance(result, Comparison):
        changes = [c.change for c in result.targets]
        for c in result.targets:
            if c.status == "unchanged" and not show_unchanged:
                continue
            rows.append([present.change_zh(c.change), c.metric or present.indicator_zh(c.indicator),
                         present.target_text(c.a.props if c.a else None),
                         present.target_text(c.b.props if c.b else None)])
    else:
        changes = [_json_change(t) for t in result["targets"]]
        for t, change in zip(result["targets"], changes):
            old = present.number(t["a_value"], t["unit"]) if t["a"] else present.MISSING
            new = present.number(t["b_value"], t["unit"]) if t["b"] else present.MISSING
            rows.append([present.change_zh(change), t["metric"],
                         old + (f"（{present.year(t['a_year'])}年）" if t["a"] and t["a_year"] else ""),
                         new + (f"（{present.year(t['b_year'])}年）" if t["b"] and t["b_year"] else "")])
    if not changes:
        return []
    counts = "，".join(f"{present.change_zh(k)} {changes.count(k)}" for k in _CHANGES if k in changes)
    hidden = len(changes) - len(rows)
    head = f"指标 {len(changes)} 项（{counts}）" + (f"；两版完全相同的 {hidden} 项未列出" if hidden else "")
    if not rows:
        return [head]
    return [head, *present.text_table(("变化", "指标", "原值(A)", "新值(B)"), rows, (4, 36, 22, 22))]


def _sentence_lines(result: Comparison, pair: Mapping[str, Any], width: int, limit: int = 8) -> list[str]:
    """A modified pair's changed sentences (the 对照 folded to its changes), ``−``/``+`` marked."""
    rows = result.sentences(pair)
    changed = [r for r in rows if r.status != "same"]
    out: list[str] = []
    ta, tb = normalize_ws(pair["a_title"] or ""), normalize_ws(pair["b_title"] or "")
    if ta != tb and not any(ta in (r.a or "") and tb in (r.b or "") for r in rows):
        out.append("    标题:" + inline_diff(pair["a_title"] or "", pair["b_title"] or ""))
    for r in changed[:limit]:
        text = {"modified": r.diff, "added": f"{{+{r.b}+}}", "removed": f"[-{r.a}-]"}[r.status]
        text = compact_diff(text, context=20) if r.status == "modified" else text
        out.append("    差异:" + (text if len(text) <= width else text[:width] + "…"))
    hidden = len(changed) - min(len(changed), limit)
    same = len(rows) - len(changed)
    tail = "，".join(x for x in (f"另有 {hidden} 句改动" if hidden else "", f"{same} 句未变" if same else "") if x)
    if tail:
        out.append(f"    （{tail}）")
    return out


def _doc_names(result: Comparison | Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(result, Comparison):
        return {}
    return {n.id: n.title for d in (result.a, result.b) for n in d.nodes if n.label == "Document" and n.title}


def render_table(result: Comparison | Mapping[str, Any], show_unchanged: bool = False,
                 diff_width: int = 120) -> str:
    """The comparison for people: the target changes first (old -> new, 未变/上调/下调/新增/取消),
    then the units (unchanged, unmoved ones only counted unless ``show_unchanged``), each modified
    pair followed by its changed sentences, then the citations. Every number, year and
    similarity goes through :mod:`analysis.present`.

    ``result`` is a :class:`Comparison` (plans named by title, sentence 对照, documents by title)
    or the JSON of :func:`compare_plans` (ids, the units' inline diffs).

    >>> print(render_table({"a": "A", "b": "B", "pairs": [], "targets": [],
    ...                     "citations": {"added": ["doc-1"], "removed": []}}))
    比较 A → B
    单元 0 项（未变 0，修改 0，新增 0，删除 0，移动 0）
    <BLANKLINE>
    新增引用:doc-1
    """
    typed: Comparison | None = None
    if isinstance(result, Comparison):
        typed = result
        pairs = list(result.pairs)
        names = (present.plan_title(result.a.plan), present.plan_title(result.b.plan))
        cites = result.citations
    else:
        pairs = list(result["pairs"])
        names = (result["a"], result["b"])
        cites = result["citations"]
    out = [f"比较 {names[0]} → {names[1]}"]
    targets = _target_lines(result, show_unchanged)
    if targets:
        out += ["", *targets, ""]
    counts = {s: sum(p["status"] == s for p in pairs) for s in _PAIR_STATUSES}
    n_moved = sum(bool(p["moved"]) for p in pairs)
    out.append(f"单元 {len(pairs)} 项（" + "，".join(f"{present.status_zh(s)} {counts[s]}" for s in _PAIR_STATUSES)
               + f"，移动 {n_moved}）")
    shown = [p for p in pairs if show_unchanged or p["status"] != "unchanged" or p["moved"]]
    if shown:
        out.append("")
        rows = [[present.label_zh(p["label"]), present.status_zh(p["status"]), "是" if p["moved"] else "",
                 present.similarity(p["similarity"]), p["a_title"], p["b_title"]] for p in shown]
        table = present.text_table(("类别", "状态", "移动", "相似度", "原标题(A)", "新标题(B)"), rows,
                                   (8, 4, 4, 6, 30, 30))
        out.extend(table[:2])
        for line, p in zip(table[2:], shown):
            out.append(line)
            if p["status"] != "modified":
                continue
            if typed is not None:
                out.extend(_sentence_lines(typed, p, diff_width))
            elif p["diff"]:
                d = compact_diff(p["diff"])
                out.append("    差异:" + (d if len(d) <= diff_width else d[:diff_width] + "…"))
    docs = _doc_names(result)
    if cites["added"] or cites["removed"]:
        out.append("")
        for key, head in (("added", "新增引用:"), ("removed", "删除引用:")):
            if cites[key]:
                out.append(head + "、".join(docs.get(d, d) for d in cites[key]))
    return "\n".join(out)


TARGET_CSV_COLUMNS = ("变化", "change", "指标", "单位", "标准指标", "indicator", "原值(A)", "新值(B)",
                      "a_value", "b_value", "a_year", "b_year", "匹配", "a", "b")


def render_csv(result: Comparison) -> str:
    """The target changes as CSV, one row per commitment (unchanged ones too): the values as
    people read them beside the raw values, years and ids, for a spreadsheet.

    >>> from core.model import PlanDoc, PlanMeta
    >>> print(render_csv(compare(PlanDoc(PlanMeta("A", "甲")), PlanDoc(PlanMeta("B", "乙")))), end="")
    变化,change,指标,单位,标准指标,indicator,原值(A),新值(B),a_value,b_value,a_year,b_year,匹配,a,b
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TARGET_CSV_COLUMNS)
    for c in result.targets:
        raw = c.to_json()
        writer.writerow([present.change_zh(c.change), c.change, c.metric or "", c.unit or "",
                         present.indicator_zh(c.indicator) if c.indicator else "", c.indicator or "",
                         present.target_text(c.a.props if c.a else None),
                         present.target_text(c.b.props if c.b else None),
                         *("" if raw[k] is None else raw[k] for k in ("a_value", "b_value", "a_year", "b_year")),
                         present.method_zh(c.matched_by) if c.matched_by else "", raw["a"] or "", raw["b"] or ""])
    return out.getvalue()


_RE_DIFF_MARK = re.compile(r"\[-.*?-\]|\{\+.*?\+\}", re.S)


def compact_diff(diff: str, context: int = 10) -> str:
    """An inline diff with long unchanged stretches cut to ``context`` characters around changes.

    >>> compact_diff("一二三四五六七八九十甲乙丙[-丁-]{+戊+}己庚辛壬癸子丑寅卯辰", context=3)
    '…甲乙丙[-丁-]{+戊+}己庚辛…'
    """
    out: list[str] = []
    pos = 0
    marks = list(_RE_DIFF_MARK.finditer(diff))
    for k, m in enumerate(marks):
        same = diff[pos:m.start()]
        if k == 0:
            out.append(same if len(same) <= context else "…" + same[-context:])
        elif len(same) > 2 * context:
            out.append(same[:context] + "…" + same[-context:])
        else:
            out.append(same)
        out.append(m.group(0))
        pos = m.end()
    tail = diff[pos:]
    out.append(tail if len(tail) <= context or not marks else tail[:context] + "…")
    return "".join(out)


def _title_stem(title: str) -> str:
    """A plan title without version markers, brackets or spaces.

    >>> _title_stem("滨江三年行动计划(修订稿)") == _title_stem("滨江三年行动计划(2.1版)")
    True
    """
    return _RE_TITLE_NOISE.sub("", _RE_TITLE_MARKERS.sub("", unicodedata.normalize("NFKC", title or "")))


def overall_similarity(result: Mapping[str, Any]) -> float:
    """Dice similarity of the two plans over their units: ``2 * sum(sim) / (|A| + |B|)``.

    >>> overall_similarity({"pairs": [{"a": "x", "b": "y", "similarity": 1.0},
    ...                               {"a": "z", "b": None, "similarity": 0.0}]})
    0.666667
    """
    pairs = result["pairs"]
    n_a = sum(p["a"] is not None for p in pairs)
    n_b = sum(p["b"] is not None for p in pairs)
    if not n_a + n_b:
        return 0.0
    total = sum(p["similarity"] for p in pairs if p["a"] is not None and p["b"] is not None)
    return round(2 * total / (n_a + n_b), 6)


def alignment_edges(result: Mapping[str, Any], a: PlanDoc | None = None,
                    b: PlanDoc | None = None) -> list[Edge]:
    """``ALIGNED_WITH`` edges (A unit -> B unit) and, when B is a version of A, ``REVISES`` B -> A.

    B counts as a version of A when the overall similarity reaches :data:`REVISES_THRESHOLD`,
    or :data:`REVISES_STEM_THRESHOLD` when the plans' titles have the same stem (pass the
    PlanDocs so their titles can be read).

    >>> r = {"a": "A", "b": "B", "pairs": [{"label": "Task", "a": "A/1", "b": "B/1",
    ...      "status": "unchanged", "moved": False, "similarity": 1.0}]}
    >>> [(e.type, e.source, e.target) for e in alignment_edges(r)]
    [('ALIGNED_WITH', 'A/1', 'B/1'), ('REVISES', 'B', 'A')]
    """
    edges = [Edge(p["a"], p["b"], "ALIGNED_WITH",
                  {"status": p["status"], "similarity": float(p["similarity"]), "moved": bool(p["moved"])})
             for p in result["pairs"] if p["a"] is not None and p["b"] is not None]
    overall = overall_similarity(result)
    same_stem = bool(a and b and _title_stem(a.plan.title) and
                     _title_stem(a.plan.title) == _title_stem(b.plan.title))
    if overall >= REVISES_THRESHOLD or (same_stem and overall >= REVISES_STEM_THRESHOLD):
        method = "title-stem" if same_stem else "overall-similarity"
        evidence = (f"same title stem {_title_stem(a.plan.title)}; " if same_stem and a else "") + \
            f"unit similarity {overall:.2f}"
        edges.append(Edge(result["b"], result["a"], "REVISES",
                          {"inferred": True, "method": method, "score": min(1.0, overall),
                           "evidence": evidence[:200]}))
    return edges
