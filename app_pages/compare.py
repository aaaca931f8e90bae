"""对比 Compare: target changes first, then the units and their sentence-by-sentence 对照."""

import pandas as pd
import streamlit as st

from policykg import ui
from policykg.sheets import XLSX_MIME, csv_bytes, xlsx_bytes
from policykg.view import (CHANGE_COLOURS, DUIZHAO_COLUMNS, duizhao_export_rows, duizhao_html,
                           target_change_rows)
from policykg.ui import present
from policykg.ui import metric_series

STATUS_COLOUR = {"未变": "", "修改": "background-color:#fff4c2", "新增": "background-color:#d9f7d9",
                 "删除": "background-color:#ffd9d9"}
CHANGE_COLOUR = {present.change_zh(k): v for k, v in CHANGE_COLOURS.items()}

st.title("对比 Compare")
handle = ui.handle_or_stop()
plans = ui.list_plans()
if len(plans) < 2:
    st.info("至少需要两份规划 Compare needs at least two stored plans.")
    st.stop()
names = ui.plan_names(plans)
ids = list(names)
c1, c2 = st.columns(2)
wanted = st.query_params  # /compare?a=PLAN&b=PLAN opens on those two
a = c1.selectbox("旧版 A (older)", ids, index=ids.index(wanted["a"]) if wanted.get("a") in ids else 0,
                 format_func=names.__getitem__, key="cmp_a")
b = c2.selectbox("新版 B (newer)", ids, index=ids.index(wanted["b"]) if wanted.get("b") in ids else 1,
                 format_func=names.__getitem__, key="cmp_b")
ui.remember(a=a, b=b)
if a == b:
    st.warning("请选择两份不同的规划 Pick two different plans.")
    st.stop()

result = ui.compare(a, b)

st.subheader("指标变化 Target changes")
changes = [c for c in result.targets]
counts = pd.Series([c.change for c in changes], dtype=object).value_counts()
cols = st.columns(6)
for col, change in zip(cols, ("same", "raised", "lowered", "changed", "added", "removed")):
    n = int(counts.get(change, 0)) + (int(counts.get("postponed", 0) + counts.get("advanced", 0))
                                      if change == "changed" else 0)
    col.metric(present.change_zh(change), n)
identical = st.checkbox("显示两版完全相同的指标 Show targets identical in both", False, key="cmp_same")
shown_changes = [c for c in changes if identical or c.status != "unchanged"]
if shown_changes:
    table = pd.DataFrame(target_change_rows(shown_changes))
    st.dataframe(table.style.map(lambda s: CHANGE_COLOUR.get(s, ""), subset=["变化 Change"]),
                 hide_index=True, key="cmp_targets")
    st.caption("按指标(标准指标)或规范化的指标名与单位跨全文匹配,同一目标的重复表述只算一次;"
               "年度报告的目标顺延一年而数值不变记为「未变」。 Matched across the whole plans by indicator, "
               "else by metric and unit; a restatement counts once.")
else:
    st.caption("无 None")

st.subheader("对齐条目 Aligned units")
pairs = pd.DataFrame(list(result.pairs))
counts = pairs["status"].value_counts() if len(pairs) else pd.Series(dtype=int)
status_cols = st.columns(4)
for col, status in zip(status_cols, ("unchanged", "modified", "added", "removed")):
    col.metric(present.status_zh(status), int(counts.get(status, 0)))
STATUSES = ["unchanged", "modified", "added", "removed"]
shown = st.multiselect("显示状态 Show", STATUSES, default=STATUSES[1:], format_func=present.status_zh,
                       key="cmp_status")
PAIR_COLUMNS = {"status": "状态 Status", "label": "类别 Label", "a_title": "原标题 A",
                "b_title": "新标题 B", "similarity": "相似度 Similarity", "moved": "移动 Moved"}
