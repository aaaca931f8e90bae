"""查询 Cypher console: a catalogue query (widgets from its parameters) or free read-only Cypher."""

import pandas as pd
import streamlit as st

from policykg.ui import PolicyKGError
from policykg import ui
from policykg.view import display_value, query_form, render_graph_html, result_graph
from policykg.ui import CATALOG

st.title("查询 Cypher console")
handle = ui.handle_or_stop()

ROW_LIMIT, TIMEOUT_S = 1000, 30.0
mode = st.radio("方式 Mode", ["catalogue", "cypher"], horizontal=True, key="con_mode",
                format_func={"catalogue": "目录查询 Catalogue", "cypher": "自由 Cypher"}.__getitem__)
params: dict = {}
if mode == "catalogue":
    names = sorted(CATALOG)
    name = st.selectbox("查询 Query", names, key="con_name",
                        format_func=lambda n: f"{n} · {CATALOG[n].title}")
    query = CATALOG[name]
    st.caption(ui.md_escape(query.description))
    with st.expander("Cypher"):
        st.code(query.text(handle.engine), language="cypher")
    plan_names = {p["id"]: ui.plan_label(p) for p in ui.list_plans()}
    for f in query_form(query, list(plan_names)):
        key = f"con_p_{name}_{f.name}"
        if f.kind == "plan":
            params[f.name] = st.selectbox(f.name, f.options, format_func=plan_names.__getitem__, key=key)
        elif f.kind in ("int", "float"):
            value = st.number_input(f.name, value=f.default, step=1 if f.kind == "int" else 0.05, key=key,
                                    placeholder="必填 required")
            if value is not None:
                params[f.name] = int(value) if f.kind == "int" else float(value)
        else:
            value = st.text_input(f.name, value=f.default or "", key=key,
                                  help="节点 ID 可在「图谱」页的表格中复制 Node ids are listed on the Graph page")
            if value or f.default is not None:
                params[f.name] = value
    text = name
else:
    text = st.text_area("Cypher", "MATCH (p:Plan) RETURN p.title AS title, p.id AS id", height=140,
                        key="con_cypher")
    raw = st.text_input("参数 Parameters (JSON)", "{}", key="con_params")
    params, problem = ui.json_params(raw)
    if problem:
        st.error(ui.md_escape(problem))
        st.stop()

if st.button("运行 Run", type="primary", key="con_run"):
    try:
        st.session_state["con_result"] = ui.run_console(text, params, limit=ROW_LIMIT,
                                                     timeout_s=TIMEOUT_S)
        st.session_state.pop("con_error", None)
    except PolicyKGError as exc:
        st.session_state["con_error"] = ui.message(exc)
        st.session_state.pop("con_result", None)

if "con_error" in st.session_state:
    st.error(ui.md_escape(st.session_state["con_error"]))
result = st.session_state.get("con_result")
if result is not None:
    st.metric("行数 Rows", len(result.rows))
    if result.truncated:
        st.warning(f"结果已截断为 {ROW_LIMIT} 行 Results cut at {ROW_LIMIT} rows.")
    if result.message:
        st.info(ui.md_escape(result.message))
    table = pd.DataFrame([[display_value(v) for v in row] for row in result.rows],
                         columns=list(result.columns))
    st.dataframe(table, hide_index=True, key="con_table")
    c1, c2 = st.columns(2)
    c1.download_button("下载 CSV", table.to_csv(index=False).encode("utf-8-sig"), "policykg-query.csv",
                       "text/csv", key="con_csv")
    c2.download_button("下载 JSON", table.to_json(orient="records", force_ascii=False).encode("utf-8"),
                       "policykg-query.json", "application/json", key="con_json")
    nodes, edges = result_graph(result.rows)
    if nodes:
        page, cut = render_graph_html(nodes, edges, max_nodes=300)
        if cut:
            st.warning("图中只显示前 300 个节点 The graph shows the first 300 nodes.")
        st.iframe(page, height=560)
