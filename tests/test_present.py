"""The one presenter (analysis.present): numbers, years, similarities, names as people read them."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.numbers import parse_number
from analysis import present


@pytest.mark.issue(18)
@pytest.mark.parametrize("value, unit, expected", [
    (4.06e12, "元", "4.06万亿元"),
    (1.2e7, "人", "1200万人"),
    (1e11, "元", "1000亿元"),
    (6000, "件", "6000件"),
    (5.0, "%", "5%"),
    (None, "%", "—"),
    (float("nan"), "元", "—"),
    (3.0, None, "3"),
])
def test_present_number(value, unit, expected):
    assert present.number(value, unit) == expected


@pytest.mark.issue(18)
@pytest.mark.parametrize("props, expected", [
    ({"value": 1.2e7, "unit": "人", "comparator": ">=", "value_max": float("nan")}, "≥ 1200万人"),
    ({"value": 5, "unit": "%", "comparator": "~", "value_max": None}, "5%左右"),
    ({"value": 6.5, "value_max": 7, "unit": "%", "comparator": ">="}, "6.5%–7%"),
    ({"value": float("nan"), "kind": "milestone", "year": 2016.0}, "by 2016"),
    ({"value": None, "year": float("nan")}, "—"),
])
def test_present_quantity_never_shows_nan(props, expected):
    assert present.quantity(props) == expected


@pytest.mark.parametrize("value, expected", [(2024.0, "2024"), ("2024", "2024"), (None, "—"),
                                             (float("nan"), "—")])
def test_present_year_is_an_integer(value, expected):
    assert present.year(value) == expected


@pytest.mark.parametrize("code, fn, expected", [
    ("Task", present.label_zh, "任务"), ("DEPENDS_ON", present.rel_zh, "依赖"),
    ("milestone", present.kind_zh, "节点"), ("explicit-cue", present.method_zh, "明确依托"),
    ("gdp_growth", present.indicator_zh, "国内/地区生产总值增长"), ("raised", present.change_zh, "上调"),
    ("modified", present.status_zh, "修改"),
])
def test_present_chinese_names(code, fn, expected):
    assert fn(code) == expected


def test_present_plan_titles_are_titles_and_unique():
    plans = [{"id": "plan-1", "title": "2025年政府工作报告", "period_start": 2025, "period_end": 2025.0},
             {"id": "plan-2", "title": "滨江三年行动计划", "version": "2.1版", "status": "征求意见稿",
              "period_start": 2015, "period_end": 2017},
             {"id": "plan-3", "title": "滨江三年行动计划", "version": "2.1版", "status": "征求意见稿",
              "period_start": 2015, "period_end": 2017, "source": "copy.txt"}]
    names = present.plan_titles(plans)
    assert names["plan-1"] == "2025年政府工作报告"
    assert names["plan-2"].startswith("滨江三年行动计划（2.1版，征求意见稿，2015–2017）")
    assert len(set(names.values())) == 3 and not any("plan-" in n for n in names.values())


#: what a person must never read
RAW = re.compile(r"nan|None|\d\.\d{5,}|\.0\b|^\[-\]$")

money = st.one_of(st.integers(1, 10**14).map(float),
                  st.decimals(min_value=1, max_value=10**13, places=2).map(float))


@given(money, st.sampled_from(["元", "人", "家", "个", "吨", "美元"]))
def test_present_number_reads_back_to_the_value(value, unit):
    text = present.number(value, unit)
    assert text.endswith(unit) and not RAW.search(text)
    assert math.isclose(parse_number(text[:-len(unit)]), value, rel_tol=1e-9)


@given(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False), st.integers(-10**6, 10**6),
                 st.text(max_size=5), st.booleans()))
def test_present_cell_is_never_raw(value):
    text = present.cell(value)
    assert isinstance(text, str)
    if isinstance(value, float) and value != value or value is None:
        assert text == "—"
    if isinstance(value, float) and value == value and abs(value) < 1e15:
        assert "e" not in text and not re.search(r"\d\.\d{5,}", text)


@given(st.floats(0, 1))
def test_present_similarity_has_two_decimals_or_a_percentage(value):
    assert re.fullmatch(r"[01]\.\d\d", present.similarity(value))
    assert re.fullmatch(r"\d{1,3}%", present.similarity(value, percent=True))


@given(st.integers(1900, 2100))
def test_present_year_round_trips(y):
    assert present.year(float(y)) == present.year(str(y)) == str(y)
