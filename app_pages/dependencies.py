"""依赖 Dependencies: a task's upstream and downstream chain of inferred links, with evidence."""

import pandas as pd
import streamlit as st

from policykg.view import render_graph_html
from policykg.ui import dependency_chain
from policykg import ui
from policykg.ui import present

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
linked = {i: t for i, t in tasks.items() if i in links_of}
if not linked:
    st.info(f"这份规划的 {len(tasks)} 项任务之间没有推断出依赖或支撑关系:原文里没有一项任务依托、借助或点名另一项"
            "任务建设的平台、项目或制度(DESIGN.md 第 8 节的判定)。可在「图谱」页查看它的结构、指标与引用。 "
            f"No dependency or support was inferred among this plan's {len(tasks)} tasks: no task's text builds on "
            "what another sets up. The graph page still shows its structure, targets and citations.")
    st.page_link("app_pages/explorer.py", label="图谱 Graph explorer", query_params={"plan": doc.plan.id})
    st.stop()
only_linked = st.checkbox(f"只列出有关联的任务 Only tasks with links ({len(linked)} / {len(tasks)})", True,
                          key="dep_only_linked")
if only_linked:
    tasks = linked
wanted = st.query_params.get("task")
first_linked = next((i for i, t in enumerate(tasks) if t in links_of), 0)  # open on a task with links
task = st.selectbox("任务 Task", list(tasks), index=list(tasks).index(wanted) if wanted in tasks else first_linked,
                    format_func=tasks.__getitem__, key="dep_task")
ui.remember(task=task)
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
        frame = pd.DataFrame(rows)[list(COLUMNS)]
        frame = frame.assign(type=frame["type"].map(present.rel_zh), method=frame["method"].map(present.method_zh),
                             score=frame["score"].round(2))
        st.dataframe(frame.rename(columns=COLUMNS), hide_index=True, key=f"dep_{direction}",
                     column_config={COLUMNS["evidence"]: st.column_config.TextColumn(width="large")})
        with st.expander("证据全文 Evidence in full"):
            for r in rows:
                st.markdown(f"**{ui.md_escape(r['from'])} → {ui.md_escape(r['to'])}** "
                            f"({present.method_zh(r['method'])}, {present.similarity(r['score'])}): "
                            f"{ui.md_escape(r['evidence'])}")
    elif min_score > 0 and dependency_chain(doc, task, direction=direction, min_score=0.0):
        st.caption(f"分数 ≥ {min_score:.2f} 时没有;调低最低分可见。 None at this score: lower the minimum score.")
    else:
        st.caption("该任务没有" + ("依托的条目。 This task builds on no other unit." if direction == "upstream"
                                  else "被其他条目依托。 No unit builds on this task."))

links = chains["upstream"] + chains["downstream"]
if links:
    known = {n.id: n for n in doc.nodes}
    ids = dict.fromkeys([task] + [x for r in links for x in (r["from_id"], r["to_id"])])
    nodes = [{"id": i, "label": known[i].label if i in known else "Plan",
              "title": known[i].title if i in known else doc.plan.title} for i in ids]
    edges = [{"source": r["from_id"], "target": r["to_id"], "type": r["type"], "score": r["score"],
              "evidence": r["evidence"]} for r in links]
    st.iframe(render_graph_html(nodes, edges, centre=task, height=420)[0], height=440)
