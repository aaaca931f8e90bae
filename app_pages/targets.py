"""指标 Targets: every target (filters, CSV), an indicator's attainment over the years, and
regions side by side for a year."""

import altair as alt
import pandas as pd
import streamlit as st

from policykg.ui import vocabulary
from policykg import ui
from policykg.view import STATUS_ZH, attainment_chart, attainment_points, indicator_matrix_table, quantity_link
from policykg.ui import present

st.title("指标 Targets")
handle = ui.handle_or_stop()
VIEWS = {"list": "列表 List", "attainment": "达成 Attainment", "regions": "地区对比 Regions"}
wanted = st.query_params  # ?view=attainment&indicator=gdp_growth&region=全国 opens that view
view_name = st.radio("视图 View", list(VIEWS), horizontal=True, format_func=VIEWS.__getitem__, key="tg_view",
                     index=list(VIEWS).index(wanted["view"]) if wanted.get("view") in VIEWS else 0)
ui.remember(view=view_name)
names = {i.id: i.name for i in vocabulary().values()}
units = {i.id: i.unit for i in vocabulary().values()}
stored = ui.list_plans()
titles = ui.plan_names(stored)

if view_name == "attainment":
    indicator = st.selectbox("指标 Indicator", list(names), format_func=names.__getitem__, key="tg_indicator",
                             index=list(names).index(wanted["indicator"]) if wanted.get("indicator") in names else 0)
    columns, rows = ui.run_read("target_attainment", (("indicator", indicator),))
    found = [dict(zip(columns, r)) for r in rows]
    regions = sorted({r["region"] for r in found}, key=lambda r: (r != "全国", r))
    if not regions:
        st.info("还没有该指标的目标或实绩 No target or result of this indicator is stored yet.")
        st.stop()
    region = st.selectbox("地区 Region", regions, key="tg_region",
                          index=regions.index(wanted["region"]) if wanted.get("region") in regions else 0)
    ui.remember(indicator=indicator, region=region)
    points = attainment_points([r for r in found if r["region"] == region], units[indicator])
    st.altair_chart(attainment_chart(points, f"{vocabulary()[indicator].name} ({units[indicator]})"),
                    use_container_width=True, key="tg_chart")
    st.caption("蓝色:目标区间(左右/约:容差 0.5 个百分点);圆点:次年报告的实际值,颜色表示达成状态。 "
               "Blue: the target band; dots: the actual the next report gives, coloured by status.")

    def link(plan_id, label, year):
        """The reader at the target's (or outcome's) own sentence in that plan."""
        if not plan_id:
            return None
        return quantity_link(ui.load_plan(plan_id), label, indicator, year) or \
            f"/reader?plan={plan_id}"
    table = pd.DataFrame([{
        "年份 Year": p["year"], "目标 Target": p["target"], "实际 Actual": p["actual_text"],
        "状态 Status": STATUS_ZH[p["status"]],
        "目标出处 Target in": link(p["target_plan_id"], "Target", p["year"]),
        "实绩出处 Actual in": link(p["outcome_plan_id"], "Outcome", p["year"]),
    } for p in points])
    st.dataframe(table, hide_index=True, key="tg_attainment", column_config={
        "目标出处 Target in": st.column_config.LinkColumn(display_text="阅读 Read"),
        "实绩出处 Actual in": st.column_config.LinkColumn(display_text="阅读 Read")})
    st.stop()

