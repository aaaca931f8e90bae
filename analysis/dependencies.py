"""Infer how a plan's units depend on each other: which task serves which programme or goal,
which task builds on another, and that safeguards support the whole plan.

Every inferred edge carries ``inferred=True``, ``method``, ``score`` in [0, 1] and ``evidence``
(at most :data:`EVIDENCE_CHARS` characters), so users can filter by score and read why.

``SUPPORTS`` Task -> Project / Goal
    ``explicit-name``  the task's subject (its title without the leading verb and the trailing
                       ``再…`` slogan, e.g. 五水共治 in 推进五水共治再破难) is written in the
                       project's or goal's text, or a project's name (产业梯队 of 产业梯队工程) or a
                       quoted programme of it (“三改一拆”) is written in the task's title.
    ``term-overlap``   the tf-idf cosine between the task and a project profile (the project's
                       text plus the goal matched to it) is clearly the best: at least
                       :data:`MARGIN` times the runner-up. Only for tasks without an explicit project.
    ``via-goal``       the task names a goal, and that goal is matched one-to-one to a project
                       (maximum weight matching of goals to projects by cosine). Only when neither
                       of the above found a project.
``DEPENDS_ON`` Task -> Task
    ``explicit-cue``   a clause ``依托 / 结合 / 按照 / 借助 / 基于 / 在…基础上`` + phrase whose object
                       (a string starting within :data:`CUE_OBJECT_WINDOW` characters of the cue,
                       naming a thing: …平台/中心/示范区/工程/基地/体系…, ≥ 4 characters besides
                       generic words, written in at most three tasks) is built by another task
                       (建设, 打造, 争创, 创建 … shortly before it, or 开发建设 right after it,
                       with no cue word in between).
    ``shared-programme`` a quoted programme or a named platform (…平台/基地/中心/示范区/计划/
                       小镇) written in two or three tasks, of which exactly one builds it (as
                       above): the others depend on that one.
    ``shared-lead``    two tasks led by the same body (``LEADS``) with near-identical wording
                       (cosine ≥ 0.5): the later task depends on the earlier one. Weak.
``SUPPORTS`` Measure -> Plan
    ``safeguard``      every safeguard measure supports the plan, score 1.0.

Examples
--------
>>> from core.model import Node, PlanDoc, PlanMeta
>>> doc = PlanDoc(plan=PlanMeta(id="P", title="行动计划"), nodes=(
...     Node(id="P/1", label="Project", title="美丽滨江工程", text="优化城市功能,推进海绵城市建设。"),
...     Node(id="P/2", label="Task", title="推进城市功能再完善", text="加快商贸配套服务业发展。"),
...     Node(id="P/3", label="Measure", title="组织保障", text="建立领导小组。")))
>>> [(e.source, e.type, e.target, e.props["method"]) for e in infer_edges(doc)]
[('P/2', 'SUPPORTS', 'P/1', 'explicit-name'), ('P/3', 'SUPPORTS', 'P', 'safeguard')]
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

import networkx as nx

from core.model import UNIT_LABELS, Edge, Node, PlanDoc
from ingest.tokenizer import get_tokenizer
from analysis.similarity import _RE_LEADING_ENUM as _RE_ENUM_ONLY
from analysis.similarity import cosine, idf_weights, normalize_ws, tfidf, tokens, unit_text

__all__ = ["infer_edges", "with_inferred_edges", "task_subject", "MARGIN", "EVIDENCE_CHARS"]

#: term-overlap links a task to its best project only when best >= MARGIN * second best.
MARGIN = 1.4
#: ... and the best cosine is at least this.
MIN_COSINE = 0.1
#: a term-overlap score reaches its margin only from this cosine on (weaker overlaps score less).
FULL_COSINE = 0.2
EVIDENCE_CHARS = 200
#: shared strings for explicit cues must be this long and written in at most this many units.
MIN_SHARED, MAX_UNITS_SHARING = 4, 3
SHARED_LEAD_MIN_COSINE = 0.5
#: the shared string of an explicit cue must start this close to the cue word (its object).
CUE_OBJECT_WINDOW = 12
#: a building verb counts when it is at most this many characters before the name.
BUILD_WINDOW = 10
#: shared-lead pairs are found through terms written in at most this many of one body's tasks
SHARED_TERM_MAX_UNITS = 50

# ---- patterns (all in one place) ----------------------------------------------------------
_RE_LEADING_VERB = re.compile(r"^(?:全面|大力|积极|着力|加快|持续|深入|切实|进一步)*"
                              r"(?:推进|推动|加快|加强|深化|实施|完善|提升|促进|强化|打造|建设|构建|做好|抓好)")
_RE_TRAILING_SLOGAN = re.compile(r"再[\u4e00-\u9fff]{1,2}$|(?:工作|建设|行动)$")
_RE_PROJECT_SUFFIX = re.compile(r"(?:工程|计划|行动|专项)$")
_RE_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,12})[”\"」]")
_RE_CLAUSE = re.compile(r"[^,，。;；:：!！?？\n]+")
_RE_SENTENCE = re.compile(r"[^。;；!！?？\n]+[。;；!！?？]?")
_RE_CUE = re.compile(r"(?:依托|借助|基于|按照|结合(?!起来)|在(?=[^,，。;；]{2,40}?基础上))"
                     r"([^,，。;；]{2,60})")
_RE_CUE_NOT = re.compile(r"相结合$|有机结合$")
_RE_BUILD_BEFORE = re.compile(r"(?:建设|建成|打造|争创|创建|建立|构建|设立|组建|培育|开发|引导企业建设)")
_RE_BUILD_AFTER = re.compile(r"^[^,，。;；]{0,2}(?:开发建设|建设|创建|打造)")
_RE_NAMED_PLATFORM = re.compile(r"[\u4e00-\u9fff]{4,10}(?:平台|基地|示范区|小镇|计划|中心)")
# the object of a cue is a thing someone builds: a platform, centre, zone, programme, system …
_RE_THING = re.compile(r"平台|基地|示范区|小镇|计划|中心|工程|园|实验室|系统|网络|体系|工作站|集群|试点")
_RE_CUE_WORD = re.compile(r"依托|借助|基于|利用|按照|结合")
_RE_PUNCT = re.compile(r"[\s,，。;；:：、()（）“”《》]")
# generic words that never name another task's subject on their own (三年行动计划, 工作机制 …)
_RE_GENERIC = re.compile(r"(?:三年|五年)?行动计划|实施方案|实施意见|工作方案|体制机制|体系|机制|工作|项目|建设|发展")


def _evidence(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1] + "…"


def _edge(source: str, target: str, type_: str, method: str, score: float, evidence: str) -> Edge:
    return Edge(source, target, type_, {"inferred": True, "method": method,
                                         "score": round(max(0.0, min(1.0, score)), 3),
                                         "evidence": _evidence(evidence)})


def task_subject(title: str) -> str:
    """The subject of a task title: without a leading verb or a trailing ``再…`` slogan.

    >>> task_subject("推进五水共治再破难"), task_subject("加快建设科技金融服务中心")
    ('五水共治', '科技金融服务中心')
    """
    core = _RE_LEADING_VERB.sub("", normalize_ws(title))
    core = _RE_TRAILING_SLOGAN.sub("", core)
    return core


def _project_stem(title: str) -> str:
    """产业梯队工程 -> 产业梯队."""
    return _RE_PROJECT_SUFFIX.sub("", normalize_ws(title))


def _sentence_with(text: str, needle: str) -> str:
    """The first sentence of ``text`` holding ``needle``, preferring one longer than a heading."""
    hits = [s for s in _RE_SENTENCE.findall(text) if needle in s]
    longer = [s for s in hits if len(_RE_PUNCT.sub("", s)) > len(needle) + 4]
    return (longer or hits or [needle])[0]


def _body(n: Node) -> str:
    """Title and text of a unit (the text may or may not repeat the title)."""
    text = unit_text(n.text)
    title = normalize_ws(n.title)
    return text if title and text.startswith(title) else f"{title}。{text}" if text else title


# ---- SUPPORTS Task -> Project / Goal -------------------------------------------------------

class _Named:
    """Which projects and goals each task names explicitly (the ``explicit-name`` rules), found
    through text indexes rather than by comparing every task with every candidate."""

    def __init__(self, tasks: Sequence[Node], candidates: Sequence[Node]):
        self.candidates = list(candidates)
        self.bodies = [_body(c) for c in self.candidates]
        self.index = _TextIndex(self.bodies)
        task_bodies = _TextIndex([_body(t) for t in tasks])
        task_titles = _TextIndex([normalize_ws(t.title) for t in tasks])
        self.tasks = tasks
        # candidate -> tasks whose body writes its project stem / whose title writes its quote
        self.by_stem: dict[int, dict[int, str]] = defaultdict(dict)
        self.by_quote: dict[int, dict[int, str]] = defaultdict(dict)
        for ci, c in enumerate(self.candidates):
            stem = _project_stem(c.title) if c.label == "Project" else ""
            if len(stem) >= 3:
                for ti in task_bodies.containing(stem):
                    self.by_stem[ti][ci] = stem
            for quoted in _RE_QUOTED.findall(self.bodies[ci]):
                q = normalize_ws(quoted)
                if len(q) >= 3:
                    for ti in task_titles.containing(q):
                        self.by_quote[ti].setdefault(ci, quoted)

    def of(self, ti: int) -> list[tuple[Node, str]]:
        """Projects/goals task ``ti`` names, in candidate order, with the sentence that shows it."""
        task = self.tasks[ti]
        subject = task_subject(task.title)
        hits: dict[int, str] = {}
        if len(subject) >= 3:
            for ci in self.index.containing(subject):
                c = self.candidates[ci]
                hits[ci] = f"「{subject}」见于{c.title}:{_sentence_with(self.bodies[ci], subject)}"
        for ci, stem in self.by_stem.get(ti, {}).items():
            if ci not in hits:
                body = _body(task)
                hits[ci] = f"「{stem}」见于{task.title}:{_sentence_with(body, stem)}"
        for ci, quoted in self.by_quote.get(ti, {}).items():
            if ci not in hits:
                c = self.candidates[ci]
                hits[ci] = f"「{normalize_ws(quoted)}」见于{c.title}:{_sentence_with(self.bodies[ci], quoted)}"
        return [(self.candidates[ci], hits[ci]) for ci in sorted(hits)]


def _body_tokens(n: Node) -> list[str]:
    """The tokens of :func:`_body`, read from the unit's own text when it opens with its title:
    the parser has already segmented that exact string, so the tokenizer's cache answers."""
    body = unit_text(n.text)
    title = normalize_ws(n.title)
    if not (title and body.startswith(title)):
        return tokens(_body(n))
    prefix = len(n.text) - len(_RE_ENUM_ONLY.sub("", n.text, count=1))
    return get_tokenizer().tokens(n.text, start=prefix)


