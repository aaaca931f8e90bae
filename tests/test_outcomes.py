"""Outcomes: what a work report says the year before achieved (DESIGN.md section 2).

The national figures below are read from the reports' review parts (国内生产总值增长…,
居民消费价格上涨…, 城镇新增就业…万人); a report that states no number for one leaves it out
(the 2016 and 2018 reports describe the CPI without a figure).
"""

from __future__ import annotations

import re

import pytest

from ingest.parse import parse_path, parse_plan

#: report year -> (GDP growth %, CPI %, new urban jobs) of the year before
NATIONAL = {
    2014: (7.7, 2.6, 13_100_000), 2015: (7.4, 2.0, 13_220_000), 2016: (6.9, None, 13_120_000),
    2017: (6.7, 2.0, 13_140_000), 2018: (6.9, None, 13_510_000), 2019: (6.6, 2.1, 13_610_000),
    2021: (2.3, 2.5, 11_860_000), 2022: (8.1, 0.9, 12_690_000), 2023: (3.0, 2.0, 12_060_000),
    2024: (5.2, 0.2, 12_440_000), 2025: (5.0, 0.2, 12_560_000),
}
METRICS = (r"(?:国内|地区)生产总值.*增长|经济增长", r"居民消费价格", r"城镇新增就业")


@pytest.mark.parametrize("year", sorted(NATIONAL))
def test_outcomes_national_report_reports_last_year(shared_corpus, year):
    path = shared_corpus / f"gov-work-report-{year}.txt"
    if not path.is_file():
        pytest.skip(f"{path.name} is not in this corpus")
    doc = parse_path(path)
    outcomes = [n.props for n in doc.nodes if n.label == "Outcome"]
    for pattern, want in zip(METRICS, NATIONAL[year]):
        got = {o["value"] for o in outcomes if o["year"] == year - 1 and re.search(pattern, o["metric"])}
        if want is not None:
            assert want in got, f"{path.name}: {pattern} {want} for {year - 1}; outcomes {sorted(got)}"
    # a figure is either reported or committed, never both
    spans = lambda label: {(n.start, n.end) for n in doc.nodes if n.label == label}  # noqa: E731
    assert not spans("Outcome") & spans("Target")


def test_outcomes_period_figures_and_reported_links():
    text = ("2025年政府工作报告\n一、过去五年工作回顾\n五年来，国内生产总值年均增长6.5%。"
            "刚刚过去的2024年，国内生产总值增长5%。\n二、2025年工作任务\n今年国内生产总值增长5%左右。")
    doc = parse_plan(text, source="r.txt")
    outcomes = [n for n in doc.nodes if n.label == "Outcome"]
    got = [(o.props["value"], o.props["year"], o.props["period_start"], o.props["period_end"]) for o in outcomes]
    assert got == [(6.5, None, 2020, 2024), (5.0, 2024, None, None)]
    reports = {e.target for e in doc.edges if e.type == "REPORTS"}
    assert reports == {o.id for o in outcomes}
    (target,) = [n.props for n in doc.nodes if n.label == "Target"]
    assert (target["value"], target["comparator"], target["year"]) == (5.0, "~", 2025)
