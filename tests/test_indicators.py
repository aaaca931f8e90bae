"""The indicator vocabulary and its matcher (ingest/indicators.py), and attainment on real reports.

The phrasings below are metrics as the parser names them in ../shared/corpus (the national
reports 2013-2025 and the 2025 provincial reports); each row says which id it must map to, or
None where it must map to nothing (another measure, or a list of several).
"""

from __future__ import annotations

import pytest

from ingest.indicators import VOCABULARY_FILE, clean_metric, convert, get_indicator, match_indicator, vocabulary

PHRASINGS = [
    ("国内生产总值增长", "%", "gdp_growth"), ("地区生产总值增长", "%", "gdp_growth"),
    ("全省生产总值增长", "%", "gdp_growth"), ("全市地区生产总值增长", "%", "gdp_growth"),
    ("全疆地区生产总值增长", "%", "gdp_growth"), ("经济增长预期", "%", "gdp_growth"),
    ("的经济增长目标定", "%", "gdp_growth"),
    ("居民消费价格涨幅", "%", "cpi_growth"), ("居民消费价格上涨", "%", "cpi_growth"),
    ("把居民消费价格涨幅", "%", "cpi_growth"),
    ("城镇新增就业", "人", "urban_new_jobs"), ("新增城镇就业", "人", "urban_new_jobs"),
    ("城镇新增就业人数", "人", "urban_new_jobs"),
    ("城镇调查失业率", "%", "surveyed_unemployment"), ("年末全国城镇调查失业率", "%", "surveyed_unemployment"),
    ("城镇调查失业率平均", "%", "surveyed_unemployment"),
    ("城镇登记失业率", "%", "registered_unemployment"), ("年末城镇登记失业率", "%", "registered_unemployment"),
    ("赤字率", "%", "deficit_ratio"), ("财政赤字率一直", "%", "deficit_ratio"), ("总体赤字率", "%", "deficit_ratio"),
    ("单位国内生产总值能耗下降", "%", "energy_intensity_reduction"),
    ("单位地区生产总值能耗降低", "%", "energy_intensity_reduction"),
    ("能耗强度下降", "%", "energy_intensity_reduction"),
    ("粮食产量", "斤", "grain_output"), ("全省粮食产量", "吨", "grain_output"), ("粮食总产", "斤", "grain_output"),
    ("全社会研发经费投入强度", "%", "rd_intensity"), ("研发投入强度", "%", "rd_intensity"),
    ("全社会研发经费支出与国内生产总值之比", "%", "rd_intensity"),
    ("研究与试验发展经费支出与国内生产总值之比", "%", "rd_intensity"),
    ("城乡居民人均可支配收入增长", "%", "income_growth"),
    ("全国居民人均可支配收入实际增长", "%", "income_growth"), ("居民收入增长", "%", "income_growth"),
    ("城镇居民人均可支配收入增长", "%", "urban_income_growth"),
    ("农村居民人均可支配收入增长", "%", "rural_income_growth"),
    ("规上工业增加值增长", "%", "industrial_value_added_growth"),
    ("社会消费品零售总额增长", "%", "retail_sales_growth"),
    ("一般公共预算收入增长", "%", "fiscal_revenue_growth"),
    # must map to nothing: another measure, a list, a figure in another unit
    ("人均国内生产总值增长", "%", None), ("消费对经济增长的贡献率", "%", None),
    ("科技进步对经济增长的贡献率", "%", None), ("单位国内生产总值用水量、能耗、二氧化碳排放量下降", "%", None),
    ("城镇调查失业率、居民消费价格涨幅", "%", None), ("城镇、农村居民人均可支配收入增长", "%", None),
    ("国内生产总值", "元", None), ("中央财政赤字", "元", None), ("粮食播种面积", "亩", None),
    ("海洋生产总值增长", "%", None), ("城镇新增就业", "%", None), ("服务业增加值占国内生产总值比重", "%", None),
    ("脱贫地区农村居民人均可支配收入增长", "%", None),
]


