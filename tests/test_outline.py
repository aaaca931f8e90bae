"""Outline building and classification on small inline plans."""

from __future__ import annotations

import pytest

from ingest.outline import build_outline, heading_context, split_enumerator, walk


@pytest.mark.parametrize("line,kind", [
    ("第一章 总则", "zhang"), ("第三节 任务", "jie"), ("第十二条 为规范", "tiao"),
    ("一、总体要求", "cn"), ("（一）指导思想", "cn_paren"), ("(二)基本原则", "cn_paren"),
    ("1、推进主导产业", "num"), ("1.决胜全面建成", "num"), ("（3）加强", "num_paren"),
    ("①建设", "circled"), ("一是紧扣主线", "shi"), ("专栏1 重大工程", "zhuanlan"),
    ("1.5万亿元的投资", None), ("2015年以来", None), ("坚持产业为基。", None),
])
def test_outline_enumerator_kinds(line, kind):
    assert split_enumerator(line)[0] == kind


@pytest.mark.parametrize("title,context", [
    ("时代背景、基本思路", "background"), ("2018年工作回顾", "background"),
    ("总体要求", "general"), ("基本原则", "Principle"), ("行动目标", "Goal"),
    ("全面实施“八大工程”", "Project"), ("着力推进“二十项重点”", "Task"), ("保障措施", "Measure"),
    ("2019年政府工作任务", "Task"), ("总体要求、基本原则、行动目标", None), ("规划建设", None),
    ("我省发展基础", "background"),
    # goals and work in one heading: the items are the work (a county report's second part)
    ("加大组织保障力度，确保全面推行“三项制度”取得实效", "Measure"), ("强化组织保障，确保任务落实", "Measure"),
    ("加强保障能力建设", None),
    ("发展环境", "background"), ("优化发展环境", None), ("面临的环境", "background"),
    ("2024年工作目标和主要任务", "Task"), ("发展目标和重点任务", "Task"), ("发展目标和主要指标", "Goal"),
    ("提振和扩大消费，切实增强消费促发展基础性作用", None),  # 基础性 is an adjective: a work part
])
def test_outline_heading_context(title, context):
    assert heading_context(title) == context


PLAN = """一、发展基础
1、国家层面。当前形势。
二、重点任务
（一）实施“两大工程”
1、创业生态工程。营造环境。
2、美丽滨江工程。注重体验。
（二）推进重点工作
1、推进主导产业再进位。主攻主业。
继续推进。
2、推进五水共治再破难。全面推进。
三、保障措施
组织保障。建立领导小组。
资金保障。安排资金。"""


def test_outline_labels_and_paths():
    items = list(walk(build_outline(PLAN)))
    got = [(i.path, i.label, i.title) for i in items]
    assert got == [
        ("1", "Section", "发展基础"), ("1.1", "Section", "国家层面"),
        ("2", "Section", "重点任务"), ("2.1", "Section", "实施“两大工程”"),
        ("2.1.1", "Project", "创业生态工程"), ("2.1.2", "Project", "美丽滨江工程"),
        ("2.2", "Section", "推进重点工作"),
        ("2.2.1", "Task", "推进主导产业再进位"), ("2.2.2", "Task", "推进五水共治再破难"),
        ("3", "Section", "保障措施"), ("3.1", "Measure", "组织保障"), ("3.2", "Measure", "资金保障"),
    ]


def test_outline_spans_cover_own_paragraphs():
    items = {i.path: i for i in walk(build_outline(PLAN))}
    task = items["2.2.1"]
    assert PLAN[task.start:task.end] == "1、推进主导产业再进位。主攻主业。\n继续推进。"


def test_outline_numbering_restarts_per_parent():
    text = "一、甲\n1、推进甲一。内容。\n2、推进甲二。内容。\n二、乙\n1、推进乙一。内容。"
    assert [i.path for i in walk(build_outline(text))] == ["1", "1.1", "1.2", "2", "2.1"]


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,principles", [
    # principles run into one paragraph of a principles part: one Principle per 坚持… heading sentence
    ("一、总体要求\n（一）基本原则。坚持依法规范。全面履行法定职责，规范办事流程。坚持执法为民。牢固树立以人民为中心的思想，"
     "提供优质服务。坚持务实高效。聚焦基层执法实践需要，着力解决实际问题。\n二、主要任务\n（二）强化事前公开。要公开。",
     ["坚持依法规范", "坚持执法为民", "坚持务实高效"]),
    # a principles paragraph without run-in heading sentences stays one paragraph
    ("一、总体要求\n（一）基本原则。坚持依法规范，全面履行法定职责，规范办事流程。\n二、主要任务\n（二）强化事前公开。要公开。", []),
])
def test_outline_principles_run_into_a_paragraph(text, principles):
    assert [i.title for i in walk(build_outline(text)) if i.label == "Principle"] == principles
