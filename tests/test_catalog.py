"""The named query catalogue: conformance with the PlanDocs, parameters, docs, Neo4j lint, exports.

Conformance: the seed, its revision, a hand-made dependency chain and three shared corpus plans
(when ../shared/corpus exists) go into a temporary embedded store; every catalogue entry runs
there and its answer is compared with the value computed directly in Python from the PlanDocs.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest

import queries
from core.model import UNIT_LABELS, Edge, Node, PlanDoc, PlanMeta
from core.errors import QueryError, UnknownQueryError

from queries.catalog import CATALOG, DIALECTS, MAX_DEPTH, coerce_params, get_query, param_names, run_named

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PICKS = ("anhui-industrial-internet-action-plan-2021-2023.txt",
                "baotou-digital-gov-evaluation-2022.txt", "gov-work-report-2017.txt")
REVISED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-revised.txt"
OWNERS = ("Plan", *UNIT_LABELS)


# ---- the store and the PlanDocs -----------------------------------------------------------

def chain_doc() -> PlanDoc:
    """A hand-made plan whose tasks form a dependency chain (with one weak link and a branch)."""
    pid = "chain"
    tasks = tuple(Node(id=f"{pid}/{i}", label="Task", title=f"任务{i}", text=f"推进第{i}项工作。",
                       path=str(i)) for i in range(1, 7))
    links = [(2, 1, 0.9), (3, 2, 0.8), (4, 3, 0.3), (5, 4, 0.9), (6, 1, 0.7), (5, 6, 0.6)]
    edges = tuple(Edge(pid, t.id, "HAS_PART", {"order": i}) for i, t in enumerate(tasks, 1))
    edges += tuple(Edge(f"{pid}/{a}", f"{pid}/{b}", "DEPENDS_ON",
                        {"inferred": True, "method": "explicit-cue", "score": s,
                         "evidence": f"依托任务{b}"}) for a, b, s in links)
    return PlanDoc(plan=PlanMeta(id=pid, title="依赖链示例计划"), nodes=tasks, edges=edges)


def report_docs() -> list[PlanDoc]:
    """Two hand-made yearly reports of one province and a five-year plan beside them: targets
    for 2020 and 2021 (one met, one missed, one a range, a ceiling), the outcomes the next report
    gives, an outcome with no target and a restatement a later plan makes."""
    def q(pid, k, label, indicator, value, year, unit="%", cmp="~", vmax=None, start=0):
        props = {"metric": indicator, "value": value, "unit": unit, "year": year, "indicator": indicator,
                 "indicator_alias": indicator, "raw": f"{indicator}{value}"}
        if label == "Target":
            props.update(value_max=vmax, comparator=cmp, base_year=None, kind="relative")
        else:
            props.update(period_start=None, period_end=None)
        return Node(id=f"{pid}/{label[0].lower()}{k}", label=label, title=indicator, text=props["raw"],
                    start=start, end=start + 4, props=props)

    def doc(pid, year, issued, nodes, period_end=None):
        edges = tuple(Edge(pid, n.id, "HAS_TARGET" if n.label == "Target" else "REPORTS") for n in nodes)
        return PlanDoc(plan=PlanMeta(id=pid, title=f"{year}年测试省政府工作报告", issued=issued,
                                     period_start=year, period_end=period_end or year, region="测试省"),
                       nodes=tuple(nodes), edges=edges)

    return [
        doc("r2020", 2020, "2020-01-15", [q("r2020", 1, "Target", "gdp_growth", 6.0, 2020),
                                          q("r2020", 2, "Target", "cpi_growth", 3.0, 2020, start=10),
                                          q("r2020", 3, "Outcome", "gdp_growth", 6.1, 2019, start=20)]),
        doc("r2021", 2021, "2021-01-20", [q("r2021", 1, "Outcome", "gdp_growth", 5.2, 2020),
                                          q("r2021", 2, "Outcome", "cpi_growth", 3.4, 2020, start=10),
                                          q("r2021", 3, "Target", "gdp_growth", 6.0, 2021, cmp=">=", vmax=6.5, start=20),
                                          q("r2021", 4, "Target", "gdp_growth", 7.0, 2021, cmp="=", start=30),
                                          q("r2021", 5, "Target", "surveyed_unemployment", 5.5, 2021, cmp="<=",
                                            start=40)]),
        doc("r2022", 2022, "2022-01-18", [q("r2022", 1, "Outcome", "gdp_growth", 6.6, 2021),
                                          q("r2022", 2, "Outcome", "surveyed_unemployment", 5.8, 2021, start=10)]),
        doc("fyp", 2021, "2021-02-01", [q("fyp", 1, "Target", "gdp_growth", 5.0, 2025),
                                        q("fyp", 2, "Outcome", "gdp_growth", 5.9, 2020, start=10)], period_end=2025),
    ]


def _open_store(path: Path):
    """The embedded store, with a page cache large enough for recursive patterns over every
    relationship type (path_between); see the report on graph/ladybug_store.py BUFFER_POOL_MB."""
    from graph.ladybug_store import LadybugStore

    accepted = inspect.signature(LadybugStore).parameters
    extra = {"buffer_pool_mb": 1024} if "buffer_pool_mb" in accepted else {}
    return LadybugStore(path, **extra)


def catalog_docs(seed_doc) -> tuple[list[PlanDoc], list[Edge]]:
    """The plans every engine's conformance run loads, and the alignment edges between the
    seed and its revision."""
    from conftest import SHARED_CORPUS
    from ingest.parse import parse_path
    from analysis.compare import alignment_edges, compare_plans
    from workspace.ingest import enrich_plan as with_inferred_edges  # dependencies and instruments

    docs = [with_inferred_edges(seed_doc), with_inferred_edges(parse_path(REVISED)), chain_doc(), *report_docs()]
    docs += [with_inferred_edges(parse_path(SHARED_CORPUS / name))
             for name in CORPUS_PICKS if (SHARED_CORPUS / name).is_file()]
    assert len(docs) in (7, 7 + len(CORPUS_PICKS))
    extra = alignment_edges(compare_plans(docs[0], docs[1]), docs[0], docs[1])
    return docs, list(extra)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, seed_doc):
    docs, extra = catalog_docs(seed_doc)
    store = _open_store(tmp_path_factory.mktemp("catalog") / "kg.lbug")
    for doc in docs:
        store.add_plan(doc)
    store.add_edges(extra)
    yield store, docs, extra
    store.close()


def all_edges(docs, extra) -> list[Edge]:
    seen: dict[tuple, Edge] = {}
    for e in [*(e for d in docs for e in d.edges), *extra]:
        seen.setdefault((e.type, e.source, e.target), e)
    return list(seen.values())


def all_nodes(docs) -> dict[str, tuple[str, Node]]:
    """node id -> (plan id, node); shared nodes keep their first plan."""
    out: dict[str, tuple[str, Node]] = {}
    for d in docs:
        out.setdefault(d.plan.id, (d.plan.id, Node(id=d.plan.id, label="Plan", title=d.plan.title)))
        for n in d.nodes:
            out.setdefault(n.id, (d.plan.id, n))
    return out


def units_in_order(doc: PlanDoc) -> list[Node]:
    seen: set[str] = set()
    out = []
    for n in doc.nodes:
        if n.id not in seen:
            seen.add(n.id)
            if n.label in UNIT_LABELS:
                out.append(n)
    return out


def digraph(edges, types) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_edges_from((e.source, e.target, dict(e.props)) for e in edges if e.type in types)
    return g


def rows(store, query_name, /, **params) -> list[dict]:
    return run_named(store, query_name, **params).dicts()


# ---- expected answers, computed from the PlanDocs ---------------------------------------------

def owner_of_targets(docs) -> dict[str, str]:
    return {e.target: e.source for d in docs for e in d.edges if e.type == "HAS_TARGET"}


def targets(docs):
    return [(d.plan.id, t) for d in docs for t in d.by_label("Target")]


def test_catalog_conformance_covers_every_entry():
    assert set(CONFORMANCE) == set(CATALOG)


def check_plans(store, docs, extra):
    got = {(r["id"], r["title"]) for r in rows(store, "plans")}
    assert got == {(d.plan.id, d.plan.title) for d in docs}


def check_plan_outline(store, docs, extra):
    for doc in docs[:3]:
        got = [(r["id"], r["label"], r["path"], r["title"]) for r in rows(store, "plan_outline", plan_id=doc.plan.id)]
        assert got == [(n.id, n.label, n.path, n.title) for n in units_in_order(doc)]
        assert got


def check_units_under(store, docs, extra):
    seed = docs[0]
    tree = digraph(seed.edges, {"HAS_PART"})
    parents = [n for n in units_in_order(seed) if n.label == "Section" and tree.out_degree(n.id) > 0]
    for unit in parents[:4] + [Node(id=seed.plan.id, label="Plan", title="")]:
        got = [r["id"] for r in rows(store, "units_under", unit_id=unit.id)]
        order = {n.id: i for i, n in enumerate(units_in_order(seed))}
        assert got == sorted(nx.descendants(tree, unit.id), key=order.__getitem__)


def check_plan_targets(store, docs, extra):
    owner = owner_of_targets(docs)
    for doc in docs:
        got = {(r["id"], r["metric"], r["value"], r["unit"], r["year"], r["unit_id"])
               for r in rows(store, "plan_targets", plan_id=doc.plan.id)}
        want = {(t.id, t.props["metric"], t.props["value"], t.props["unit"], t.props["year"], owner.get(t.id))
                for t in doc.by_label("Target")}
        assert got == want


def check_targets_by_year(store, docs, extra):
    for year in (2017, 2020):
        got = Counter(r["id"] for r in rows(store, "targets_by_year", year=year))
        want = Counter(t.id for _, t in targets(docs) if t.props["year"] == year)
        assert got == want and want


def check_targets_due_by(store, docs, extra):
    result = rows(store, "targets_due_by", year=2016)
    assert Counter(r["id"] for r in result) == Counter(
        t.id for _, t in targets(docs) if t.props["year"] is not None and t.props["year"] <= 2016)
    assert [r["year"] for r in result] == sorted(r["year"] for r in result)
    assert result


def check_targets_of_unit(store, docs, extra):
    seed = docs[0]
    tree = digraph(seed.edges, {"HAS_PART"})
    owner = owner_of_targets(docs)
    checked = 0
    for unit in [Node(id=seed.plan.id, label="Plan", title=""), *units_in_order(seed)]:
        under = nx.descendants(tree, unit.id) | {unit.id} if unit.id in tree else {unit.id}
        want = {t.id for t in seed.by_label("Target") if owner.get(t.id) in under}
        got = [r["id"] for r in rows(store, "targets_of_unit", unit_id=unit.id)]
        assert sorted(got) == sorted(want)
        checked += bool(want)
        if checked >= 5:
            break
    assert checked


def check_targets_matching(store, docs, extra):
    keyword = "生产总值"
    result = rows(store, "targets_matching", keyword=keyword)
    want = Counter(t.id for _, t in targets(docs) if keyword in t.props["metric"])
    assert Counter(r["id"] for r in result) == want and want
    assert all(keyword in r["metric"] for r in result)


def cites(docs) -> Counter:
    """(plan id, document id) -> number of the plan's nodes citing the document."""
    out: Counter = Counter()
    for d in docs:
        for e in {(e.source, e.target) for e in d.edges if e.type == "CITES"}:
            out[(d.plan.id, e[1])] += 1
    return out