@pytest.mark.parametrize("metric, unit, indicator", PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_indicators_matcher_table(metric, unit, indicator):
    found = match_indicator(metric, unit)
    assert (found.indicator if found else None) == indicator
    if found:  # the evidence: an alias of that indicator, found in the cleaned metric
        assert found.alias in get_indicator(indicator).aliases and clean_metric(metric).endswith(found.alias)


def test_indicators_vocabulary_has_the_contract_ids_and_sound_entries():
    ids = set(vocabulary())
    assert {"gdp_growth", "cpi_growth", "urban_new_jobs", "surveyed_unemployment", "registered_unemployment",
            "deficit_ratio", "energy_intensity_reduction", "grain_output", "rd_intensity", "income_growth"} <= ids
    aliases = [a for i in vocabulary().values() for a in i.aliases]
    assert len(aliases) == len(set(aliases)), "an alias may name one indicator only"
    assert all(i.unit in i.units and i.direction in ("higher", "lower") for i in vocabulary().values())
    assert VOCABULARY_FILE.suffix == ".toml"


def test_indicators_grain_in_jin_is_stored_in_tonnes():
    grain = get_indicator("grain_output")
    assert convert(1.3e12, "斤", grain) == (6.5e8, "吨")
    assert convert(7e8, "吨", grain) == (7e8, "吨")


# ---- national work reports: GDP growth target against the result reported a year later -------

#: read off the reports: the year's target (2013: 7.5%左右, 2016: 6.5%–7%, 2021: 6%以上 …) and
#: the growth the next report states; 2019 and 2020 lack the report that would state the result
#: or the target (no 2020 report in the corpus: its year had no GDP target)
NATIONAL_GDP = {
    2013: (7.5, None, "~", 7.7, "met"), 2014: (7.5, None, "~", 7.4, "met"), 2015: (7.0, None, "~", 6.9, "met"),
    2016: (6.5, 7.0, ">=", 6.7, "met"), 2017: (6.5, None, "~", 6.9, "met"), 2018: (6.5, None, "~", 6.6, "met"),
    2019: (6.0, 6.5, ">=", None, "no_data"), 2021: (6.0, None, ">=", 8.1, "met"),
    2022: (5.5, None, "~", 3.0, "missed"), 2023: (5.0, None, "~", 5.2, "met"), 2024: (5.0, None, "~", 5.0, "met"),
    2025: (5.0, None, "~", None, "no_data"),
}


@pytest.fixture(scope="module")
def national_store(tmp_path_factory, shared_corpus):
    from graph.engines import open_store
    from workspace.ingest import default_enrich, ingest_paths

    reports = sorted(shared_corpus.glob("gov-work-report-20[0-9][0-9].txt"))
    provincial = sorted(shared_corpus.glob("*-gov-work-report-2025.txt"))
    store = open_store(str(tmp_path_factory.mktemp("indicators") / "kg.lbug"))
    results = ingest_paths([*reports, *provincial], store, enrich=None)
    assert all(r.ok for r in results)
    yield store, {int(p.stem[-4:]) for p in reports}
    store.close()


def test_indicators_national_gdp_attainment(national_store):
    from queries.catalog import run_named

    store, years = national_store
    rows = {r["year"]: r for r in run_named(store, "target_attainment", indicator="gdp_growth").dicts()
            if r["region"] == "全国"}
    for year, (value, high, cmp, actual, status) in NATIONAL_GDP.items():
        if year not in years:
            continue
        r = rows[year]
        assert (r["target_value"], r["target_value_max"], r["target_comparator"]) == (value, high, cmp), year
        if year + 1 in years or actual is None:
            assert (r["actual_value"], r["status"]) == (actual, status), year


def test_indicators_2025_matrix_puts_regions_side_by_side(national_store):
    from queries.catalog import run_named

    store, _ = national_store
    gdp: dict = {}
    for r in run_named(store, "indicator_matrix", year=2025).dicts():  # a region's first target first
        if r["indicator"] == "gdp_growth":
            gdp.setdefault(r["region"], (r["value"], r["comparator"]))
    assert gdp["全国"] == (5.0, "~") and gdp["浙江省"] == (5.5, "~") and gdp["西藏自治区"] == (7.0, ">=")
    assert len(gdp) >= 10
