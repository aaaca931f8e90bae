"""规划 Plan reader: the outline beside the cleaned text; a unit's span, targets, links."""

import pandas as pd
import streamlit as st

from policykg.ui import LABEL_ZH
from policykg.view import highlight_span, outline_rows, parse_span, unit_details
from policykg import ui
from policykg.ui import present

st.title("规划 Plan reader")
handle = ui.handle_or_stop()
params = st.query_params
doc = ui.chosen_plan(handle, key="reader_plan")
rows = outline_rows(doc)
if not rows:
    st.info("该规划没有识别出条目 No units were found in this plan.")
    st.html(highlight_span(doc.text, None, None))
    st.stop()

by_id = {r["id"]: r for r in rows}
ids = [r["id"] for r in rows]
wanted = params.get("unit")
left, right = st.columns([2, 3])
with left:
    st.caption("大纲 Outline")
    with st.container(height=620):
        unit_id = st.radio(
            "条目 Unit", ids, index=ids.index(wanted) if wanted in ids else 0, key="reader_unit",
            label_visibility="collapsed",
            format_func=lambda i: "　" * by_id[i]["depth"] + ui.md_escape(
                f"{by_id[i]['path']} {by_id[i]['title']} · {LABEL_ZH[by_id[i]['label']]}"))
unit = by_id[unit_id]
# ?hl=start-end (a target's or outcome's own span, from the 指标 page's 阅读 links) when it lies in the unit
span = parse_span(params.get("hl")) if unit_id == wanted else None
if span and not (unit["start"] is not None and unit["start"] <= span[0] <= span[1] <= unit["end"]):
    span = None
ui.remember(unit=unit_id, hl=f"{span[0]}-{span[1]}" if span else None)
mark = span or (unit["start"], unit["end"])
with right:
    st.caption(f"原文 Text · {unit['path']} {ui.md_escape(unit['title'])} · {LABEL_ZH[unit['label']]}"
               + (" · 已标出该句 the sentence is highlighted" if span else ""))
    st.html(highlight_span(doc.text, mark[0], mark[1], context=400)
            + "<style>.pkg-text{white-space:pre-wrap;line-height:1.7}"
              "mark#pkg-hl{background:#ffe58a}</style>")
    with st.expander("全文 Full text"):
        st.html(highlight_span(doc.text, mark[0], mark[1]))

details = unit_details(doc, unit_id)
COLUMNS_ZH = {"metric": "指标 Metric", "target": "目标 Target", "actual": "实际 Actual", "year": "年份 Year",
              "kind": "类型 Kind", "indicator": "标准指标 Indicator", "raw": "原文 Raw", "title": "文件 Document",
              "number": "文号 Number", "context": "上下文 Context", "name": "名称 Name", "label": "类别 Label",
              "count": "次数 Count", "role": "角色 Role", "evidence": "证据 Evidence", "direction": "方向 Direction",
              "type": "关系 Type", "other": "另一端 Other", "method": "方法 Method", "score": "分数 Score"}
TITLES = {"targets": "指标 Targets", "outcomes": "实绩 Results", "citations": "引用 Citations", "mentions": "提及 Mentions",
          "organizations": "责任单位 Lead / partner bodies", "links": "推断关系 Inferred links"}
for key, title in TITLES.items():
    items = details[key]
    st.subheader(f"{title} ({len(items)})")
    if items:
        frame = pd.DataFrame(items).drop(columns=["start", "end", "other_id"], errors="ignore").astype(object)
        st.dataframe(frame.map(present.cell).rename(columns=COLUMNS_ZH), hide_index=True, key=f"reader_{key}")