def check_documents_cited_by(store, docs, extra):
    for doc in docs:
        got = {r["id"]: r["citations"] for r in rows(store, "documents_cited_by", plan_id=doc.plan.id)}
        assert got == {k[1]: n for k, n in cites(docs).items() if k[0] == doc.plan.id}


def check_plans_citing(store, docs, extra):
    network = cites(docs)
    for document in sorted({k[1] for k in network})[:8]:
        got = {r["plan_id"]: r["citations"] for r in rows(store, "plans_citing", document_id=document)}
        assert got == {k[0]: n for k, n in network.items() if k[1] == document}


def check_citation_network(store, docs, extra):
    got = {(r["plan_id"], r["document_id"]): r["citations"] for r in rows(store, "citation_network")}
    assert got == dict(cites(docs)) and got
    assert any(n > 1 for n in Counter(d for _, d in got).values())  # the seed and its revision meet


def check_organizations_by_lead_count(store, docs, extra):
    led: dict[str, set] = {}
    plans: dict[str, set] = {}
    for d in docs:
        for e in d.edges:
            if e.type == "LEADS":
                led.setdefault(e.source, set()).add(e.target)
                plans.setdefault(e.source, set()).add(d.plan.id)
    result = rows(store, "organizations_by_lead_count")
    assert {r["id"]: (r["led_units"], r["plans"]) for r in result} == {
        o: (len(led[o]), len(plans[o])) for o in led}
    assert [r["led_units"] for r in result] == sorted((r["led_units"] for r in result), reverse=True)


