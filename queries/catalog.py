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
from typing import Any, Mapping, Sequence

from graph.cypher import neo4j_contains_units, neo4j_plan_owners
from graph.cypher import rel_pairs as cypher_rel_pairs
from graph.engines import ENGINES
from core.errors import QueryError, UnknownQueryError
from core.model import LABELS, NODE_PROPS, REL_TYPES
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
# ---- Ladybug: start from what the parameters fix --------------------------------------------
# The embedded store has one index per label, on ``id``. A single-label ``(n:Task {id: $x})``
# is a primary-key lookup and a traversal from it costs the same at any store size; a
# multi-label ``(n:Task|Measure {id: $x})`` or an unlabelled one scans every table it names, and
# a filter on another property (``u.plan_id = $plan_id``, ``t.year = $year``) scans its label.
# So the texts below start at a Plan's id and walk HAS_PART (every unit of a plan hangs under it,
# every Target and Outcome under its unit or plan: what ingest writes), or, for an id of one of
# several labels, look it up under each label (:func:`_lb_by_id`). Recursive patterns from a
# looked-up node stay cheap; a second hop after an aggregation is written as OPTIONAL MATCH,
# which Ladybug extends from the few rows instead of joining a scan of the whole relationship
# table. Measured at 1,000 and 10,000 plans in bench/query.py.



def _lb_by_id(labels: tuple[str, ...], param: str, tail: str, columns: Sequence[tuple[str, str]], *,
              where: str = "", distinct: bool = False, order: str = "") -> str:
    """Ladybug text for ``MATCH (s:A|B|… {id: $param}){tail} [WHERE where] RETURN columns``
    that finds the start by the primary key of each label in turn.

    One ``OPTIONAL MATCH`` per label (ids are unique across labels, so at most one matches and
    the others give one row of nulls); each column is the ``coalesce`` over the labels' copies
    of its expression, and rows whose first column is null (no match) are dropped. ``tail``,
    ``where`` and the expressions write ``#`` where a variable takes the label's number.
    ``columns`` are (alias, expression) pairs; an alias starting with ``_`` is computed for
    ``order`` and not returned.

    >>> _lb_by_id(("Task", "Measure"), "x", "-[r#:SUPPORTS]->(y#)", [("id", "y#.id")])
    'OPTIONAL MATCH (s0:Task {id: $x})-[r0:SUPPORTS]->(y0) OPTIONAL MATCH (s1:Measure {id: $x})-[r1:SUPPORTS]->(y1) WITH coalesce(y0.id, y1.id) AS id WHERE id IS NOT NULL RETURN id'
    """
    def each(text: str, i: int) -> str:
        return text.replace("#", str(i))

    parts = [f"OPTIONAL MATCH (s{i}:{label} {{id: ${param}}}){each(tail, i)}"
             + (f" WHERE {each(where, i)}" if where else "") for i, label in enumerate(labels)]
    picked = ", ".join(f"coalesce({', '.join(each(expr, i) for i in range(len(labels)))}) AS {alias}"
                       for alias, expr in columns)
    shown = ", ".join(alias for alias, _ in columns if not alias.startswith("_"))
    text = (" ".join(parts) + f" WITH {picked} WHERE {columns[0][0]} IS NOT NULL "
            f"RETURN {'DISTINCT ' if distinct else ''}{shown}")
    return text + (f" ORDER BY {order}" if order else "")


def _label(v: str) -> str:
    """``label(v)``, null when ``v`` is: of an unmatched single-label variable, Ladybug's
    ``label`` gives the label all the same."""
    return f"CASE WHEN {v} IS NULL THEN NULL ELSE label({v}) END"


def _targets_cols(t: str) -> list[tuple[str, str]]:
    """:data:`_TARGET_COLS` as (alias, expression) pairs on the variable ``t``."""
    return [(k, f"{t}.{k}") for k in ("id", "metric", "value", "unit", "comparator", "year",
                                       "base_year", "kind", "raw")]


_LB_UNITS_UNDER_SPEC: dict[str, Any] = dict(
    labels=("Plan", *_UNITS.split("|")), param="unit_id", tail="-[:HAS_PART*1..10]->(u#)",
    columns=[("id", "u#.id"), ("label", _label("u#")), ("path", "u#.path"), ("title", "u#.title"),
             ("`order`", "u#.`order`")], distinct=True, order="`order`")
def _last_on_way(walk: str, start: str, prop: str) -> str:
    """``prop`` of the node a recursive walk passes last before its end (its start when it
    passes none): the unit that holds a target reached by ``HAS_PART|HAS_TARGET``."""
    # (a CASE would not do: the engine evaluates both branches, and a list has no element 0)
    return f"list_concat([{start}.{prop}], properties(nodes({walk}), '{prop}'))[size(nodes({walk})) + 1]"


# HAS_PART* then one HAS_TARGET, as one recursive pattern over both types (a Target has no
# relationship out, so the walk can only end there): a hop to Target after a recursive pattern
# costs a join with the whole HAS_TARGET table.
_LB_TARGETS_OF_UNIT_SPEC: dict[str, Any] = dict(
    labels=("Plan", *_UNITS.split("|")), param="unit_id", tail="-[e#:HAS_PART|HAS_TARGET*1..11]->(t#:Target)",
    columns=[*_targets_cols("t#"), ("unit_id", _last_on_way("e#", "s#", "id")),
             ("unit_title", _last_on_way("e#", "s#", "title")), ("_start", "t#.`start`")],
    order="_start")
