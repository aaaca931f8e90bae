"""规划 Plan reader: the outline beside the cleaned text; a unit's span, targets, links."""

import pandas as pd
import streamlit as st

from graph.model import LABEL_ZH
from policykg.view import highlight_span, outline_rows, unit_details
from policykg import ui

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
with right:
    st.caption(f"原文 Text · 字符 chars {unit['start']}–{unit['end']} · {ui.md_escape(unit_id)}")
    st.html(highlight_span(doc.text, unit["start"], unit["end"], context=400)
            + "<style>.pkg-text{white-space:pre-wrap;line-height:1.7}"
              "mark#pkg-hl{background:#ffe58a}</style>")
    with st.expander("全文 Full text"):
        st.html(highlight_span(doc.text, unit["start"], unit["end"]))

details = unit_details(doc, unit_id)
TITLES = {"targets": "指标 Targets", "outcomes": "实绩 Results", "citations": "引用 Citations", "mentions": "提及 Mentions",
          "organizations": "责任单位 Lead / partner bodies", "links": "推断关系 Inferred links"}
for key, title in TITLES.items():
    items = details[key]
    st.subheader(f"{title} ({len(items)})")
    if items:
        frame = pd.DataFrame(items).astype(object)
        st.dataframe(frame.where(frame.notna(), "—"), hide_index=True, key=f"reader_{key}")