def check_mentions_of(store, docs, extra):
    # 工信 is named only by the shared corpus plans, which a clone without ../shared lacks
    corpus = any(d.plan.source in CORPUS_PICKS for d in docs)
    for name in ("科技", "滨江", *(("工信",) if corpus else ())):
        _check_mentions(store, docs, name)


def _check_mentions(store, docs, name):
    nodes = all_nodes(docs)
    want = set()
    for e in all_edges(docs, []):
        if e.type == "MENTIONS":
            unit, entity = e.source, e.target
        elif e.type in ("LEADS", "SUPPORTS_WORK"):
            entity, unit = e.source, e.target
        else:
            continue
        if name in nodes[entity][1].title:
            want.add((entity, e.type, unit, nodes[entity][1].label, nodes[unit][0]))
    got = {(r["entity_id"], r["relation"], r["unit_id"], r["entity_label"], r["plan_id"])
           for r in rows(store, "mentions_of", name=name)}
    assert got == want and want


def expected_dependencies(edges, task: str, depth: int, min_score: float) -> set:
    g = digraph([e for e in edges if e.props.get("score", 0) >= min_score], {"DEPENDS_ON"})
    if task not in g:
        return set()
    out = set()
    for direction, graph in (("upstream", g), ("downstream", g.reverse(copy=True))):
        dist = nx.single_source_shortest_path_length(graph, task, cutoff=depth - 1)
        for m, d in dist.items():
            for u in graph.successors(m):
                a, b = (m, u) if direction == "upstream" else (u, m)
                out.add((direction, d + 1, a, b, g.edges[a, b]["method"], g.edges[a, b]["score"]))
    return out


