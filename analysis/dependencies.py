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
``DEPENDS_ON`` Task / Measure / Project -> Task / Project (DESIGN.md section 8)
    B depends on A when B uses what A sets up: A's text builds, establishes, issues or launches a
    named thing (a platform, centre, fund, bond, zone, system, list, body, record …: a phrase
    ending in one of :data:`THINGS`, with a set-up verb such as 建设/建立/设立/发行/制定/编制/
    打造/培育 shortly before it, or 建设/上线运行 right after it) and B's text names that thing
    (the longest tail of A's phrase that B writes) without setting it up itself.
    ``explicit-cue``   B names it after a use cue (依托/借助/基于/利用/用好/通过/结合/发挥 … or
                       …对接/…基础上/…作用 after it): the thing needs :data:`MIN_SHARED`
                       characters besides generic words.
    ``shared-programme`` B names it with no cue: only a specific thing (quoted, or at least
                       :data:`MIN_UNCUED` characters) written in at most
                       :data:`MAX_UNITS_SHARING` units.
    Not a dependency: two units that only share a topic, a lead body or a word.
    ``evidence`` quotes B's clause, ``evidence_target`` A's.
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

from core.model import REL_TYPES, UNIT_LABELS, Edge, Node, PlanDoc
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
#: a used thing needs this many characters besides generic words; without a cue, this many in all,
#: and it may be written in at most MAX_UNITS_SHARING units
MIN_SHARED, MIN_UNCUED, MAX_UNITS_SHARING = 4, 6, 3
#: a use cue counts when it is at most this many characters before the thing
CUE_WINDOW = 12
#: a building verb counts when it is at most this many characters before the name.
BUILD_WINDOW = 10
#: the longest thing phrase read before its head word
PHRASE_CHARS = 24

# ---- patterns (all in one place) ----------------------------------------------------------
_RE_LEADING_VERB = re.compile(r"^(?:全面|大力|积极|着力|加快|持续|深入|切实|进一步)*"
                              r"(?:推进|推动|加快|加强|深化|实施|完善|提升|促进|强化|打造|建设|构建|做好|抓好)")
_RE_TRAILING_SLOGAN = re.compile(r"再[\u4e00-\u9fff]{1,2}$|(?:工作|建设|行动)$")
_RE_PROJECT_SUFFIX = re.compile(r"(?:工程|计划|行动|专项)$")
_RE_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,12})[”\"」]")
_RE_CLAUSE = re.compile(r"[^,，。;；:：!！?？\n]+")
_RE_SENTENCE = re.compile(r"[^。;；!！?？\n]+[。;；!！?？]?")
#: the head words of a thing one unit sets up and another uses
THINGS = ("平台", "基地", "示范区", "小镇", "计划", "中心", "工程", "园区", "实验室", "系统", "网络", "体系",
          "工作站", "集群", "资源池", "国债", "基金", "节点", "清单", "目录", "名单", "数据库", "标准",
          "机构", "试点城市", "记录资料", "文本", "联盟", "专区", "核心区", "研究院")
_RE_THING_PHRASE = re.compile(r"[\u4e00-\u9fff（）()“”\"＋+]{2,%d}?(?:%s)" % (PHRASE_CHARS, "|".join(THINGS)))
_RE_BUILD_BEFORE = re.compile(r"(?:建设|建成|打造|争创|创建|建立|构建|设立|组建|搭建|培育|开发|发行|编制|"
                              r"制定|出台|推出|筛选确定|归档存储|开通)")
_RE_BUILD_AFTER = re.compile(r"^(?:[^,，。;；的]{0,2}(?:开发建设|建设|创建|打造)|的?上线运行)")
_RE_CUE_WORD = re.compile(r"依托|借助|基于|利用|按照|结合")
_RE_USE_BEFORE = re.compile(r"依托|借助|基于|利用|用好|用足|通过|接入|运用|依据|结合|发挥|对接")
_RE_USE_AFTER = re.compile(r"^[^,，。;；]{0,6}(?:对接|基础上|作用|嫁接)")
#: a title that says the unit sets up its object: 建立…机制, 明确审核机构, 确定试点城市
_RE_TITLE_SETUP = re.compile(r"^(?:全面|加快|积极|进一步|认真)?(?:建立|建设|设立|组建|搭建|构建|打造|培育|制定|编制|出台|"
                             r"确定|明确|完善|健全)(?P<object>[\u4e00-\u9fff]{4,16})$")
_RE_NOT_USE = re.compile(r"相结合|有机结合|结合的")
#: a thing's name does not start with a suffix or a joining word, nor run on into a longer word
_NOT_FIRST, _NOT_NEXT = set("的型等类之和与及、性化级"), set("化性型")
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
            rarest: Sequence[int] = min((self._grams.get(s[j:j + self.N], ()) for j in range(len(s) - self.N + 1)),
                                        key=len)
            pool = rarest
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