if len(pairs):
    view = pairs[pairs["status"].isin(shown) | pairs["moved"]].copy()  # a moved unit always shows
    view["status"] = view["status"].map(present.status_zh)
    view["label"] = view["label"].map(present.label_zh)
    view[["a_title", "b_title"]] = view[["a_title", "b_title"]].fillna(present.MISSING)
    view["similarity"] = view["similarity"].map(present.similarity)
    view = view[list(PAIR_COLUMNS)].rename(columns=PAIR_COLUMNS)
    st.dataframe(view.style.map(lambda s: STATUS_COLOUR.get(s, ""), subset=[PAIR_COLUMNS["status"]]),
                 hide_index=True, key="cmp_pairs")

st.subheader("逐句对照 Sentence by sentence")
modified = [p for p in result.pairs if p["status"] == "modified"]
if not modified:
    st.caption("没有修改的条目 No modified unit.")
else:
    def pair_name(k: int) -> str:
        p = modified[k]
        same = p["a_title"] == p["b_title"]
        return (f"{present.label_zh(p['label'])} · {p['b_title']}" if same else
                f"{present.label_zh(p['label'])} · {p['a_title']} → {p['b_title']}") + \
            f"（{present.similarity(p['similarity'], percent=True)}）"
    wanted_unit = wanted.get("unit")
    start = next((k for k, p in enumerate(modified) if wanted_unit in (p["a"], p["b"])), 0)
    k = st.selectbox("条目 Unit", range(len(modified)), index=start, format_func=pair_name, key="cmp_unit")
    ui.remember(unit=modified[k]["b"])
    fold = st.checkbox("折叠未变句子 Fold unchanged sentences", True, key="cmp_fold")
    rows = result.sentences(modified[k])
    st.html(duizhao_html(rows, fold_same=fold, titles=(f"原文 A · {names[a]}", f"新文 B · {names[b]}")))
    export = duizhao_export_rows((p, result.sentences(p)) for p in modified)
    d1, d2 = st.columns(2)
    d1.download_button("下载对照 CSV", csv_bytes(DUIZHAO_COLUMNS, export), file_name="policykg-duizhao.csv",
                       mime="text/csv", key="cmp_csv")
    d2.download_button("下载对照 Excel", xlsx_bytes(DUIZHAO_COLUMNS, export, sheet="对照",
                                                 widths=(24, 24, 8, 60, 60, 10, 60)),
                       file_name="policykg-duizhao.xlsx", mime=XLSX_MIME, key="cmp_xlsx")

st.subheader("引用变化 Citations")
docs = {n.id: n.title for d in (result.a, result.b) for n in d.nodes if n.label == "Document"}
c1, c2 = st.columns(2)
for col, key, title in ((c1, "added", "新增 Added"), (c2, "removed", "删除 Removed")):
    col.caption(title)
    col.dataframe(pd.DataFrame({"文件 Document": [docs.get(d) or present.MISSING for d in result.citations[key]]}),
                  hide_index=True, key=f"cmp_cit_{key}")

st.subheader("指标序列 A metric across plans")
keyword = st.text_input("指标关键词 Metric keyword (| 分隔 alternatives)", "研发", key="cmp_metric")
chosen = st.multiselect("规划 Plans", ids, default=ids[:30], format_func=names.__getitem__, key="cmp_series")
if keyword.strip() and chosen:
    series = pd.DataFrame(metric_series([ui.load_plan(p) for p in chosen], keyword))
    found = series.dropna(subset=["value"])
    if len(found):
        st.line_chart(found.assign(year=found["year"].astype(int)), x="year", y="value")  # years as integers
    table = pd.DataFrame([{"规划 Plan": names.get(r["plan_id"], r["title"]), "年份 Year": present.year(r["year"]),
                           "指标 Metric": r["metric"] or present.MISSING, "目标 Target": present.quantity(r)
                           if r["metric"] else present.MISSING, "原文 Raw": r["raw"] or present.MISSING}
                          for r in series.to_dict("records")])
    st.dataframe(table, hide_index=True, key="cmp_series_table")