if view_name == "regions":
    columns, rows = ui.run_read("targets_all")
    years = sorted({int(r[columns.index("year")]) for r in rows if r[columns.index("year")] is not None}, reverse=True)
    if not years:
        st.info("还没有指标 No targets stored yet.")
        st.stop()
    year = st.selectbox("年份 Year", years, key="tg_year",
                        index=years.index(int(wanted["year"])) if str(wanted.get("year", "")).isdigit()
                        and int(wanted["year"]) in years else 0)
    ui.remember(year=year)
    columns, rows = ui.run_read("indicator_matrix", (("year", int(year)),))
    found = [dict(zip(columns, r)) for r in rows]
    if not found:
        st.info(f"{year} 年没有映射到指标的目标 No target due in {year} maps to an indicator.")
        st.stop()
    header, body = indicator_matrix_table(found, {i: vocabulary()[i].name for i in vocabulary()}, units)
    st.dataframe(pd.DataFrame(body, columns=header), hide_index=True, key="tg_matrix")
    indicators_found = list(dict.fromkeys(r["indicator"] for r in found))
    chosen = st.selectbox("柱状图指标 Indicator for the bars", indicators_found, format_func=names.__getitem__, key="tg_bar")
    bars = pd.DataFrame([{"region": r["region"] or "—", "value": r["value"],
                          "target": present.quantity({**r, "unit": units[chosen]})}
                         for r in found if r["indicator"] == chosen]).drop_duplicates("region")
    st.altair_chart(alt.Chart(bars).mark_bar().encode(
        x=alt.X("region:N", sort="-y", title="地区 Region"), y=alt.Y("value:Q", title=f"{names[chosen]}"),
        tooltip=["region:N", "target:N"]), use_container_width=True, key="tg_bars")
    st.stop()

columns, rows = ui.run_read("targets_all")
data = pd.DataFrame(rows, columns=columns)
if data.empty:
    st.info("还没有指标 No targets stored yet.")
    st.stop()
pickers = titles
data.insert(1, "plan", data["plan_id"].map(lambda p: titles.get(p, p)))
data["shown"] = [present.quantity(r) for r in data.to_dict("records")]
COLUMNS = {"plan": "规划 Plan", "metric": "指标 Metric", "shown": "目标 Target", "year": "年份 Year",
           "base_year": "基年 Base", "kind": "类型 Kind", "indicator": "标准指标 Indicator",
           "indicator_alias": "匹配依据 Matched alias", "raw": "原文 Raw"}

c1, c2 = st.columns(2)
plans = c1.multiselect("规划 Plans", list(pickers), format_func=pickers.__getitem__, key="tg_plans")
unit_filter = c2.multiselect("单位 Units", sorted(data["unit"].dropna().unique()), key="tg_units")
c3, c4 = st.columns(2)
keyword = c3.text_input("指标关键词 Metric keyword", key="tg_keyword")
years = data["year"].dropna().astype(int)
span = (int(years.min()), int(years.max())) if len(years) else (2000, 2030)
year_range = c4.slider("目标年份 Due year", span[0], max(span[1], span[0] + 1), span, key="tg_years")
with_year = st.checkbox("包括没有年份的指标 Include targets without a year", True, key="tg_noyear")
unmapped = st.checkbox("只看未映射到标准指标的 Only targets no indicator covers (to extend the vocabulary)",
                       False, key="tg_unmapped")

view = data
if plans:
    view = view[view["plan_id"].isin(plans)]
if unit_filter:
    view = view[view["unit"].isin(unit_filter)]
if keyword.strip():
    view = view[view["metric"].fillna("").str.contains(keyword.strip(), regex=False)]
if unmapped:
    view = view[view["indicator"].isna() & view["value"].notna()]
in_range = view["year"].between(*year_range)
view = view[in_range | (view["year"].isna() & with_year)]

st.caption(f"{len(view)} / {len(data)} 个指标 targets")
shown = view[list(COLUMNS)].astype(object)
shown = shown.assign(year=shown["year"].map(present.year), base_year=shown["base_year"].map(present.year),
                     kind=shown["kind"].map(present.kind_zh), indicator=shown["indicator"].map(present.indicator_zh))
shown = shown.map(present.cell).rename(columns=COLUMNS)
st.dataframe(shown, hide_index=True, key="tg_table")
by_year = view.dropna(subset=["year"]).groupby(view["year"].dropna().astype(int)).size()
if len(by_year):
    st.subheader("按目标年份 Targets by due year")
    st.bar_chart(by_year.rename("指标数 targets"))
st.download_button("下载 CSV Download", view.drop(columns=["shown"]).to_csv(index=False).encode("utf-8-sig"),
                   file_name="policykg-targets.csv", mime="text/csv", key="tg_csv")