_LB_SUPPORTS_COLS = ("r#.method", "r#.score", "r#.evidence")
_LB_TASK_SUPPORTS_SPEC: dict[str, Any] = dict(
    labels=("Task", "Measure"), param="task_id", tail="-[r#:SUPPORTS]->(x#)",
    columns=[("id", "x#.id"), ("label", _label("x#")), ("title", "x#.title"),
             *zip(("method", "score", "evidence"), _LB_SUPPORTS_COLS)],
    where="r#.score >= $min_score", order="score DESC, id")
_LB_SUPPORTERS_OF_SPEC: dict[str, Any] = dict(
    labels=("Project", "Goal", "Plan"), param="unit_id", tail="<-[r#:SUPPORTS]-(t#:Task|Measure)",
    columns=[("id", "t#.id"), ("label", _label("t#")), ("title", "t#.title"),
             *zip(("method", "score", "evidence"), _LB_SUPPORTS_COLS)],
    where="r#.score >= $min_score", order="score DESC, id")
#: Ladybug texts whose start is an id of one of several labels: the whole text (every label
#: looked up in one statement, what the console shows and runs) and, per label, the same
#: question from that label alone, which :func:`run_named` runs once it has found the label:
#: the one-statement form costs 30-70 ms on 100 to 1,000 plans (seven recursive patterns),
#: the label's own 2-6 ms at every size.
_LB_BY_LABEL: dict[str, dict[str, Any]] = {
    "units_under": _LB_UNITS_UNDER_SPEC, "targets_of_unit": _LB_TARGETS_OF_UNIT_SPEC,
    "task_supports": _LB_TASK_SUPPORTS_SPEC, "supporters_of": _LB_SUPPORTERS_OF_SPEC}
_LB_UNITS_UNDER = _lb_by_id(**_LB_UNITS_UNDER_SPEC)
_LB_TARGETS_OF_UNIT = _lb_by_id(**_LB_TARGETS_OF_UNIT_SPEC)
_LB_TASK_SUPPORTS = _lb_by_id(**_LB_TASK_SUPPORTS_SPEC)
_LB_SUPPORTERS_OF = _lb_by_id(**_LB_SUPPORTERS_OF_SPEC)
# A plan-wide walk goes as deep as the engine lets a recursive pattern go (30 hops); the first
# hop on its own, since with *1..30 from the plan Ladybug reads the units' columns by a scan of
# their whole tables on stores of ~1,000 plans (20 ms there, against 4 ms at 100 and 10,000).
_LB_PLAN_OUTLINE = ("MATCH (p:Plan {id: $plan_id})-[:HAS_PART]->(c)-[:HAS_PART*0..29]->(u) "
                    "RETURN DISTINCT u.id AS id, label(u) AS label, u.path AS path, u.title AS title, "
                    "u.`order` AS `order` ORDER BY `order`")
_LB_PLAN_TARGETS = (f"MATCH (p:Plan {{id: $plan_id}})-[e:HAS_PART|HAS_TARGET*1..30]->(t:Target) "
                    f"RETURN {_TARGET_COLS}, {_last_on_way('e', 'p', 'id')} AS unit_id, "
                    f"{_last_on_way('e', 'p', 'title')} AS unit_title ORDER BY t.`start`, id")
_LB_DOCUMENTS_CITED_BY = ("MATCH (p:Plan {id: $plan_id})-[:HAS_PART|CITES*1..30]->(d:Document) "
                          + _CITED_COLS)
_LB_REVISION = ("{{newer_id: {a}.id, newer_title: {a}.title, older_id: {b}.id, older_title: {b}.title, "
                "method: r.method, score: r.score, evidence: r.evidence}}")
_LB_PLAN_REVISIONS = (
    "MATCH (p:Plan {id: $plan_id}) "
    f"OPTIONAL MATCH (p)-[r:REVISES]->(o:Plan) WITH p, collect({_LB_REVISION.format(a='p', b='o')}) AS older "
    # a plan that revises itself is listed once, as in the first list
    "OPTIONAL MATCH (p)<-[r:REVISES]-(n:Plan) WHERE n.id <> $plan_id "
    f"WITH older, collect({_LB_REVISION.format(a='n', b='p')}) AS newer "
    "UNWIND older + newer AS x WITH x WHERE x.newer_id IS NOT NULL AND x.older_id IS NOT NULL "
    "RETURN x.newer_id AS newer_id, x.newer_title AS newer_title, x.older_id AS older_id, "
    "x.older_title AS older_title, x.method AS method, x.score AS score, x.evidence AS evidence "
    "ORDER BY newer_id, older_id")