def check_task_dependencies(store, docs, extra):
    edges = all_edges(docs, extra)
    tasks = sorted({x for e in edges if e.type == "DEPENDS_ON" for x in (e.source, e.target)})
    deep = 0
    for task in tasks:
        for depth, min_score in ((1, 0.0), (3, 0.0), (MAX_DEPTH, 0.0), (3, 0.5)):
            got = {(r["direction"], r["distance"], r["from_id"], r["to_id"], r["method"], r["score"])
                   for r in rows(store, "task_dependencies", task_id=task, depth=depth, min_score=min_score)}
            assert got == expected_dependencies(edges, task, depth, min_score), (task, depth, min_score)
            deep += any(d > 2 for _, d, *_ in got)
    assert deep  # the hand-made chain reaches beyond two hops
    default = rows(store, "task_dependencies", task_id="chain/5")
    assert {r["distance"] for r in default} == {1, 2, 3}  # default depth 3


def check_task_supports(store, docs, extra):
    edges = [e for e in all_edges(docs, extra) if e.type == "SUPPORTS"]
    for source in sorted({e.source for e in edges})[:12]:
        got = {(r["id"], r["method"], r["score"]) for r in rows(store, "task_supports", task_id=source)}
        assert got == {(e.target, e.props["method"], e.props["score"]) for e in edges if e.source == source}
        strong = {r["id"] for r in rows(store, "task_supports", task_id=source, min_score="0.8")}
        assert strong == {e.target for e in edges if e.source == source and e.props["score"] >= 0.8}


