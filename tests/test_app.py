"""The Streamlit app under AppTest: every page renders, and the main interactions work.

One embedded store per test session (the seed plan, its revision, and a plan whose title and
text carry ``<script>`` and ``<b>``), named by ``$POLICYKG_STORE``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
REVISED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-revised.txt"
XSS_TEXT = ("关于<b>推进</b>创新的三年行动计划<script>alert(1)</script>\n（2015-2017年）\n一、重点任务\n"
            "1、推进<script>alert(1)</script>研发投入。三年内新增孵化器20家。\n"
            "2、推进<b>人才</b>引进。到2017年引进人才100名。")
PAGES = ["library", "reader", "explorer", "dependencies", "compare", "targets", "instruments", "console", "search"]


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, seed_doc):
    """Path and plan ids of a store holding the seed, its revision and the markup plan."""
    from graph.engines import open_store
    from ingest.parse import parse_path, parse_plan
    from workspace.ingest import enrich_plan as with_inferred_edges  # dependencies and instruments

    path = tmp_path_factory.mktemp("app") / "kg.lbug"
    docs = {"seed": seed_doc, "revised": parse_path(REVISED),
            "xss": parse_plan(XSS_TEXT, source="xss.txt")}
    store = open_store(str(path))
    try:
        for doc in docs.values():
            store.add_plan(with_inferred_edges(doc))
    finally:
        store.close()
    yield path, {k: d.plan.id for k, d in docs.items()}
    from policykg import ui
    ui.reconnect()  # closes the app's cached handle, releasing the file


@pytest.fixture
def app(seeded, monkeypatch):
    """A fresh AppTest on the seeded store; ``app(page)`` runs that page."""
    monkeypatch.setenv("POLICYKG_STORE", str(seeded[0]))
    monkeypatch.delenv("POLICYKG_APP_READ_ONLY", raising=False)
    return run_page


def run_page(page: str, **query) -> AppTest:
    """The app run at ``page`` with ``query`` in its URL, on the store ``$POLICYKG_STORE`` names."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page != "library":
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def _plain(markdown: str) -> str:
    """What a reader sees of escaped Markdown (the app escapes every text it shows)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)


def _html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def _frame(at: AppTest, column: str):
    """The first table holding ``column`` (tables are elements, not widgets: they have no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _iframes(at: AppTest) -> list[str]:
    return [e.proto.srcdoc for e in at.get("iframe")]


@pytest.mark.parametrize("page", PAGES)
def test_app_page_renders(app, page):
    at = app(page)
    assert not at.exception, at.exception
    assert at.title[0].value


def test_app_library_lists_plans_as_text(app, seeded):
    at = app("library")
    table = at.dataframe[0].value
    assert set(seeded[1].values()) <= set(table["ID"])
    assert "关于<b>推进</b>创新的三年行动计划<script>alert(1)</script>" in set(table["标题 Title"])
    assert not at.error


def test_app_reader_choosing_a_unit_highlights_its_span(app, seeded, seed_doc):
    task = next(n for n in seed_doc.nodes if n.label == "Task" and n.path == "3.2.1")
    at = app("reader", plan=seeded[1]["seed"])
    at.radio(key="reader_unit").set_value(task.id).run()
    assert not at.exception
    marked = _html(at).split('<mark id="pkg-hl">', 1)[1].split("</mark>", 1)[0]
    assert marked == seed_doc.text[task.start:task.end]
    assert any(len(d.value) for d in at.dataframe)  # its targets (翻一番 …) are listed


def test_app_reader_escapes_document_markup(app, seeded):
    at = app("reader", plan=seeded[1]["xss"])
    body = _html(at)
    assert "<script>" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_app_explorer_expands_a_node(app, seeded, seed_doc):
    at = app("explorer", plan=seeded[1]["seed"])
    before = len(_frame(at, "跳数 Hops"))
    section = next(n for n in seed_doc.nodes if n.label == "Section" and n.path == "3")
    at.selectbox(key="graph_expand_pick").set_value(section.id)
    at.button(key="graph_expand").click().run()
    assert not at.exception
    after = _frame(at, "跳数 Hops")
    assert len(after) > before and section.id in set(after["ID"])
    page = _iframes(at)[0]
    assert "vis-network" in page and "cdn.jsdelivr" not in page
    assert json.dumps(section.title)[1:-1] in page  # labels travel as JSON text (\\uXXXX)


def test_app_explorer_graph_labels_and_tooltips_are_text(app, seeded):
    at = app("explorer", plan=seeded[1]["xss"])
    page = _iframes(at)[0]
    assert "<script>alert(1)</script>" not in page and "<b>推进</b>" not in page
    assert "&lt;script&gt;" in page.replace("\\u0026", "&")  # escaped tooltip


def test_app_compare_seed_with_revision(app, seeded):
    at = app("compare")
    at.selectbox(key="cmp_a").set_value(seeded[1]["seed"])
    at.selectbox(key="cmp_b").set_value(seeded[1]["revised"]).run()
    assert not at.exception
    pairs = _frame(at, "原标题 A")
    assert {"修改", "新增", "删除"} <= set(pairs["状态 Status"])
    moved = pairs[pairs["移动 Moved"]]
    assert set(moved["原标题 A"]) == {"推进智慧应用再加快", "推进研发投入再加大"}  # the swapped tasks
    assert "<del>" in _html(at) or "<ins>" in _html(at)
    changes = _frame(at, "原值 A")
    assert {"新增专利授权", "全区省标准化建设达标学校"} <= set(changes["指标 Metric"])
    row = changes[changes["指标 Metric"] == "新增专利授权"].iloc[0]
    assert (row["变化 Change"], row["原值 A"], row["新值 B"]) == ("上调", "1万件（2017年）", "1.2万件（2017年）")
    assert (at.query_params["a"], at.query_params["b"]) == (seeded[1]["seed"], seeded[1]["revised"])


def test_app_search_links_to_reader(app, seeded):
    at = app("search")
    at.text_input(key="search_q").set_value("孵化器").run()
    assert not at.exception
    links = at.get("page_link")
    assert links and any("reader" in l.proto.page for l in links)


def test_app_targets_filter_by_keyword(app):
    at = app("targets")
    at.text_input(key="tg_keyword").set_value("孵化器").run()
    table = _frame(at, "指标 Metric")
    assert len(table) and table["指标 Metric"].str.contains("孵化器").all()


def test_app_upload_bad_file_shows_error_and_keeps_store(app, seeded):
    at = app("library")
    before = len(at.dataframe[0].value)
    at.file_uploader(key="uploads").upload("scan.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")
    at.run()
    at.button(key="ingest").click().run()
    assert not at.exception
    assert any("scan.pdf" in _plain(e.value) and _plain(e.value).startswith("policykg: error:") for e in at.error)
    assert len(at.dataframe[0].value) == before


def test_app_console_runs_catalogue_query_with_parameter(app):
    pytest.importorskip("queries.console")
    at = app("console")
    at.selectbox(key="con_name").set_value("targets_by_year").run()
    at.number_input(key="con_p_targets_by_year_year").set_value(2017)
    at.button(key="con_run").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert int(at.metric[0].value) == len(table) > 0


def test_app_console_refuses_writes(app):
    pytest.importorskip("queries.console")
    at = app("console")
    at.radio(key="con_mode").set_value("cypher").run()
    at.text_area(key="con_cypher").set_value("MATCH (n) DETACH DELETE n")
    at.button(key="con_run").click().run()
    assert at.error and "read-only" in _plain(at.error[0].value)
    assert app("library").dataframe[0].value.shape[0] == 3


def test_app_console_draws_nodes_of_a_result(app):
    pytest.importorskip("queries.console")
    at = app("console")
    at.radio(key="con_mode").set_value("cypher").run()
    at.text_area(key="con_cypher").set_value("MATCH (p:Plan)-[r:HAS_PART]->(s:Section) RETURN p, r, s")
    at.button(key="con_run").click().run()
    assert not at.exception and not at.error
    assert _iframes(at) and "vis-network" in _iframes(at)[0]


def test_app_dependencies_opens_on_a_linked_task(app, seeded, seed_doc):
    at = app("dependencies", plan=seeded[1]["seed"])
    assert not at.exception
    chosen = at.selectbox(key="dep_task").value
    assert chosen.startswith(seeded[1]["seed"]) and "条关联" in at.selectbox(key="dep_task").format_func(chosen)
    chain = _frame(at, "证据 Evidence")
    assert len(chain) and (chain["分数 Score"] > 0).all()


@pytest.mark.issue(10)
@pytest.mark.parametrize("raw,kind", [("[1, 2]", "a list"), ('"abc"', "a string"), ("7", "a number"),
                                      ("{bad", "not JSON")])
def test_app_console_parameters_must_be_a_json_object(app, raw, kind):
    at = app("console")
    at.radio(key="con_mode").set_value("cypher").run()
    at.text_input(key="con_params").set_value(raw).run()
    assert not at.exception
    assert any(kind in e.value and "parameters" in e.value for e in at.error)


@pytest.mark.issue(10)
def test_app_upload_lines_show_file_names_as_text(app, seeded):
    at = app("library")
    name = "[a](javascript:alert(1)) **粗** https://example.org.pdf"
    at.file_uploader(key="uploads").upload(name, b"%PDF-1.4 not really a pdf", "application/pdf")
    at.run()
    at.button(key="ingest").click().run()
    shown = next(e.value for e in at.error if "not a valid PDF" in e.value)
    assert "\\[a\\]\\(javascript\\:alert\\(1\\)\\)" in shown and "\\*\\*粗\\*\\*" in shown
    assert "https\\://example\\.org" in shown  # no bare URL for Markdown to turn into a link
    assert "](javascript:" not in shown


# ---- 指标: attainment and regions (issue 9) ---------------------------------------------------------

@pytest.fixture(scope="session")
def reports_store(tmp_path_factory):
    """A store of hand-made yearly reports of one province (tests/test_catalog.py report_docs)
    plus a national one, so both indicator views have something to show."""
    from graph.engines import open_store
    from test_catalog import report_docs

    path = tmp_path_factory.mktemp("app-indicators") / "kg.lbug"
    store = open_store(str(path))
    try:
        for doc in report_docs():
            store.add_plan(doc)
    finally:
        store.close()
    return path


@pytest.fixture
def reports_app(reports_store, monkeypatch):
    from policykg import ui

    ui.reconnect()
    monkeypatch.setenv("POLICYKG_STORE", str(reports_store))
    monkeypatch.delenv("POLICYKG_APP_READ_ONLY", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/targets.py").run()
    yield at
    ui.reconnect()


def test_app_targets_attainment_view_charts_and_links(reports_app):
    at = reports_app
    at.radio(key="tg_view").set_value("attainment").run()
    at.selectbox(key="tg_indicator").set_value("gdp_growth").run()
    assert not at.exception
    assert at.selectbox(key="tg_region").value == "测试省"
    table = _frame(at, "年份 Year")
    got = dict(zip(table["年份 Year"], zip(table["目标 Target"], table["实际 Actual"], table["状态 Status"])))
    assert got[2020] == ("6%左右", "5.2%", "未达成 missed")
    assert got[2021] == ("6%–6.5%", "6.6%", "达成 met")
    assert got[2019] == ("—", "6.1%", "无数据 no data")
    assert table["目标出处 Target in"].dropna().str.startswith("/reader?plan=").all()
    # issue 18: 阅读 opens the plan at the target's own sentence (its unit and span)
    assert table["目标出处 Target in"].dropna().str.contains("&hl=").all()
    assert at.query_params["indicator"] == "gdp_growth" and at.query_params["view"] == "attainment"
    chart = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert chart, "the attainment chart is drawn"


def test_app_targets_regions_view_matrix_and_bars(reports_app):
    at = reports_app
    at.radio(key="tg_view").set_value("regions").run()
    at.selectbox(key="tg_year").set_value(2021).run()
    assert not at.exception
    table = _frame(at, "地区 Region")
    row = table[table["地区 Region"] == "测试省"].iloc[0]
    assert row["国内/地区生产总值增长"] == "6%–6.5%，7%" and row["城镇调查失业率"] == "≤ 5.5%"


# ---- issue 18: sentences, shared addresses, honest pages -----------------------------------------

@pytest.mark.issue(18)
def test_app_reader_highlights_the_span_the_url_names(app, seeded, seed_doc):
    target = next(n for n in seed_doc.nodes if n.label == "Target" and n.start is not None and n.end)
    owner = next(e.source for e in seed_doc.edges if e.target == target.id and e.type == "HAS_TARGET")
    at = app("reader", plan=seeded[1]["seed"], unit=owner, hl=f"{target.start}-{target.end}")
    assert not at.exception
    marked = _html(at).split('<mark id="pkg-hl">', 1)[1].split("</mark>", 1)[0]
    assert marked == seed_doc.text[target.start:target.end]
    assert at.query_params["unit"] == owner


@pytest.mark.issue(18)
def test_app_compare_duizhao_is_two_columns_and_exports(app, seeded):
    at = app("compare", a=seeded[1]["seed"], b=seeded[1]["revised"])
    assert not at.exception
    pick = at.selectbox(key="cmp_unit")
    pick.set_value(next(k for k, o in enumerate(pick.options) if "推进主导产业再进位" in o)).run()
    page = _html(at)
    assert 'class="pkg-dz"' in page and "<del>25</del>" in page and "<ins>30</ins>" in page
    assert "未变" in page  # unchanged sentences folded
    assert {b.proto.label for b in at.get("download_button")} >= {"下载对照 CSV", "下载对照 Excel"}
    shown = "\n".join(str(v) for d in at.dataframe for v in d.value.astype(str).to_numpy().ravel())
    import re
    assert not re.search(r"\bnan\b|None|\d\.\d{5,}|plan-[0-9a-f]{6}|doc-[0-9a-f]{6}", shown)


@pytest.mark.issue(18)
def test_app_dependencies_says_when_a_plan_has_no_links(app, seeded):
    at = app("dependencies", plan=seeded[1]["xss"])
    assert not at.exception
    assert any("没有推断出依赖" in i.value for i in at.info) or at.selectbox(key="dep_task").value


@pytest.mark.issue(18)
def test_app_search_term_travels_in_the_url(app):
    at = app("search", q="孵化器")
    assert not at.exception and at.text_input(key="search_q").value == "孵化器"
    at.text_input(key="search_q").set_value("人才").run()
    assert at.query_params["q"] == "人才"


@pytest.mark.issue(22)
def test_app_instruments_profiles_crosstab_units_and_sheet(app, seeded):
    _, ids = seeded
    at = app("instruments", plans=f"{ids['seed']},{ids['revised']}", plan=ids["seed"], instrument="funding")
    assert not at.exception
    profile, crosstab, units = (d.value for d in at.dataframe)
    assert "资金投入" in {i for _, i in profile.index} and "供给型" in {t for t, _ in profile.index}
    assert len(profile.columns) == 2  # the two plans side by side, by title
    assert all(abs(profile[c].sum() - 100) < 0.5 for c in profile.columns)
    assert crosstab.columns[0] == "部分 Part" and "资金投入" in crosstab.columns
    assert len(units) >= 1 and units["阅读 Read"].str.startswith(f"/reader?plan={ids['seed']}&unit=").all()
    page = " ".join(str(e.value) for e in at.markdown) + " ".join(str(e.value) for e in at.caption)
    assert "plan-" not in page and "ins-" not in page
    assert at.query_params["instrument"] in ("funding", ["funding"])  # the selection stays in the URL
