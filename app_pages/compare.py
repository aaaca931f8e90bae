"""对比 Compare: two plans aligned unit by unit, target and citation changes; a metric over plans."""

import pandas as pd
import streamlit as st

from graph.model import LABEL_ZH
from ingest.numbers import format_number
from policykg.view import diff_html
from queries.series import metric_series
from policykg import ui

STATUS_COLOUR = {"unchanged": "", "modified": "background-color:#fff4c2",
                 "added": "background-color:#d9f7d9", "removed": "background-color:#ffd9d9",
                 "changed": "background-color:#fff4c2"}
STATUS_ZH = {"unchanged": "未变", "modified": "修改", "added": "新增", "removed": "删除", "changed": "变化"}

st.title("对比 Compare")
handle = ui.handle_or_stop()
plans = ui.list_plans(handle.store, handle.uri)
if len(plans) < 2:
    st.info("至少需要两份规划 Compare needs at least two stored plans.")
    st.stop()
names = {p["id"]: ui.plan_label(p) for p in plans}
ids = list(names)
c1, c2 = st.columns(2)
wanted = st.query_params  # /compare?a=PLAN&b=PLAN opens on those two
a = c1.selectbox("旧版 A (older)", ids, index=ids.index(wanted["a"]) if wanted.get("a") in ids else 0,
                 format_func=names.__getitem__, key="cmp_a")
b = c2.selectbox("新版 B (newer)", ids, index=ids.index(wanted["b"]) if wanted.get("b") in ids else 1,
                 format_func=names.__getitem__, key="cmp_b")
if a == b:
    st.warning("请选择两份不同的规划 Pick two different plans.")
    st.stop()

result = ui.cached_compare(handle.store, handle.uri, a, b)
pairs = pd.DataFrame(result["pairs"])
counts = pairs["status"].value_counts() if len(pairs) else pd.Series(dtype=int)
cols = st.columns(4)
for col, status in zip(cols, ("unchanged", "modified", "added", "removed")):
    col.metric(f"{STATUS_ZH[status]} {status}", int(counts.get(status, 0)))

shown = st.multiselect("显示状态 Show", list(STATUS_ZH)[:4], default=["modified", "added", "removed"],
                       format_func=lambda s: f"{STATUS_ZH[s]} {s}", key="cmp_status")
PAIR_COLUMNS = {"status": "状态 Status", "label": "类别 Label", "a_title": "原标题 A",
                "b_title": "新标题 B", "similarity": "相似度 Similarity", "moved": "移动 Moved"}
if len(pairs):
    view = pairs[pairs["status"].isin(shown) | pairs["moved"]].copy()  # a moved unit always shows
    view["label"] = view["label"].map(lambda x: f"{LABEL_ZH.get(x, x)} {x}")
    view[["a_title", "b_title"]] = view[["a_title", "b_title"]].fillna("—")
    view["similarity"] = view["similarity"].round(2)
    view = view[list(PAIR_COLUMNS)].rename(columns=PAIR_COLUMNS)
    st.subheader("对齐条目 Aligned units")
    st.dataframe(view.style.map(lambda s: STATUS_COLOUR.get(s, ""), subset=[PAIR_COLUMNS["status"]]),
                 hide_index=True, key="cmp_pairs")
    modified = pairs[(pairs["status"] == "modified") & pairs["status"].isin(shown)]
    with st.expander(f"逐条差异 Inline diffs ({len(modified)})", expanded=True):
        st.html("<style>del{background:#ffd9d9}ins{background:#d9f7d9;text-decoration:none}</style>"
                + "".join(f"<p><b>{diff_html(r.b_title or r.a_title or '')}</b><br>{diff_html(r.diff)}</p>"
                          for r in modified.itertuples()))

st.subheader("指标变化 Target changes")
TARGET_COLUMNS = {"status": "状态 Status", "metric": "指标 Metric", "unit": "单位 Unit",
                  "a_value": "原值 A", "b_value": "新值 B", "a_year": "原年份 A", "b_year": "新年份 B"}
targets = pd.DataFrame(result["targets"])
if len(targets):
    for side in ("a_value", "b_value"):  # as people read them; the CSV export keeps raw values
        targets[side] = [format_number(v, u) for v, u in zip(targets[side], targets["unit"])]
    targets = targets[list(TARGET_COLUMNS)].rename(columns=TARGET_COLUMNS)
    st.dataframe(targets.style.map(lambda s: STATUS_COLOUR.get(s, ""), subset=[TARGET_COLUMNS["status"]]),
                 hide_index=True, key="cmp_targets")
else:
    st.caption("无 None")

st.subheader("引用变化 Citations")
docs = {n.id: n.title for pid in (a, b) for n in ui.load_plan(handle.store, handle.uri, pid).nodes
        if n.label == "Document"}
c1, c2 = st.columns(2)
for col, key, title in ((c1, "added", "新增 Added"), (c2, "removed", "删除 Removed")):
    col.caption(title)
    col.dataframe(pd.DataFrame({"文件 Document": [docs.get(d, d) for d in result["citations"][key]],
                                "ID": result["citations"][key]}), hide_index=True, key=f"cmp_cit_{key}")

st.subheader("指标序列 A metric across plans")
keyword = st.text_input("指标关键词 Metric keyword (| 分隔 alternatives)", "研发", key="cmp_metric")
chosen = st.multiselect("规划 Plans", ids, default=ids[:30], format_func=names.__getitem__, key="cmp_series")
if keyword.strip() and chosen:
    series = pd.DataFrame(metric_series([ui.load_plan(handle.store, handle.uri, p) for p in chosen], keyword))
    found = series.dropna(subset=["value"])
    if len(found):
        st.line_chart(found, x="year", y="value")
    st.dataframe(series, hide_index=True, key="cmp_series_table")
