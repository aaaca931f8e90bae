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
>>> from graph.model import Node, PlanDoc, PlanMeta
>>> doc = PlanDoc(plan=PlanMeta(id="P", title="行动计划"), nodes=(
...     Node(id="P/1", label="Project", title="美丽滨江工程", text="优化城市功能,推进海绵城市建设。"),
...     Node(id="P/2", label="Task", title="推进城市功能再完善", text="加快商贸配套服务业发展。"),
...     Node(id="P/3", label="Measure", title="组织保障", text="建立领导小组。")))
>>> [(e.source, e.type, e.target, e.props["method"]) for e in infer_edges(doc)]
[('P/2', 'SUPPORTS', 'P/1', 'explicit-name'), ('P/3', 'SUPPORTS', 'P', 'safeguard')]
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from dataclasses import replace
from typing import Iterable, Mapping, Sequence

import networkx as nx

from graph.model import UNIT_LABELS, Edge, Node, PlanDoc
from queries.similarity import _RE_LEADING_ENUM as _RE_ENUM_ONLY
from queries.similarity import cosine, idf_weights, normalize_ws, tfidf, tokens, unit_text

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

def _explicit_targets(task: Node, candidates: Sequence[Node]) -> list[tuple[Node, str]]:
    """Projects/goals the task names explicitly, with the sentence that shows it."""
    found: list[tuple[Node, str]] = []
    subject = task_subject(task.title)
    title = normalize_ws(task.title)
    for c in candidates:
        ctext = _body(c)
        if len(subject) >= 3 and subject in ctext:
            found.append((c, f"「{subject}」见于{c.title}:{_sentence_with(ctext, subject)}"))
            continue
        stem = _project_stem(c.title) if c.label == "Project" else ""
        if len(stem) >= 3 and stem in _body(task):
            found.append((c, f"「{stem}」见于{task.title}:{_sentence_with(_body(task), stem)}"))
            continue
        for quoted in _RE_QUOTED.findall(ctext):
            q = normalize_ws(quoted)
            if len(q) >= 3 and q in title:
                found.append((c, f"「{q}」见于{c.title}:{_sentence_with(ctext, quoted)}"))
                break
    return found


def _body_tokens(n: Node) -> list[str]:
    """The tokens of :func:`_body`, read from the unit's own text when it opens with its title:
    the parser has already segmented that exact string, so the tokenizer's cache answers."""
    body = unit_text(n.text)
    title = normalize_ws(n.title)
    if not (title and body.startswith(title)):
        return tokens(_body(n))
    prefix = n.text[: len(n.text) - len(_RE_ENUM_ONLY.sub("", n.text, count=1))]
    toks = tokens(n.text)
    return toks[len(tokens(prefix)):] if prefix else toks


def _unit_vectors(doc: PlanDoc) -> dict[str, dict[str, float]]:
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    toks = {n.id: _body_tokens(n) for n in units}
    idf = idf_weights(toks.values())
    return {k: tfidf(v, idf) for k, v in toks.items()}


def _add(u: Mapping[str, float], v: Mapping[str, float]) -> dict[str, float]:
    w = {k: u.get(k, 0.0) + v.get(k, 0.0) for k in set(u) | set(v)}
    norm = math.sqrt(sum(x * x for x in w.values()))
    return {k: x / norm for k, x in w.items()} if norm else {}


def _goal_to_project(goals: Sequence[Node], projects: Sequence[Node],
                     vec: Mapping[str, Mapping[str, float]]) -> dict[str, str]:
    """One-to-one matching of goals to projects by cosine (maximum weight matching)."""
    graph = nx.Graph()
    for g in goals:
        for p in projects:
            sim = cosine(vec[g.id], vec[p.id])
            if sim > 0:
                graph.add_edge(("g", g.id), ("p", p.id), weight=sim)
    out: dict[str, str] = {}
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
    edges: list[Edge] = []
    for t in tasks:
        explicit = _explicit_targets(t, (*projects, *goals))
        named_projects = [c for c, _ in explicit if c.label == "Project"][:2]
        named_goals = [c for c, _ in explicit if c.label == "Goal"][:2]
        for c, why in explicit:
            if c in named_projects or c in named_goals:
                edges.append(_edge(t.id, c.id, "SUPPORTS", "explicit-name", 0.9, why))
        if named_projects:
            continue
        ranked = sorted(((cosine(vec[t.id], profile[p.id]), p.id) for p in projects), reverse=True)
        if len(ranked) >= 2 and ranked[0][0] >= MIN_COSINE:  # a choice needs two candidates
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
            ranked = sorted(((cosine(vec[t.id], vec[g.id]), g.id) for g in goals), reverse=True)
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


