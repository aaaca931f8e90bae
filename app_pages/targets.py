"""指标 Targets: every target, filtered by plan, year, unit and metric keyword; chart; CSV."""

import pandas as pd
import streamlit as st

from policykg import ui

st.title("指标 Targets")
handle = ui.handle_or_stop()
columns, rows = ui.run_read(handle.store, handle.uri, "targets_all")
data = pd.DataFrame(rows, columns=columns)
if data.empty:
    st.info("还没有指标 No targets stored yet.")
    st.stop()
stored = ui.list_plans(handle.store, handle.uri)
names = {p["id"]: ui.plan_label(p) for p in stored}
titles = {p["id"]: p.get("title") or p["id"] for p in stored}
data.insert(1, "plan", data["plan_id"].map(lambda p: titles.get(p, p)))
COLUMNS = {"plan": "规划 Plan", "metric": "指标 Metric", "comparator": "比较 Cmp", "value": "数值 Value",
           "unit": "单位 Unit", "year": "年份 Year", "base_year": "基年 Base", "kind": "类型 Kind",
           "raw": "原文 Raw", "id": "ID"}

c1, c2 = st.columns(2)
plans = c1.multiselect("规划 Plans", list(names), format_func=names.__getitem__, key="tg_plans")
units = c2.multiselect("单位 Units", sorted(data["unit"].dropna().unique()), key="tg_units")
c3, c4 = st.columns(2)
keyword = c3.text_input("指标关键词 Metric keyword", key="tg_keyword")
years = data["year"].dropna().astype(int)
span = (int(years.min()), int(years.max())) if len(years) else (2000, 2030)
year_range = c4.slider("目标年份 Due year", span[0], max(span[1], span[0] + 1), span, key="tg_years")
with_year = st.checkbox("包括没有年份的指标 Include targets without a year", True, key="tg_noyear")

view = data
if plans:
    view = view[view["plan_id"].isin(plans)]
if units:
    view = view[view["unit"].isin(units)]
if keyword.strip():
    view = view[view["metric"].fillna("").str.contains(keyword.strip(), regex=False)]
in_range = view["year"].between(*year_range)
view = view[in_range | (view["year"].isna() & with_year)]

st.caption(f"{len(view)} / {len(data)} 个指标 targets")
st.dataframe(view[list(COLUMNS)].rename(columns=COLUMNS), hide_index=True, key="tg_table")
by_year = view.dropna(subset=["year"]).groupby(view["year"].dropna().astype(int)).size()
if len(by_year):
    st.subheader("按目标年份 Targets by due year")
    st.bar_chart(by_year.rename("指标数 targets"))
st.download_button("下载 CSV Download", view.to_csv(index=False).encode("utf-8-sig"),
                   file_name="policykg-targets.csv", mime="text/csv", key="tg_csv")
