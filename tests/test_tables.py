"""Tables flattened to one cell per line (ingest/tables.py) and their figures in a parse."""

from __future__ import annotations

from ingest.parse import parse_plan
from ingest.tables import find_tables

ENROLMENT = "\n".join([
    "附：", "内地西藏初中班（校）扩大招生计划表", "单位：人", "省（市）", "1995年招生人数", "扩招",
    "分年度招生任务", "1996年", "1997年", "1998年",
    "总计", "1445", "555", "1600", "1800", "2000",
    "江苏", "100", "100", "120", "140", "200",     # equal neighbours are two cells, not a repeated line
    "广东", "120（扩招）", "30", "120", "135", "150",
])


def test_tables_rows_columns_years_and_unit():
    (table,) = find_tables(ENROLMENT)
    assert table.title == "内地西藏初中班（校）扩大招生计划表"
    assert table.years == (1995, 1996, 1997, 1998)
    rows = [(f.metric, f.value, f.unit, f.year, f.change) for f in table.figures]
    assert rows[:5] == [("招生人数总计", 1445.0, "人", 1995, False), ("扩招总计", 555.0, "人", None, True),
                        ("分年度招生任务总计", 1600.0, "人", 1996, False),
                        ("分年度招生任务总计", 1800.0, "人", 1997, False),
                        ("分年度招生任务总计", 2000.0, "人", 1998, False)]
    assert ("江苏扩招", 100.0) in [(f.metric, f.value) for f in table.figures]
    assert ("广东招生人数", 120.0) in [(f.metric, f.value) for f in table.figures]  # the note is dropped
    assert all(ENROLMENT[f.start:f.end].startswith(str(int(f.value))) for f in table.figures)


def test_tables_unit_with_magnitude_and_percent_cells():
    text = "\n".join(["主要指标表", "单位：亿元", "指标", "2020年", "2025年", "地区生产总值", "1000", "1500",
                      "研发投入强度", "2.5%", "3%", "财政收入", "80", "120"])
    (table,) = find_tables(text)
    got = {(f.row, f.year): (f.value, f.unit) for f in table.figures}
    assert got[("地区生产总值", 2025)] == (1.5e11, "元")
    assert got[("研发投入强度", 2025)] == (3.0, "%")


def test_tables_prose_and_short_lists_are_not_tables():
    assert find_tables("一、总体要求\n推进研发投入。\n二、主要任务\n新增孵化器20家。") == []
    assert find_tables("北京\n天津\n上海\n重庆\n河北\n山西") == []     # names without numbers


def test_tables_in_a_parse_past_columns_report_future_columns_commit():
    text = "关于扩大招生规模的通知\n国办发〔1996〕32号\n一、逐年扩招\n从1996年开始逐年扩招。\n" + ENROLMENT
    doc = parse_plan(text, source="t.txt")
    outcomes = {(n.props["metric"], n.props["year"]) for n in doc.nodes if n.label == "Outcome"}
    targets = {(n.props["metric"], n.props["value"], n.props["year"]) for n in doc.nodes if n.label == "Target"}
    assert ("江苏招生人数", 1995) in outcomes
    assert ("江苏分年度招生任务", 200.0, 1998) in targets
    assert ("扩招总计", 555.0, 1998) in targets    # a change column is due in the table's last year
