"""依赖 Dependencies: a task's upstream and downstream chain of inferred links, with evidence."""

import pandas as pd
import streamlit as st

from policykg.view import render_graph_html
from queries.explore import dependency_chain
from policykg import ui

st.title("依赖 Dependencies")
handle = ui.handle_or_stop()
doc = ui.chosen_plan(handle, key="dep_plan")
links_of: dict[str, int] = {}
for e in doc.edges:
    if e.props.get("inferred"):
        for end in (e.source, e.target):
            links_of[end] = links_of.get(end, 0) + 1
tasks = {n.id: f"{n.path or ''} {n.title}" + (f" · {links_of[n.id]} 条关联 links" if n.id in links_of else "")
         for n in doc.nodes if n.label == "Task"}
if not tasks:
    st.info("该规划没有任务条目 This plan has no tasks.")
    st.stop()
first_linked = next((i for i, t in enumerate(tasks) if t in links_of), 0)  # open on a task with links
task = st.selectbox("任务 Task", list(tasks), index=first_linked, format_func=tasks.__getitem__,
                    key="dep_task")
min_score = st.slider("最低分 Minimum score", 0.0, 1.0, 0.0, 0.05, key="dep_score")
st.caption("上游:该任务依托或服务的条目;下游:依托该任务的条目。分数越高越可靠,证据是推断所依据的原文。 "
           "Upstream: what the task builds on or serves; downstream: what builds on it.")

COLUMNS = {"depth": "层 Depth", "from": "从 From", "type": "关系 Type", "to": "到 To",
           "method": "方法 Method", "score": "分数 Score", "evidence": "证据 Evidence"}
chains = {}
for direction, title in (("upstream", "上游 Upstream"), ("downstream", "下游 Downstream")):
    rows = dependency_chain(doc, task, direction=direction, min_score=min_score)
    chains[direction] = rows
    st.subheader(f"{title} ({len(rows)})")
    if rows:
        st.dataframe(pd.DataFrame(rows)[list(COLUMNS)].rename(columns=COLUMNS), hide_index=True,
                     key=f"dep_{direction}")
    else:
        st.caption("无 None at this score.")

links = chains["upstream"] + chains["downstream"]
if links:
    known = {n.id: n for n in doc.nodes}
    ids = dict.fromkeys([task] + [x for r in links for x in (r["from_id"], r["to_id"])])
    nodes = [{"id": i, "label": known[i].label if i in known else "Plan",
              "title": known[i].title if i in known else doc.plan.title} for i in ids]
    edges = [{"source": r["from_id"], "target": r["to_id"], "type": r["type"], "score": r["score"],
              "evidence": r["evidence"]} for r in links]
    st.iframe(render_graph_html(nodes, edges, centre=task, height=420)[0], height=440)
