"""One answer on both engines: the corpus in Ladybug and in the live Neo4j, every catalogue query
with real parameters, the same rows (in the same order where the query orders them, as
multisets otherwise).

The corpus is ../shared/corpus when it is there (42 real documents), else the repository's own
corpus/, so a clone without ../shared still compares the two engines on real plans.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))

from conftest import CORPUS, SHARED_CORPUS  # noqa: E402

from core.model import UNIT_LABELS  # noqa: E402
from queries.catalog import CATALOG, run_named  # noqa: E402

pytestmark = pytest.mark.neo4j

#: Keywords of search_text and targets_matching: words, a single CJK character, Lucene's
#: specials (brackets, a slash, a leading minus, an operator word, a wildcard, a quote).
KEYWORDS = ("创新", "工业互联网", "水", "国发〔2014〕", "km/h", "-改革", "(一)", "AND", "增长*", '"', "5G",
            "亿元", "不存在的词语组合")


def corpus_files() -> list[Path]:
    files = sorted(SHARED_CORPUS.glob("*.txt")) if SHARED_CORPUS.is_dir() else []
    return files or sorted(CORPUS.rglob("*.txt"))


@pytest.fixture(scope="module")
def docs():
    from workspace.ingest import enrich_plan as with_inferred_edges  # dependencies and instruments
    from ingest.parse import parse_path

    return [with_inferred_edges(parse_path(p)) for p in corpus_files()]


@pytest.fixture(scope="module")
def engines(docs, neo4j_uri, tmp_path_factory):
    """(ladybug store, neo4j store), both holding every corpus plan."""
    from graph.engines import open_store
    from graph.ladybug_store import LadybugStore

    lb = LadybugStore(tmp_path_factory.mktemp("conformance") / "kg.lbug", buffer_pool_mb=1024)
    neo = open_store(neo4j_uri)
    neo.run("MATCH (n) DETACH DELETE n", write=True)
    for store in (lb, neo):
        results = list(store.add_plans(docs))
        assert [getattr(r, "error", None) for r in results] == [None] * len(docs)
    yield lb, neo
    neo.run("MATCH (n) DETACH DELETE n", write=True)
    neo.close()
    lb.close()


def _ids(docs, *labels: str) -> list[str]:
    return sorted({n.id for d in docs for n in d.nodes if n.label in labels})


def _spread(items: list, n: int) -> list:
    """``n`` items spread evenly over ``items`` (all when fewer)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _path_pairs(docs) -> list[dict[str, str]]:
    """Pairs inside one plan (its first task and its last unit, the plan and a target): paths
    across plans through shared nodes exhaust Ladybug's page cache (issue 20)."""
    pairs = []
    for d in _spread(docs, 8):
        units = [n.id for n in d.nodes if n.label in UNIT_LABELS]
        tasks = [n.id for n in d.nodes if n.label == "Task"]
        targets = [n.id for n in d.nodes if n.label == "Target"]
        if tasks and units:
            pairs.append({"a": tasks[0], "b": units[-1]})
        if targets:
            pairs.append({"a": d.plan.id, "b": targets[-1]})
    return pairs