def check_supporters_of(store, docs, extra):
    edges = [e for e in all_edges(docs, extra) if e.type == "SUPPORTS"]
    for target in sorted({e.target for e in edges})[:8]:
        got = {(r["id"], r["method"]) for r in rows(store, "supporters_of", unit_id=target)}
        assert got == {(e.source, e.props["method"]) for e in edges if e.target == target}


def check_path_between(store, docs, extra):
    nodes = all_nodes(docs)
    g = nx.MultiGraph()
    g.add_nodes_from(nodes)
    for e in all_edges(docs, extra):
        g.add_edge(e.source, e.target, type=e.type)
    seed, revised = docs[0], docs[1]
    pairs = [(units_in_order(seed)[-1].id, revised.plan.id), (seed.plan.id, docs[-1].plan.id),
             (units_in_order(seed)[5].id, units_in_order(seed)[40].id)]
    found = 0
    for a, b in pairs:
        result = rows(store, "path_between", a=a, b=b)
        try:
            hops = nx.shortest_path_length(g, a, b)
        except nx.NetworkXNoPath:
            hops = None
        if hops is None or hops > 10:
            assert result == []
            continue
        (r,) = result
        assert r["hops"] == hops and len(r["ids"]) == hops + 1
        assert (r["ids"][0], r["ids"][-1]) == (a, b)
        assert r["labels"] == [nodes[i][1].label for i in r["ids"]]
        for x, y, t in zip(r["ids"], r["ids"][1:], r["types"]):
            assert t in {d["type"] for d in g.get_edge_data(x, y).values()}
        found += 1
    assert found >= 2


def check_plan_revisions(store, docs, extra):
    revises = [e for e in extra if e.type == "REVISES"]
    assert revises
    for doc in docs[:2]:
        got = {(r["newer_id"], r["older_id"], r["method"]) for r in rows(store, "plan_revisions", plan_id=doc.plan.id)}
        assert got == {(e.source, e.target, e.props["method"]) for e in revises}
    assert rows(store, "plan_revisions", plan_id=docs[2].plan.id) == []


def check_search_text(store, docs, extra):
    for kw in ("五水共治", "工业互联网", "创新"):
        got = Counter(r["id"] for r in rows(store, "search_text", keyword=kw))
        want = Counter(n.id for d in docs for n in units_in_order(d) if kw in n.title or kw in n.text)
        assert got == want


