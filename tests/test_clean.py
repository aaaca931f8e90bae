"""Clean-up steps: in/out tables per step, and properties of the whole pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import clean as C

CASES = [
    # (step, input, expected)
    (C.normalize_newlines, "一\r\n二\r三", "一\n二\n三"),
    (C.remove_invisible, "74.4\u200b万亿元\ufeff", "74.4万亿元"),
    (C.normalize_width, "２０１５年ＧＤＰ增长６．５％", "2015年GDP增长6.5%"),
    (C.split_inline_paragraphs, "各位代表：\u3000\u3000现在，我代表国务院", "各位代表：\n现在，我代表国务院"),
    (C.split_inline_paragraphs, "政府工作报告\t——2016年3月5日", "政府工作报告\n——2016年3月5日"),
    (C.split_inline_paragraphs, "第一条\u3000\u3000为规范政务数据", "第一条 为规范政务数据"),
    (C.strip_lines, "\u3000\u3000一、总体要求  \n  正文", "一、总体要求\n正文"),
    (C.strip_lines, "高新区 （ 滨江 ）2016 年 -2018 年，市委办发〔 2014 〕 80 号", "高新区（滨江）2016年-2018年，市委办发〔2014〕80号"),
    (C.strip_lines, "in English words, C2B and O2O", "in English words, C2B and O2O"),
    (C.remove_boilerplate, "【法宝引证码】 CLI.12.1\n原文链接：https://x\n正文。\n相关文档\n最新文档\n",
     "正文。\n"),
    (C.remove_boilerplate, "正文。\n本作品是中华人民共和国的\n法律\nPublic domain\n", "正文。\n"),
    (C.remove_boilerplate, "来源：北京日报\n各位代表：", "各位代表："),
    (C.remove_boilerplate, "正文。\n版权所有：杭州市人民政府  浙ICP备05020525号\n浙公网安备 33010202000001号\n"
     "网站标识码：3301000001\n", "正文。\n"),
    (C.remove_boilerplate, "（新华社北京3月5日电）各位代表：", "各位代表："),
    # a notice's signature and date run into the plan (one crawled line): lines of their own, and the
    # plan's title the notice names in 《》 too
    (C.split_run_in_signature, "《某某实施方案》已经省政府同意，现印发给你们，请认真组织实施。河北省人民政府办公厅2019年3月13日"
     "某某实施方案为贯彻落实《意见》精神，", "《某某实施方案》已经省政府同意，现印发给你们，请认真组织实施。\n河北省人民政府办公厅\n"
     "2019年3月13日\n某某实施方案\n为贯彻落实《意见》精神，"),
    (C.split_run_in_signature, "特此通知。科技部2013年2月5日附件", "特此通知。\n科技部\n2013年2月5日\n附件"),
    (C.split_run_in_signature, "要狠抓落实。全省2019年3月13日前完成", "要狠抓落实。全省2019年3月13日前完成"),  # not a body
    # a PDF's page markers, a crawled page's header (date, author, counters, abstract) and trailer
    (C.remove_boilerplate, "— 1 —\n深坪府办规〔2023〕5号\n- 12 -\n第3页\n正文。\n", "深坪府办规〔2023〕5号\n正文。\n"),
    (C.remove_boilerplate, "— 3 —年\n增长— 5 —倍", "— 3 —年\n增长— 5 —倍"),  # not alone on a line
    (C.remove_boilerplate, "工作报告\n时间：2024-04-02??\n作者：中国县域\n阅读：\n406\n评论：\n0\n内容摘要：\n"
     "政府工作报告——2024年1月23日在……的......\n政府工作报告", "工作报告\n政府工作报告"),
    (C.remove_boilerplate, "时间：2019年4月至12月\n作者：张三", "时间：2019年4月至12月\n"),  # a plan's own 时间 stays
    (C.remove_boilerplate, "同心协力。\n免责声明：本文仅代表作者观点\n标签：\n工作报告\n相关文章\n易县2024年政府工作报告\n",
     "同心协力。\n"),
    (C.fullwidth_punctuation, "推进“三次创业”,根据(市委办发〔2014〕80号);力争", "推进“三次创业”，根据（市委办发〔2014〕80号）；力争"),
    (C.fullwidth_punctuation, "共1,000家,增长(约)3%", "共1,000家，增长（约）3%"),
    (C.fullwidth_punctuation, "time 10:30, f(x) and C2B", "time 10:30, f(x) and C2B"),
    (C.join_broken_lines, "全国国家级高新区联合发表了宣言，正式吹响了第三次创业的号角。开展“三\n\n次创业”是具体行动。",
     "全国国家级高新区联合发表了宣言，正式吹响了第三次创业的号角。开展“三次创业”是具体行动。"),
    (C.join_broken_lines, "政府工作报\n告\n——2017年3月5日", "政府工作报告\n——2017年3月5日"),
    (C.join_broken_lines, "国内生产总值达到74.4\n万亿元。", "国内生产总值达到74.4万亿元。"),
    (C.join_broken_lines, "国务院关于印发国家职业教育改革\n实施方案的通知\n国发〔2019〕4号",
     "国务院关于印发国家职业教育改革实施方案的通知\n国发〔2019〕4号"),
    (C.join_broken_lines, "一、时代背景\n（一）时代背景\n1、国家层面。", "一、时代背景\n（一）时代背景\n1、国家层面。"),
    (C.join_broken_lines, "标题\n标题\n正文。", "标题\n正文。"),
    (C.join_broken_lines, "实现城市管理网格化、\n智能化、精细化。", "实现城市管理网格化、智能化、精细化。"),
    (C.join_broken_lines, "探索“技术引进—消化吸收—转化”\n的成果转化方式。", "探索“技术引进—消化吸收—转化”的成果转化方式。"),
    (C.join_broken_lines, "一、人才\n大力招引人才。创业启动类项目不少于500个，落地率70%以上；创办留学生企业100家；\n三年引进人才总量不少于8万名。",
     "一、人才\n大力招引人才。创业启动类项目不少于500个，落地率70%以上；创办留学生企业100家；三年引进人才总量不少于8万名。"),
    (C.join_broken_lines, "五是做到“三个确保”，即要确保高新区经济发展持续跑在全市快车道上，确保综合实力和竞争力在全\n省争先进位。",
     "五是做到“三个确保”，即要确保高新区经济发展持续跑在全市快车道上，确保综合实力和竞争力在全省争先进位。"),
]


_W = "一二三四五六七八九十" * 2 + "一二三四五六七八"  # 28 characters: a full printed line of a PDF page
#: hard wraps: a PDF text layer breaks every line at the page's width (28 here)
WRAPPED = [
    # a full line goes on below, even after 。 (the paragraph fills the line); a short line ends it
    ([_W, "续完。", "新段落。"], f"{_W}续完。\n新段落。"),
    ([_W[:-1] + "。", "同段续写，说明细节。", "下一段。"], f"{_W[:-1]}。同段续写，说明细节。\n下一段。"),
    # a paragraph's first line is indented by two: 26 characters without an end mark go on
    ([_W[:26], "续完。"], f"{_W[:26]}续完。"),
    # a full line that ends a sentence, above a heading sentence (short, no comma), ends its paragraph
    ([_W[:-1] + "。", "产业能级更高。以网络信息技术产业为重点。"], f"{_W[:-1]}。\n产业能级更高。以网络信息技术产业为重点。"),
    # a numbered item below a full line starts its own line
    ([_W, "（二）支持开源软件。"], f"{_W}\n（二）支持开源软件。"),
    # a title wrapped short: 深圳市坪山区数字经济高质量发展资金 / 支持措施
    (["深圳市坪山区数字经济高质量发展资金", "支持措施", "第一章总则"], "深圳市坪山区数字经济高质量发展资金支持措施\n第一章总则"),
]


@pytest.mark.parametrize("lines,expected", WRAPPED)
def test_clean_hard_wraps_join_at_the_page_width(lines, expected):
    filler = [_W[:-1] + "甲乙丙丁戊己庚辛壬癸"[i % 10] for i in range(24)] + ["完。"]  # lines enough to show the width
    text = "\n".join(["正文。", *lines, "结束。", *filler])
    assert C.join_broken_lines(C.Tracked.of(text)).text.split("\n")[1:1 + expected.count("\n") + 1] == expected.split("\n")


@pytest.mark.parametrize("lines,width", [
    ([_W] * 25 + ["短。"] * 10, 28.0),
    (["一个段落一个段落。" * k for k in range(1, 40)], None),  # paragraphs: lengths spread out
    ([_W] * 10, None),  # too few lines to tell
])
def test_clean_wrap_width(lines, width):
    assert C.wrap_width(lines) == width


@pytest.mark.parametrize("text,expected", [
    # a 文号 line stands alone above the notice's title
    ("深坪府办规〔2023〕5号\n坪山区人民政府办公室关于印发《深圳市\n坪山区资金支持措施》的通知\n各街道办事处：",
     "深坪府办规〔2023〕5号\n坪山区人民政府办公室关于印发《深圳市坪山区资金支持措施》的通知\n各街道办事处："),
    # a cross-reference cut after 第 goes on; a numbered item after a sentence does not
    ("（二）同一项目不可同时申报本措施第十条第（一）款和第\n（二）款的资助。", "（二）同一项目不可同时申报本措施第十条第（一）款和第（二）款的资助。"),
    ("让农村成为美丽家园。\n（二）目标任务。", "让农村成为美丽家园。\n（二）目标任务。"),
    # a stray 《 early in a long paragraph is not a title cut off
    ("依据《条例，" + "推进工作" * 12 + "。\n（二）目标任务。", "依据《条例，" + "推进工作" * 12 + "。\n（二）目标任务。"),
])
def test_clean_joins_titles_and_references(text, expected):
    assert C.join_broken_lines(C.Tracked.of(text)).text == expected


_PAD = "推进工作落实见效。" * 170  # a one-line document is long: the split applies to lines of 1500 characters or more


@pytest.mark.parametrize("text,expected", [
    # numbered headings run into the text with nothing between them: each on a line of its own,
    # a part heading's name cut from the text it runs into (总体要求|行政执法…)
    (_PAD + "一、总体要求行政执法制度很重要。（一）指导思想。以思想为指导。（二）基本原则。坚持依法规范。二、工作任务（三）强化公开。要公开。",
     _PAD + "\n一、总体要求\n行政执法制度很重要。\n（一）指导思想。以思想为指导。\n（二）基本原则。坚持依法规范。\n二、工作任务\n（三）强化公开。要公开。"),
    # numbers out of sequence, references and lists stay inside the text
    (_PAD + "按第（二）款执行，（一）和（二）项除外。一、二、三级医院。", _PAD + "按第（二）款执行，（一）和（二）项除外。一、二、三级医院。"),
    # a line of ordinary length is left alone
    ("一、总体要求行政执法。（一）指导思想。", "一、总体要求行政执法。（一）指导思想。"),
])
def test_clean_splits_run_in_headings_of_one_line_documents(text, expected):
    assert C.split_run_in_headings(C.Tracked.of(text)).text == expected


@pytest.mark.parametrize("step,text,expected", CASES, ids=lambda v: getattr(v, "__name__", None))
def test_clean_step_table(step, text, expected):
    assert step(C.Tracked.of(text)).text == expected


@pytest.mark.parametrize("text", ["需新建**所学校，投资××亿元", "每年安排不少于**亿元"])
def test_clean_keeps_placeholders(text):
    assert C.clean_text(text) == text


def test_clean_seed_rejoins_page_breaks(seed_path):
    cleaned = C.clean_text(seed_path.read_text(encoding="utf-8"))
    assert "开展“三次创业”是高新区" in cleaned
    assert "全国范围内的推广" in cleaned
    assert "高新区（滨江）“三次创业”三年行动计划\n（2015-2017年）" in cleaned
    assert "相关文档" not in cleaned and "最新文档" not in cleaned
    assert "\n\n" not in cleaned


_alphabet = st.sampled_from(list("一二三四五六七八九十年月日计划工程推进、，。；：“”（）()《》,;:?! \t\n\r"
                                 "\u3000\u200b\ufeff0123456789０１２ＡａAb%.-—第章条是**相关文档"))


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=200) | st.text(max_size=100))
def test_clean_is_idempotent(text):
    once = C.clean_text(text)
    assert C.clean_text(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=200) | st.text(max_size=100))
def test_clean_offsets_map_back(text):
    t = C.clean(text)
    assert len(t.offsets) == len(t.text)
    assert list(t.offsets) == sorted(t.offsets)
    for ch, off in zip(t.text, t.offsets):
        assert 0 <= off < len(text)
        if "\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalnum():
            original = text[off]
            assert original == ch or C.normalize_width(C.Tracked.of(original)).text == ch