def parameter_sets(docs) -> dict[str, list[dict[str, Any]]]:
    """Real parameters for every catalogue query, drawn from the corpus."""
    from ingest.indicators import vocabulary

    plans = [d.plan.id for d in docs]
    units = _ids(docs, *UNIT_LABELS)
    tasks = _ids(docs, "Task")
    linked = sorted({e.source for d in docs for e in d.edges if e.type in ("DEPENDS_ON", "SUPPORTS")}
                    | {e.target for d in docs for e in d.edges if e.type == "SUPPORTS"})
    with_targets = sorted({e.source for d in docs for e in d.edges if e.type == "HAS_TARGET"})
    documents = _ids(docs, "Document")
    names = sorted({n.title for d in docs for n in d.nodes if n.label in ("Organization", "Place")})
    years = sorted({n.props["year"] for d in docs for n in d.nodes
                    if n.label == "Target" and n.props.get("year") is not None})
    sections = _ids(docs, "Section")
    return {
        "plans": [{}],
        "plan_outline": [{"plan_id": p} for p in plans],
        "units_under": [{"unit_id": u} for u in _spread(sections, 25) + plans[:3]],
        "plan_targets": [{"plan_id": p} for p in plans],
        "targets_by_year": [{"year": y} for y in years],
        "targets_due_by": [{"year": y} for y in _spread(years, 8)],
        "targets_of_unit": [{"unit_id": u} for u in _spread(with_targets, 25) + _spread(units, 5)],
        "targets_matching": [{"keyword": k} for k in KEYWORDS],
        "documents_cited_by": [{"plan_id": p} for p in plans],
        "plans_citing": [{"document_id": d} for d in _spread(documents, 40)],
        "citation_network": [{}],
        "organizations_by_lead_count": [{}],
        "mentions_of": [{"name": n} for n in _spread(names, 20)],
        "task_dependencies": [{"task_id": t, "depth": 3, "min_score": 0.0} for t in _spread(linked, 20)]
                             + [{"task_id": t, "depth": 1, "min_score": 0.5} for t in _spread(tasks, 5)],
        "task_supports": [{"task_id": t, "min_score": 0.0} for t in _spread(linked, 20)],
        "supporters_of": [{"unit_id": u, "min_score": 0.0} for u in _spread(linked, 20)],
        "path_between": _path_pairs(docs),
        "plan_revisions": [{"plan_id": p} for p in plans],
        "search_text": [{"keyword": k} for k in KEYWORDS],
        "target_attainment": [{"indicator": i} for i in sorted(vocabulary())],
        "indicator_matrix": [{"year": y} for y in _spread(years, 8)],
        "instrument_profile": [{"plan_id": p} for p in plans],
        "instruments_by_goal": [{"plan_id": p} for p in plans],
        "instrument_units": [{"plan_id": p, "instrument": i} for p in plans[:6]
                             for i in ("funding", "talent", "strategic", "demonstration")],
    }


def _canon(value: Any) -> Any:
    """A cell as both engines should give it: floats that are whole stay floats, NaN is None."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return tuple(_canon(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _canon(v)) for k, v in value.items() if not k.startswith("_")))
    return value


def _ordered(name: str) -> bool:
    return "ORDER BY" in CATALOG[name].text("neo4j").upper()


def answer(store, name: str, params: dict) -> tuple[list[str], list[tuple]]:
    result = run_named(store, name, **params)
    rows = [tuple(_canon(v) for v in row) for row in result.rows]
    if name == "path_between":
        # Several shortest paths may tie and each engine returns one of them: compare the
        # length and the ends (test_catalog checks every path is a real one).
        rows = [(r[0], r[1][0], r[1][-1]) for r in rows]
    return list(result.columns), rows


def test_conformance_covers_every_catalogue_query(docs):
    assert set(parameter_sets(docs)) == set(CATALOG)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_conformance_same_rows_on_both_engines(engines, docs, name):
    lb, neo = engines
    differences = []
    rows_seen = 0
    for params in parameter_sets(docs)[name]:
        cols_lb, rows_lb = answer(lb, name, params)
        cols_neo, rows_neo = answer(neo, name, params)
        rows_seen += len(rows_lb)
        assert cols_lb == cols_neo, (name, params)
        same = rows_lb == rows_neo if _ordered(name) else Counter(rows_lb) == Counter(rows_neo)
        if not same:
            only_lb = [r for r in rows_lb if r not in rows_neo][:3]
            only_neo = [r for r in rows_neo if r not in rows_lb][:3]
            differences.append((params, len(rows_lb), len(rows_neo), only_lb, only_neo))
    assert not differences, differences[:3]
    if name not in ("path_between", "plan_revisions", "task_dependencies", "supporters_of", "task_supports"):
        assert rows_seen, f"{name}: no parameter gave a row, so nothing was compared"


# ---- no catalogue query with a property filter scans a label or the whole graph ----------------

#: Queries whose answer covers the whole store (no property filter): a label scan is their job.
WHOLE_STORE = {"plans", "citation_network", "organizations_by_lead_count", "plan_revisions"}


def _leaves(plan: dict) -> list[str]:
    kids = plan.get("children") or []
    return [x for k in kids for x in _leaves(k)] if kids else [plan["operatorType"].split("@")[0]]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_neo4j_catalog_queries_seek_indexes(engines, docs, name):
    """PROFILE on the corpus store: every leaf of a filtered query is an index seek or scan."""
    from queries.catalog import coerce_params

    _, neo = engines
    query = CATALOG[name]
    params = coerce_params(query, parameter_sets(docs)[name][0])
    profile = neo.driver.execute_query("PROFILE " + query.text("neo4j"), params,
                                       database_=neo.database).summary.profile
    leaves = set(_leaves(profile))
    assert "AllNodesScan" not in leaves, (name, leaves)
    if name not in WHOLE_STORE:
        scans = {leaf for leaf in leaves if "LabelScan" in leaf or "LabelsScan" in leaf}
        assert not scans, (name, leaves)
