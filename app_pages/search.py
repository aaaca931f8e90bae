"""搜索 Search: text search over plan titles and unit titles/text; results open the reader."""

import streamlit as st

from policykg.ui import LABEL_ZH
from policykg import ui
from policykg.view import search_snippet

LIMIT = 200
st.title("搜索 Search")
handle = ui.handle_or_stop()
query = st.text_input("搜索词 Search for", st.query_params.get("q", ""), key="search_q",
                      placeholder="例如 孵化器 / 跨境电子商务")
ui.remember(q=query.strip() or None)  # /search?q=孵化器 can be shared
if query.strip():
    q = query.strip()
    columns, rows = ui.run_read("search_text", (("keyword", q),))
    plans = ui.list_plans()
    titles = {p["id"]: p["title"] for p in plans}
    hits = [{"id": p["id"], "label": "Plan", "plan_id": p["id"], "title": p["title"], "text": None}
            for p in plans if q in (p["title"] or "")] + [dict(zip(columns, r)) for r in rows]
    hits = hits[:LIMIT]
    st.caption(f"{len(hits)} 条结果 results" + (f"(只显示前 {LIMIT} 条 first {LIMIT} shown)" if len(hits) >= LIMIT else ""))
    for i, h in enumerate(hits):
        with st.container(border=True):
            plan_title = titles.get(h["plan_id"], h["plan_id"])
            st.markdown(f"**{ui.md_escape(h['title'])}** · {LABEL_ZH.get(h['label'], h['label'])} · "
                        f"{ui.md_escape(plan_title)}")
            source = h["title"] if h["label"] == "Plan" or q in (h["title"] or "") else h["text"]
            st.html(search_snippet(source or "", q))
            link = {"plan": h["plan_id"]} if h["label"] == "Plan" else {"plan": h["plan_id"], "unit": h["id"]}
            st.page_link("app_pages/reader.py", label="在阅读器中打开 Open in the reader", icon=":material/menu_book:",
                         query_params=link)
