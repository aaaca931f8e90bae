"""文库 Library: stored plans, upload to ingest, remove with confirmation."""

import pandas as pd
import streamlit as st

from policykg.ui import total_line
from policykg import ui

st.title("文库 Library")
handle = ui.handle_or_stop()
COLUMNS = {"title": "标题 Title", "version": "版本 Version", "status": "状态 Status",
           "period_start": "起 From", "period_end": "止 To", "issued": "印发 Issued",
           "units": "条目 Units", "targets": "指标 Targets", "citations": "引用 Citations",
           "source": "文件 Source", "id": "ID"}

for kind, line in st.session_state.pop("ingest_log", []):
    (st.success if kind == "ok" else st.error)(ui.md_escape(line))  # file names are not Markdown

plans = ui.list_plans()
st.caption(f"{len(plans)} 份规划 plans · 存储 store: {ui.md_escape(ui.redact(handle.uri))}")
if plans:
    table = pd.DataFrame(plans)[list(COLUMNS)]
    text = ["title", "version", "status", "issued", "source"]
    table[text] = table[text].fillna("—")
    table[["period_start", "period_end"]] = table[["period_start", "period_end"]].astype("Int64")
    table = table.rename(columns=COLUMNS)
    st.dataframe(table, hide_index=True, key="plans_table")

st.subheader("导入 Upload")
files = st.file_uploader("上传规划文件 Plan files (.txt .docx .html .pdf)", type=list(ui.UPLOAD_TYPES),
                         accept_multiple_files=True, disabled=not handle.writable, key="uploads")
if st.button("导入 Ingest", key="ingest", disabled=not (handle.writable and files)):
    bar, log, results = st.progress(0.0, text="导入中 Ingesting…"), [], []
    for i, f in enumerate(files, 1):
        result = ui.ingest_upload(f.name, f.getvalue())
        results.append(result)
        log.append(("ok", result.line()) if result.ok else ("error", f"policykg: error: {result.line()}"))
        bar.progress(i / len(files), text=f"[{i}/{len(files)}] {f.name}")
    log.append(("ok" if all(r.ok for r in results) else "error", total_line(results)))
    ui.forget_reads()
    st.session_state["ingest_log"] = log
    st.rerun()

st.subheader("删除 Remove")
if plans:
    names = {p["id"]: ui.plan_label(p) for p in plans}
    victim = st.selectbox("要删除的规划 Plan to remove", list(names), format_func=names.__getitem__,
                          key="remove_plan")
    sure = st.checkbox("我确认删除该规划及其独有的节点 I confirm: remove this plan and what only it owns",
                       key="remove_confirm", disabled=not handle.writable)
    if st.button("删除 Remove", key="remove", disabled=not (sure and handle.writable)):
        error = ui.remove_plan(victim)
        ui.forget_reads()
        st.session_state["ingest_log"] = [("error", error) if error else ("ok", f"removed {victim}")]
        st.rerun()
