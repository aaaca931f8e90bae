"""Header metadata: titles, version, status, dates, period, issuer and 文号."""

from __future__ import annotations

import pytest

from ingest.meta import parse_date, read_meta


@pytest.mark.parametrize("text,iso", [
    ("（2015年2月1日征求意见稿）", "2015-02-01"), ("——2017年3月5日在第十二届", "2017-03-05"),
    ("二〇一八年十二月二十九日", "2018-12-29"), ("2015年13月1日", None), ("2015年", None),
])
def test_meta_parse_date(text, iso):
    assert parse_date(text) == iso


def test_meta_seed_keeps_both_titles_and_body_period():
    m = read_meta(["高新区（滨江）2016年-2018年三年行动计划（2.1版）", "高新区（滨江）“三次创业”三年行动计划",
                   "（2015-2017年）", "（2015年2月1日征求意见稿）"])
    assert m.titles == ("高新区（滨江）2016年-2018年三年行动计划（2.1版）", "高新区（滨江）“三次创业”三年行动计划")
    assert (m.title, m.version, m.status, m.issued) == ("高新区（滨江）“三次创业”三年行动计划", "2.1版", "征求意见稿", "2015-02-01")
    assert (m.period_start, m.period_end) == (2015, 2017)


@pytest.mark.parametrize("header,issuer,number,status", [
    (["国务院办公厅关于印发“无废城市”建设试点工作方案的通知", "国办发〔2018〕128号"], "国务院办公厅", "国办发〔2018〕128号", "印发"),
    (["北京市经济和信息化局印发《关于推进北京市数据专区建设的指导意见》的通知", "京经信发〔2022〕87号"], "北京市经济和信息化局", "京经信发〔2022〕87号", "印发"),
    (["阿坝州人民政府办公室关于印发《阿坝州政务数据资源管理暂行办法》的通知", "阿府办发〔2021〕21号"], "阿坝州人民政府办公室", "阿府办发〔2021〕21号", "暂行"),
])
def test_meta_issuer_number_status(header, issuer, number, status):
    m = read_meta(header)
    assert (m.issuer, m.number, m.status) == (issuer, number, status)


def test_meta_speech_issuer_from_body():
    assert read_meta(["政府工作报告"], "各位代表：\n现在，我代表国务院，向大会报告政府工作").issuer == "国务院"


# ---- covering notices, regions, dates in the body, horizons (issue 8) -------------------------
@pytest.mark.parametrize("header, body, title, issuer", [
    (["国务院关于印发国家职业教育改革实施方案的通知", "国发〔2019〕4号"],
     "各省、自治区、直辖市人民政府：\n现将《国家职业教育改革实施方案》印发给你们。\n国务院\n2019年1月24日\n国家职业教育改革实施方案\n一、总体要求",
     "国家职业教育改革实施方案", "国务院"),
    (["国务院办公厅转发国家教委关于内地西藏班（校）扩大规模有关问题请示的通知", "国办发〔1996〕32号"],
     "国务院办公厅\n一九九六年七月十七日\n关于内地西藏班（校）\n扩大规模有关问题的请示\n国务院：",
     "关于内地西藏班（校）扩大规模有关问题的请示", "国务院办公厅"),
    (["国务院办公厅关于印发《政府网站集约化试点工作方案》的通知"], "各省：\n方案已经国务院同意。",
     "政府网站集约化试点工作方案", "国务院办公厅"),
])
def test_meta_covering_notice_gives_the_attached_plan(header, body, title, issuer):
    m = read_meta(header, body)
    assert (m.title, m.issuer, m.region) == (title, issuer, "全国")
    assert header[0] in m.titles


@pytest.mark.parametrize("header, body, issued", [
    (["国务院关于印发某方案的通知"], "正文。\n国务院\n2019年1月24日\n某方案", "2019-01-24"),
    (["国务院办公厅转发某请示的通知"], "正文。\n国务院办公厅\n一九九六年七月十七日\n", "1996-07-17"),
    (["2025年湖南省政府工作报告", "政府工作报告"],
     "2025年1月14日在湖南省第十四届人民代表大会第三次会议上省长毛伟明作政府工作报告。\n各位代表：", "2025-01-14"),
])
def test_meta_issue_date_from_the_body(header, body, issued):
    assert read_meta(header, body).issued == issued


