"""Plan comparison: alignment, moves, diffs, targets, citations, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.model import Edge, Node, PlanDoc, PlanMeta, REL_TYPES, document_id
from analysis.compare import (alignment_edges, compare, compare_plans, inline_diff,
                             longest_increasing_subsequence, render_table)
from conftest import SHARED_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"
REVISED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-revised.txt"
SHARED = SHARED_CORPUS

TASKS = {
    "五水": ("推进五水共治再破难", "全面推进五水共治,完成河道综保工程建设,继续推行河长制,消除垃圾河、黑臭河。"),
    "城管": ("推进城市管理再跃升", "实施城区垃圾分类全覆盖,强化摊点乱摆、渣土乱倒、车辆乱停等专项整治。"),
    "金融": ("推进科技金融再融合", "完善股权、债权、产权相结合的科技金融服务体系,大力引进各类基金和风险投资机构。"),
    "人才": ("推进人才特区再提质", "大力招引世界知名研发机构,吸引掌握世界前沿技术的高端人才带项目来区创业。"),
    "开放": ("推进对外开放再深入", "坚持引进来与走出去相结合,在全球范围内加强技术交流与合作,扩大高新技术产品出口。"),
    "教育": ("推进社会事业再发展", "深化教育振兴五年行动计划,推进教育优质均衡发展,建设国际社区示范区。"),
    "拆违": ("推进三改一拆再攻坚", "紧紧围绕三改一拆和无违建区创建,大力实施整村拆迁、成片拆迁和强势拆违。"),
}


def make_plan(pid: str, keys: list[str], *, edits: dict[str, tuple[str, str]] | None = None,
              title: str = "滨江三年行动计划", label: str = "Task",
              targets: dict[str, list[dict]] | None = None, cites: list[str] | None = None) -> PlanDoc:
    """A plan whose units are TASKS[k] for k in keys (``edits`` overrides title/text)."""
    nodes, edges = [], []
    for i, k in enumerate(keys, 1):
        t, x = (edits or {}).get(k, TASKS[k])
        uid = f"{pid}/3.2.{i}"
        nodes.append(Node(id=uid, label=label, title=t, text=x, path=f"3.2.{i}", start=i * 100))
        edges.append(Edge(pid, uid, "HAS_PART", {"order": i}))
        for j, props in enumerate((targets or {}).get(k, [])):
            tid = f"{uid}/t{j}"
            nodes.append(Node(id=tid, label="Target", title=props["metric"], props=props, start=i * 100 + j))
            edges.append(Edge(uid, tid, "HAS_TARGET"))
    for c in cites or []:
        did = document_id(c, None)
        nodes.append(Node(id=did, label="Document", title=c))
        edges.append(Edge(pid, did, "CITES"))
    return PlanDoc(plan=PlanMeta(id=pid, title=title), nodes=tuple(nodes), edges=tuple(edges))


def pairs_by_title(result: dict) -> dict[str, dict]:
    return {(p["b_title"] or p["a_title"]): p for p in result["pairs"]}


BASE = ["五水", "城管", "金融", "人才", "开放"]


# ---- alignment statuses and moves ------------------------------------------------------

@pytest.mark.parametrize("b_keys, statuses, moved", [
    (BASE, {k: "unchanged" for k in BASE}, set()),
    (["教育", *BASE], {"教育": "added", **{k: "unchanged" for k in BASE}}, set()),
    (["五水", "城管", "人才", "开放"], {"金融": "removed"}, set()),
    (["五水", "人才", "金融", "城管", "开放"], {}, {"人才", "城管"}),
    (["城管", "金融", "人才", "开放", "五水"], {}, {"五水"}),
    (["五水", "城管", "人才", "开放", "教育"], {"金融": "removed", "教育": "added"}, set()),
])
def test_compare_statuses_and_real_moves_only(b_keys, statuses, moved):
    result = compare_plans(make_plan("A", BASE), make_plan("B", b_keys))
    got = {k: p for k in set(BASE) | set(b_keys) for p in result["pairs"]
           if TASKS[k][0] in (p["a_title"], p["b_title"])}
    for k, p in got.items():
        assert p["status"] == statuses.get(k, "unchanged"), (k, p)
    assert {k for k, p in got.items() if p["moved"]} == moved


def test_compare_renamed_unit_is_modified_with_title_diff():
    a = make_plan("A", BASE, label="Project")
    b = make_plan("B", BASE, label="Project", edits={"五水": ("推进治水攻坚再破难", TASKS["五水"][1])})
    p = pairs_by_title(compare_plans(a, b))["推进治水攻坚再破难"]
    assert (p["status"], p["a_title"], p["label"]) == ("modified", "推进五水共治再破难", "Project")
    assert p["diff"] == "推进[-五水共治-]{+治水攻坚+}再破难"
    assert 0.5 < p["similarity"] < 1


def test_compare_unrelated_units_are_added_and_removed_not_paired():
    result = compare_plans(make_plan("A", ["五水"]), make_plan("B", ["金融"]))
    assert sorted(p["status"] for p in result["pairs"]) == ["added", "removed"]
    assert all(p["similarity"] == 0.0 and not p["moved"] for p in result["pairs"])


def test_compare_whitespace_and_line_breaks_are_not_changes():
    spaced = {k: (t, x.replace(",", ",\n").replace("推进", "推 进")) for k, (t, x) in TASKS.items()}
    result = compare_plans(make_plan("A", BASE), make_plan("B", BASE, edits=spaced))
    assert {p["status"] for p in result["pairs"]} == {"unchanged"}


def test_compare_assignment_beats_greedy():
    # A1 is closest to B1, but B1 is A2's only match: the assignment pairs A1-B2 and A2-B1.
    one = ("推进城市管理再跃升", "垃圾分类全覆盖,专项整治,渣土清运,亮灯工程,绿地养护。")
    a = make_plan("A", ["城管", "拆违"], edits={
        "城管": one, "拆违": ("推进城市管理再跃升", "垃圾分类全覆盖,专项整治,渣土清运。")})
    b = make_plan("B", ["城管", "拆违"], edits={
        "城管": ("推进城市管理再跃升", "垃圾分类全覆盖,专项整治,渣土清运,亮灯工程。"),
        "拆违": ("推进城市管理再跃升", "亮灯工程,绿地养护,路灯节电改造。")})
    result = compare_plans(a, b)
    matched = {(p["a"], p["b"]) for p in result["pairs"] if p["a"] and p["b"]}
    assert len(matched) == 2, result["pairs"]


def test_compare_pairs_follow_b_order_with_removed_in_place():
    result = compare_plans(make_plan("A", BASE), make_plan("B", ["五水", "城管", "人才", "开放"]))
    assert [p["a_title"] or p["b_title"] for p in result["pairs"]] == [TASKS[k][0] for k in BASE]


# ---- diffs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ("力争2017年达到85%以上", "力争2018年达到90%以上", "力争201[-7-]{+8+}年达到[-85-]{+90+}%以上"),
    ("全面推进五水共治。", "全面推进五水共治,消除黑臭河。", "全面推进五水共治{+,消除黑臭河+}。"),
    ("新增孵化器20家", "新增孵化器20家", "新增孵化器20家"),
    ("建成 华家排灌站", "建成华家、浦沿排灌站", "建成华家{+、浦沿+}排灌站"),
    ("删除整句。保留", "保留", "[-删除整句。-]保留"),
])
def test_compare_inline_diff_marks_deletions_and_insertions(a, b, expected):
    assert inline_diff(a, b) == expected


# ---- targets and citations -------------------------------------------------------------

def _t(metric, value, unit="%", year=2017, comparator=">="):
    return {"metric": metric, "value": value, "unit": unit, "year": year, "comparator": comparator,
            "base_year": None, "kind": "share", "raw": f"{metric}{value}{unit}"}


def test_compare_targets_changed_added_removed():
    a = make_plan("A", BASE, targets={
        "五水": [_t("完成投资", 5e9, "元")], "城管": [_t("垃圾分类覆盖率", 90)],
        "金融": [_t("新增上市企业", 15, "家")], "人才": [_t("落地率", 70)]})
    b = make_plan("B", BASE, targets={
        "五水": [_t("完成投资", 6e9, "元")], "城管": [_t("垃圾分类覆盖率", 90, year=2018)],
        "金融": [_t("新增上市企业", 15, "家", comparator="=")], "开放": [_t("出口增长", 10)]})
    rows = {(r["status"], r["metric"]): r for r in compare_plans(a, b)["targets"]}
    assert set(rows) == {("changed", "完成投资"), ("changed", "垃圾分类覆盖率"),
                         ("changed", "新增上市企业"), ("removed", "落地率"), ("added", "出口增长")}
    assert (rows[("changed", "完成投资")]["a_value"], rows[("changed", "完成投资")]["b_value"]) == (5e9, 6e9)
    assert (rows[("changed", "垃圾分类覆盖率")]["a_year"], rows[("changed", "垃圾分类覆盖率")]["b_year"]) == (2017, 2018)
    assert rows[("removed", "落地率")]["b"] is None and rows[("added", "出口增长")]["a"] is None


def test_compare_targets_of_removed_unit_are_removed():
    a = make_plan("A", BASE, targets={"金融": [_t("新增上市企业", 15, "家")]})
    rows = compare_plans(a, make_plan("B", ["五水", "城管", "人才", "开放"]))["targets"]
    assert [(r["status"], r["a_value"], r["b_value"]) for r in rows] == [("removed", 15, None)]


def test_compare_unchanged_targets_are_not_reported():
    targets = {"五水": [_t("完成投资", 5e9, "元")]}
    assert compare_plans(make_plan("A", BASE, targets=targets), make_plan("B", BASE, targets=targets))["targets"] == []


def test_compare_citations_added_and_removed():
    a = make_plan("A", BASE, cites=["杭州高新技术产业开发区条例", "国家高新区共同宣言"])
    b = make_plan("B", BASE, cites=["杭州高新技术产业开发区条例", "关于积极推进互联网+行动的指导意见"])
    c = compare_plans(a, b)["citations"]
    assert c == {"added": [document_id("关于积极推进互联网+行动的指导意见", None)],
                 "removed": [document_id("国家高新区共同宣言", None)]}


# ---- output shapes -----------------------------------------------------------------------

def test_compare_json_shape_is_the_contract():
    a = make_plan("A", BASE, targets={"五水": [_t("完成投资", 5e9, "元")]})
    b = make_plan("B", ["五水", "城管", "人才"], targets={"五水": [_t("完成投资", 6e9, "元")]})
    result = json.loads(json.dumps(compare_plans(a, b), ensure_ascii=False))
    assert set(result) == {"a", "b", "pairs", "targets", "citations"}
    assert (result["a"], result["b"]) == ("A", "B")
    for p in result["pairs"]:
        assert set(p) == {"label", "a", "b", "a_title", "b_title", "status", "moved", "similarity", "diff"}
        assert p["status"] in {"unchanged", "modified", "added", "removed"}
        assert 0.0 <= p["similarity"] <= 1.0 and isinstance(p["moved"], bool)
    for t in result["targets"]:
        assert set(t) == {"status", "a", "b", "metric", "unit", "a_value", "b_value", "a_year", "b_year"}
    assert set(result["citations"]) == {"added", "removed"}


def test_compare_render_table_has_chinese_heads_and_changes():
    a = make_plan("A", BASE, targets={"五水": [_t("完成投资", 5e9, "元")]}, cites=["条例甲"])
    b = make_plan("B", ["五水", "城管", "人才", "开放", "教育"], targets={"五水": [_t("完成投资", 6e9, "元")]},
                  edits={"五水": ("推进五水共治再破难", TASKS["五水"][1] + "建成滨江水厂二期。")})
    text = render_table(compare_plans(a, b))
    for word in ("类别", "状态", "相似度", "原标题(A)", "新标题(B)", "指标", "原值", "新值",
                 "新增", "删除", "修改", "差异", "推进社会事业再发展", "删除引用", "50亿元", "上调"):
        assert word in text, word
    assert "推进城市管理再跃升" not in text  # unchanged rows are only counted


def test_compare_alignment_edges_and_revises():
    a, b = make_plan("A", BASE), make_plan("B", ["五水", "城管", "金融", "人才", "教育"], title="滨江三年行动计划(修订稿)")
    result = compare_plans(a, b)
    edges = alignment_edges(result, a, b)
    aligned = [e for e in edges if e.type == "ALIGNED_WITH"]
    assert len(aligned) == 4 and all(e.props["status"] == "unchanged" for e in aligned)
    revises = [e for e in edges if e.type == "REVISES"]
    assert [(e.source, e.target, e.props["method"]) for e in revises] == [("B", "A", "title-stem")]
    assert all(e.type in REL_TYPES for e in edges)


def test_compare_no_revises_between_unrelated_plans():
    a, b = make_plan("A", ["五水", "城管"], title="甲计划"), make_plan("B", ["金融", "人才"], title="乙规划")
    assert [e.type for e in alignment_edges(compare_plans(a, b), a, b)] == []


# ---- invariants ----------------------------------------------------------------------------

def _lis_length(values: list[int]) -> int:
    best = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


@given(st.lists(st.integers(0, 30), max_size=25, unique=True))
@settings(max_examples=200, deadline=None)
def test_compare_lis_is_increasing_and_longest(values):
    keep = sorted(longest_increasing_subsequence(values))
    picked = [values[k] for k in keep]
    assert picked == sorted(picked) and len(set(picked)) == len(picked)
    assert len(keep) == _lis_length(values)


@given(st.permutations(BASE))
@settings(max_examples=30, deadline=None)
def test_compare_permutation_aligns_everything_unchanged(order):
    result = compare_plans(make_plan("A", BASE), make_plan("B", list(order)))
    assert {p["status"] for p in result["pairs"]} == {"unchanged"}
    n_kept = len(BASE) - sum(p["moved"] for p in result["pairs"])
    positions = [BASE.index(k) for k in order]
    assert n_kept == _lis_length(positions)


_TEXT = st.text(alphabet="推进五水共治城市管理2017年85%,。", max_size=30)


@given(_TEXT, _TEXT)
@settings(max_examples=200, deadline=None)
def test_compare_inline_diff_reconstructs_both_sides(a, b):
    import re
    d = inline_diff(a, b)
    old = re.sub(r"\{\+.*?\+\}", "", d).replace("[-", "").replace("-]", "")
    new = re.sub(r"\[-.*?-\]", "", d).replace("{+", "").replace("+}", "")
    assert (old, new) == (a, b)


# ---- real plans (need the parser) ----------------------------------------------------------

@pytest.fixture(scope="module")
def parse_path():
    mod = pytest.importorskip("ingest.parse")
    return mod.parse_path


@pytest.fixture(scope="module")
def seed_vs_revision(parse_path):
    a, b = parse_path(SEED), parse_path(REVISED)
    return a, b, compare_plans(a, b)


def test_compare_seed_revision_reports_every_edit(seed_vs_revision):
    a, b, result = seed_vs_revision
    changed = {(p["label"], p["status"], p["a_title"], p["b_title"], p["moved"])
               for p in result["pairs"] if p["status"] != "unchanged" or p["moved"]}
    assert changed == {
        ("Project", "modified", "美丽滨江工程", "生态滨江工程", False),        # renamed, not added+removed
        ("Task", "modified", "推进主导产业再进位", "推进主导产业再进位", False),  # 2017->2018, 2500->3000亿元
        ("Task", "modified", "推进创新平台再增效", "推进创新平台再增效", False),  # 1万件 -> 1.2万件
        ("Task", "modified", "推进社会事业再发展", "推进社会事业再发展", False),  # 85% -> 90%
        ("Task", "unchanged", "推进研发投入再加大", "推进研发投入再加大", True),  # swapped with 智慧应用
        ("Task", "unchanged", "推进智慧应用再加快", "推进智慧应用再加快", True),
        ("Task", "removed", "推进土地利用再加强", None, False),
        ("Task", "added", None, "推进数字政府再提速", False),
    }
    renamed = next(p for p in result["pairs"] if p["b_title"] == "生态滨江工程")
    assert renamed["diff"].startswith("[-美丽-]{+生态+}滨江工程")


def test_compare_seed_revision_renumbered_tasks_are_not_moved(seed_vs_revision):
    _, _, result = seed_vs_revision
    renumbered = [p for p in result["pairs"] if p["label"] == "Task" and p["a"] and p["b"]
                  and p["a"].rsplit("/", 1)[1] != p["b"].rsplit("/", 1)[1]]
    # 16 and 17 shifted up after the removed 15th task; 3 and 5 were swapped
    assert {p["a_title"]: p["moved"] for p in renumbered} == {
        "推进城市管理再跃升": False, "推进社会事业再发展": False,
        "推进研发投入再加大": True, "推进智慧应用再加快": True}


def test_compare_seed_revision_target_changes(seed_vs_revision):
    _, _, result = seed_vs_revision
    got = {(t["status"], t["metric"], t["unit"], t["a_value"], t["b_value"], t["a_year"], t["b_year"])
           for t in result["targets"]}
    assert ("changed", "全区信息产业智慧产业规模", "元", 2.5e11, 3e11, 2017, 2018) in got
    assert ("changed", "全区信息产业智慧产业规模", "倍", 2, 2, 2017, 2018) in got
    assert ("changed", "新增专利授权", "件", 10000, 12000, 2017, 2017) in got
    assert ("changed", "全区省标准化建设达标学校", "%", 85, 90, 2017, 2017) in got
    assert {t["status"] for t in result["targets"]} <= {"changed", "added"}
    assert all(t["status"] == "changed" or t["a"] is None for t in result["targets"])
    added = {t["metric"] for t in result["targets"] if t["status"] == "added"}
    assert added and all(t["b"].startswith(result["b"] + "/") for t in result["targets"] if t["b"])


def test_compare_seed_revision_new_citation(seed_vs_revision):
    _, b, result = seed_vs_revision
    assert result["citations"]["removed"] == []
    [added] = result["citations"]["added"]
    doc = b.node(added)
    assert "互联网+" in doc.title and doc.props.get("number", "").replace("〔", "[").startswith("国发")


def test_compare_seed_revision_edges_and_table(seed_vs_revision):
    a, b, result = seed_vs_revision
    edges = alignment_edges(result, a, b)
    [rev] = [e for e in edges if e.type == "REVISES"]
    assert (rev.source, rev.target) == (b.plan.id, a.plan.id) and rev.props["score"] > 0.9
    assert sum(e.type == "ALIGNED_WITH" for e in edges) == sum(
        1 for p in result["pairs"] if p["a"] and p["b"])
    table = render_table(result)
    assert "生态滨江工程" in table and "[-25-]{+30+}" in table


@pytest.mark.parametrize("year", [
    2016,
    2017,
])
def test_compare_same_report_in_two_layouts_is_unchanged(parse_path, year):
    if not SHARED.is_dir():
        pytest.skip("shared corpus not available")
    a = parse_path(SHARED / f"gov-work-report-{year}.txt")
    b = parse_path(SHARED / f"gov-work-report-{year}-cjc-oneline.txt")
    result = compare_plans(a, b)
    # the one-line copy ends with a news agency dateline; that is the only real text difference
    dateline = r"\{\+（新华社北京\d+月\d+日电）\+\}"
    import re
    odd = [p for p in result["pairs"] if p["status"] != "unchanged"
           and not (p["status"] == "modified" and re.fullmatch(r"[^\[\{]*" + dateline, p["diff"]))]
    # The 2017 Wikisource copy breaks one paragraph in two (after "…引导基金。") where the other
    # copy runs on; the broken-off paragraph is then a unit of its own. Allowed: a unit of one copy
    # whose whole text sits inside a modified unit of the other, and that modified unit.
    text = {n.id: "".join(n.text.split()) for d in (a, b) for n in d.nodes}
    split = [(p, q) for p in odd for q in odd if p["status"] in ("removed", "added") and q["status"] == "modified"
             and text[p["a"] or p["b"]] in text[q["b"] if p["status"] == "removed" else q["a"]]]
    assert len(split) <= (1 if year == 2017 else 0)
    allowed = [x for pair in split for x in pair]
    assert [p for p in odd if p not in allowed] == []
    assert not any(p["moved"] for p in result["pairs"])
    assert result["citations"] == {"added": [], "removed": []}
    assert result["targets"] == []


def test_compare_two_60kb_reports(parse_path):
    """Two consecutive reports (speed is measured by bench/query.py, not here)."""
    if not SHARED.is_dir():
        pytest.skip("shared corpus not available")
    a = parse_path(SHARED / "gov-work-report-2016.txt")
    b = parse_path(SHARED / "gov-work-report-2017.txt")
    result = compare_plans(a, b)
    assert any(p["status"] == "modified" for p in result["pairs"])


def test_compare_cli_json_and_errors(parse_path, capsys, tmp_path):
    from policykg.cli import main
    assert main(["compare", str(SEED), str(REVISED), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"a", "b", "pairs", "targets", "citations"} and out["citations"]["added"]
    assert main(["compare", str(SEED), str(REVISED)]) == 0
    assert "新标题(B)" in capsys.readouterr().out
    missing = tmp_path / "没有这个文件.txt"
    assert main(["compare", str(missing), str(SEED), "--store", str(tmp_path / "none.lbug")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有这个文件.txt" in err


# ---- targets matched by what they measure (issue 18) ---------------------------------------

def _plan_with_targets(pid: str, year: int, unit_targets: dict[str, list[dict]]) -> PlanDoc:
    """A plan whose units (keyed by title) hold the given targets, years set to ``year``."""
    nodes, edges = [], []
    for i, (title, targets) in enumerate(unit_targets.items(), 1):
        uid = f"{pid}/{i}"
        nodes.append(Node(id=uid, label="Task", title=title, text=title + "。", path=str(i), start=i * 100))
        for j, props in enumerate(targets):
            tid = f"{uid}/t{j}"
            nodes.append(Node(id=tid, label="Target", title=props["metric"], start=i * 100 + j + 1,
                              props={**props, "year": props.get("year", year)}))
            edges.append(Edge(uid, tid, "HAS_TARGET"))
    return PlanDoc(plan=PlanMeta(id=pid, title="政府工作报告", period_start=year, period_end=year),
                   nodes=tuple(nodes), edges=tuple(edges))


def _ind(metric, value, unit, indicator, comparator="~"):
    return {"metric": metric, "value": value, "unit": unit, "comparator": comparator, "indicator": indicator,
            "kind": "relative"}


@pytest.mark.issue(18)
def test_compare_targets_match_across_unaligned_units_by_indicator():
    a = _plan_with_targets("A", 2024, {"我们要坚持稳中求进": [_ind("国内生产总值增长", 5.0, "%", "gdp_growth"),
                                                              _ind("居民消费价格涨幅", 3.0, "%", "cpi_growth")]})
    b = _plan_with_targets("B", 2025, {"今年是十四五规划收官之年": [_ind("经济增长", 5.0, "%", "gdp_growth"),
                                                                   _ind("居民消费价格涨幅", 2.0, "%", "cpi_growth")]})
    comparison = compare(a, b)
    assert [(c.status, c.change, c.matched_by) for c in comparison.targets] == [
        ("changed", "same", "indicator"), ("changed", "lowered", "indicator")]
    rows = comparison.to_json()["targets"]
    assert [(r["status"], r["a_value"], r["b_value"], r["a_year"], r["b_year"]) for r in rows] == [
        ("changed", 5.0, 5.0, 2024, 2025), ("changed", 3.0, 2.0, 2024, 2025)]


@pytest.mark.issue(18)
def test_compare_restated_target_is_one_commitment():
    cpi = _ind("居民消费价格涨幅", 2.0, "%", "cpi_growth")
    a = _plan_with_targets("A", 2025, {"总体要求": [cpi]})
    b = _plan_with_targets("B", 2025, {"总体要求": [cpi], "宏观政策": [cpi]})
    assert compare(a, b).to_json()["targets"] == []
    assert [c.status for c in compare(a, b).targets] == ["unchanged"]


@pytest.mark.parametrize("a_props, b_props, change", [
    (_t("新增专利授权", 10000, "件"), _t("新增专利授权", 12000, "件"), "raised"),
    (_t("全区信息产业智慧产业规模", 2, "倍"), _t("全区信息产业智慧产业规模", 2, "倍", year=2018), "postponed"),
    (_t("落地率", 70), _t("落地率", 70, comparator="="), "changed"),
    (_t("今年中央预算内投资拟安排", 7e11, "元"), _t("中央预算内投资拟安排", 7.35e11, "元"), "raised"),
    (_t("城乡居民基础养老金月最低标准提高", 20, "元"), _t("城乡居民基础养老金最低标准再提高", 20, "元"), None),
])
def test_compare_target_change_kinds(a_props, b_props, change):
    a = _plan_with_targets("A", 2017, {"甲": [a_props]})
    b = _plan_with_targets("B", 2017, {"乙": [b_props]})
    [c] = compare(a, b).targets
    assert c.change == (change or "same") and c.a is not None and c.b is not None


def test_compare_different_measures_are_not_matched():
    a = _plan_with_targets("A", 2017, {"甲": [_t("赤字规模", 4.06e12, "元")]})
    b = _plan_with_targets("B", 2017, {"乙": [_t("发行超长期特别国债", 1.3e12, "元")]})
    assert [c.status for c in compare(a, b).targets] == ["added", "removed"]


@pytest.fixture(scope="module")
def reports_2024_2025(parse_path):
    if not SHARED.is_dir():
        pytest.skip("shared corpus not available")
    a = parse_path(SHARED / "gov-work-report-2024.txt")
    b = parse_path(SHARED / "gov-work-report-2025.txt")
    return compare(a, b)


#: The headline targets of the 2024 and 2025 national work reports, as a reader compares them.
HEADLINES_2024_2025 = [
    ("gdp_growth", "same", "5%左右（2024年）", "5%左右（2025年）"),
    ("surveyed_unemployment", "same", "5.5%左右（2024年）", "5.5%左右（2025年）"),
    ("urban_new_jobs", "same", "≥ 1200万人（2024年）", "≥ 1200万人（2025年）"),
    ("cpi_growth", "lowered", "3%左右（2024年）", "2%左右（2025年）"),
    ("grain_output", "raised", "≥ 6.5亿吨（2024年）", "7亿吨左右（2025年）"),
    ("energy_intensity_reduction", "raised", "2.5%左右（2024年）", "3%左右（2025年）"),
]


@pytest.mark.issue(18)
def test_compare_national_reports_2024_2025_headline_targets(reports_2024_2025):
    from analysis.present import target_text
    headline = [(c.indicator, c.change, target_text(c.a.props), target_text(c.b.props))
                for c in reports_2024_2025.targets if c.indicator and c.a and c.b]
    assert headline == HEADLINES_2024_2025
    # never removed and re-added, never twice
    for indicator, *_ in HEADLINES_2024_2025:
        assert [c.status for c in reports_2024_2025.targets if c.indicator == indicator] == ["changed"]
    money = {c.metric: (c.change, c.a.props["value"], c.b.props["value"])
             for c in reports_2024_2025.targets if c.a and c.b and c.unit == "元"}
    assert money["赤字规模"] == ("raised", 4.06e12, 5.66e12)
    assert money["安排地方政府专项债券"] == ("raised", 3.9e12, 4.4e12)


@pytest.mark.issue(18)
def test_compare_national_reports_2024_2025_table_leads_with_targets(reports_2024_2025):
    text = render_table(reports_2024_2025)
    head = text.split("单元 ")[0]
    for line in ("5%左右（2024年）", "下调  居民消费价格涨幅", "4.06万亿元（2024年）    5.66万亿元（2025年）"):
        assert line in head, line
    assert text.startswith("比较 2024年政府工作报告 → 2025年政府工作报告")
    import re
    assert not re.search(r"\d{7,}|\d\.\d{5,}|nan|None|doc-[0-9a-f]{6}|plan-[0-9a-f]{6}", text)


# ---- sentence 对照 -------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, statuses", [
    ("推进改革。扩大开放。", "推进改革。扩大开放。", ["same", "same"]),
    ("推进改革。扩大开放。", "推进改革。稳定外贸。扩大开放。", ["same", "added", "same"]),
    ("推进改革。目标3%左右。", "目标2%左右。", ["removed", "modified"]),
    ("2023年工作回顾", "2024年工作回顾", ["modified"]),
])
def test_compare_sentence_alignment(a, b, statuses):
    from analysis.sentences import align_sentences
    assert [r.status for r in align_sentences(a, b, year_shift=1)] == statuses


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["推进改革。", "扩大开放。", "稳就业。", "目标5%左右。", "建设平台。", "招引人才。"]),
                max_size=8),
       st.lists(st.sampled_from(["推进改革。", "扩大开放。", "稳就业。", "目标6%左右。", "建设平台。", "新增基金。"]),
                max_size=8))
def test_compare_sentence_alignment_keeps_both_texts_in_order(a, b):
    from analysis.sentences import align_sentences
    rows = align_sentences("".join(a), "".join(b))
    assert [r.a for r in rows if r.a is not None] == a
    assert [r.b for r in rows if r.b is not None] == b


@pytest.mark.issue(18)
def test_compare_national_reports_review_parts_read_sentence_by_sentence(reports_2024_2025):
    pair = next(p for p in reports_2024_2025.pairs if p["b_title"] == "2024年工作回顾")
    assert pair["a_title"] == "2023年工作回顾" and pair["status"] == "modified"
    rows = reports_2024_2025.sentences(pair)
    assert rows[0].status == "modified" and rows[0].diff == "一、202[-3-]{+4+}年工作回顾"
    assert max(len(r.a or "") for r in rows) < 400 and max(len(r.b or "") for r in rows) < 400


@pytest.mark.issue(18)
def test_compare_cli_csv_lists_every_commitment(parse_path, capsys):
    import csv
    import io

    from policykg.cli import main
    assert main(["compare", str(SEED), str(REVISED), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    patents = next(r for r in rows if r["指标"] == "新增专利授权")
    assert (patents["变化"], patents["原值(A)"], patents["新值(B)"], patents["a_value"]) == (
        "上调", "1万件（2017年）", "1.2万件（2017年）", "10000.0")
    assert sum(r["change"] == "same" for r in rows) > 50  # identical targets are listed too


@pytest.mark.issue(18)
@pytest.mark.parametrize("a_title, b_title", [
    ("多措并举稳就业促增收", "更大力度稳定和扩大就业"),
    ("全方位培养用好人才", "全面提高人才队伍质量"),
    ("加大吸引外资力度", "大力鼓励外商投资"),
    ("扩大高水平对外开放，促进互利共赢", "扩大高水平对外开放，积极稳外贸稳外资"),
])
def test_compare_national_reports_rewritten_items_align_within_their_parts(reports_2024_2025, a_title, b_title):
    """Rewritten from one year to the next, under parts that align: a reader pairs them."""
    [pair] = [p for p in reports_2024_2025.pairs if p["a_title"] == a_title]
    assert (pair["b_title"], pair["status"]) == (b_title, "modified")


# ---- growth (issue 20): the fast paths keep the results ------------------------------------------

def _lis_by_brute_force(values: list[int]) -> tuple[int, int]:
    """(length, displacement) of the best increasing subsequence, trying every subset."""
    import itertools
    rank = {v: r for r, v in enumerate(sorted(values))}
    best = (0, 0)
    for size in range(len(values) + 1):
        for keep in itertools.combinations(range(len(values)), size):
            picked = [values[k] for k in keep]
            if all(x < y for x, y in zip(picked, picked[1:])):
                best = max(best, (size, -sum(abs(k - rank[values[k]]) for k in keep)))
    return best[0], -best[1]


@pytest.mark.issue(20)
@given(st.lists(st.integers(0, 12), max_size=9, unique=True))
@settings(max_examples=150, deadline=None)
def test_compare_lis_is_the_least_displaced_of_the_longest(values):
    keep = sorted(longest_increasing_subsequence(values))
    rank = {v: r for r, v in enumerate(sorted(values))}
    picked = [values[k] for k in keep]
    assert picked == sorted(picked) and len(set(picked)) == len(picked)
    assert (len(keep), sum(abs(k - rank[values[k]]) for k in keep)) == _lis_by_brute_force(values)


_EDGES = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                            st.sampled_from([0.35, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.05])), max_size=18)


@pytest.mark.issue(20)
@given(_EDGES)
@settings(max_examples=300, deadline=None)
def test_compare_forced_pairs_leave_a_maximum_weight_matching(edges):
    """The pairs taken before the general matching are in every maximum weight matching: with
    the matching of what is left they weigh as much as networkx's matching of the whole graph."""
    import networkx as nx
    from analysis.compare import _forced_pairs

    weights = {(i, j): w for i, j, w in edges}  # one weight per pair
    edges = [(i, j, w) for (i, j), w in weights.items()]
    whole = nx.Graph()
    whole.add_weighted_edges_from((("a", i), ("b", j), w) for i, j, w in edges)
    best = sum(whole.edges[e]["weight"] for e in nx.max_weight_matching(whole))
    forced = _forced_pairs(edges)
    rest = nx.Graph()
    rest.add_weighted_edges_from((("a", i), ("b", j), w) for i, j, w in edges
                                 if i not in {f[0] for f in forced} and j not in {f[1] for f in forced})
    got = sum(weights[f] for f in forced) + sum(rest.edges[e]["weight"] for e in nx.max_weight_matching(rest))
    assert len({i for i, _ in forced}) == len({j for _, j in forced}) == len(forced)
    assert got == pytest.approx(best, abs=1e-9)