def expected_attainment(docs, indicator) -> list[tuple]:
    """DESIGN.md section 7 in Python: the target of a region's latest-starting plan not after
    the year (then the first plan id, the first in its text), the actual of the earliest later
    plan reporting the year (then the first plan id, the first mention), status by comparator."""
    from ingest.indicators import vocabulary

    def start(p):
        return p.period_start or 0

    quantities = [(d.plan, n) for d in docs for n in d.nodes
                  if n.label in ("Target", "Outcome") and n.props.get("indicator") == indicator
                  and n.props.get("year") is not None and d.plan.region]
    targets = [(p, n) for p, n in quantities if n.label == "Target" and n.props["value"] is not None
               and start(p) <= n.props["year"]]
    outcomes = [(p, n) for p, n in quantities if n.label == "Outcome" and p.period_start is not None
                and p.period_start > n.props["year"]]
    lower = vocabulary()[indicator].direction == "lower"

    def actual(region, year):
        found = sorted((p.period_start, p.issued or "9999", p.id, n.start, n.props["value"]) for p, n in outcomes
                       if p.region == region and n.props["year"] == year)
        return (found[0][4], found[0][2]) if found else (None, None)

    def status(tv, tc, tu, av):
        if av is None or tv is None:
            return "no_data"
        tol = 0.5 if tu == "%" else 0.05 * abs(tv)
        ok = {">=": av >= tv, ">": av > tv, "<=": av <= tv, "<": av < tv}.get(
            tc, av <= tv + tol if lower else av >= tv - tol)
        return "met" if ok else "missed"

    out = []
    keys = {(p.region, n.props["year"]) for p, n in targets}
    for region, year in keys:
        _, _, _, t = min(((-start(p), p.id, n.start, n) for p, n in targets
                          if p.region == region and n.props["year"] == year), key=lambda x: x[:3])
        av, op = actual(region, year)
        plan_id = next(d.plan.id for d in docs if any(x.id == t.id for x in d.nodes))
        out.append((indicator, region, year, t.props["value"], t.props["value_max"], t.props["comparator"], av,
                    status(t.props["value"], t.props["comparator"], t.props["unit"], av), plan_id, op))
    for region, year in {(p.region, n.props["year"]) for p, n in outcomes} - keys:
        av, op = actual(region, year)
        out.append((indicator, region, year, None, None, None, av, "no_data", None, op))
    return sorted(out, key=lambda r: (r[1], r[2]))


def check_target_attainment(store, docs, extra):
    for indicator in ("gdp_growth", "cpi_growth", "surveyed_unemployment", "urban_new_jobs"):
        got = sorted(run_named(store, "target_attainment", indicator=indicator).rows, key=lambda r: (r[1], r[2]))
        assert got == expected_attainment(docs, indicator), indicator
    statuses = {(r[1], r[2]): r[7] for r in run_named(store, "target_attainment", indicator="gdp_growth").rows}
    assert statuses[("测试省", 2020)] == "missed" and statuses[("测试省", 2021)] == "met"
    assert statuses[("测试省", 2019)] == "no_data" and statuses[("测试省", 2025)] == "no_data"


def check_indicator_matrix(store, docs, extra):
    for year in (2017, 2020, 2021):
        got = sorted(run_named(store, "indicator_matrix", year=year).rows, key=lambda r: (r[2], str(r[0]), r[1], r[3]))
        want = sorted(((d.plan.region, d.plan.id, n.props["indicator"], n.props["value"], n.props["value_max"],
                        n.props["comparator"]) for d in docs for n in d.nodes
                       if n.label == "Target" and n.props.get("indicator") and n.props["year"] == year),
                      key=lambda r: (r[2], str(r[0]), r[1], r[3]))
        assert got == want, year


def _instrument_codes(doc):
    """(unit, instrument id, type, evidence) of every INSTRUMENT edge of a plan."""
    nodes = {n.id: n for n in doc.nodes}
    return [(nodes[e.source], nodes[e.target].props["instrument"], nodes[e.target].props["type"],
             e.props["evidence"]) for e in doc.edges if e.type == "INSTRUMENT"]


_TYPE_RANK = {"supply": 0, "environment": 1, "demand": 2}