def _set_up(clauses: Sequence[str]) -> list[tuple[str, str]]:
    """(thing phrase, clause) for every thing a unit's clauses set up (see :func:`_builds`).

    >>> _set_up(["拟发行超长期特别国债1.3万亿元", "加强人才队伍建设", "结合国家自主创新示范区创建"])
    [('超长期特别国债', '拟发行超长期特别国债1.3万亿元')]
    """
    found = []
    for clause in clauses:
        for m in _RE_THING_PHRASE.finditer(clause):
            phrase = m.group(0)
            # the phrase may hold its verb (建设…平台) or a use cue (依托…平台): the last one decides
            marks = [(x.end(), True) for x in _RE_BUILD_BEFORE.finditer(phrase)] + \
                [(x.end(), False) for x in _RE_USE_BEFORE.finditer(phrase)]
            last = max(marks, default=None)
            if last is not None and not last[1]:
                continue
            inner = last[0] if last else 0
            thing = phrase[inner:].lstrip("“\"（(")
            if len(thing) >= 2 and (last is not None or _builds(clause, m.start() + inner, len(thing))):
                found.append((thing, clause))
    return found


def _cued(clause: str, at: int, length: int) -> bool:
    """Is the thing at ``clause[at:at+length]`` used: a use cue shortly before it, or …对接/
    …基础上/…作用 right after it?

    >>> _cued("依托工业互联网平台推动精准作业", 2, 7), _cued("工业互联网平台规模扩大", 0, 7)
    (True, False)
    """
    before = clause[max(0, at - CUE_WINDOW):at]
    if _RE_NOT_USE.search(clause):
        return False
    return bool(_RE_USE_BEFORE.search(before) or _RE_USE_AFTER.search(clause[at + length:]))


def _specific(thing: str) -> int:
    """Characters of ``thing`` that are not generic words or punctuation."""
    return len(_RE_GENERIC.sub("", _RE_PUNCT.sub("", thing)))


def _use_of(thing: str, clauses: Sequence[str]) -> tuple[str, bool] | None:
    """The clause of a unit that names ``thing`` without building it, and whether it is cued;
    None when the unit does not name it or builds it itself."""
    best: tuple[str, bool] | None = None
    for clause in clauses:
        for at in _find_all(clause, thing):
            if clause[at + len(thing):at + len(thing) + 1] in _NOT_NEXT - {""}:
                continue  # 标准 in 标准化: another word
            if _builds(clause, at, len(thing)):
                return None
            cued = _cued(clause, at, len(thing))
            if best is None or (cued and not best[1]):
                best = (clause, cued)
    return best


def _setup_use_edges(units: Sequence[Node], index: "_TextIndex") -> list[Edge]:
    """B -> A when B names a thing A sets up (see the module docstring). For each thing A sets
    up, the index gives the units that write each tail of its phrase; each such unit keeps the
    longest tail it writes."""
    clauses = [_RE_CLAUSE.findall(body) for body in index.texts]
    providers = {k for k, u in enumerate(units) if u.label in ("Task", "Project")}
    built = {k: _set_up(clauses[k]) for k in sorted(providers)}
    titled: dict[int, str] = {}  # a unit whose title says what it sets up: that object, named alone
    for k in built:
        m = _RE_TITLE_SETUP.match(normalize_ws(units[k].title))
        if m and _specific(m.group("object")) >= MIN_SHARED:
            titled[k] = m.group("object")
            built[k].append((m.group("object"), normalize_ws(units[k].title)))
    # a thing several units set up is the plan's topic, not one unit's deliverable
    setters: dict[str, set[int]] = defaultdict(set)
    for k, phrases in built.items():
        for phrase, _ in phrases:
            for start in range(len(phrase) - 1):
                setters[phrase[start:]].add(k)
    best: dict[tuple[int, int], tuple[float, str, str, str]] = {}
    for k, phrases in built.items():
        for phrase, built_in in phrases:
            seen: set[int] = set()
            for start in range(0, len(phrase) - 1):
                thing = phrase[start:]
                if _specific(thing) < MIN_SHARED or len(setters[thing]) > 1:
                    break
                if thing[0] in _NOT_FIRST:
                    continue
                holders = index.containing(thing)
                for j in holders:
                    if j == k or j in seen:
                        continue
                    use = _use_of(thing, clauses[j])
                    if use is None:
                        continue
                    seen.add(j)
                    clause, cued = use
                    quoted = f"“{thing}”" in clause or f'"{thing}"' in clause
                    # without a cue, only A's whole thing, specific or quoted, in a few units
                    named = quoted or len(_RE_PUNCT.sub("", thing)) >= MIN_UNCUED or titled.get(k) == thing
                    others = len(holders) - (k in holders)
                    if not cued and not (start == 0 and named and others <= MAX_UNITS_SHARING):
                        continue
                    score = 0.8 if cued else 0.6
                    method = "explicit-cue" if cued else "shared-programme"
                    if (j, k) not in best or score > best[(j, k)][0]:
                        best[(j, k)] = (score, method, clause, built_in)
    # only the labels the stores' schema lets DEPENDS_ON join (core.model.REL_TYPES)
    sources, targets = REL_TYPES["DEPENDS_ON"]
    edges = []
    for (j, k), (score, method, clause, built_in) in sorted(best.items()):
        if units[j].label not in sources or units[k].label not in targets:
            continue
        edge = _edge(units[j].id, units[k].id, "DEPENDS_ON", method, score, clause)
        edges.append(replace(edge, props={**edge.props, "evidence_target": _evidence(built_in)}))
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
        safeguard.
    """
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    working = [n for n in units if n.label in ("Task", "Measure", "Project")]
    vec = _unit_vectors(doc)
    index = _TextIndex([_body(u) for u in working])
    found = [*_supports_edges(doc, vec), *_setup_use_edges(working, index)]
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