def _lb_dependencies(direction: str) -> str:
    """One direction of ``task_dependencies`` on Ladybug: the tasks ``m`` reached from the task
    by links scoring at least min_score (the recursive pattern's own filter, so no path is
    materialised), each with its least hop count, then their next link. Same rows as the
    portable text, which joins every path's relationships back to a scan of the table."""
    up = direction == "upstream"
    walk = "-[e:DEPENDS_ON*0..4 (x, n | WHERE x.score >= $min_score)]->" if up else \
        "<-[e:DEPENDS_ON*0..4 (x, n | WHERE x.score >= $min_score)]-"
    link = "-[r:DEPENDS_ON]->(u:Task)" if up else "<-[r:DEPENDS_ON]-(u:Task)"
    ends = ("m.id AS from_id, m.title AS from_title, u.id AS to_id, u.title AS to_title" if up else
            "u.id AS from_id, u.title AS from_title, m.id AS to_id, m.title AS to_title")
    return (f"MATCH (t:Task {{id: $task_id}}){walk}(m:Task) "
            "WITH m, min(length(e)) + 1 AS hops WHERE hops <= $depth "
            f"OPTIONAL MATCH (m){link} WHERE r.score >= $min_score "
            "WITH m, r, u, hops WHERE u IS NOT NULL "
            f"RETURN '{direction}' AS direction, min(hops) AS distance, {ends}, r.method AS method, "
            "r.score AS score, r.evidence AS evidence")