def check_instrument_profile(store, docs, extra):
    coded = [d for d in docs if _instrument_codes(d)]
    assert coded, "no plan of the catalogue corpus is coded"
    for doc in coded:
        codes = _instrument_codes(doc)
        counts = Counter((t, i) for _, i, t, _ in codes)
        want = sorted(((t, i, n, n / len(codes)) for (t, i), n in counts.items()),
                      key=lambda r: (_TYPE_RANK[r[0]], -r[2], r[1]))
        got = run_named(store, "instrument_profile", plan_id=doc.plan.id).rows
        assert [r[:3] for r in got] == [r[:3] for r in want]
        assert [round(r[3], 9) for r in got] == [round(r[3], 9) for r in want]
        assert abs(sum(r[3] for r in got) - 1) < 1e-9


def check_instruments_by_goal(store, docs, extra):
    for doc in (d for d in docs if _instrument_codes(d)):
        top = {e.target for e in doc.edges if e.type == "HAS_PART" and e.source == doc.plan.id}
        parts = {n.path: n for n in doc.nodes if n.id in top}
        want = Counter()
        for unit, inst, type_, _ in _instrument_codes(doc):
            part = parts[unit.path.split(".")[0]]
            want[(part.path, part.title, type_, inst)] += 1
        got = run_named(store, "instruments_by_goal", plan_id=doc.plan.id).rows
        assert Counter({r[1:5]: r[5] for r in got}) == want
        assert [r[0] for r in got] == sorted(r[0] for r in got)  # parts in document order


def check_instrument_units(store, docs, extra):
    for doc in (d for d in docs if _instrument_codes(d)):
        for inst in sorted({i for _, i, _, _ in _instrument_codes(doc)}):
            want = sorted((u.id, u.path, u.title, ev) for u, i, _, ev in _instrument_codes(doc) if i == inst)
            got = run_named(store, "instrument_units", plan_id=doc.plan.id, instrument=inst).rows
            assert sorted(got) == want, (doc.plan.id, inst)


CONFORMANCE = {name[len("check_"):]: fn for name, fn in dict(globals()).items()
               if name.startswith("check_") and callable(fn)}


@pytest.mark.parametrize("name", sorted(CONFORMANCE))
def test_catalog_answer_matches_plandocs(loaded, name):
    store, docs, extra = loaded
    CONFORMANCE[name](store, docs, extra)


@pytest.mark.parametrize("year,expected", [("2017", 2017), (2020, 2020), (" 2018 ", 2018)])
def test_catalog_targets_by_year_coerces_text_years(loaded, year, expected):
    store, docs, _ = loaded
    got = {r["id"] for r in rows(store, "targets_by_year", year=year)}
    assert got == {t.id for _, t in targets(docs) if t.props["year"] == expected}


# ---- parameters, names, errors -----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CATALOG))
@pytest.mark.parametrize("backend", DIALECTS)
def test_catalog_declared_params_equal_dollar_names(name, backend):
    query = CATALOG[name]
    assert set(param_names(query.text(backend))) == set(query.params)
    assert set(query.defaults) <= set(query.params)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_entries_are_documented(name):
    query = CATALOG[name]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and query.name == name
    assert re.search(r"[\u4e00-\u9fff]", query.title) and len(query.description) > 30
    assert all(re.search(r"\bRETURN\b", query.text(b)) for b in DIALECTS)


def test_catalog_readme_mentions_every_query():
    readme = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").exists() else ""
    missing = [name for name in sorted(CATALOG) if not re.search(rf"\b{name}\b", readme)]
    assert not missing, f"README.md does not mention these catalogue queries: {', '.join(missing)}"


@pytest.mark.parametrize("name,params,message", [
    ("targets_by_year", {"year": "二〇一七"}, "must be a whole number"),
    ("targets_by_year", {"year": "2017.5"}, "must be a whole number"),
    ("targets_by_year", {}, "missing parameter(s) year"),
    ("targets_by_year", {"year": 2017, "yaer": 1}, "unknown parameter(s) yaer"),
    ("task_dependencies", {"task_id": "x", "depth": 9}, "between 1 and 5"),
    ("task_dependencies", {"task_id": "x", "depth": "0"}, "between 1 and 5"),
    ("task_supports", {"task_id": "x", "min_score": "high"}, "must be a number"),
    ("task_supports", {"task_id": "x", "min_score": "nan"}, "must be a number"),
    ("plan_outline", {"plan_id": 3}, "must be text"),
])
def test_catalog_bad_params_are_query_errors(name, params, message):
    with pytest.raises(QueryError) as err:
        coerce_params(get_query(name), params)
    assert message in str(err.value) and name in str(err.value)


