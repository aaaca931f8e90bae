"""图谱 Graph explorer: a node's neighbourhood as a pyvis graph, with filters, a cap and a table."""

import pandas as pd
import streamlit as st

from policykg.ui import LABEL_ZH, LABELS, REL_TYPES, REL_ZH
from policykg.view import node_caption, render_graph_html, with_quantities
from policykg import ui

st.title("图谱 Graph explorer")
handle = ui.handle_or_stop()
doc = ui.chosen_plan(handle, key="graph_plan")
choices = {doc.plan.id: f"规划 Plan · {doc.plan.title}"}
own = with_quantities([{"id": n.id, "label": n.label, "title": n.title, "path": n.path} for n in doc.nodes], doc)
choices.update({n["id"]: f"{LABEL_ZH[n['label']]} · {n['path'] or ''} {node_caption(n)}" for n in own})
wanted = st.query_params.get("node")
centre = st.selectbox("中心节点 Centre node", list(choices), format_func=choices.__getitem__,
                      index=list(choices).index(wanted) if wanted in choices else 0, key="graph_centre")
ui.remember(node=None if centre == doc.plan.id else centre)
if st.session_state.get("graph_for") != centre:
    st.session_state["graph_for"], st.session_state["graph_expanded"] = centre, []

c1, c2, c3 = st.columns([1, 2, 2])
depth = c1.slider("深度 Depth", 1, 3, 1, key="graph_depth")
max_nodes = c1.number_input("节点上限 Node cap", 10, 1000, 150, step=10, key="graph_cap")
labels = c2.multiselect("节点类型 Labels", LABELS, default=list(LABELS), key="graph_labels",
                        format_func=lambda x: f"{LABEL_ZH[x]} {x}")
rels = c3.multiselect("关系类型 Relationships", list(REL_TYPES), default=list(REL_TYPES),
                      key="graph_rels", format_func=lambda x: f"{REL_ZH[x]} {x}")

seeds = (centre, *st.session_state["graph_expanded"])
nodes, edges, cut = ui.neighbourhood(seeds, depth, tuple(labels),
                                            tuple(rels), int(max_nodes))
nodes = with_quantities(nodes, doc)  # target and outcome nodes carry their values
if cut:
    st.warning(f"邻域超过 {int(max_nodes)} 个节点,只显示前 {int(max_nodes)} 个(由近及远)。"
               f"The neighbourhood has more than {int(max_nodes)} nodes; the nearest are shown. "
               "Lower the depth or filter labels/relationships to see the rest.")
page, _ = render_graph_html(nodes, edges, max_nodes=int(max_nodes), centre=centre)

left, right = st.columns([3, 2])
with left:
    st.iframe(page, height=600)
with right:
    table = pd.DataFrame([{"类型 Label": LABEL_ZH.get(n["label"], n["label"]), "名称 Name": node_caption(n), "跳数 Hops": n["hops"],
                           "ID": n["id"]} for n in nodes])
    st.dataframe(table, hide_index=True, height=420, key="graph_table")
    captions = {n["id"]: f"{LABEL_ZH.get(n['label'], n['label'])} · {node_caption(n)}" for n in nodes}
    grow = st.selectbox("展开节点 Expand a node", list(captions), format_func=captions.__getitem__,
                        key="graph_expand_pick")
    b1, b2 = st.columns(2)
    if b1.button("展开 Expand", key="graph_expand") and grow not in seeds:
        st.session_state["graph_expanded"].append(grow)
        st.rerun()
    if b2.button("重置 Reset", key="graph_reset"):
        st.session_state["graph_expanded"] = []
        st.rerun()
    st.caption(f"{len(nodes)} 节点 nodes · {len(edges)} 关系 relationships · 已展开 expanded "
               f"{len(seeds) - 1}")