def _unit_vectors(doc: PlanDoc) -> dict[str, dict[str, float]]:
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    toks = {n.id: _body_tokens(n) for n in units}
    idf = idf_weights(toks.values())
    return {k: tfidf(v, idf) for k, v in toks.items()}


def _add(u: Mapping[str, float], v: Mapping[str, float]) -> dict[str, float]:
    w = {k: u.get(k, 0.0) + v.get(k, 0.0) for k in set(u) | set(v)}
    norm = math.sqrt(sum(x * x for x in w.values()))
    return {k: x / norm for k, x in w.items()} if norm else {}


class _Postings:
    """Sparse vectors by term, so a vector's cosine with all of them costs only the terms they
    share (not one comparison per vector)."""

    def __init__(self, ids: Sequence[str], vectors: Mapping[str, Mapping[str, float]]):
        self.ids = list(ids)
        self._by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, uid in enumerate(self.ids):
            for term, w in vectors[uid].items():
                self._by_term[term].append((i, w))

    def cosines(self, u: Mapping[str, float]) -> dict[str, float]:
        """Non-zero cosines of ``u`` with every vector, by id (clipped to [0, 1] like cosine)."""
        acc: dict[int, float] = defaultdict(float)
        for term, x in u.items():
            for i, w in self._by_term.get(term, ()):
                acc[i] += x * w
        return {self.ids[i]: min(1.0, s) for i, s in acc.items() if s > 0}

    def ranked(self, u: Mapping[str, float]) -> list[tuple[float, str]]:
        """(cosine, id) best first, ties broken as ``sorted(..., reverse=True)`` would."""
        return sorted(((c, i) for i, c in self.cosines(u).items()), reverse=True)


