"""PolicyKG Streamlit app: the pages and the page configuration, nothing else.

Run ``policykg app`` (or ``streamlit run app.py``); the store is ``$POLICYKG_STORE`` or
``./policykg.lbug`` (see ``policykg/ui.py`` for how it is opened). The favicon is a file of ours
(a Material icon favicon would be fetched from Google's servers on every page load) and every
page has its own URL, the library included (the root URL opens it).
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
st.set_page_config(page_title="PolicyKG 政策规划知识图谱", page_icon=str(HERE / "app_pages" / "icon.png"),
                   layout="wide")

LIBRARY = st.Page("app_pages/library.py", title="文库 Library", icon=":material/library_books:", url_path="library")
PAGES = [
    LIBRARY,
    st.Page("app_pages/reader.py", title="规划 Plan reader", icon=":material/menu_book:", url_path="reader"),
    st.Page("app_pages/explorer.py", title="图谱 Graph explorer", icon=":material/hub:", url_path="graph"),
    st.Page("app_pages/dependencies.py", title="依赖 Dependencies", icon=":material/account_tree:", url_path="dependencies"),
    st.Page("app_pages/compare.py", title="对比 Compare", icon=":material/compare:", url_path="compare"),
    st.Page("app_pages/targets.py", title="指标 Targets", icon=":material/target:", url_path="targets"),
    st.Page("app_pages/instruments.py", title="工具 Instruments", icon=":material/construction:", url_path="instruments"),
    st.Page("app_pages/console.py", title="查询 Cypher console", icon=":material/terminal:", url_path="console"),
    st.Page("app_pages/search.py", title="搜索 Search", icon=":material/search:", url_path="search"),
]
# The root URL: a hidden page that opens the library, which keeps /library as its own address.
HOME = st.Page(lambda: st.switch_page(LIBRARY, query_params=st.query_params.to_dict()), title="PolicyKG",
               url_path="home", default=True, visibility="hidden")

st.navigation([HOME, *PAGES]).run()
