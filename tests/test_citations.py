"""Tests for ingest.citations: 《》 titles, 文号 in every bracket form, linking, issuers, named plans."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.citations import Citation, extract_citations, issuer_from_number
from conftest import SHARED_CORPUS

SEED = Path(__file__).resolve().parents[1] / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"


def _full_width(text: str) -> str:
    """What the cleaner does to ASCII punctuation in the seed."""
    return text.translate(str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}))


def _pairs(text: str) -> list[tuple[str | None, str | None]]:
    return [(c.title, c.number) for c in extract_citations(text)]


# --- 文号 forms -------------------------------------------------------------------------------

NUMBER_FORMS = [
    ("根据市委办发〔2014〕80号文件精神", "市委办发〔2014〕80号", 2014),
    ("见市委[2013]14号", "市委[2013]14号", 2013),
    ("按照国办发（2018）128号要求", "国办发（2018）128号", 2018),
    ("按照浙政发(2014)3号要求", "浙政发(2014)3号", 2014),
    ("依据杭政办函［2016］7号", "杭政办函［2016］7号", 2016),
    ("依据国发【2019】4号", "国发【2019】4号", 2019),
    ("国家税务总局公告2014年第3号规定", "国家税务总局公告2014年第3号", 2014),
    ("见党委办〔2014〕第35号", "党委办〔2014〕第35号", 2014),
]


@pytest.mark.parametrize(("text", "number", "year"), NUMBER_FORMS)
def test_citations_number_bracket_forms(text: str, number: str, year: int) -> None:
    [c] = extract_citations(text)
    assert (c.title, c.number, c.year) == (None, number, year)
    assert text[c.start : c.end] == number


@pytest.mark.parametrize(
    "text",
    [
        "2015年第3号台风过境",  # the year form needs 公告/令 or a title before it
        "增长（2014）个百分点",  # no 号
        "〔2014〕",
        "第80号",
    ],
)
def test_citations_number_lookalikes_are_not_numbers(text: str) -> None:
    assert extract_citations(text) == []


# --- titles and linking -----------------------------------------------------------------------

LINKED = [
    ("市委市政府《关于开展专题活动的通知》(市委办发〔2014〕80号)", "关于开展专题活动的通知", "市委办发〔2014〕80号"),
    ("市委市政府《关于开展专题活动的通知》（市委办发〔2014〕80号）", "关于开展专题活动的通知", "市委办发〔2014〕80号"),
    ("印发《若干意见》 （市委[2013]14号）之后", "若干意见", "市委[2013]14号"),
    ("《税收征管办法》(国家税务总局公告2014年第3号)", "税收征管办法", "国家税务总局公告2014年第3号"),
    ("《征管办法》（2014年第3号）", "征管办法", "2014年第3号"),
]


@pytest.mark.parametrize(("text", "title", "number"), LINKED)
def test_citations_number_after_title_is_linked(text: str, title: str, number: str) -> None:
    [c] = extract_citations(text)
    assert (c.title, c.number) == (title, number)
    span = text[c.start : c.end]
    assert span.startswith("《") and span.endswith(number)


def test_citations_number_elsewhere_is_not_linked() -> None:
    text = "落实《中国制造2025》，并执行国发〔2015〕40号文件。"
    assert _pairs(text) == [("中国制造2025", None), (None, "国发〔2015〕40号")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("按照《》执行", []),
        ("按照《 》执行", []),
        ("《关于印发〈数字政府建设方案〉的通知》", [("关于印发〈数字政府建设方案〉的通知", None)]),
        ("《关于印发《数字政府建设方案》的通知》", [("关于印发《数字政府建设方案》的通知", None)]),
        # a programme, a newspaper, a film: short titles without a document kind or a figure
        ("收看《新闻联播》和《人民日报》，电影《长空之王》", []),
        ("《中国制造2025》和《共同宣言》", [("中国制造2025", None), ("共同宣言", None)]),
        ("未闭合《标题\n下一行》", []),
    ],
)
def test_citations_titles(text: str, expected: list[tuple[str | None, str | None]]) -> None:
    assert _pairs(text) == expected


def test_citations_number_inside_title_stays_in_title() -> None:
    text = "《关于转发国办发〔2018〕128号文件的通知》"
    assert _pairs(text) == [("关于转发国办发〔2018〕128号文件的通知", None)]


# --- issuers ----------------------------------------------------------------------------------

ISSUER_PREFIXES = [
    ("市委办发", "市委办公厅"),
    ("国办发", "国务院办公厅"),
    ("国办函", "国务院办公厅"),
    ("国发", "国务院"),
    ("党委办", "党委办公室"),
    ("市委", "市委"),
    ("区委办", "区委办公厅"),
    ("市政办发", "市政府办公厅"),
    ("浙政发", "浙江省人民政府"),
    ("浙政办发", "浙江省人民政府办公厅"),
    ("浙委发", "中共浙江省委"),
    ("包府办发", "包头市人民政府办公厅"),
    ("皖政办秘", "安徽省人民政府办公厅"),
    ("京经信发", None),
    ("", None),
]


@pytest.mark.parametrize(("prefix", "issuer"), ISSUER_PREFIXES)
def test_citations_issuer_from_number_prefix(prefix: str, issuer: str | None) -> None:
    assert issuer_from_number(prefix) == issuer


ISSUER_TEXT = [
    # the body named before the title wins over the 文号 prefix
    ("根据区委全会精神以及市委市政府《关于开展专题活动的通知》(市委办发〔2014〕80号)", "市委市政府"),
    ("(市委办发〔2014〕80号)、区党委、管委会、政府《实施方案》(党委办〔2014〕35号)", "区党委、管委会、政府"),
    ("市委市政府继2013年制订出台《若干意见》(市委[2013]14号)之后", "市委市政府"),
    ("国务院印发的《中国制造2025》", "国务院"),
    ("北京市经济和信息化局印发《关于推进数据专区建设的指导意见》", "北京市经济和信息化局"),
    ("按照国家卫生健康委《大型医用设备配置许可管理目录》", "国家卫生健康委"),
    # no body before the title: from the number, else unknown
    ("根据《关于开展专题活动的通知》(市委办发〔2014〕80号)", "市委办公厅"),
    ("根据《杭州高新技术产业开发区条例》规定", None),
    ("全国国家级高新区联合发表了《共同宣言》", None),
]


@pytest.mark.parametrize(("text", "issuer"), ISSUER_TEXT)
def test_citations_issuer_text_before_title_wins(text: str, issuer: str | None) -> None:
    titled = [c for c in extract_citations(text) if c.title]
    assert titled[-1].issuer == issuer


def test_citations_lone_number_gets_prefix_issuer() -> None:
    [c] = extract_citations("国务院办公厅 国办发〔2018〕128号")
    assert (c.number, c.issuer, c.year) == ("国办发〔2018〕128号", "国务院办公厅", 2018)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("《包头市2022年数字政府建设考评办法》", 2022),
        ("《数字政府建设行动方案（2021—2023年）》", 2021),
        ("《中国制造2025》", None),
        ("《杭州高新技术产业开发区条例》", None),
    ],
)
def test_citations_year_from_title(text: str, year: int | None) -> None:
    [c] = extract_citations(text)
    assert c.year == year


# --- named plans without 《》 -------------------------------------------------------------------

NAMED_PLANS = [
    ("按照治污水、排涝水、防洪水、保供水、抓节水“五水共治”三年行动计划，全面推进", ["“五水共治”三年行动计划"]),
    ("按照治污水、抓节水“五水共治”三年行动计划,全面推进", ["“五水共治”三年行动计划"]),
    ("落实“互联网+”行动计划，增强经济发展新动力。", ["“互联网+”行动计划"]),
    ("落实京津冀协同发展规划纲要，加快长江经济带发展。", ["京津冀协同发展规划纲要"]),
    ("落实职业教育东西协作行动计划，办好内地少数民族中职班。", ["职业教育东西协作行动计划"]),
    # generic or not a document: nothing
    ("按照三年行动计划，推进各项工作。", []),
    ("根据实施方案要求推进。", []),
    ("落实工作方案，完善机制。", []),
    ("组织制定2022年度市场监管领域“双随机\"检查计划，并按计划开展。", []),
    ("特制定本行动计划。", []),
    ("严格落实网络安全技术措施同步规划、同步建设、同步使用要求", []),
    ("全面推进“五水共治”，落实责任。", []),
    # laws by their short names, and a list joined by 和 after one verb
    ("严格依照宪法和基本法办事，", ["宪法", "基本法"]),
    ("要依照网络安全法和数据安全法，加强管理", ["网络安全法", "数据安全法"]),
    ("按照办法执行", []),
    # a title of the form …的意见 names one document
    ("落实以控制成本为核心优化营商环境的意见，降低成本。", ["以控制成本为核心优化营商环境的意见"]),
    # what the text itself issues, its own measures, and anaphora: nothing
    ("及时出台实施全面落实国家一揽子增量政策的26条措施，", []),
    ("落实加强组织领导、加强要素投入、加强考核督查“三条措施”。", []),
    ("严格落实中央八项规定及其实施细则精神", ["中央八项规定"]),
    ("按照本预案的规定执行", []),
]


@pytest.mark.parametrize(("text", "titles"), NAMED_PLANS)
def test_citations_named_plans_are_conservative(text: str, titles: list[str]) -> None:
    found = extract_citations(text)
    assert [c.title for c in found] == titles
    assert all(c.number is None and text[c.start : c.end] == c.title for c in found)


def test_citations_context_is_the_sentence_and_short() -> None:
    text = "前一句。" + "为推进工作，" * 30 + "根据《杭州高新技术产业开发区条例》规定执行。后一句。"
    [c] = extract_citations(text)
    assert len(c.context) <= 120
    assert "《杭州高新技术产业开发区条例》" in c.context
    assert "前一句" not in c.context and "后一句" not in c.context


def test_citations_equality_ignores_spans() -> None:
    a, b = extract_citations("《甲方案》和《甲方案》")
    assert a == b and a.start != b.start


# --- the seed plan ----------------------------------------------------------------------------

SEED_EXPECTED = [
    Citation("关于开展“转理念、转作风、转方式,争先进位、走在前列”专题活动的通知", "市委办发〔2014〕80号",
             "市委市政府", 2014, "", 0, 0),
    Citation("关于开展“三转一争”专题活动推进“三次创业”的实施方案", "党委办〔2014〕35号",
             "区党委、管委会、政府", 2014, "", 0, 0),
    Citation("国家高新区率先实施创新驱动发展战略共同宣言", None, None, None, "", 0, 0),
    Citation("关于实施“聚焦高新、促进创新”战略支持杭州高新开发区争创国家自主创新示范区核心区的若干意见",
             "市委[2013]14号", "市委市政府", 2013, "", 0, 0),
    Citation("“五水共治”三年行动计划", None, None, None, "", 0, 0),
    Citation("杭州高新技术产业开发区条例", None, None, None, "", 0, 0),
]


@pytest.mark.parametrize("convert", [False, True], ids=["as-written", "cleaned-full-width"])
def test_citations_seed_plan(convert: bool) -> None:
    text = SEED.read_text(encoding="utf-8")
    if convert:
        text = _full_width(text)
    found = extract_citations(text)
    got = [(c.title, c.number, c.issuer, c.year) for c in found]
    want = [
        ((_full_width(c.title) if convert and c.title else c.title), c.number, c.issuer, c.year)
        for c in SEED_EXPECTED
    ]
    assert got == want
    for c in found:
        assert c.title in text[c.start : c.end] and c.title in c.context


def test_citations_titles_in_shared_corpus_are_balanced(shared_corpus: list[Path]) -> None:
    assert shared_corpus
    for path in shared_corpus:
        text = path.read_text(encoding="utf-8")
        for c in extract_citations(text):
            span = text[c.start : c.end]
            assert span.count("《") == span.count("》"), (path.name, span)


@pytest.fixture
def shared_corpus() -> list[Path]:
    folder = SHARED_CORPUS
    if not folder.is_dir():
        pytest.skip("shared corpus not present")
    return sorted(folder.glob("*.txt"))


# --- invariants -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("《》〈〉〔〕[]（）()［］【】号年第发办委市国政浙党0123456789“”\"关于通知方案计划规划按照根据落实、，。\n ")
)
_TEXT = st.one_of(st.text(_ALPHABET, max_size=80), st.text(max_size=80))


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=4).map("".join))
def test_citations_never_raise_and_spans_hold(text: str) -> None:
    for c in extract_citations(text):
        assert 0 <= c.start < c.end <= len(text)
        span = text[c.start : c.end]
        assert c.title is not None or c.number is not None
        if c.title is not None:
            assert c.title in span
        if c.number is not None:
            assert c.number in span
        assert len(c.context) <= 120


def test_citations_an_abbreviation_refers_back_to_the_document_it_names() -> None:
    text = "国务院印发了《关于推进政务新媒体健康有序发展的意见》（以下简称《意见》），要求各地落实《意见》。"
    found = extract_citations(text)
    assert [c.title for c in found] == ["关于推进政务新媒体健康有序发展的意见"] * 2
    assert text[found[1].start:found[1].end] == "《意见》"          # the later short reference
    assert extract_citations("（以下简称《方案》），落实《方案》") == []  # a short name without its title