def test_catalog_unknown_name_lists_available():
    with pytest.raises(UnknownQueryError) as err:
        get_query("targets_by_yaer")
    assert "targets_by_year" in str(err.value) and "plan_outline" in str(err.value)


def test_catalog_named_query_is_frozen_and_single_text_serves_both():
    query = get_query("plans")
    assert query.cypher["ladybug"] == query.cypher["neo4j"]
    with pytest.raises(AttributeError):
        query.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        query.cypher["neo4j"] = "x"  # type: ignore[index]


def test_catalog_values_never_reach_the_text(loaded):
    store, *_ = loaded
    hostile = "x' }) DETACH DELETE n //"
    before = store.run("MATCH (n) RETURN count(n) AS n").rows
    for name in ("plan_outline", "targets_matching", "mentions_of", "search_text"):
        (param,) = get_query(name).params
        assert rows(store, name, **{param: hostile}) == []
    assert store.run("MATCH (n) RETURN count(n) AS n").rows == before


# ---- Neo4j texts pass Neo4j's own linter ---------------------------------------------------------

def _lint_neo4j(texts: list[str]) -> dict[str, list]:
    lint_module = pytest.importorskip("test_cypher_lint")
    if lint_module.NODE is None or not lint_module.PACKAGE.is_dir():
        pytest.skip("Neo4j Cypher linter not installed (npm ci --prefix tests/neo4j_lint)")
    schema = lint_module.schema()
    schema["parameters"] = {p: "" for q in CATALOG.values() for p in q.params}
    payload = json.dumps({"queries": texts, "schema": schema}, ensure_ascii=False)
    out = subprocess.run([lint_module.NODE, str(lint_module.LINT_DIR / "lint.mjs")], input=payload,
                         capture_output=True, text=True, cwd=lint_module.LINT_DIR, timeout=120)
    assert out.returncode == 0, out.stderr
    return {r["query"]: r["diagnostics"] for r in json.loads(out.stdout)}


def test_catalog_neo4j_texts_pass_the_linter():
    texts = [q.text("neo4j") for q in CATALOG.values()]
    ladybug_only = get_query("path_between").text("ladybug")
    found = _lint_neo4j([*texts, ladybug_only])
    assert {q: d for q, d in found.items() if d and q in texts} == {}
    assert found[ladybug_only]  # the linter does see the dialect difference


# ---- the package's public surface -----------------------------------------------------------------

def test_queries_all_matches_exports():
    public = {name for name, value in vars(queries).items()
              if not name.startswith("_") and not isinstance(value, ModuleType)}
    assert set(queries.__all__) == public
    assert len(queries.__all__) == len(set(queries.__all__))
    assert all(getattr(queries, name) is not None for name in queries.__all__)


def test_catalog_path_between_runs_on_a_default_read_only_open(tmp_path, seed_doc):
    """`policykg query path_between` opens the store read-only with the default page cache."""
    from graph.engines import open_store

    path = tmp_path / "kg.lbug"
    writer = open_store(str(path))
    writer.add_plan(seed_doc)
    writer.close()
    reader = open_store(str(path), read_only=True)
    try:
        a, b = f"{seed_doc.plan.id}/3.2.1", f"{seed_doc.plan.id}/4.1"
        rows = run_named(reader, "path_between", a=a, b=b).dicts()
    finally:
        reader.close()
    assert rows and rows[0]["hops"] >= 2