@pytest.mark.issue(20)
def test_compare_formulaic_plan_with_every_task_revised_pairs_each_task_with_its_revision():
    """Every unit modified, every unit like every other (a template): each task still meets its
    own revision, in order (bench/compare.py times this pair)."""
    import re
    import random
    rng = random.Random(20)
    chars = "智慧数字绿色创新协同开放融合安全健康文化生态海洋航空物流金融制造服务能源材料生物信息装备医药农业旅游"
    names = ["".join(rng.choice(chars) for _ in range(4)) + "平台" for _ in range(120)]
    lines = ["示例产业发展三年行动计划", "一、重点任务"]
    for k, name in enumerate(names):
        lines.append(f"{k + 1}.建设{name}。依托{names[(k * 7) % 120]}，提升服务能力，服务企业{k + 10}家。")
    a_text = "\n".join(lines) + "\n"
    b_text = re.sub(r"服务企业(\d+)家", lambda m: f"服务企业{int(m.group(1)) + 7}家", a_text)
    from ingest.parse import parse_plan
    a, b = parse_plan(a_text, source="a.txt"), parse_plan(b_text, source="b.txt")
    pairs = [p for p in compare_plans(a, b)["pairs"] if p["label"] == "Task"]
    assert len(pairs) == 120 and all(p["status"] == "modified" and not p["moved"] for p in pairs)
    assert all(p["a"].rsplit("/", 1)[-1] == p["b"].rsplit("/", 1)[-1] for p in pairs)


def _all_matchings(edges: list[tuple[int, int, float]]):
    import itertools
    for size in range(len(edges) + 1):
        for chosen in itertools.combinations(edges, size):
            if len({i for i, _, _ in chosen}) == len({j for _, j, _ in chosen}) == size:
                yield chosen


@pytest.mark.issue(20)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3),
                          st.sampled_from([0.35, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.05])), max_size=10))
@settings(max_examples=300, deadline=None)
def test_compare_certified_greedy_matching_is_the_only_maximum(edges):
    """A greedy matching certified by _unique_greedy outweighs every other matching (so it is
    the one networkx finds too); ties are left to networkx."""
    from analysis.compare import _unique_greedy

    edges = [(i, j, w) for (i, j), w in {(i, j): w for i, j, w in edges}.items()]
    got = _unique_greedy(edges)
    if got is None:
        return
    weights = {(i, j): w for i, j, w in edges}
    mine = sum(weights[p] for p in got)
    assert len({i for i, _ in got}) == len({j for _, j in got}) == len(got)
    for other in _all_matchings(edges):
        if {(i, j) for i, j, _ in other} != set(got):
            assert sum(w for _, _, w in other) < mine - 1e-12