#: above this many goal-project pairs with any overlap, goals are matched greedily (best pair
#: first) instead of by maximum weight matching, whose cost grows with the cube of the count
MATCHING_MAX_PAIRS = 2500


def _goal_to_project(goals: Sequence[Node], projects: Sequence[Node],
                     vec: Mapping[str, Mapping[str, float]]) -> dict[str, str]:
    """One-to-one matching of goals to projects by cosine (maximum weight matching)."""
    postings = _Postings([p.id for p in projects], vec)
    pairs = [(sim, g.id, pid) for g in goals for pid, sim in postings.cosines(vec[g.id]).items()]
    out: dict[str, str] = {}
    if len(pairs) > MATCHING_MAX_PAIRS:
        taken: set[str] = set()
        for _, gid, pid in sorted(pairs, reverse=True):
            if gid not in out and pid not in taken:
                out[gid] = pid
                taken.add(pid)
        return out
    graph = nx.Graph()
    for sim, gid, pid in pairs:
        graph.add_edge(("g", gid), ("p", pid), weight=sim)
    for x, y in nx.max_weight_matching(graph):
        (_, gid), (_, pid) = sorted((x, y))  # "g" sorts before "p"
        out[gid] = pid
    return out


def _top_terms(u: Mapping[str, float], v: Mapping[str, float], k: int = 6) -> list[str]:
    return [t for t, _ in sorted(((t, u[t] * v[t]) for t in u if t in v), key=lambda p: -p[1])[:k]]


