"""The metric series: one target followed across many plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model import Edge, Node, PlanDoc, PlanMeta
from core.errors import InputError
from analysis.series import SERIES_COLUMNS, metric_series, plan_year
from conftest import SHARED_CORPUS

SHARED = SHARED_CORPUS


def report(pid: str, targets: list[dict], issued: str | None = None, period_start: int | None = None,
           title: str = "政府工作报告") -> PlanDoc:
    nodes = tuple(Node(id=f"{pid}/t{i}", label="Target", title=t["metric"], props=t, start=i * 10)
                  for i, t in enumerate(targets))
    edges = tuple(Edge(pid, n.id, "HAS_TARGET") for n in nodes)
    return PlanDoc(plan=PlanMeta(id=pid, title=title, issued=issued, period_start=period_start),
                   nodes=nodes, edges=edges)


def gdp(value, year=None, comparator="~", metric="国内生产总值增长", unit="%"):
    return {"metric": metric, "value": value, "unit": unit, "comparator": comparator, "year": year,
            "raw": f"{metric}{value}{unit}"}


@pytest.mark.parametrize("meta, year", [
    ({"issued": "2017-03-05"}, 2017),
    ({"period_start": 2015}, 2015),
    ({"issued": "2016-03-05", "period_start": 2015}, 2016),
    ({"title": "2019年政府工作报告"}, 2019),
    ({}, None),
])
def test_series_plan_year(meta, year):
    title = meta.pop("title", "政府工作报告")
    assert plan_year(PlanDoc(plan=PlanMeta(id="p", title=title, **meta))) == year


def test_series_one_row_per_plan_sorted_by_year():
    docs = [report("r2016", [gdp(6.5, 2016, ">=")], issued="2016-03-05"),
            report("r2014", [gdp(7.5, 2014)], issued="2014-03-05"),
            report("r2015", [], issued="2015-03-05")]
    rows = metric_series(docs, "国内生产总值增长", "%")
    assert [tuple(r) for r in rows] == [SERIES_COLUMNS] * 3
    assert [(r["plan_id"], r["year"], r["value"], r["comparator"]) for r in rows] == [
        ("r2014", 2014, 7.5, "~"), ("r2015", 2015, None, None), ("r2016", 2016, 6.5, ">=")]


def test_series_prefers_the_plans_own_year_then_a_comparator():
    doc = report("r", [gdp(6.9, 2015, None), gdp(6.5, 2016, ">="), gdp(7.0, None, "~")], issued="2016-03-05")
    assert metric_series([doc], "国内生产总值")[0]["value"] == 6.5
    doc = report("r", [gdp(6.9, None, None), gdp(7.0, None, "~")], issued="2016-03-05")
    assert metric_series([doc], "国内生产总值")[0]["value"] == 7.0


@pytest.mark.parametrize("keyword, unit, value", [
    ("国内生产总值增长", "%", 7.0),
    ("国内 生产总值增长", None, 7.0),       # whitespace ignored
    ("研发投入|国内生产总值", "%", 7.0),     # alternatives
    ("国内生产总值", "元", 9e13),            # the unit picks the other target
    ("居民消费价格", None, None),
])
def test_series_keyword_and_unit_filters(keyword, unit, value):
    doc = report("r", [gdp(9e13, 2015, "~", "国内生产总值", "元"), gdp(7.0, 2015)], issued="2015-03-05")
    assert metric_series([doc], keyword, unit)[0]["value"] == value


def test_series_empty_keyword_is_a_user_error():
    with pytest.raises(InputError, match="国内生产总值增长"):
        metric_series([], " | ")


# GDP growth targets of the national government work reports (2020 is not in the corpus)
GDP_TARGETS = {2013: (7.5, "~"), 2014: (7.5, "~"), 2015: (7.0, "~"), 2016: (6.5, ">="),
               2017: (6.5, "~"), 2018: (6.5, "~"), 2019: (6.0, ">="), 2021: (6.0, ">="),
               2022: (5.5, "~"), 2023: (5.0, "~"), 2024: (5.0, "~"), 2025: (5.0, "~")}


def test_series_gdp_growth_across_national_reports():
    if not SHARED.is_dir():
        pytest.skip("shared corpus not available")
    parse = pytest.importorskip("ingest.parse")
    paths = sorted(SHARED.glob("gov-work-report-20[0-9][0-9].txt"))
    assert paths
    docs = [parse.parse_path(p) for p in paths]
    rows = metric_series(docs, "国内生产总值增长", "%")
    assert len(rows) == len(paths)
    got = {r["year"]: (r["value"], r["comparator"]) for r in rows}
    assert got == {y: v for y, v in GDP_TARGETS.items() if y in got}
    assert set(got) == {int(p.stem[-4:]) for p in paths}
