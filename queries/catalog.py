"""The named query catalogue: every research question as a documented, parameterised Cypher entry.

Each :class:`NamedQuery` carries its Cypher per dialect (:data:`DIALECTS`: ``"ladybug"`` for the
embedded store, ``"neo4j"`` for a server; each engine of ``graph.engines.ENGINES`` says which it
speaks). One mechanism covers the dialects
(TECH-NOTES.md section 2.4): a text written once with ``label(x)`` is portable (:func:`_portable`
writes ``labels(x)[0]``, or ``type(r)`` for a relationship, for Neo4j); where the dialects truly
differ (``* SHORTEST`` against ``shortestPath``, the Neo4j full-text index, multi-label patterns)
an entry gives one text per engine.

:data:`CATALOG` holds the research questions (the CLI, the console and the README list them);
:data:`LOOKUPS` holds what the UI asks to draw its pages (a node's neighbours, every target),
run by :func:`run_lookup` the same way.

Values travel only as ``$params``; no text is ever built from a user's value. A depth cannot be a
parameter of a variable-length pattern, so :data:`MAX_DEPTH` is written into the pattern and the
query filters with ``length(p) <= $depth``.

>>> sorted(CATALOG)[:3]
['citation_network', 'documents_cited_by', 'indicator_matrix']
>>> get_query("targets_by_year").params
('year',)
>>> coerce_params(get_query("targets_by_year"), {"year": "2017"})
{'year': 2017}
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from graph.cypher import neo4j_contains_units, neo4j_plan_owners
from graph.engines import ENGINES
from core.errors import QueryError, UnknownQueryError
from core.model import LABELS
from graph.store import GraphStore, QueryResult
from ingest.indicators import vocabulary

__all__ = ["NamedQuery", "CATALOG", "LOOKUPS", "DIALECTS", "MAX_DEPTH", "PARAM_TYPES", "get_query",
           "run_named", "run_lookup", "coerce_params", "param_names"]
#: The Cypher dialects every entry has a text for.
DIALECTS = ("ladybug", "neo4j")
#: Deepest dependency chain :func:`run_named` accepts for ``task_dependencies``.
MAX_DEPTH = 5
#: Parameters that are not strings, by name (everything else travels as a string).
PARAM_TYPES: Mapping[str, type] = MappingProxyType({"year": int, "depth": int, "min_score": float})
#: Allowed range of numeric parameters, by name (inclusive).
_PARAM_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {"depth": (1, MAX_DEPTH), "min_score": (0.0, 1.0)})

_RE_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_RE_LABEL_FN = re.compile(r"\blabel\((\w+)\)")

# labels as written in patterns (constants of the graph model, never user input)
_UNITS = "Section|Principle|Goal|Project|Task|Measure"
_OWNERS = "Plan|" + _UNITS
_ANY = "|".join(LABELS)
_CITED_COLS = ("RETURN d.id AS id, d.title AS title, d.number AS number, d.issuer AS issuer, "
               "d.year AS year, count(*) AS citations ORDER BY citations DESC, id")
_TARGET_COLS = ("t.id AS id, t.metric AS metric, t.value AS value, t.unit AS unit, "
                "t.comparator AS comparator, t.year AS year, t.base_year AS base_year, "
                "t.kind AS kind, t.raw AS raw")


def param_names(text: str) -> tuple[str, ...]:
    """The distinct ``$names`` of a Cypher text, in order of first use.

    >>> param_names("MATCH (t) WHERE t.year <= $year AND t.x = $x AND t.y = $year RETURN t")
    ('year', 'x')
    """
    return tuple(dict.fromkeys(_RE_PARAM.findall(text)))


def _portable(text: str, rels: tuple[str, ...] = ()) -> dict[str, str]:
    """One text for both engines: Ladybug's ``label(n)`` is ``labels(n)[0]`` on Neo4j, and
    ``type(r)`` for the relationship variables ``rels``.

    >>> _portable("MATCH (a)-[r]->(b) RETURN label(r), label(b)", rels=("r",))["neo4j"]
    'MATCH (a)-[r]->(b) RETURN type(r), labels(b)[0]'
    """
    neo4j = _RE_LABEL_FN.sub(lambda m: f"type({m.group(1)})" if m.group(1) in rels else f"labels({m.group(1)})[0]",
                             text)
    return {"ladybug": text, "neo4j": neo4j}


@dataclass(frozen=True)
class NamedQuery:
    """One catalogue entry.

    Parameters
    ----------
    name : str
        snake_case English name used on the command line and in the UI.
    title : str
        Chinese title for people.
    description : str
        What the query answers and what its columns mean.
    cypher : Mapping[str, str] or str
        Text per dialect (``"ladybug"``, ``"neo4j"``); a single string is used for both.
    params : tuple of str
        Parameter names, in the order a form should ask for them.
    defaults : Mapping
        Values used for parameters the caller leaves out.
    """

    name: str
    title: str
    description: str
    cypher: Mapping[str, str]
    params: tuple[str, ...] = ()
    defaults: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        texts = dict.fromkeys(DIALECTS, self.cypher) if isinstance(self.cypher, str) else dict(self.cypher)
        missing = [b for b in DIALECTS if b not in texts]
        if missing:
            raise ValueError(f"query {self.name!r} has no text for {', '.join(missing)}")
        object.__setattr__(self, "cypher", MappingProxyType(texts))
        object.__setattr__(self, "params", tuple(self.params))
        object.__setattr__(self, "defaults", MappingProxyType(dict(self.defaults)))

    def text(self, engine: str) -> str:
        """The Cypher for ``engine`` (a key of ``graph.engines.ENGINES``, or a dialect)."""
        dialect = ENGINES[engine].dialect if engine in ENGINES else engine
        try:
            return self.cypher[dialect]
        except KeyError:
            raise QueryError(f"Query {self.name!r} has no text for {dialect!r}; "
                             f"it has {', '.join(self.cypher)}") from None

    @property
    def param_types(self) -> dict[str, type]:
        """Type of each parameter (``str`` unless listed in :data:`PARAM_TYPES`)."""
        return {p: PARAM_TYPES.get(p, str) for p in self.params}


def _q(name: str, title: str, description: str, cypher: Mapping[str, str] | str,
       params: tuple[str, ...] = (), defaults: Mapping[str, Any] | None = None) -> NamedQuery:
    texts = dict.fromkeys(DIALECTS, cypher) if isinstance(cypher, str) else cypher
    return NamedQuery(name, title, description, texts, params, defaults or {})


_DEPENDENCIES = (
    "MATCH p = (t:Task {id: $task_id})-[:DEPENDS_ON*0..4]->(m:Task)-[r:DEPENDS_ON]->(u:Task) "
    "WITH p, m, r, u, length(p) AS hops, $min_score AS min_score "
    "WHERE hops <= $depth AND all(x IN relationships(p) WHERE x.score >= min_score) "
    "RETURN 'upstream' AS direction, min(hops) AS distance, m.id AS from_id, "
    "m.title AS from_title, u.id AS to_id, u.title AS to_title, r.method AS method, "
    "r.score AS score, r.evidence AS evidence "
    "UNION ALL "
    "MATCH p = (u:Task)-[r:DEPENDS_ON]->(m:Task)-[:DEPENDS_ON*0..4]->(t:Task {id: $task_id}) "
    "WITH p, m, r, u, length(p) AS hops, $min_score AS min_score "
    "WHERE hops <= $depth AND all(x IN relationships(p) WHERE x.score >= min_score) "
    "RETURN 'downstream' AS direction, min(hops) AS distance, u.id AS from_id, "
    "u.title AS from_title, m.id AS to_id, m.title AS to_title, r.method AS method, "
    "r.score AS score, r.evidence AS evidence")
# The chain's cap: *0..4 plus the final link is MAX_DEPTH hops. Ladybug trap: a $param inside a
# list predicate (all(x IN … WHERE x.score >= $min_score)) fails an engine assertion, so the
# parameter is bound to a variable by WITH first; and length(p) of a path carried through WITH
# fails ("Cannot evaluate expression with type PROPERTY"), so the WITH computes it.
_MENTIONS = (f"MATCH (s:{_OWNERS})-[m:MENTIONS|LEADS|SUPPORTS_WORK]-(e:Organization|Place) "
             "WHERE e.name CONTAINS $name "
             "RETURN e.id AS entity_id, label(e) AS entity_label, e.name AS name, "
             "label(m) AS relation, s.id AS unit_id, label(s) AS unit_label, "
             "coalesce(s.plan_id, s.id) AS plan_id, s.title AS title "
             "ORDER BY name, plan_id, unit_id, relation")

def _attainment(dialect: str) -> str:
    """``target_attainment``: one row per (region, year) with a target or an outcome of
    ``$indicator`` (DESIGN.md section 7). The target is the one of the region's plan that
    starts latest but not after the year (the year's own work report over a five-year plan), the
    first in that plan's text; the actual is the single-year Outcome of the earliest later plan
    of the region that reports it (by first year, then issue date). ``~`` and ``=`` targets are met within half a percentage
    point (5% of the value for other units) on the indicator's good side."""
    lower = ", ".join(f"'{i.id}'" for i in vocabulary().values() if i.direction == "lower")
    null = {"ladybug": "CAST(NULL AS {})", "neo4j": "null"}[dialect]
    tol = "CASE WHEN tu = '%' THEN 0.5 ELSE 0.05 * abs(tv) END"
    status = ("CASE WHEN av IS NULL OR tv IS NULL THEN 'no_data' "
              "WHEN tc = '>=' THEN CASE WHEN av >= tv THEN 'met' ELSE 'missed' END "
              "WHEN tc = '>' THEN CASE WHEN av > tv THEN 'met' ELSE 'missed' END "
              "WHEN tc = '<=' THEN CASE WHEN av <= tv THEN 'met' ELSE 'missed' END "
              "WHEN tc = '<' THEN CASE WHEN av < tv THEN 'met' ELSE 'missed' END "
              f"WHEN $indicator IN [{lower}] THEN CASE WHEN av <= tv + {tol} THEN 'met' ELSE 'missed' END "
              f"ELSE CASE WHEN av >= tv - {tol} THEN 'met' ELSE 'missed' END END")
    # the actual of (region, year): the earliest later plan of the region reporting it, its first mention
    actual = ("OPTIONAL MATCH (o:Outcome) WHERE o.indicator = $indicator AND o.year = year "
              "OPTIONAL MATCH (q:Plan) WHERE q.id = o.plan_id AND q.region = region AND q.period_start > year "
              "WITH {keep}, min(q.period_start) AS ok "
              "OPTIONAL MATCH (o:Outcome) WHERE o.indicator = $indicator AND o.year = year "
              "OPTIONAL MATCH (q:Plan) WHERE q.id = o.plan_id AND q.region = region AND q.period_start = ok "
              "WITH {keep}, ok, coalesce(min(q.issued), '') AS oi "
              "OPTIONAL MATCH (o:Outcome) WHERE o.indicator = $indicator AND o.year = year "
              "OPTIONAL MATCH (q:Plan) WHERE q.id = o.plan_id AND q.region = region AND q.period_start = ok "
              "AND coalesce(q.issued, '') = oi "
              "WITH {keep}, min(q.id) AS op "
              "OPTIONAL MATCH (o:Outcome) WHERE o.plan_id = op AND o.indicator = $indicator AND o.year = year "
              "WITH {keep}, op, min(o.`start`) AS os "
              "OPTIONAL MATCH (o:Outcome) WHERE o.plan_id = op AND o.indicator = $indicator AND o.year = year "
              "AND o.`start` = os "
              "WITH {keep}, op, o.value AS av ")
    keep_a = "region, year, tv, tmax, tc, tu, tp"
    targets = (
        "MATCH (t:Target) WHERE t.indicator = $indicator AND t.year IS NOT NULL AND t.value IS NOT NULL "
        "MATCH (p:Plan) WHERE p.id = t.plan_id AND p.region IS NOT NULL AND coalesce(p.period_start, 0) <= t.year "
        "WITH p.region AS region, t.year AS year, max(coalesce(p.period_start, 0)) AS pk "
        "MATCH (t:Target) WHERE t.indicator = $indicator AND t.year = year AND t.value IS NOT NULL "
        "MATCH (p:Plan) WHERE p.id = t.plan_id AND p.region = region AND coalesce(p.period_start, 0) = pk "
        "WITH region, year, min(p.id) AS tp "
        "MATCH (t:Target) WHERE t.plan_id = tp AND t.indicator = $indicator AND t.year = year "
        "AND t.value IS NOT NULL "
        "WITH region, year, tp, min(t.`start`) AS ts "
        "MATCH (t:Target) WHERE t.plan_id = tp AND t.indicator = $indicator AND t.year = year AND t.`start` = ts "
        "WITH region, year, tp, t.value AS tv, t.value_max AS tmax, t.comparator AS tc, t.unit AS tu "
        + actual.format(keep=keep_a)
        + f"RETURN $indicator AS indicator, region, year, tv AS target_value, tmax AS target_value_max, "
        f"tc AS target_comparator, av AS actual_value, {status} AS status, tp AS target_plan_id, "
        "op AS outcome_plan_id ORDER BY region, year")
    keep_b = "region, year"
    outcomes = (
        "MATCH (o:Outcome) WHERE o.indicator = $indicator AND o.year IS NOT NULL "
        "MATCH (q:Plan) WHERE q.id = o.plan_id AND q.region IS NOT NULL AND q.period_start > o.year "
        "WITH DISTINCT q.region AS region, o.year AS year "
        "OPTIONAL MATCH (p:Plan) WHERE p.region = region AND coalesce(p.period_start, 0) <= year "
        "OPTIONAL MATCH (t:Target) WHERE t.plan_id = p.id AND t.indicator = $indicator AND t.year = year "
        "AND t.value IS NOT NULL "
        "WITH region, year, count(t) AS targets WHERE targets = 0 "
        + actual.format(keep=keep_b)
        + f"RETURN $indicator AS indicator, region, year, {null.format('DOUBLE')} AS target_value, "
        f"{null.format('DOUBLE')} AS target_value_max, {null.format('STRING')} AS target_comparator, "
        f"av AS actual_value, 'no_data' AS status, {null.format('STRING')} AS target_plan_id, "
        "op AS outcome_plan_id ORDER BY region, year")
    return targets + " UNION ALL " + outcomes


_ENTRIES = (
    _q("plans", "全部规划",
       "Every stored plan with its metadata (id, title, version, status, issue date, period, "
       "issuer, 文号), ordered by title.",
       "MATCH (p:Plan) RETURN p.id AS id, p.title AS title, p.version AS version, "
       "p.status AS status, p.issued AS issued, p.period_start AS period_start, "
       "p.period_end AS period_end, p.issuer AS issuer, p.number AS number "
       "ORDER BY title, id"),
    _q("plan_outline", "规划大纲",
       "The outline of one plan: every unit (section, principle, goal, project, task, measure) "
       "in document order with its numbering path.",
       _portable(f"MATCH (u:{_UNITS}) WHERE u.plan_id = $plan_id "
                 "RETURN u.id AS id, label(u) AS label, u.path AS path, u.title AS title, "
                 "u.`order` AS `order` ORDER BY u.`order`"),
       ("plan_id",)),
    _q("units_under", "下属任务与章节",
       "Every unit under a plan, section or project (all levels of HAS_PART), in document order.",
       _portable(f"MATCH (s:{_OWNERS} {{id: $unit_id}})-[:HAS_PART*1..10]->(u) "
                 "RETURN DISTINCT u.id AS id, label(u) AS label, u.path AS path, "
                 "u.title AS title, u.`order` AS `order` ORDER BY `order`"),
       ("unit_id",)),
    _q("plan_targets", "规划全部指标",
       "All quantitative and dated targets of one plan, with the unit that sets each.",
       "MATCH (t:Target) WHERE t.plan_id = $plan_id "
       "OPTIONAL MATCH (u)-[:HAS_TARGET]->(t) "
       f"RETURN {_TARGET_COLS}, u.id AS unit_id, u.title AS unit_title "
       "ORDER BY t.`start`, id",
       ("plan_id",)),
    _q("targets_by_year", "某年指标",
       "Targets due in a given year, across all plans.",
       "MATCH (t:Target) WHERE t.year = $year MATCH (p:Plan) WHERE p.id = t.plan_id "
       f"RETURN p.id AS plan_id, p.title AS plan_title, {_TARGET_COLS} "
       "ORDER BY plan_id, t.`start`",
       ("year",)),
    _q("targets_due_by", "截至某年到期的指标",
       "Targets due in or before a given year, across all plans, earliest first.",
       "MATCH (t:Target) WHERE t.year IS NOT NULL AND t.year <= $year "
       "MATCH (p:Plan) WHERE p.id = t.plan_id "
       f"RETURN p.id AS plan_id, p.title AS plan_title, {_TARGET_COLS} "
       "ORDER BY year, plan_id, t.`start`",
       ("year",)),
    _q("targets_of_unit", "单元指标",
       "Targets set by a unit (or a plan) and by every unit under it.",
       f"MATCH (s:{_OWNERS} {{id: $unit_id}})-[:HAS_PART*0..10]->(u)-[:HAS_TARGET]->(t:Target) "
       f"RETURN {_TARGET_COLS}, u.id AS unit_id, u.title AS unit_title ORDER BY t.`start`",
       ("unit_id",)),
    _q("targets_matching", "指标检索",
       "Targets whose metric contains a keyword, across all plans (e.g. 研发 or 国内生产总值), "
       "oldest plan first: follow one metric over the years.",
       "MATCH (t:Target) WHERE t.metric CONTAINS $keyword "
       "MATCH (p:Plan) WHERE p.id = t.plan_id "
       f"RETURN p.id AS plan_id, p.title AS plan_title, p.issued AS issued, {_TARGET_COLS} "
       "ORDER BY issued, plan_id, t.`start`",
       ("keyword",)),
    _q("documents_cited_by", "规划引用的文件",
       "Documents a plan cites (by the plan or any of its units), with how many units cite each.",
       {"ladybug": f"MATCH (s:{_OWNERS})-[:CITES]->(d:Document) WHERE s.plan_id = $plan_id OR s.id = $plan_id "
                   + _CITED_COLS,
        # The plan and its units through their id and plan_id indexes (an OR over two
        # properties of a multi-label pattern would scan every Document instead).
        "neo4j": neo4j_plan_owners("plan_id") + "MATCH (s)-[:CITES]->(d:Document) " + _CITED_COLS},
       ("plan_id",)),
    _q("plans_citing", "引用某文件的规划",
       "Plans that cite a document, with how many of their units cite it.",
       f"MATCH (s:{_OWNERS})-[:CITES]->(d:Document {{id: $document_id}}) "
       "WITH coalesce(s.plan_id, s.id) AS plan_id, count(*) AS citations "
       "MATCH (p:Plan {id: plan_id}) "
       "RETURN p.id AS plan_id, p.title AS plan_title, citations ORDER BY citations DESC, plan_id",
       ("document_id",)),
    _q("citation_network", "引用网络",
       "The citation network: one row per (plan, cited document) pair with the number of citing "
       "units; documents cited by several plans are where plans meet.",
       f"MATCH (s:{_OWNERS})-[:CITES]->(d:Document) "
       "WITH coalesce(s.plan_id, s.id) AS plan_id, d, count(*) AS citations "
       "MATCH (p:Plan {id: plan_id}) "
       "RETURN p.id AS plan_id, p.title AS plan_title, d.id AS document_id, "
       "d.title AS document_title, d.number AS number, citations "
       "ORDER BY document_id, plan_id"),
    _q("organizations_by_lead_count", "牵头单位排行",
       "Organizations by the number of units (mostly tasks) they lead (牵头), with the number of "
       "plans they lead in.",
       "MATCH (o:Organization)-[:LEADS]->(u) "
       "RETURN o.id AS id, o.name AS name, count(DISTINCT u) AS led_units, "
       "count(DISTINCT u.plan_id) AS plans ORDER BY led_units DESC, name"),
    _q("mentions_of", "提及某机构或地点",
       "Everything that involves an organization or place whose name contains the text: units "
       "that mention it (MENTIONS) and units it leads or supports (LEADS, SUPPORTS_WORK).",
       _portable(_MENTIONS, rels=("m",)),
       ("name",)),
    _q("task_dependencies", "任务依赖链",
       "The dependency chain of a task to a depth (1-5): upstream rows are the DEPENDS_ON links "
       "reached by following what the task builds on, downstream rows those of tasks that build "
       "on it; distance is the hop count of the link's far end, and every link on the way scores "
       "at least min_score. Columns method, score and evidence say why each link was inferred.",
       _DEPENDENCIES, ("task_id", "depth", "min_score"), {"depth": 3, "min_score": 0.0}),
    _q("task_supports", "任务服务的工程与目标",
       "Which projects, goals (or the plan, for safeguards) a task or measure serves (SUPPORTS), "
       "with the inference method, score and evidence; links under min_score are left out.",
       _portable("MATCH (t:Task|Measure {id: $task_id})-[r:SUPPORTS]->(x) "
                 "WHERE r.score >= $min_score "
                 "RETURN x.id AS id, label(x) AS label, x.title AS title, r.method AS method, "
                 "r.score AS score, r.evidence AS evidence ORDER BY score DESC, id"),
       ("task_id", "min_score"), {"min_score": 0.0}),
    _q("supporters_of", "服务某工程或目标的任务",
       "The tasks and measures that serve a project, goal or plan (SUPPORTS), best score first.",
       _portable("MATCH (t:Task|Measure)-[r:SUPPORTS]->(x:Project|Goal|Plan {id: $unit_id}) "
                 "WHERE r.score >= $min_score "
                 "RETURN t.id AS id, label(t) AS label, t.title AS title, r.method AS method, "
                 "r.score AS score, r.evidence AS evidence ORDER BY score DESC, id"),
       ("unit_id", "min_score"), {"min_score": 0.0}),
    _q("path_between", "两节点间最短路径",
       "A shortest path between two nodes over any relationship, either direction (at most 10 "
       "hops): hop count, node ids, their labels and the relationship types on the way.",
       {"ladybug": "MATCH p = (x {id: $a})-[* SHORTEST 1..10]-(y {id: $b}) "
                   "RETURN length(p) AS hops, properties(nodes(p), 'id') AS ids, "
                   "properties(nodes(p), '_LABEL') AS labels, "
                   "properties(rels(p), '_LABEL') AS types",
        # Labelled ends seek the id constraints (an unlabelled {id: …} scans every node), and
        # x <> y because shortestPath fails on a path from a node to itself.
        "neo4j": f"MATCH (x:{_ANY} {{id: $a}}) WITH x MATCH (y:{_ANY} {{id: $b}}) WHERE x <> y "
                 "MATCH p = shortestPath((x)-[*..10]-(y)) "
                 "RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS ids, "
                 "[n IN nodes(p) | labels(n)[0]] AS labels, "
                 "[r IN relationships(p) | type(r)] AS types"},
       ("a", "b")),
    _q("plan_revisions", "规划修订关系",
       "Plans that revise the given plan and plans it revises (REVISES, stored by "
       "`policykg compare --save`), with the method, score and evidence.",
       "MATCH (newer:Plan)-[r:REVISES]->(older:Plan) "
       "WHERE newer.id = $plan_id OR older.id = $plan_id "
       "RETURN newer.id AS newer_id, newer.title AS newer_title, older.id AS older_id, "
       "older.title AS older_title, r.method AS method, r.score AS score, r.evidence AS evidence "
       "ORDER BY newer_id, older_id",
       ("plan_id",)),
    _q("search_text", "全文检索",
       "Units whose title or text contains the keyword (any characters, one or more), across all "
       "plans, in plan and document order. On Neo4j each label's text index answers the "
       "substring test, so the hits are the embedded store's.",
       {"ladybug": f"MATCH (u:{_UNITS}) WHERE u.title CONTAINS $keyword OR u.text CONTAINS $keyword "
                   "RETURN u.id AS id, label(u) AS label, u.plan_id AS plan_id, u.title AS title, "
                   "u.text AS text ORDER BY plan_id, u.`order`, id",
        "neo4j": neo4j_contains_units("keyword")
                 + "RETURN u.id AS id, labels(u)[0] AS label, u.plan_id AS plan_id, "
                 "u.title AS title, u.text AS text ORDER BY plan_id, u.`order`, id"},
       ("keyword",)),
)

#: Every named query, by name.
_INDICATOR_ENTRIES = (
    _q("target_attainment", "指标达成",
       "One indicator (an id of the vocabulary, e.g. gdp_growth) followed through the years: one "
       "row per region and year with a target or a reported result, the target (value, upper end, "
       "comparator, from the region's plan for that year) beside the actual the next plan reports, "
       "and status met, missed or no_data (DESIGN.md section 7).",
       {d: _attainment(d) for d in DIALECTS}, ("indicator",)),
    _q("indicator_matrix", "地区指标对比",
       "Every target due in a year that maps to a known indicator, with its plan's region: regions "
       "side by side (value, upper end of a range, comparator).",
       "MATCH (t:Target) WHERE t.year = $year AND t.indicator IS NOT NULL MATCH (p:Plan) WHERE p.id = t.plan_id "
       "RETURN p.region AS region, p.id AS plan_id, t.indicator AS indicator, t.value AS value, "
       "t.value_max AS value_max, t.comparator AS comparator ORDER BY indicator, region, plan_id, t.`start`",
       ("year",)),
)

CATALOG: Mapping[str, NamedQuery] = MappingProxyType({q.name: q for q in (*_ENTRIES, *_INDICATOR_ENTRIES)})


def get_query(name: str) -> NamedQuery:
    """The catalogue entry called ``name``.

    Raises
    ------
    UnknownQueryError
        No such entry; the message lists the available names.

    >>> get_query("targets_by_yaer")
    Traceback (most recent call last):
    ...
    core.errors.UnknownQueryError: Unknown query 'targets_by_yaer'. Available: ...
    """
    try:
        return CATALOG[name]
    except KeyError:
        raise UnknownQueryError(name, list(CATALOG)) from None


_RE_INT = re.compile(r"[+-]?\d+")


def _number(value: Any, kind: type) -> int | float | None:
    """``value`` as ``kind`` (int or float), from a number or its text; None when it is not one.

    >>> _number("2017", int), _number("0.5", float), _number("3.5", int), _number(True, int)
    (2017, 0.5, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if kind is int:
            return int(text) if _RE_INT.fullmatch(text) else None
        try:
            out = float(text)
        except ValueError:
            return None
        return out if math.isfinite(out) else None
    if kind is int:
        return value if isinstance(value, int) else None
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def _coerce(query: NamedQuery, name: str, value: Any) -> Any:
    kind = PARAM_TYPES.get(name, str)
    if kind is str:
        if not isinstance(value, str):
            raise QueryError(f"{query.name}: parameter {name!r} must be text, got {value!r}")
        if name == "indicator" and value not in vocabulary():
            raise QueryError(f"{query.name}: unknown indicator {value!r}; the vocabulary "
                             f"(ingest/data/indicators.toml) has {', '.join(vocabulary())}")
        return value
    out = _number(value, kind)
    if out is None:
        word, example = ("a whole number", 2017 if name == "year" else 3) if kind is int else ("a number", 0.5)
        raise QueryError(f"{query.name}: parameter {name!r} must be {word}, got {value!r} "
                         f"(e.g. --param {name}={example})")
    if kind is int and not -2**63 <= out < 2**63:  # the engines' integers; past them the binding fails
        raise QueryError(f"{query.name}: parameter {name!r} must be a whole number that fits in 64 bits, "
                         f"got {out} (e.g. --param {name}={2017 if name == 'year' else 3})")
    bounds = _PARAM_RANGES.get(name)
    if bounds is not None and not bounds[0] <= out <= bounds[1]:
        low, high = bounds
        raise QueryError(f"{query.name}: parameter {name!r} must be between {low} and {high}, got {out}")
    return out


def coerce_params(query: NamedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and type the parameters of ``query``: defaults filled in, numbers parsed from text.

    Raises
    ------
    QueryError
        A parameter is missing, unknown, or not of its type (the message names the expected ones).

    >>> coerce_params(get_query("task_dependencies"), {"task_id": "p/3.2.1", "depth": "2"})
    {'task_id': 'p/3.2.1', 'depth': 2, 'min_score': 0.0}
    """
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        expected = ", ".join(query.params) or "none"
        raise QueryError(f"{query.name}: unknown parameter(s) {', '.join(unknown)}; it takes: {expected}")
    merged = {**query.defaults, **params}
    missing = [p for p in query.params if p not in merged]
    if missing:
        raise QueryError(f"{query.name}: missing parameter(s) {', '.join(missing)}; pass them as "
                         + " ".join(f"--param {p}=…" for p in missing))
    return {p: _coerce(query, p, merged[p]) for p in query.params}


def run_named(store: GraphStore, name: str, /, *, timeout_s: float | None = None, **params: Any) -> QueryResult:
    """Run the catalogue query ``name`` on ``store`` (read-only) with ``params``.

    Parameters
    ----------
    store : GraphStore
        An open store; its ``engine`` picks the Cypher text.
    name : str
        A key of :data:`CATALOG`.
    timeout_s : float, optional
        Cut the query off after this many seconds.
    **params
        The query's parameters; numbers may be given as text (``year="2017"``).

    Returns
    -------
    QueryResult
        Columns and rows as the query's text names them.

    Raises
    ------
    UnknownQueryError, QueryError
    """
    query = get_query(name)
    values = coerce_params(query, params)
    return store.run(query.text(store.engine), values, timeout_s=timeout_s)


# ---- what the UI asks to draw its pages (lookups, not research questions) -----------------

_HOP = ("MATCH (a)-[r]->(b) WHERE a.id IN $ids RETURN a.id AS seed, label(r) AS type, b.id AS other, "
        "label(b) AS label, b.title AS title, b.name AS name, b.metric AS metric, r.score AS score, "
        "r.evidence AS evidence LIMIT $limit")
LOOKUPS: Mapping[str, NamedQuery] = MappingProxyType({q.name: q for q in (
    _q("node_info", "节点", "Label and caption fields of the nodes $ids.",
       _portable("MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, label(n) AS label, "
                 "n.title AS title, n.name AS name, n.metric AS metric"), ("ids",)),
    _q("neighbours_out", "出边邻居", "Nodes one outgoing relationship away from $ids (at most $limit rows).",
       _portable(_HOP, rels=("r",)), ("ids", "limit")),
    _q("neighbours_in", "入边邻居", "Nodes one incoming relationship away from $ids (same columns).",
       _portable(_HOP.replace("MATCH (a)-[r]->(b)", "MATCH (a)<-[r]-(b)"), rels=("r",)), ("ids", "limit")),
    _q("targets_all", "全部指标", "Every stored target with its plan, in document order.",
       "MATCH (t:Target) RETURN t.plan_id AS plan_id, t.metric AS metric, t.value AS value, "
       "t.value_max AS value_max, t.unit AS unit, t.comparator AS comparator, t.year AS year, "
       "t.base_year AS base_year, t.kind AS kind, t.indicator AS indicator, t.indicator_alias AS indicator_alias, "
       "t.raw AS raw, t.id AS id ORDER BY plan_id, t.`start`"),
)})


def run_lookup(store: GraphStore, name: str, /, **params: Any) -> QueryResult:
    """Run the UI lookup ``name`` of :data:`LOOKUPS` on ``store`` (values as given)."""
    return store.run(LOOKUPS[name].text(store.engine), params)