@pytest.mark.parametrize("header, body, region, issuer, title", [
    (["2025年湖南省政府工作报告", "政府工作报告"], "各位代表：\n现在，我代表省人民政府，向大会报告政府工作",
     "湖南省", "湖南省人民政府", "2025年湖南省政府工作报告"),
    (["2025年新疆政府工作报告"], "各位代表：\n现在，我代表自治区人民政府，向大会报告工作",
     "新疆维吾尔自治区", "新疆维吾尔自治区人民政府", "2025年新疆政府工作报告"),
    (["浙江省人民政府关于加快发展的意见"], "", "浙江省", "浙江省人民政府", "浙江省人民政府关于加快发展的意见"),
    (["阿坝州人民政府办公室关于印发某办法的通知"], "", "阿坝州", "阿坝州人民政府办公室", "阿坝州人民政府办公室关于印发某办法的通知"),
])
def test_meta_region_and_the_issuer_it_completes(header, body, region, issuer, title):
    m = read_meta(header, body)
    assert (m.region, m.issuer, m.title) == (region, issuer, title)


@pytest.mark.parametrize("title, period", [
    ("中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议", (2021, 2025)),
    ("浙江省“十三五”科技创新规划", (2016, 2020)),
    ("安徽省工业互联网创新发展行动计划（2021—2023年）", (2021, 2023)),
])
def test_meta_period_from_the_title(title, period):
    m = read_meta([title])
    assert (m.period_start, m.period_end) == period


def test_meta_horizon_is_the_farthest_year_the_body_sets():
    body = "（2018年1月2日）\n到2020年，制度框架基本形成。\n到2035年，取得决定性进展。\n到2050年，乡村全面振兴。"
    assert read_meta(["中共中央 国务院关于实施乡村振兴战略的意见"], body).horizon == 2050


# ---- first sight (issue 16): signatures, speakers, districts, notices without a title, terms ----

@pytest.mark.issue(16)
@pytest.mark.parametrize("header,body,issuer,region", [
    # the signature above the notice's date names the issuer in full (the title's prefix drops the city)
    (["深坪府办规〔2023〕5号", "坪山区人民政府办公室关于印发《深圳市坪山区数字经济高质量发展资金支持措施》的通知"],
     "各街道办事处：\n《深圳市坪山区数字经济高质量发展资金支持措施》经区政府同意，现印发给你们。\n"
     "深圳市坪山区人民政府办公室\n2023年6月21日\n深圳市坪山区数字经济高质量发展资金支持措施",
     "深圳市坪山区人民政府办公室", "深圳市坪山区"),
    # a notice without a title line: the signature is the issuer
    ([], "《河北省某某制度实施方案》已经省政府同意，现印发给你们，请认真组织实施。\n河北省人民政府办公厅\n2019年3月13日\n"
         "河北省某某制度实施方案\n为贯彻落实…", "河北省人民政府办公厅", "河北省"),
    # a district's report: 我代表区政府 is the district's 人民政府, named by the speaker line
    (["保定市清苑区2024年政府工作报告", "政府工作报告", "——2024年1月23日在保定市清苑区第三届人民代表大会第四次会议上",
      "保定市清苑区人民政府区长李英英"], "各位代表、同志们：\n现在，我代表区政府向大会作工作报告，请予审议。",
     "保定市清苑区人民政府", "保定市清苑区"),
    # a county's report without a speaker line: the meeting line names the county
    (["某县2023年政府工作报告", "——2023年2月12日在米某县第十九届人民代表大会第三次会议上"],
     "各位代表：\n现在，我代表县人民政府向大会报告工作。", "米某县人民政府", "米某县"),
])
def test_meta_issuer_and_region_first_sight(header, body, issuer, region):
    m = read_meta(header, body)
    assert (m.issuer, m.region) == (issuer, region)


@pytest.mark.issue(16)
def test_meta_title_named_by_a_notice_without_a_title_line():
    body = ("《河北省某某制度实施方案》已经省政府同意，现印发给你们，请认真组织实施。\n河北省人民政府办公厅\n2019年3月13日\n"
            "河北省某某制度实施方案\n为贯彻落实…")
    m = read_meta([], body)
    assert (m.title, m.issued) == ("河北省某某制度实施方案", "2019-03-13")


@pytest.mark.issue(16)
@pytest.mark.parametrize("tail,period", [
    ("（九）本措施自2023年7月3日起施行，有效期至2025年12月31日，由坪山区人民政府负责解释。", (2023, 2025)),
    ("本措施自2023年7月1日起施行，有效期3年。", (2023, 2025)),
    ("本办法自印发之日起施行。", (None, None)),
])
def test_meta_period_from_a_policy_term(tail, period):
    m = read_meta(["某区资金支持措施"], "第一条 为推进……\n" + tail)
    assert (m.period_start, m.period_end) == period


@pytest.mark.issue(16)
def test_meta_meeting_line_is_not_a_title():
    m = read_meta(["2025年浙江省政府工作报告", "2025年1月14日在浙江省第十四届人民代表大会第三次会议上浙江省代省长刘捷作政府工作报告"])
    assert m.title == "2025年浙江省政府工作报告"
