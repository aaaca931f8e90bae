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
