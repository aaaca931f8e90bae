"""PlanDoc -> rows (pure): columns per label, relationship keys, duplicates, invalid pairs, batching."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

from core.model import NODE_PROPS, REL_PROPS, Edge, Node, PlanDoc, PlanMeta
from graph.rows import batched, count_rows, parse_key, plan_to_rows, rel_key
from core.errors import InputError
from test_ladybug_store import DOC_80, ORG, sample_doc


def test_rows_every_label_has_exactly_its_schema_columns():
    rows = plan_to_rows(sample_doc())
    for key, items in rows.items():
        if parse_key(key) is None:
            assert all(list(r) == ["id", *NODE_PROPS[key]] for r in items), key
        else:
            assert all(list(r) == ["src", "dst", *REL_PROPS[parse_key(key)[0]]] for r in items), key


@pytest.mark.parametrize("key,expected", [
    ("Plan", {"id": "plan-a", "title": "高新区(滨江)三年行动计划", "version": "2.1版",
              "status": "征求意见稿", "period_start": 2015, "period_end": 2017,
              "warnings": json.dumps(["未找到文号"], ensure_ascii=False)}),
    ("Target", {"id": "plan-a/2/t1", "plan_id": "plan-a", "metric": "营业收入", "value": 3e11,
                "unit": "元", "comparator": ">=", "year": 2017, "base_year": None}),
    ("Document", {"id": DOC_80, "title": "关于开展专题活动的通知", "number": "市委办发〔2014〕80号",
                  "issuer": "市委办", "year": 2014}),
    ("Organization", {"id": ORG, "name": "区发改局"}),
    ("LEADS:Organization:Task", {"src": ORG, "dst": "plan-a/3.1.1", "evidence": "区发改局牵头"}),
    ("HAS_TARGET:Goal:Target", {"src": "plan-a/2", "dst": "plan-a/2/t1"}),
])
def test_rows_values(key, expected):
    (row, *_) = [r for r in plan_to_rows(sample_doc())[key] if r.get("id", r.get("src")) ==
                 expected.get("id", expected.get("src"))]
    assert {k: row[k] for k in expected} == expected


def test_rows_plan_keeps_text_and_titles():
    row = plan_to_rows(sample_doc())["Plan"][0]
    assert row["text"].startswith("一、总体要求") and json.loads(row["titles"])[1] == "“三次创业”三年行动计划"


def test_rows_units_get_document_order():
    rows = plan_to_rows(sample_doc())
    orders = {r["id"]: r["order"] for label in ("Section", "Principle", "Goal", "Project", "Task")
              for r in rows[label]}
    assert sorted(orders, key=orders.get) == [
        "plan-a/1", "plan-a/1.1", "plan-a/2", "plan-a/3", "plan-a/3.1", "plan-a/3.1.1"]


def test_rows_drop_duplicate_nodes_and_edges():
    doc = sample_doc()
    dup = PlanDoc(doc.plan, doc.nodes + doc.nodes[:2], doc.edges + doc.edges[:3], text=doc.text)
    assert count_rows(plan_to_rows(dup)) == count_rows(plan_to_rows(doc)) == (12, 12)


def test_rows_edge_to_a_node_outside_the_doc_gets_a_wildcard_label():
    doc = PlanDoc(PlanMeta(id="p2", title="新计划"), edges=(Edge("p2", "plan-a", "REVISES"),))
    assert plan_to_rows(doc)["REVISES:Plan:*"] == [
        {"src": "p2", "dst": "plan-a", "inferred": None, "method": None, "score": None, "evidence": None}]


@pytest.mark.parametrize("edge,message", [
    (Edge("p", "p/t1", "HAS_PART"), "HAS_PART relationship cannot join Plan to Target"),
    (Edge("p/1", "p", "LEADS"), "LEADS relationship cannot join Task to Plan"),
])
def test_rows_refuse_edges_the_schema_does_not_allow(edge, message):
    doc = PlanDoc(PlanMeta(id="p", title="计划", source="计划.txt"),
                  nodes=(Node("p/1", "Task", "推进"), Node("p/t1", "Target", "指标")), edges=(edge,))
    with pytest.raises(InputError, match=f"计划.txt: a {message}"):
        plan_to_rows(doc)


@pytest.mark.parametrize("key,parsed", [("Task", None), (rel_key("CITES", "Plan", "Document"),
                                                          ("CITES", "Plan", "Document"))])
def test_rows_keys(key, parsed):
    assert parse_key(key) == parsed


@given(items=st.lists(st.integers(), max_size=50), n=st.integers(min_value=1, max_value=10))
def test_rows_batched_keeps_order_and_sizes(items, n):
    batches = list(batched(items, n))
    assert [x for b in batches for x in b] == items
    assert all(1 <= len(b) <= n for b in batches)


def test_rows_batched_refuses_zero():
    with pytest.raises(ValueError, match="at least 1"):
        list(batched([1], 0))
