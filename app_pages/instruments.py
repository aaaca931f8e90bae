"""工具 Instruments: the policy-instrument profiles of plans side by side (stacked shares), one
plan's parts against its instruments, the units of one instrument, and the coding sheet."""

import altair as alt
import pandas as pd
import streamlit as st

from policykg import ui
from policykg.sheets import XLSX_MIME, csv_bytes, xlsx_bytes
from policykg.view import instrument_crosstab, instrument_profiles

st.title("工具 Policy instruments")
st.caption("每个任务、措施、工程按政策工具编码(供给型、环境型、需求型),依据为原文短语。 "
           "Every task, measure and project is coded by policy instrument, with the phrase that shows it.")
handle = ui.handle_or_stop()
stored = ui.list_plans()
if not stored:
    st.info("文库为空:请先在「文库」页上传规划。The store holds no plan yet: upload one on the Library page.")
    st.stop()
names = ui.plan_names(stored)
zh = ui.instrument_names()
ids = [p["id"] for p in stored]
wanted = [i for i in st.query_params.get("plans", "").split(",") if i in names]
chosen = st.multiselect("规划 Plans", ids, default=wanted or ids[:4], format_func=names.__getitem__, key="in_plans")
ui.remember(plans=",".join(chosen) or None)


def profile(plan_id: str) -> list[dict]:
    columns, rows = ui.run_read("instrument_profile", (("plan_id", plan_id),))
    return [dict(zip(columns, r)) for r in rows]


profiles = {p: profile(p) for p in chosen}
table = pd.DataFrame(instrument_profiles(profiles, names, zh, ui.TYPE_ZH))
if table.empty:
    st.info("所选规划没有编码的条目。None of the chosen plans has a coded unit.")
else:
    by_type = table.groupby(["规划 Plan", "类型 Type"], as_index=False)["占比 Share %"].sum()
    st.altair_chart(alt.Chart(by_type).mark_bar().encode(
        x=alt.X("占比 Share %:Q", stack="normalize", title="占比 Share"),
        y=alt.Y("规划 Plan:N", title=None, axis=alt.Axis(labelLimit=480)),
        color=alt.Color("类型 Type:N", sort=list(ui.TYPE_ZH.values()),
                        scale=alt.Scale(domain=list(ui.TYPE_ZH.values()))),
        tooltip=["规划 Plan", "类型 Type", "占比 Share %"]), use_container_width=True, key="in_chart")
    st.dataframe(table.pivot_table(index=["类型 Type", "工具 Instrument"], columns="规划 Plan",
                                   values="占比 Share %", fill_value=0.0), key="in_table")

st.subheader("一份规划:部分 × 工具 One plan: parts × instruments")
plan_id = ui.pick_plan(handle, key="in_plan", default=st.query_params.get("plan") or (chosen[0] if chosen else None))
if plan_id is None:
    st.stop()
ui.remember(plan=plan_id)
columns, rows = ui.run_read("instruments_by_goal", (("plan_id", plan_id),))
header, cells = instrument_crosstab([dict(zip(columns, r)) for r in rows], zh)
if not cells:
    st.info("这份规划没有编码的条目。This plan has no coded unit.")
    st.stop()
st.dataframe(pd.DataFrame(cells, columns=header), hide_index=True, key="in_crosstab")

used = [r["instrument"] for r in profile(plan_id)]
instrument = st.selectbox("工具 Instrument", used, format_func=zh.__getitem__, key="in_instrument",
                          index=used.index(st.query_params["instrument"]) if st.query_params.get("instrument") in used else 0)
ui.remember(instrument=instrument)
columns, rows = ui.run_read("instrument_units", (("plan_id", plan_id), ("instrument", instrument)))
st.dataframe(pd.DataFrame([{
    "编号 Path": r["path"], "条目 Unit": r["title"], "依据 Evidence": r["evidence"],
    "阅读 Read": f"/reader?plan={plan_id}&unit={r['unit_id']}",
} for r in (dict(zip(columns, row)) for row in rows)]), hide_index=True, key="in_units",
    column_config={"阅读 Read": st.column_config.LinkColumn(display_text="阅读 Read")})

sheet_header, sheet = ui.instrument_sheet(plan_id)
d1, d2 = st.columns(2)
d1.download_button("下载编码表 CSV", csv_bytes(sheet_header, sheet), file_name="policykg-instruments.csv",
                   mime="text/csv", key="in_csv")
d2.download_button("下载编码表 Excel", xlsx_bytes(sheet_header, sheet, sheet="政策工具编码"),
                   file_name="policykg-instruments.xlsx", mime=XLSX_MIME, key="in_xlsx")
