"""Tests for ingest.entities (mentions, responsibilities) and the jieba adapter ingest.tokenizer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.citations import extract_citations
from ingest.entities import (RE_FIRST_LEADS, Mention, Responsibility, extract_mentions,
                             extract_responsibilities)
from ingest.tokenizer import Tokenizer, get_tokenizer
from conftest import SHARED_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"
SHARED = SHARED_CORPUS
BAOTOU = SHARED / "baotou-digital-gov-evaluation-2022.txt"

L, S = "LEADS", "SUPPORTS_WORK"


# --- responsibilities -------------------------------------------------------------------------

RESPONSIBILITIES = [
    # real lines from baotou-digital-gov-evaluation-2022.txt
    ("10．推动“鹿城之窗\"自助终端向企业、社区、园区等重点区域延伸。（持续推进，牵头考核单位：市审批服务局）",
     [("市审批服务局", L)]),
    ("（持续优化，牵头考核单位：市住建局、审批服务局）", [("市住建局", L), ("审批服务局", L)]),
    ("（6月底完成，牵头考核单位：市政府办公室、市公安局）", [("市政府办公室", L), ("市公安局", L)]),
    ("（6月底完成，牵头考核单位：市政府金融办、市工信局）", [("市政府金融办", L), ("市工信局", L)]),
    ("（持续推进，牵头考核单位：市委网信办）", [("市委网信办", L)]),
    ("62．制定边境地区网络覆盖方案，按分工交由达茂旗牵头落实。（10月底完成，牵头考核单位：市工信局）",
     [("达茂旗", L), ("市工信局", L)]),
    # labelled lists, full-width and ASCII colons, 、 and ， separators
    ("牵头单位：市发展改革委；配合单位：市财政局、市科技局",
     [("市发展改革委", L), ("市财政局", S), ("市科技局", S)]),
    ("牵头单位:市发改委;配合单位:市财政局，市科技局", [("市发改委", L), ("市财政局", S), ("市科技局", S)]),
    # 各市人民政府 after the provincial bodies: every city government carries the work locally
    ("责任单位：省经济和信息化厅、省通信管理局、省财政厅，各市人民政府",
     [("省经济和信息化厅", L), ("省通信管理局", L), ("省财政厅", L), ("各市人民政府", L)]),
    ("责任单位：各有关部门", []),
    # a body that opens a sentence and takes the work on; 会同: the first leads, the rest support
    ("国务院教育行政部门负责职业教育工作的统筹规划。", [("国务院教育行政部门", L)]),
    ("西藏自治区人民政府要按照规定，负责提供学生的学习费用。", [("西藏自治区人民政府", L)]),
    ("财政部要会同发展改革委、农业农村部等部门，加强统筹协调。",
     [("财政部", L), ("发展改革委", S), ("农业农村部", S)]),
    ("政府主要负责规划战略。各级财政部门要会同有关方面研究制定办法。", []),
    ("参与单位：区科技局和区财政局", [("区科技局", S), ("区财政局", S)]),
    # parentheses
    ("（市科技局牵头，市财政局配合）", [("市科技局", L), ("市财政局", S)]),
    ("（合肥海关负责）", [("合肥海关", L)]),
    ("（省发展改革委牵头，省交通运输厅、省民航机场集团、省港航集团按职责分工负责）",
     [("省发展改革委", L), ("省交通运输厅", S), ("省民航机场集团", S), ("省港航集团", S)]),
    ("（工业和信息化部、发展改革委、科技部等负责）",
     [("工业和信息化部", L), ("发展改革委", L), ("科技部", L)]),
    ("（生态环境部牵头，国家统计局参与）", [("生态环境部", L), ("国家统计局", S)]),
    # 由…牵头
    ("由区科技局牵头，制定实施细则", [("区科技局", L)]),
    ("建立由农业农村部、工业和信息化部牵头的协调推进机制", [("农业农村部", L), ("工业和信息化部", L)]),
    # a central department that guides a pilot (…指导) is the one that leads it
    ("（自然资源部、工业和信息化部指导）", [("自然资源部", L), ("工业和信息化部", L)]),
    # not responsibilities
    ("各牵头考核单位对各旗县区、稀土高新区及各部门（包括牵头单位自身）承担的重点任务进行考核。", []),
    ("（四）对牵头考核单位相同的考评指标大项，由牵头考核单位自行明确大项中各小项分值。", []),
    ("（5月底完成）", []),
    ("（一）坚持党的领导", []),
    ("公安、市场监管、城管执法等部门积极配合监控视频接入。", []),
    ("（各有关部门负责）", []),
]


@pytest.mark.parametrize(("text", "expected"), [
    # the document's note that the first listed body leads (列第一位者为牵头单位，下同)
    ("（工业和信息化部、发展改革委、农业农村部等负责。列第一位者为牵头单位，下同）",
     [("工业和信息化部", L), ("发展改革委", S), ("农业农村部", S)]),
    ("（市场监管总局、工业和信息化部负责）", [("市场监管总局", L), ("工业和信息化部", S)]),
    # an explicit 牵头 still decides
    ("（生态环境部牵头，国家发展改革委、工业和信息化部参与）",
     [("生态环境部", L), ("国家发展改革委", S), ("工业和信息化部", S)]),
])
def test_entities_first_listed_leads_when_the_document_says_so(text, expected) -> None:
    assert [(r.org, r.role) for r in extract_responsibilities(text, first_leads=True)] == expected
    assert RE_FIRST_LEADS.search("（A部负责。列第一位者为牵头单位，下同）")


@pytest.mark.parametrize(("text", "expected"), RESPONSIBILITIES)
def test_entities_responsibilities(text: str, expected: list[tuple[str, str]]) -> None:
    found = extract_responsibilities(text)
    assert [(r.org, r.role) for r in found] == expected
    for r in found:
        assert text[r.start : r.end] == r.evidence and r.org in r.evidence


def test_entities_responsibility_evidence_is_the_statement() -> None:
    [r] = extract_responsibilities("推进建设。（持续推进，牵头考核单位：市工信局）")
    assert r == Responsibility("市工信局", "LEADS", "牵头考核单位：市工信局", 0, 0)


def test_entities_baotou_every_assessment_line_has_its_lead() -> None:
    if not BAOTOU.is_file():
        pytest.skip("shared corpus not present")
    text = BAOTOU.read_text(encoding="utf-8")
    found = extract_responsibilities(text)
    for m in re.finditer(r"牵头考核单位：([^）\n]+)）", text):
        heads = {r.org for r in found if r.start == m.start()}
        assert heads and all(h in m.group(1) for h in heads), m.group()
    assert {r.role for r in found} == {"LEADS"}
    assert len(found) >= 90


# --- mentions ---------------------------------------------------------------------------------

MENTIONS = [
    ("探索建立与毕马威、德勤、戴德梁行等世界知名中介机构合作",
     [("Organization", "毕马威"), ("Organization", "德勤"), ("Organization", "戴德梁行")]),
    ("加快白马湖生态创意城、奥体博览城、物联网产业园、北塘河畔、智慧新天地五大区块建设",
     [("Place", "白马湖生态创意城"), ("Place", "奥体博览城"), ("Place", "物联网产业园"), ("Place", "北塘河畔"),
      ("Place", "智慧新天地")]),
    ("推进与中科院、浙大等合作", [("Organization", "中科院"), ("Organization", "浙大")]),
    ("区党委、管委会、政府", [("Organization", "区党委"), ("Organization", "管委会")]),
    ("杭州市科学技术局和浙江省教育厅", [("Organization", "杭州市科学技术局"), ("Organization", "浙江省教育厅")]),
    ("牵头考核单位：市住建局、审批服务局", [("Organization", "市住建局"), ("Organization", "审批服务局")]),
    ("省发展改革委牵头，省交通运输厅、省民航机场集团配合",
     [("Organization", "省发展改革委"), ("Organization", "省交通运输厅"), ("Organization", "省民航机场集团")]),
    ("包头市人民政府办公室", [("Organization", "包头市人民政府办公室")]),
    ("北京大学、清华大学", [("Organization", "北京大学"), ("Organization", "清华大学")]),
    ("李克强总理2014年11月视察高新区(滨江)智慧e谷展厅时", [("Place", "滨江"), ("Place", "智慧e谷")]),
    ("杭州高新技术产业开发区", [("Place", "杭州高新技术产业开发区")]),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_entities_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.label, m.name) for m in extract_mentions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "全国国家级高新区联合发表宣言",  # 全国 and 国家 alone are not names
        "加快国际化步伐，推动企业上市",  # jieba tags 国际化 nt and 上市 ns
        "建设城市副中心和区文化中心",  # 中心 needs a proper name
        "为全面建设社会主义现代化国家开好局",
        "推进公立医院改革，优化县城和社区布局",
        "加强干部队伍建设，推进数字政府建设",
        "市、区两级",
    ],
)
def test_entities_mentions_skip_generic_words(text: str) -> None:
    assert extract_mentions(text) == []


def test_entities_mentions_deduplicate_per_text() -> None:
    text = "杭州高新区(滨江)是杭州的核心区，杭州高新区要率先发展。"
    found = extract_mentions(text)
    names = [m.name for m in found]
    assert names.count("杭州高新区") == 1
    first = next(m for m in found if m.name == "杭州高新区")
    assert (first.start, first.end) == (0, 5)


def test_entities_mentions_seed_plan() -> None:
    found = extract_mentions(SEED.read_text(encoding="utf-8"))
    orgs = {m.name for m in found if m.label == "Organization"}
    places = {m.name for m in found if m.label == "Place"}
    assert {"国家级高新区", "高新区", "国家自主创新示范区"}.isdisjoint(places)  # categories, not places
    assert {"中科院", "浙大", "毕马威", "德勤", "戴德梁行", "管委会", "市委", "区党委", "科技部"} <= orgs
    assert {"白马湖生态创意城", "奥体博览城", "物联网产业园", "智慧新天地", "滨江", "杭州"} <= places
    assert not ({"国家", "全国", "省", "市", "区", "国际", "世界", "国际化", "城市", "上市"} & (orgs | places))
    assert all(len(m.name) >= 2 for m in found)


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from(list("市省区局委办厅部院园城中心杭州滨江科技财政的和、，。国家高新区")), max_size=60)
       | st.text(max_size=40))
def test_entities_mention_spans_point_at_names(text: str) -> None:
    for m in extract_mentions(text):
        assert text[m.start : m.end] == m.name and m.label in ("Organization", "Place")
        assert len(m.name) >= 2


# --- the tokenizer adapter ---------------------------------------------------------------------


def test_tokenizer_is_cached_process_wide() -> None:
    assert get_tokenizer() is get_tokenizer()
    assert isinstance(get_tokenizer(), Tokenizer)


@pytest.mark.parametrize(
    ("text", "word"),
    [("开展三次创业", "三次创业"), ("推进五水共治", "五水共治"), ("区管委会", "区管委会"), ("市发展改革委", "市发展改革委")],
)
def test_tokenizer_user_dictionary_words_stay_whole(text: str, word: str) -> None:
    assert word in get_tokenizer().cut(text)


def test_tokenizer_tag_offsets_rebuild_the_text() -> None:
    text = "按照《杭州高新技术产业开发区条例》规定, 区财政每年安排不少于15%的支出。\n白马湖生态创意城"
    tags = get_tokenizer().tag(text)
    assert "".join(w for w, _, _ in tags) == text
    assert all(text[s : s + len(w)] == w for w, _, s in tags)
    assert ("白马湖生态创意城", "ns") in [(w, f) for w, f, _ in tags]


def test_tokenizer_tokens_drop_punctuation_and_function_words() -> None:
    assert get_tokenizer().tokens("推进“五水共治”，落实责任的。") == ["推进", "五水共治", "落实", "责任"]


def test_tokenizer_own_instance_leaves_jieba_globals_alone() -> None:
    import jieba

    get_tokenizer().cut("三次创业")
    assert "三次创业" not in jieba.dt.FREQ  # our dictionary lives on our instance only


def test_tokenizer_is_the_only_module_importing_jieba() -> None:
    pattern = re.compile(r"^\s*(?:import jieba|from jieba)", re.M)
    importers = [
        p.relative_to(ROOT).as_posix()
        for folder in ("ingest", "graph", "queries", "policykg")
        if (ROOT / folder).is_dir()
        for p in (ROOT / folder).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    if (ROOT / "app.py").is_file() and pattern.search((ROOT / "app.py").read_text(encoding="utf-8")):
        importers.append("app.py")
    assert importers == ["ingest/tokenizer.py"]


# --- speed ------------------------------------------------------------------------------------




def test_entities_mention_equality_ignores_spans() -> None:
    assert Mention("Place", "滨江", 0, 2) == Mention("Place", "滨江", 10, 12)