def _overlap_score(best: float, second: float) -> float:
    """How clearly the best candidate wins (margin over the runner-up) times how strong it is.

    >>> _overlap_score(0.2, 0.1), _overlap_score(0.1, 0.0)
    (0.5, 0.5)
    """
    return (1 - second / best) * min(1.0, best / FULL_COSINE)


def _supports_edges(doc: PlanDoc, vec: Mapping[str, Mapping[str, float]]) -> list[Edge]:
    tasks, projects, goals = doc.by_label("Task"), doc.by_label("Project"), doc.by_label("Goal")
    goal_project = _goal_to_project(goals, projects, vec) if goals and projects else {}
    profile = {p.id: vec[p.id] for p in projects}
    for gid, pid in goal_project.items():
        profile[pid] = _add(vec[pid], vec[gid])
    titles = {n.id: n.title for n in (*projects, *goals)}
    named = _Named(tasks, (*projects, *goals))
    by_profile = _Postings([p.id for p in projects], profile)
    by_goal = _Postings([g.id for g in goals], vec)
    edges: list[Edge] = []
    for ti, t in enumerate(tasks):
        explicit = named.of(ti)
        named_projects = [c for c, _ in explicit if c.label == "Project"][:2]
        named_goals = [c for c, _ in explicit if c.label == "Goal"][:2]
        for c, why in explicit:
            if c in named_projects or c in named_goals:
                edges.append(_edge(t.id, c.id, "SUPPORTS", "explicit-name", 0.9, why))
        if named_projects:
            continue
        ranked = by_profile.ranked(vec[t.id])
        if len(projects) >= 2 and ranked and ranked[0][0] >= MIN_COSINE:  # a choice needs two candidates
            best, second = ranked[0][0], (ranked[1][0] if len(ranked) > 1 else 0.0)
            if best >= MARGIN * second:
                pid = ranked[0][1]
                terms = "、".join(_top_terms(vec[t.id], profile[pid]))
                edges.append(_edge(t.id, pid, "SUPPORTS", "term-overlap", _overlap_score(best, second),
                                   f"{t.title}→{titles[pid]} 共同关键词:{terms} "
                                   f"(cos {best:.2f}, 次优 {second:.2f})"))
                continue
        for g in named_goals:
            if g.id in goal_project:
                pid = goal_project[g.id]
                edges.append(_edge(t.id, pid, "SUPPORTS", "via-goal", 0.6,
                                   f"{t.title}→目标{g.title}→{titles[pid]}"))
        if not projects and not named_goals and len(goals) >= 2:
            ranked = by_goal.ranked(vec[t.id]) or [(0.0, "")]
            best, second = ranked[0][0], (ranked[1][0] if len(ranked) > 1 else 0.0)
            if best >= MIN_COSINE and best >= MARGIN * second:
                gid = ranked[0][1]
                terms = "、".join(_top_terms(vec[t.id], vec[gid]))
                edges.append(_edge(t.id, gid, "SUPPORTS", "term-overlap", _overlap_score(best, second),
                                   f"{t.title}→{titles[gid]} 共同关键词:{terms}"))
    return edges


