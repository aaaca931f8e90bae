"""policykg/view.py and queries/explore.py: graph HTML, neighbourhoods, highlighted spans, diffs, unit links, chains."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import Edge, Node, PlanDoc, PlanMeta
from queries.explore import dependency_chain, neighbourhood
from policykg.view import (LABEL_STYLE, diff_html, display_value, highlight_span,
                        outline_rows, render_graph_html, result_graph,
                        search_snippet, tooltip_html, unit_details)

MARKUP = "<script>alert(1)</script><b>粗体</b>"


def _plan() -> PlanDoc:
    p = "p"
    nodes = (
        Node(f"{p}/1", "Section", "重点任务", text="一、重点任务", path="1", start=0, end=6),
        Node(f"{p}/1.1", "Task", "推进研发投入", text="1、推进研发投入。新增孵化器20家。", path="1.1",
             start=7, end=25),
        Node(f"{p}/1.2", "Task", "推进平台建设", text="2、依托孵化器推进平台建设。", path="1.2",
             start=26, end=40),
        Node(f"{p}/1.1/t1", "Target", "新增孵化器", props={"metric": "新增孵化器", "value": 20.0,
             "unit": "家", "comparator": "=", "year": 2017, "raw": "新增孵化器20家"}),
        Node("doc-1", "Document", "《国家创新驱动发展战略纲要》", props={"number": None}),
        Node("org-1", "Organization", "区科技局", props={"name": "区科技局"}),
    )
    edges = (
        Edge(p, f"{p}/1", "HAS_PART"), Edge(f"{p}/1", f"{p}/1.1", "HAS_PART"),
        Edge(f"{p}/1", f"{p}/1.2", "HAS_PART"), Edge(f"{p}/1.1", f"{p}/1.1/t1", "HAS_TARGET"),
        Edge(f"{p}/1.1", "doc-1", "CITES", {"context": "根据纲要"}),
        Edge("org-1", f"{p}/1.1", "LEADS", {"evidence": "区科技局牵头"}),
        Edge(f"{p}/1.2", f"{p}/1.1", "DEPENDS_ON", {"inferred": True, "method": "explicit-cue",
                                                   "score": 0.9, "evidence": "依托孵化器"}),
    )
    return PlanDoc(PlanMeta(id=p, title="示例三年行动计划"), nodes=nodes, edges=edges,
                   text="一、重点任务\n1、推进研发投入。新增孵化器20家。\n2、依托孵化器推进平台建设。")


# ---- render_graph_html -----------------------------------------------------------------------

@pytest.mark.parametrize("title", [MARKUP, "推进<img src=x onerror=alert(1)>建设", "href=javascript:x"])
def test_view_graph_html_keeps_document_markup_as_text(title):
    page, cut = render_graph_html([{"id": "n1", "label": "Task", "title": title}], [])
    assert not cut
    assert "<" not in title or title not in page  # markup never appears raw
    assert "popup.innerHTML" not in page  # pyvis's link template (innerHTML tooltips) stays off
    assert "<img" not in page.split("<body>", 1)[1].split("vis.DataSet", 1)[0]
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    assert data[0]["label"].startswith(title[:10])  # the canvas label is the plain text
    assert html.escape(title).replace("href", "hre&#102;") in data[0]["title"]  # tooltip escaped


def test_view_graph_html_has_no_cdn_and_inlines_vis():
    page, _ = render_graph_html([{"id": "a", "label": "Plan", "title": "规划"}], [])
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "vis-network" in page and 'id="pkg-legend"' in page and "规划 Plan" in page


@pytest.mark.parametrize("n, cap, cut", [(5, 10, False), (10, 10, False), (12, 10, True)])
def test_view_graph_html_caps_nodes(n, cap, cut):
    nodes = [{"id": f"n{i}", "label": "Task", "title": f"任务{i}"} for i in range(n)]
    edges = [{"source": f"n{i}", "target": f"n{i + 1}", "type": "DEPENDS_ON"} for i in range(n - 1)]
    page, was_cut = render_graph_html(nodes, edges, max_nodes=cap)
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    links = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    assert was_cut is cut and len(data) == min(n, cap)
    assert all(e["to"] in {d["id"] for d in data} for e in links)


def test_view_graph_html_styles_by_label():
    nodes = [{"id": label, "label": label, "title": label} for label in LABEL_STYLE]
    page, _ = render_graph_html(nodes, [])
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page).group(1))
    assert {(d["color"], d["shape"]) for d in data} == set(LABEL_STYLE.values())


def test_view_graph_html_accepts_model_nodes_and_edges():
    doc = _plan()
    page, _ = render_graph_html(doc.nodes, doc.edges)
    assert json.dumps("推进研发投入")[1:-1] in page


# ---- text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end, context, expected", [
    ("甲乙丙", 1, 2, None, '甲<mark id="pkg-hl">乙</mark>丙'),
    ("<b>乙</b>", 0, 3, None, '<mark id="pkg-hl">&lt;b&gt;</mark>乙&lt;/b&gt;'),
    ("一二三四五", 2, 3, 1, '…二<mark id="pkg-hl">三</mark>四…'),
    ("甲乙", None, None, None, "甲乙"),
    ("甲乙", 1, 9, None, "甲乙"),
])
def test_view_highlight_span_table(text, start, end, context, expected):
    assert highlight_span(text, start, end, context=context) == f'<div class="pkg-text">{expected}</div>'


@given(st.text(alphabet="<>&\"'甲乙 \n", max_size=40), st.data())
def test_view_highlight_span_round_trips_the_text(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    out = highlight_span(text, start, end)
    inner = out[len('<div class="pkg-text">'):-len("</div>")]
    assert "<" not in inner.replace('<mark id="pkg-hl">', "").replace("</mark>", "")
    assert html.unescape(inner.replace('<mark id="pkg-hl">', "").replace("</mark>", "")) == text
    marked = inner.split('<mark id="pkg-hl">')[1].split("</mark>")[0]
    assert html.unescape(marked) == text[start:end]


@pytest.mark.parametrize("diff, expected", [
    ("力争201[-7-]{+8+}年", "力争201<del>7</del><ins>8</ins>年"),
    ("{+<script>+}", "<ins>&lt;script&gt;</ins>"),
    ("无变化", "无变化"),
])
def test_view_diff_html_table(diff, expected):
    assert diff_html(diff) == expected


def test_view_search_snippet_marks_the_hit():
    assert '<mark id="pkg-hl">孵化器</mark>' in search_snippet("新增孵化器20家", "孵化器")


def test_view_tooltip_html_escapes_each_line():
    assert tooltip_html("任务", MARKUP) == "任务<br>" + html.escape(MARKUP)


# ---- plan structure ------------------------------------------------------------------------------

def test_view_outline_rows_in_document_order():
    assert [(r["path"], r["depth"]) for r in outline_rows(_plan())] == [("1", 0), ("1.1", 1), ("1.2", 1)]


def test_view_unit_details_lists_targets_citations_leads_links():
    d = unit_details(_plan(), "p/1.1")
    assert [t["metric"] for t in d["targets"]] == ["新增孵化器"]
    assert [c["title"] for c in d["citations"]] == ["《国家创新驱动发展战略纲要》"]
    assert [(o["name"], o["role"]) for o in d["organizations"]] == [("区科技局", "牵头")]
    assert [(x["direction"], x["other"], x["evidence"]) for x in d["links"]] == [("←", "推进平台建设", "依托孵化器")]


@pytest.mark.parametrize("task, direction, min_score, expected", [
    ("p/1.2", "upstream", 0.0, [("推进平台建设", "推进研发投入")]),
    ("p/1.1", "downstream", 0.0, [("推进平台建设", "推进研发投入")]),
    ("p/1.2", "upstream", 0.95, []),
    ("p/1.1", "upstream", 0.0, []),
])
def test_view_dependency_chain_table(task, direction, min_score, expected):
    rows = dependency_chain(_plan(), task, direction=direction, min_score=min_score)
    assert [(r["from"], r["to"]) for r in rows] == expected


# ---- store-backed ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.engines import open_store
    s = open_store(str(tmp_path_factory.mktemp("view") / "kg.lbug"))
    s.add_plan(_plan())
    yield s
    s.close()


@pytest.mark.parametrize("depth, labels, rels, expected", [
    (1, None, None, {"p/1.1", "p/1", "p/1.2", "p/1.1/t1", "doc-1", "org-1"}),
    (1, ["Task", "Section"], None, {"p/1.1", "p/1", "p/1.2"}),
    (1, None, ["HAS_TARGET"], {"p/1.1", "p/1.1/t1"}),
    (2, None, ["HAS_PART"], {"p/1.1", "p/1", "p/1.2", "p"}),
])
def test_view_neighbourhood_filters(store, depth, labels, rels, expected):
    nodes, edges, cut = neighbourhood(store, "p/1.1", depth, labels, rels, 50)
    assert {n["id"] for n in nodes} == expected and not cut
    assert all(e["source"] in expected and e["target"] in expected for e in edges)


def test_view_neighbourhood_cap_cuts(store):
    nodes, _, cut = neighbourhood(store, "p/1.1", 2, None, None, 3)
    assert len(nodes) == 3 and cut
    assert nodes[0]["id"] == "p/1.1" and nodes[0]["hops"] == 0


def test_view_result_graph_from_ladybug_rows(store):
    result = store.run("MATCH (a:Task)-[r:DEPENDS_ON]->(b:Task) RETURN a, r, b")
    nodes, edges = result_graph(result.rows)
    assert {n["id"] for n in nodes} == {"p/1.1", "p/1.2"}
    assert [(e["source"], e["type"], e["target"]) for e in edges] == [("p/1.2", "DEPENDS_ON", "p/1.1")]
    assert result_graph([(1, "x")]) == ([], [])


@pytest.mark.parametrize("value, expected", [(None, None), ("文本", "文本"), (2.5, 2.5),
                                             ([1, "甲"], '[1, "甲"]'), ({"a": "<b>"}, '{"a": "<b>"}')])
def test_view_display_value_table(value, expected):
    assert display_value(value) == expected


# ---- issue 18: the 对照 and its exports ------------------------------------------------------------

@pytest.mark.issue(18)
def test_view_duizhao_escapes_and_marks_both_sides():
    from policykg.view import duizhao_html
    from analysis.sentences import align_sentences
    page = duizhao_html(align_sentences("稳就业。<b>涨幅</b>3%。删去。", "稳就业。<b>涨幅</b>2%。"), fold_same=True)
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert "<del>3</del>" in page and "<ins>2</ins>" in page and "<del>删去。</del>" in page
    assert page.count("<details>") == 1


@pytest.mark.issue(18)
def test_view_xlsx_is_a_well_formed_workbook():
    import io
    import zipfile
    from xml.etree import ElementTree

    from policykg.sheets import csv_bytes, xlsx_bytes
    data = xlsx_bytes(["原文 A", "新文 B", "n"], [["涨幅3%<左右>&", "涨幅2%\x01", 3], [None, "新增", 1.5]], sheet="对照")
    book = zipfile.ZipFile(io.BytesIO(data))
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"} <= set(book.namelist())
    for name in book.namelist():
        ElementTree.fromstring(book.read(name))  # every part parses
    sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "涨幅3%&lt;左右&gt;&amp;" in sheet and "<v>1.5</v>" in sheet and 'name="对照"' in book.read(
        "xl/workbook.xml").decode("utf-8")
    assert csv_bytes(["指标"], [["就业"]]).decode("utf-8-sig") == "指标\r\n就业\r\n"