_LB_DEPENDENCIES = _lb_dependencies("upstream") + " UNION ALL " + _lb_dependencies("downstream")

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
       {"ladybug": _LB_PLAN_OUTLINE,
        "neo4j": _portable(f"MATCH (u:{_UNITS}) WHERE u.plan_id = $plan_id "
                           "RETURN u.id AS id, label(u) AS label, u.path AS path, u.title AS title, "
                           "u.`order` AS `order` ORDER BY u.`order`")["neo4j"]},
       ("plan_id",)),
    _q("units_under", "下属任务与章节",
       "Every unit under a plan, section or project (all levels of HAS_PART), in document order.",
       {"ladybug": _LB_UNITS_UNDER,
        "neo4j": _portable(f"MATCH (s:{_OWNERS} {{id: $unit_id}})-[:HAS_PART*1..10]->(u) "
                           "RETURN DISTINCT u.id AS id, label(u) AS label, u.path AS path, "
                           "u.title AS title, u.`order` AS `order` ORDER BY `order`")["neo4j"]},
       ("unit_id",)),
    _q("plan_targets", "规划全部指标",
       "All quantitative and dated targets of one plan, with the unit that sets each.",
       {"ladybug": _LB_PLAN_TARGETS,
        "neo4j": "MATCH (t:Target) WHERE t.plan_id = $plan_id "
                 "OPTIONAL MATCH (u)-[:HAS_TARGET]->(t) "
                 f"RETURN {_TARGET_COLS}, u.id AS unit_id, u.title AS unit_title "
                 "ORDER BY t.`start`, id"},
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
       {"ladybug": _LB_TARGETS_OF_UNIT,
        "neo4j": f"MATCH (s:{_OWNERS} {{id: $unit_id}})-[:HAS_PART*0..10]->(u)-[:HAS_TARGET]->(t:Target) "
                 f"RETURN {_TARGET_COLS}, u.id AS unit_id, u.title AS unit_title ORDER BY t.`start`"},
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
       {"ladybug": _LB_DOCUMENTS_CITED_BY,
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
       {"ladybug": _LB_DEPENDENCIES, "neo4j": _DEPENDENCIES}, ("task_id", "depth", "min_score"), {"depth": 3, "min_score": 0.0}),
    _q("task_supports", "任务服务的工程与目标",
       "Which projects, goals (or the plan, for safeguards) a task or measure serves (SUPPORTS), "
       "with the inference method, score and evidence; links under min_score are left out.",
       {"ladybug": _LB_TASK_SUPPORTS,
        "neo4j": _portable("MATCH (t:Task|Measure {id: $task_id})-[r:SUPPORTS]->(x) "
                           "WHERE r.score >= $min_score "
                           "RETURN x.id AS id, label(x) AS label, x.title AS title, r.method AS method, "
                           "r.score AS score, r.evidence AS evidence ORDER BY score DESC, id")["neo4j"]},
       ("task_id", "min_score"), {"min_score": 0.0}),
    _q("supporters_of", "服务某工程或目标的任务",
       "The tasks and measures that serve a project, goal or plan (SUPPORTS), best score first.",
       {"ladybug": _LB_SUPPORTERS_OF,
        "neo4j": _portable("MATCH (t:Task|Measure)-[r:SUPPORTS]->(x:Project|Goal|Plan {id: $unit_id}) "
                           "WHERE r.score >= $min_score "
                           "RETURN t.id AS id, label(t) AS label, t.title AS title, r.method AS method, "
                           "r.score AS score, r.evidence AS evidence ORDER BY score DESC, id")["neo4j"]},
       ("unit_id", "min_score"), {"min_score": 0.0}),
    _q("path_between", "两节点间最短路径",
       "A shortest path between two nodes over any relationship, either direction (at most 10 "
       "hops): hop count, node ids, their labels and the relationship types on the way. On the "
       "embedded store a bounded search from both ends answers it (the text shows the question); "
       "when a path would need more than its bounds (nodes linked to thousands of others) it "
       "says so instead of answering.",
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
       {"ladybug": _LB_PLAN_REVISIONS,
        "neo4j": "MATCH (newer:Plan)-[r:REVISES]->(older:Plan) "
                 "WHERE newer.id = $plan_id OR older.id = $plan_id "
                 "RETURN newer.id AS newer_id, newer.title AS newer_title, older.id AS older_id, "
                 "older.title AS older_title, r.method AS method, r.score AS score, r.evidence AS evidence "
                 "ORDER BY newer_id, older_id"},
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

#: The units a policy instrument is coded on (analysis.instruments.CODED_LABELS).
_CODED = "Task|Measure|Project"
#: supply, environment, demand: the order the policy-instrument literature prints them in
_TYPE_ORDER = "CASE type WHEN 'supply' THEN 0 WHEN 'environment' THEN 1 ELSE 2 END"

# Ladybug: from the plan, HAS_PART then the INSTRUMENT code as one recursive pattern (a
# PolicyInstrument has no relationship out, so every walk ends at the code; a hop after a
# recursive pattern would join a scan of the whole INSTRUMENT table): the coded unit is the
# walk's last node on the way (only Task, Measure and Project carry codes), the code its last
# relationship. The portable texts filter plan_id over every coded unit of the store.
_LB_CODES = "MATCH (p:Plan {id: $plan_id})-[e:HAS_PART|INSTRUMENT*1..30]->(i:PolicyInstrument) "


def _coded(prop: str) -> str:
    """``prop`` of the coded unit of a walk of :data:`_LB_CODES` (a walk passes one node at
    least: a plan carries no code)."""
    return f"properties(nodes(e), '{prop}')[size(nodes(e))]"


_LB_INSTRUMENT_PROFILE = (
    "MATCH (p:Plan {id: $plan_id})-[:HAS_PART|INSTRUMENT*1..30]->(:PolicyInstrument) WITH count(*) AS total "
    + _LB_CODES + f"WITH total, i.type AS type, i.instrument AS instrument, count(DISTINCT {_coded('id')}) AS units "
    f"RETURN type, instrument, units, 1.0 * units / total AS share "
    f"ORDER BY {_TYPE_ORDER}, units DESC, instrument")
_LB_INSTRUMENTS_BY_GOAL = (
    "MATCH (p:Plan {id: $plan_id})-[:HAS_PART]->(s) WITH s "
    + _LB_CODES + f"WITH s, i, {_coded('id')} AS u, {_coded('path')} AS path "
    "WHERE path = s.path OR path STARTS WITH (s.path + '.') "
    "WITH s.`order` AS part_order, s.path AS part_path, s.title AS part, i.type AS type, "
    "i.instrument AS instrument, count(DISTINCT u) AS units "
    f"RETURN part_order, part_path, part, type, instrument, units "
    f"ORDER BY part_order, {_TYPE_ORDER}, instrument")
_LB_INSTRUMENT_UNITS = (
    _LB_CODES + "WHERE i.instrument = $instrument "
    f"WITH {_coded('id')} AS unit_id, {_coded('path')} AS path, {_coded('title')} AS title, "
    "properties(rels(e), 'evidence')[size(rels(e))] AS evidence, "
    f"{_coded('order')} AS o "
    "RETURN unit_id, path, title, evidence ORDER BY o")

_INSTRUMENT_ENTRIES = (
    _q("instrument_profile", "政策工具结构",
       "The policy instruments a plan uses (DESIGN.md section 9): per instrument its type (supply, "
       "environment, demand), the number of units that use it, and its share of all the plan's "
       "codes (one code per unit and instrument), supply first.",
       {"ladybug": _LB_INSTRUMENT_PROFILE,
        "neo4j": f"MATCH (v:{_CODED})-[c:INSTRUMENT]->(:PolicyInstrument) WHERE v.plan_id = $plan_id "
                 "WITH count(c) AS total "
                 f"MATCH (u:{_CODED})-[:INSTRUMENT]->(i:PolicyInstrument) WHERE u.plan_id = $plan_id "
                 "WITH total, i.type AS type, i.instrument AS instrument, count(DISTINCT u) AS units "
                 f"RETURN type, instrument, units, 1.0 * units / total AS share "
                 f"ORDER BY {_TYPE_ORDER}, units DESC, instrument"},
       ("plan_id",)),
    _q("instruments_by_goal", "政策工具与规划部分",
       "The two-dimensional table of instrument studies: for each top-level part of a plan (its "
       "chapters, or its items when it has no chapters) and each instrument, the units under that "
       "part that use it.",
       {"ladybug": _LB_INSTRUMENTS_BY_GOAL,
        "neo4j": f"MATCH (p:Plan {{id: $plan_id}})-[:HAS_PART]->(s) "
                 f"MATCH (u:{_CODED})-[:INSTRUMENT]->(i:PolicyInstrument) WHERE u.plan_id = $plan_id "
                 "AND (u.path = s.path OR u.path STARTS WITH (s.path + '.')) "
                 "WITH s.`order` AS part_order, s.path AS part_path, s.title AS part, i.type AS type, "
                 "i.instrument AS instrument, count(DISTINCT u) AS units "
                 f"RETURN part_order, part_path, part, type, instrument, units "
                 f"ORDER BY part_order, {_TYPE_ORDER}, instrument"},
       ("plan_id",)),
    _q("instrument_units", "运用某一政策工具的条目",
       "The units of a plan that use one instrument (a codebook id such as funding or "
       "demonstration), in document order, with the phrase that shows it.",
       {"ladybug": _LB_INSTRUMENT_UNITS,
        "neo4j": f"MATCH (u:{_CODED})-[r:INSTRUMENT]->(i:PolicyInstrument) WHERE u.plan_id = $plan_id "
                 "AND i.instrument = $instrument "
                 "RETURN u.id AS unit_id, u.path AS path, u.title AS title, r.evidence AS evidence "
                 "ORDER BY u.`order`"},
       ("plan_id", "instrument")),
)

CATALOG: Mapping[str, NamedQuery] = MappingProxyType(
    {q.name: q for q in (*_ENTRIES, *_INDICATOR_ENTRIES, *_INSTRUMENT_ENTRIES)})


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
    dialect = ENGINES[store.engine].dialect if store.engine in ENGINES else store.engine
    search = _SEARCHES.get((name, dialect))
    if search is not None:
        return search(store, values, timeout_s)
    if dialect == "ladybug" and name in LABELLED:
        return _run_labelled(store, name, values, timeout_s)
    return store.run(query.text(store.engine), values, timeout_s=timeout_s)


# ---- path_between on the embedded store: a bounded search from both ends -------------------

#: Most hops ``path_between`` looks across (the catalogue text's ``1..10``).
PATH_MAX_HOPS = 10
#: Bounds of one step of the search (one end's frontier expanded by a hop): most nodes in the
#: frontier, and most relationships read from them. When neither end's next step fits and no
#: path is certain yet, the search stops with a QueryError naming them.
PATH_MAX_FRONTIER = 500
PATH_MAX_ROWS = 20_000
#: Most statements one search runs (each reads one node's neighbours, or checks two nodes).
PATH_MAX_READS = 1_000
#: A node with more relationships than this (a shared organisation, place or document, linked
#: from thousands of units) is never expanded: the search meets it from the other end instead.
PATH_HUB = 256

#: Label pairs a relationship may join, either way round (core.model.REL_TYPES).
_JOINED = sorted({pair for t in REL_TYPES for a, b in cypher_rel_pairs(t) for pair in ((a, b), (b, a))})

#: The statements the search runs, each a primary-key lookup: per label, whether a node is
#: stored and its neighbours over any relationship, either direction; per pair of labels, a
#: relationship between two given nodes, and a node one relationship from both.
PATH_STEPS: Mapping[str, NamedQuery] = MappingProxyType({q.name: q for q in (
    # one statement per label: twelve OPTIONAL MATCH lookups in one statement cost ~30 ms
    *(_q(f"path_is_{label}", "节点是否存在", f"Whether a {label} $id is stored (one row if so).",
         f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id", ("id",)) for label in LABELS),
    *(_q(f"path_step_{label}", "一步邻居",
         f"The neighbours of the {label} $id over any relationship, either direction (at most $limit rows).",
         _portable(f"MATCH (a:{label} {{id: $id}})-[r]-(b) "
                   "RETURN label(r) AS type, b.id AS other, label(b) AS label LIMIT $limit", rels=("r",)),
         ("id", "limit")) for label in LABELS),
    *(_q(f"path_link_{x}_{y}", "两节点间的关系",
         f"A relationship between the {x} $a and the {y} $b, either direction.",
         _portable(f"MATCH (a:{x} {{id: $a}})-[r]-(b:{y} {{id: $b}}) RETURN label(r) AS type LIMIT 1", rels=("r",)),
         ("a", "b")) for x, y in _JOINED),
    *(_q(f"path_via_{x}_{y}", "两节点的共同邻居",
         f"A node one relationship from both the {x} $a and the {y} $b.",
         _portable(f"MATCH (a:{x} {{id: $a}})-[r]-(m)-[s]-(b:{y} {{id: $b}}) "
                   "RETURN label(r) AS first, m.id AS id, label(m) AS label, label(s) AS second LIMIT 1",
                   rels=("r", "s")),
         ("a", "b")) for x in LABELS for y in LABELS),
)})
_PATH_COLUMNS = ["hops", "ids", "labels", "types"]


class _PathSearch:
    """``path_between`` on the embedded store: breadth-first from both ends at once, one
    primary-key lookup per node (:data:`PATH_STEPS`), always expanding the end whose frontier
    has fewer relationships. Nodes with more than :data:`PATH_HUB` relationships are reached
    but not expanded ("deferred"): a path through one is found from the other end.

    A path found is returned once no path not yet seen can be shorter (:meth:`lower_bound`):
    a path not seen leaves the explored part around the first end at a node of its frontier
    (at its depth) or a deferred node (at its distance) and reaches the second end's frontier
    or deferred nodes at least one hop later; a deferred node of each end, one or two hops
    apart, is checked directly when the second of them is deferred (:data:`PATH_STEPS`
    ``path_link_*``, ``path_via_*``), so two deferred nodes bound a path not seen at three hops
    between them. Bounded whatever the store's size: :data:`PATH_MAX_HOPS` hops,
    :data:`PATH_MAX_FRONTIER` nodes and :data:`PATH_MAX_ROWS` relationships per step,
    :data:`PATH_MAX_READS` statements in all; past them a :class:`QueryError` names the bounds.
    Checked against networkx's shortest path lengths on 1,000 plans (bench notes in
    bench/query.py)."""

    def __init__(self, store: GraphStore, a: str, b: str, timeout_s: float | None):
        import time

        self.store, self.ends, self.timeout_s, self.clock = store, (a, b), timeout_s, time.monotonic
        self.deadline = None if not timeout_s else time.monotonic() + timeout_s
        self.labels: dict[str, str] = {}
        # per end: node -> hops from it; node -> (the node it was reached from, relationship type)
        self.dist: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
        self.parent: tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]] = ({}, {})
        self.frontier: list[list[str]] = [[a], [b]]
        self.depth = [0, 0]
        self.deferred: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self.near: dict[str, list[tuple]] = {}  # a non-deferred node's neighbour rows
        self.hubs: set[str] = set()
        self.reads = 0
        # (hops, node reached from end 0, node reached from end 1, what lies between them:
        # relationship types and nodes, alternately; empty when the two are one node)
        self.best: tuple[int, str, str, tuple[str, ...]] | None = None

    def run(self, name: str, **params: Any) -> list[tuple]:
        self.reads += 1
        if self.reads > PATH_MAX_READS:
            raise self.stopped()
        left = None
        if self.deadline is not None:
            left = self.deadline - self.clock()
            if left <= 0:
                raise QueryError(f"path_between: query cut off after {self.timeout_s:g} s (timeout)")
        return self.store.run(PATH_STEPS[name].text(self.store.engine), params, timeout_s=left).rows

    def answer(self) -> QueryResult:
        a, b = self.ends
        for n in dict.fromkeys(self.ends):
            label = next((x for x in LABELS if self.run(f"path_is_{x}", id=n)), None)
            if label is None:
                return QueryResult(_PATH_COLUMNS, [])
            self.labels[n] = label
        if a == b:
            return QueryResult(_PATH_COLUMNS, [])
        stuck = None
        while True:
            bound, raise_by = self.lower_bound()
            if self.best is not None and self.best[0] <= bound:
                return QueryResult(_PATH_COLUMNS, [self.row()] if self.best[0] <= PATH_MAX_HOPS else [])
            if bound > PATH_MAX_HOPS:
                return QueryResult(_PATH_COLUMNS, [])
            # an end whose step raises the bound first, the smaller frontier first; reading a
            # frontier defers its hubs, which may settle the answer without a step
            order = sorted((0, 1), key=lambda s: (s not in raise_by, len(self.frontier[s])))
            for side in order:
                if not math.isinf(self.cost(side)):
                    self.expand(side)
                    break
            else:
                state = (self.best, *map(len, self.frontier), *map(len, self.deferred))
                if state == stuck:
                    raise self.stopped()
                stuck = state

    def lower_bound(self) -> tuple[float, set[int]]:
        """Fewest hops of a path not seen yet (inf when one end has nothing left to expand), and
        the ends whose next step would raise it."""
        ends = []
        for s in (0, 1):
            f = self.depth[s] if self.frontier[s] else None
            d = min(self.deferred[s].values()) if self.deferred[s] else None
            if f is None and d is None:
                return math.inf, set()
            ends.append((f, d))
        (fa, da), (fb, db) = ends
        # a frontier node and the other end's frontier or deferred node: one hop at least;
        # two deferred nodes: three at least, for one or two hops apart they were checked
        terms = [(x + y + gap, by) for x, y, gap, by in
                 ((fa, fb, 1, {0, 1}), (fa, db, 1, {0}), (da, fb, 1, {1}), (da, db, 3, set()))
                 if x is not None and y is not None]
        bound = min(t for t, _ in terms)
        return bound, set().union(*(by for t, by in terms if t == bound))

    def cost(self, side: int) -> float:
        """Relationships the next step of ``side`` reads; inf past the bounds or when nothing is
        left to expand. Reads each new frontier node's neighbours (its hubs are deferred)."""
        nodes = self.frontier[side]
        if not nodes or len(nodes) > PATH_MAX_FRONTIER:
            return math.inf
        keep, total = [], 0
        for node in nodes:
            if node not in self.near and node not in self.hubs:
                rows = self.run(f"path_step_{self.labels[node]}", id=node, limit=PATH_HUB + 1)
                if len(rows) > PATH_HUB:
                    self.hubs.add(node)
                else:
                    self.near[node] = rows
            if node in self.hubs:
                self.defer(side, node)
                continue
            keep.append(node)
            total += len(self.near[node])
        self.frontier[side] = keep
        return total if keep and total <= PATH_MAX_ROWS else math.inf

    def defer(self, side: int, node: str) -> None:
        self.deferred[side][node] = self.dist[side][node]
        other = 1 - side
        here = self.dist[side][node]
        for hub, d in list(self.deferred[other].items()):
            if hub in self.dist[side] or node in self.dist[other]:
                continue  # met already, where one end reached the other's node
            x, y = self.labels[node], self.labels[hub]
            ends = (node, hub) if side == 0 else (hub, node)
            link = self.run(f"path_link_{x}_{y}", a=node, b=hub) if (x, y) in _JOINED else []
            if link:
                self.offer(here + 1 + d, *ends, (link[0][0],))
                continue
            if self.best is not None and self.best[0] <= here + 2 + d:
                continue
            via = self.run(f"path_via_{x}_{y}", a=node, b=hub)
            if via:
                first, mid, label, second = via[0]
                self.labels[mid] = label
                steps = (first, mid, second) if side == 0 else (second, mid, first)
                self.offer(here + 2 + d, *ends, steps)

    def offer(self, hops: int, at0: str, at1: str, between: tuple[str, ...]) -> None:
        if self.best is None or hops < self.best[0]:
            self.best = (hops, at0, at1, between)

    def expand(self, side: int) -> None:
        mine, theirs, parent = self.dist[side], self.dist[1 - side], self.parent[side]
        hops = self.depth[side] + 1
        nxt: list[str] = []
        for node in self.frontier[side]:
            for rel_type, other, label in self.near.pop(node):
                if other in mine:
                    continue
                mine[other], parent[other] = hops, (node, rel_type)
                self.labels[other] = label
                nxt.append(other)
                if other in theirs:
                    self.offer(hops + theirs[other], other, other, ())
        self.depth[side] = hops
        self.frontier[side] = nxt

    def row(self) -> tuple:
        """(hops, ids, labels, types) of the best path found."""
        assert self.best is not None
        _, at0, at1, between = self.best
        ids, types = [at0], list[str]()
        while at0 in self.parent[0]:
            at0, rel_type = self.parent[0][at0]
            ids.insert(0, at0)
            types.insert(0, rel_type)
        for k, step in enumerate(between):
            (ids if k % 2 else types).append(step)
        if at1 != ids[-1]:
            ids.append(at1)
        while at1 in self.parent[1]:
            at1, rel_type = self.parent[1][at1]
            ids.append(at1)
            types.append(rel_type)
        return (len(types), ids, [self.labels[i] for i in ids], types)

    def stopped(self) -> QueryError:
        a, b = self.ends
        seen = len(self.dist[0]) + len(self.dist[1])
        return QueryError(
            f"path_between: no path found within the search's bounds: from {a!r} ({self.depth[0]} hops) "
            f"and from {b!r} ({self.depth[1]} hops) the next step would expand more than "
            f"{PATH_MAX_FRONTIER:,} nodes or read more than {PATH_MAX_ROWS:,} relationships, or "
            f"only nodes with more than {PATH_HUB:,} relationships are left, or the search has "
            f"run its {PATH_MAX_READS:,} lookups ({seen:,} nodes reached). "
            "A path, if there is one, is longer or runs through nodes linked to thousands of others "
            "(shared organisations, places, documents); ask for ends nearer each other.")


def _path_between(store: GraphStore, values: Mapping[str, Any], timeout_s: float | None) -> QueryResult:
    """``path_between`` by :class:`_PathSearch` (memory and time bounded whatever the store's size).

    >>> import tempfile, pathlib
    >>> from core.model import Edge, Node, PlanDoc, PlanMeta
    >>> from graph.ladybug_store import LadybugStore
    >>> units = [Node("p/1", "Section", "一"), Node("p/1.1", "Task", "甲"), Node("p/2", "Section", "二"),
    ...          *(Node(f"p/2.{i}", "Task", f"乙{i}") for i in range(1, 5)), Node("pla-x", "Place", "某地")]
    >>> parts = [("p", "p/1"), ("p/1", "p/1.1"), ("p", "p/2"), *(("p/2", f"p/2.{i}") for i in range(1, 5))]
    >>> edges = [Edge(a, b, "HAS_PART") for a, b in parts] + [Edge(u, "pla-x", "MENTIONS")
    ...                                                       for u in ("p/1.1", "p/2.1", "p/2.2", "p/2.3")]
    >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
    >>> _ = store.add_plan(PlanDoc(PlanMeta(id="p", title="计划"), nodes=tuple(units), edges=tuple(edges)))
    >>> run_named(store, "path_between", a="p/1.1", b="p").rows
    [(2, ['p/1.1', 'p/1', 'p'], ['Task', 'Section', 'Plan'], ['HAS_PART', 'HAS_PART'])]
    >>> run_named(store, "path_between", a="p/1.1", b="p/1.1").rows, run_named(store, "path_between", a="p/1.1", b="x").rows
    ([], [])

    A place linked to more than :data:`PATH_HUB` nodes is met, not expanded; past the bounds
    the search says so:

    >>> import queries.catalog as catalog
    >>> saved = catalog.PATH_HUB, catalog.PATH_MAX_READS
    >>> catalog.PATH_HUB = 2
    >>> run_named(store, "path_between", a="p/1.1", b="p/2.3").rows[0][:2]
    (2, ['p/1.1', 'pla-x', 'p/2.3'])
    >>> catalog.PATH_MAX_READS = 3
    >>> run_named(store, "path_between", a="p/1.1", b="p/2.4")
    Traceback (most recent call last):
    ...
    core.errors.QueryError: path_between: no path found within the search's bounds: ...
    >>> catalog.PATH_HUB, catalog.PATH_MAX_READS = saved
    >>> store.close()
    """
    return _PathSearch(store, values["a"], values["b"], timeout_s).answer()


#: Per catalogue entry of :data:`_LB_BY_LABEL`, per label its start may have: the entry's
#: question for a start of that label alone (Ladybug).
LABELLED: Mapping[str, Mapping[str, NamedQuery]] = MappingProxyType({
    name: MappingProxyType({label: _q(f"{name}_{label}", CATALOG[name].title,
                                      f"{name} when ${spec['param']} is a {label}.",
                                      {"ladybug": _lb_by_id(**{**spec, "labels": (label,)}),
                                       "neo4j": CATALOG[name].text("neo4j")}, CATALOG[name].params)
                            for label in spec["labels"]})
    for name, spec in _LB_BY_LABEL.items()})


def _run_labelled(store: GraphStore, name: str, values: Mapping[str, Any],
                  timeout_s: float | None) -> QueryResult:
    """A :data:`LABELLED` entry: the start's label by one primary-key lookup per label, then
    the entry's text for that label (the first label's when there is no such node: no rows).
    Its rows are those of the entry's one-statement text:

    >>> import tempfile, pathlib
    >>> from core.model import Edge, Node, PlanDoc, PlanMeta
    >>> from graph.ladybug_store import LadybugStore
    >>> doc = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Section", "一", path="1"),
    ...     Node("p/1.1", "Task", "甲", path="1.1"), Node("p/1.1/t1", "Target", "增速", props={"year": 2020})),
    ...     edges=(Edge("p", "p/1", "HAS_PART"), Edge("p/1", "p/1.1", "HAS_PART"), Edge("p/1.1", "p/1.1/t1", "HAS_TARGET")))
    >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
    >>> _ = store.add_plan(doc)
    >>> for name, start in (("units_under", "p"), ("units_under", "p/1"), ("targets_of_unit", "p/1"),
    ...                     ("targets_of_unit", "p/1.1/t1"), ("units_under", "x")):
    ...     one = store.run(CATALOG[name].text("ladybug"), {"unit_id": start})
    ...     two = run_named(store, name, unit_id=start)
    ...     print(name, start, len(two.rows), one == two)
    units_under p 2 True
    units_under p/1 1 True
    targets_of_unit p/1 1 True
    targets_of_unit p/1.1/t1 0 True
    units_under x 0 True
    >>> store.close()
    """
    start = values[_LB_BY_LABEL[name]["param"]]
    texts = LABELLED[name]
    label = next((x for x in texts if store.run(PATH_STEPS[f"path_is_{x}"].text(store.engine),
                                                {"id": start}, timeout_s=timeout_s).rows), next(iter(texts)))
    return store.run(texts[label].text(store.engine), values, timeout_s=timeout_s)


#: Catalogue entries answered by Python over several statements on a dialect, not one text.
_SEARCHES = {("path_between", "ladybug"): _path_between}


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
    # one node at a time, by label: a primary-key lookup, where the id lists above scan every
    # node of the store (0.9 s for a task's neighbours at 10,000 plans against 88 ms at 1,000)
    *(_q(f"node_info_{label}", "节点", f"Label and caption fields of the {label} $id.",
         # a property the label lacks is a binder error on Ladybug, a null on Neo4j
         {"ladybug": f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id, label(n) AS label, "
                     + ", ".join(f"n.{k} AS {k}" if k in NODE_PROPS[label] else f"CAST(NULL AS STRING) AS {k}"
                                 for k in ("title", "name", "metric")),
          "neo4j": f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id, labels(n)[0] AS label, n.title AS title, "
                   "n.name AS name, n.metric AS metric"}, ("id",)) for label in LABELS),
    *(_q(f"neighbours_{way}_{label}", "邻居",
         f"Nodes one {'outgoing' if way == 'out' else 'incoming'} relationship away from the {label} $id "
         "(at most $limit rows; the columns of neighbours_out).",
         _portable(_HOP.replace("MATCH (a)-[r]->(b) WHERE a.id IN $ids",
                                f"MATCH (a:{label} {{id: $id}}){'-[r]->' if way == 'out' else '<-[r]-'}(b)"),
                   rels=("r",)), ("id", "limit")) for way in ("out", "in") for label in LABELS),
    _q("targets_all", "全部指标", "Every stored target with its plan, in document order.",
       "MATCH (t:Target) RETURN t.plan_id AS plan_id, t.metric AS metric, t.value AS value, "
       "t.value_max AS value_max, t.unit AS unit, t.comparator AS comparator, t.year AS year, "
       "t.base_year AS base_year, t.kind AS kind, t.indicator AS indicator, t.indicator_alias AS indicator_alias, "
       "t.raw AS raw, t.id AS id ORDER BY plan_id, t.`start`"),
)})


def run_lookup(store: GraphStore, name: str, /, **params: Any) -> QueryResult:
    """Run the UI lookup ``name`` of :data:`LOOKUPS` on ``store`` (values as given)."""
    return store.run(LOOKUPS[name].text(store.engine), params)