# ---- DEPENDS_ON Task -> Task ---------------------------------------------------------------

def _builds(clause: str, at: int, length: int) -> bool:
    """Does ``clause`` build the thing written at ``clause[at:at+length]``?

    A building verb shortly before it (建设…, 争创…) or right after it (…开发建设) counts,
    unless a cue word stands between (建设…依托X uses X, it does not build it).

    >>> _builds("积极争创国家自主创新示范区核心区", 4, 9), _builds("加快建设依托市大数据平台", 6, 6)
    (True, False)
    """
    before = clause[max(0, at - BUILD_WINDOW):at]
    if _RE_CUE_WORD.search(before):
        return False
    return bool(_RE_BUILD_BEFORE.search(before) or _RE_BUILD_AFTER.search(clause[at + length:]))


class _TextIndex:
    """Which of a list of texts contain a string, without scanning them all: character
    trigrams point to the texts that hold them, and only the texts under the rarest trigram
    of the string are searched (answers are memoised, since cues and names repeat).

    >>> idx = _TextIndex(["建设大数据平台", "依托大数据平台", "推进人才工作"])
    >>> idx.containing("大数据平台"), idx.containing("大数据平台", cap=1)
    ([0, 1], [0, 1])
    """

    N = 3

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self._grams: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.texts):
            for gram in {text[j:j + self.N] for j in range(len(text) - self.N + 1)}:
                self._grams[gram].append(i)
        self._memo: dict[tuple[str, int | None], list[int]] = {}

    def containing(self, s: str, cap: int | None = None) -> list[int]:
        """Indices of the texts holding ``s`` in order; with ``cap``, stop after ``cap + 1``."""
        key = (s, cap)
        if key in self._memo:
            return self._memo[key]
        if len(s) < self.N:
            pool: Iterable[int] = range(len(self.texts))
        else:
            pool = min((self._grams.get(s[j:j + self.N], ()) for j in range(len(s) - self.N + 1)), key=len)
        out: list[int] = []
        for i in pool:
            if s in self.texts[i]:
                out.append(i)
                if cap is not None and len(out) > cap:
                    break
        self._memo[key] = out
        return out