def _units_containing(doc_units: Sequence[Node], s: str) -> int:
    return sum(s in _body(n) for n in doc_units)


def _explicit_cue_edges(tasks: Sequence[Node], units: Sequence[Node]) -> list[Edge]:
    edges: list[Edge] = []
    clauses = {t.id: _RE_CLAUSE.findall(_body(t)) for t in tasks}
    for t in tasks:
        for sentence in _RE_SENTENCE.findall(_body(t)):
            for m in _RE_CUE.finditer(sentence):
                if _RE_CUE_NOT.search(sentence[:m.end()]):
                    continue
                phrase = m.group(1)
                phrase = phrase.split("基础上")[0]
                best: tuple[int, str, Node] | None = None
                for other in tasks:
                    if other.id == t.id:
                        continue
                    for clause in clauses[other.id]:
                        sm = difflib.SequenceMatcher(None, phrase, clause, autojunk=False)
                        match = sm.find_longest_match(0, len(phrase), 0, len(clause))
                        common = _RE_PUNCT.sub("", phrase[match.a:match.a + match.size])
                        if match.a > CUE_OBJECT_WINDOW or not _RE_THING.search(common):
                            continue
                        if len(_RE_GENERIC.sub("", common)) < MIN_SHARED:
                            continue
                        if not _builds(clause, match.b, match.size):
                            continue
                        if _units_containing(tasks, common) > MAX_UNITS_SHARING:
                            continue
                        if best is None or len(common) > best[0]:
                            best = (len(common), f"{m.group(0)} ⇐ {other.title}:{clause}", other)
                if best is not None:
                    size, why, other = best
                    edges.append(_edge(t.id, other.id, "DEPENDS_ON", "explicit-cue",
                                       min(1.0, 0.5 + size / 20), why))
    return edges


def _named_terms(text: str) -> set[str]:
    names = {normalize_ws(q) for q in _RE_QUOTED.findall(text)}
    names |= {m.group(0) for m in _RE_NAMED_PLATFORM.finditer(text)}
    return {n for n in names if len(_RE_GENERIC.sub("", n)) >= 4}


def _shared_programme_edges(tasks: Sequence[Node], units: Sequence[Node]) -> list[Edge]:
    """A named programme or platform one task builds and others use."""
    bodies = {t.id: _body(t) for t in tasks}
    # quoted names are exact; regex platform names may carry a verb prefix, so keep the
    # shortest suffix that is still a name other tasks write
    names: set[str] = set()
    for t in tasks:
        names |= _named_terms(bodies[t.id])
    edges: list[Edge] = []
    for name in sorted(names):
        holders = [t for t in tasks if name in bodies[t.id]]
        if len(holders) < 2 or len(holders) > MAX_UNITS_SHARING:
            continue
        builders, users = [], []
        for t in holders:
            clause = next(c for c in _RE_CLAUSE.findall(bodies[t.id]) if name in c)
            at = clause.index(name)
            (builders if _builds(clause, at, len(name)) else users).append((t, clause))
        if len(builders) != 1 or not users:
            continue
        builder, bclause = builders[0]
        for user, uclause in users:
            edges.append(_edge(user.id, builder.id, "DEPENDS_ON", "shared-programme", 0.7,
                               f"{user.title}:{uclause} ⇐ {builder.title}:{bclause}"))
    return edges


def _shared_lead_edges(doc: PlanDoc, tasks: Sequence[Node],
                       vec: Mapping[str, Mapping[str, float]]) -> list[Edge]:
    leads: dict[str, set[str]] = defaultdict(set)
    task_ids = {t.id for t in tasks}
    for e in doc.edges:
        if e.type == "LEADS" and e.target in task_ids:
            leads[e.target].add(e.source)
    names = {n.id: n.title for n in doc.nodes if n.label == "Organization"}
    edges: list[Edge] = []
    for i, earlier in enumerate(tasks):
        for later in tasks[i + 1:]:
            shared = leads.get(earlier.id, set()) & leads.get(later.id, set())
            if not shared:
                continue
            sim = cosine(vec[earlier.id], vec[later.id])
            if sim >= SHARED_LEAD_MIN_COSINE:
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
    found = [*_supports_edges(doc, vec), *_explicit_cue_edges(tasks, units),
             *_shared_programme_edges(tasks, units), *_shared_lead_edges(doc, tasks, vec)]
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

    >>> from graph.model import Node, PlanDoc, PlanMeta
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