def _find_all(text: str, word: str) -> Iterable[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _longest_shared(phrase: str, start: int, k: int, index: "_TextIndex") -> str:
    """The longest ``phrase[start:e]`` that a task other than ``k`` also writes (binary search:
    if a string is written elsewhere, so is every prefix of it)."""
    def shared(end: int) -> bool:
        s = phrase[start:end]
        if len(s) < _TextIndex.N:
            return True  # too short to be a name; only longer strings are looked up
        return any(j != k for j in index.containing(s, cap=1))

    lo, hi = start, len(phrase)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if shared(mid):
            lo = mid
        else:
            hi = mid - 1
    return phrase[start:lo]


def _explicit_cue_edges(tasks: Sequence[Node], index: "_TextIndex") -> list[Edge]:
    """A cue's object that exactly one other task builds (see the module docstring). Each name
    is looked up in the index, so the work grows with the text, not with pairs of tasks."""
    edges: list[Edge] = []
    clauses = [_RE_CLAUSE.findall(body) for body in index.texts]
    for k, t in enumerate(tasks):
        for sentence in _RE_SENTENCE.findall(index.texts[k]):
            for m in _RE_CUE.finditer(sentence):
                if _RE_CUE_NOT.search(sentence[:m.end()]):
                    continue
                phrase = m.group(1).split("基础上")[0]
                found = _builder_of(phrase, k, tasks, index, clauses)
                if found is not None:
                    size, other, clause = found
                    edges.append(_edge(t.id, other.id, "DEPENDS_ON", "explicit-cue", min(1.0, 0.5 + size / 20),
                                       f"{m.group(0)} ⇐ {other.title}:{clause}"))
    return edges


def _builder_of(phrase: str, k: int, tasks: Sequence[Node], index: "_TextIndex",
                clauses: Sequence[Sequence[str]]) -> tuple[int, Node, str] | None:
    """The task that builds the cue's object, with the object's size and the building clause.

    The object is the longest string starting within :data:`CUE_OBJECT_WINDOW` characters of
    the cue that another task also writes; it must name a thing, be written in at most
    :data:`MAX_UNITS_SHARING` tasks, and be built (see :func:`_builds`) by one of them.
    """
    best: tuple[int, Node, str] | None = None
    for start in range(min(CUE_OBJECT_WINDOW, len(phrase)) + 1):
        name = _longest_shared(phrase, start, k, index)
        size = len(_RE_PUNCT.sub("", name))
        if best is not None and size <= best[0]:
            continue
        if not _RE_THING.search(name) or len(_RE_GENERIC.sub("", _RE_PUNCT.sub("", name))) < MIN_SHARED:
            continue
        holders = index.containing(name, cap=MAX_UNITS_SHARING)
        if len(holders) > MAX_UNITS_SHARING:
            continue
        for j in holders:
            if j == k:
                continue
            clause = next((c for c in clauses[j]
                           if any(_builds(c, at, len(name)) for at in _find_all(c, name))), None)
            if clause is not None:
                best = (size, tasks[j], clause)
                break
    return best


def _named_terms(text: str) -> set[str]:
    names = {normalize_ws(q) for q in _RE_QUOTED.findall(text)}
    names |= {m.group(0) for m in _RE_NAMED_PLATFORM.finditer(text)}
    return {n for n in names if len(_RE_GENERIC.sub("", n)) >= 4}


def _shared_programme_edges(tasks: Sequence[Node], index: "_TextIndex") -> list[Edge]:
    """A named programme or platform one task builds and others use."""
    bodies = index.texts
    names: set[str] = set()
    for body in bodies:
        names |= _named_terms(body)
    edges: list[Edge] = []
    for name in sorted(names):
        holders = index.containing(name, cap=MAX_UNITS_SHARING)
        if len(holders) < 2 or len(holders) > MAX_UNITS_SHARING:
            continue
        builders, users = [], []
        for j in holders:
            clause = next(c for c in _RE_CLAUSE.findall(bodies[j]) if name in c)
            at = clause.index(name)
            (builders if _builds(clause, at, len(name)) else users).append((tasks[j], clause))
        if len(builders) != 1 or not users:
            continue
        builder, bclause = builders[0]
        for user, uclause in users:
            edges.append(_edge(user.id, builder.id, "DEPENDS_ON", "shared-programme", 0.7,
                               f"{user.title}:{uclause} ⇐ {builder.title}:{bclause}"))
    return edges


def _similar_pairs(ids: Sequence[str], vec: Mapping[str, Mapping[str, float]],
                   max_df: int = SHARED_TERM_MAX_UNITS) -> Iterable[tuple[int, int]]:
    """Pairs (i, j), i < j, of ``ids`` that share a term written in at most ``max_df`` of them:
    the only pairs whose cosine can be high (a term every unit writes weighs next to nothing)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, uid in enumerate(ids):
        for term in vec[uid]:
            postings[term].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 1 < len(members) <= max_df:
            pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    return sorted(pairs)


def _shared_lead_edges(doc: PlanDoc, tasks: Sequence[Node],
                       vec: Mapping[str, Mapping[str, float]]) -> list[Edge]:
    leads: dict[str, set[str]] = defaultdict(set)
    task_ids = {t.id for t in tasks}
    for e in doc.edges:
        if e.type == "LEADS" and e.target in task_ids:
            leads[e.target].add(e.source)
    by_body: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(tasks):
        for body in leads.get(t.id, ()):
            by_body[body].append(i)
    names = {n.id: n.title for n in doc.nodes if n.label == "Organization"}
    found: set[tuple[int, int]] = set()
    for members in by_body.values():
        ids = [tasks[i].id for i in members]
        found.update((members[a], members[b]) for a, b in _similar_pairs(ids, vec))
    edges: list[Edge] = []
    for i, j in sorted(found):
        earlier, later = tasks[i], tasks[j]
        sim = cosine(vec[earlier.id], vec[later.id])
        if sim >= SHARED_LEAD_MIN_COSINE:
            shared = leads[earlier.id] & leads[later.id]
            who = "、".join(sorted(names.get(s, s) for s in shared))
            edges.append(_edge(later.id, earlier.id, "DEPENDS_ON", "shared-lead", 0.4 * sim / 0.5,
                               f"同一牵头单位 {who};{later.title} / {earlier.title} cos {sim:.2f}"))
    return edges


# ---- public ----------------------------------------------------------------------------------

def infer_edges(doc: PlanDoc) -> list[Edge]:
    """Inferred ``SUPPORTS`` and ``DEPENDS_ON`` edges of one plan (see the module docstring).

    Parameters
    ----------
    doc : PlanDoc
        A parsed plan; only its units (and ``LEADS`` edges) are read.

    Returns
    -------
    list of Edge
        At most one edge per (source, type, target): the first method that found it wins,
        in the order explicit-name, term-overlap, via-goal, explicit-cue, shared-programme,
        shared-lead, safeguard.
    """
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    tasks = [n for n in units if n.label == "Task"]
    vec = _unit_vectors(doc)
    index = _TextIndex([_body(t) for t in tasks])
    found = [*_supports_edges(doc, vec), *_explicit_cue_edges(tasks, index),
             *_shared_programme_edges(tasks, index), *_shared_lead_edges(doc, tasks, vec)]
    found += [_edge(m.id, doc.plan.id, "SUPPORTS", "safeguard", 1.0, f"保障措施:{m.title}")
              for m in doc.by_label("Measure")]
    seen: set[tuple[str, str, str]] = set()
    out: list[Edge] = []
    for e in found:
        key = (e.source, e.type, e.target)
        if key not in seen and e.source != e.target:
            seen.add(key)
            out.append(e)
    return out


def with_inferred_edges(doc: PlanDoc) -> PlanDoc:
    """A copy of ``doc`` with :func:`infer_edges` appended (previously inferred edges replaced).

    >>> from core.model import Node, PlanDoc, PlanMeta
    >>> d = PlanDoc(plan=PlanMeta(id="P", title="计划"),
    ...             nodes=(Node(id="P/1", label="Measure", title="资金保障"),))
    >>> [e.type for e in with_inferred_edges(with_inferred_edges(d)).edges]
    ['SUPPORTS']
    """
    kept = tuple(e for e in doc.edges if not e.props.get("inferred"))
    return replace(doc, edges=kept + tuple(infer_edges(doc)))


def describe(edges: Iterable[Edge], doc: PlanDoc) -> str:
    """Readable lines ``source -TYPE[method score]-> target  evidence`` for review."""
    title = {n.id: n.title for n in doc.nodes}
    title[doc.plan.id] = doc.plan.title
    return "\n".join(
        f"{title.get(e.source, e.source)} -{e.type}[{e.props['method']} {e.props['score']:.2f}]-> "
        f"{title.get(e.target, e.target)}  | {e.props['evidence']}" for e in edges)
