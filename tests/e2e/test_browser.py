"""End to end: ``streamlit run app.py`` on a seeded store, driven by Debian's Chromium via Playwright.

Writes screenshots of the reader, the graph explorer, the compare page and the console to
artifacts/ (kept by CI as test artifacts); with POLICYKG_UPDATE_SCREENSHOTS=1 also to
docs/screenshots/, which the README shows.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS, ARTIFACTS = ROOT / "docs" / "screenshots", ROOT / "artifacts"
SEED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"
REVISED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-revised.txt"
# Settings from TECH-NOTES.md section 4 (no sandbox in containers, nothing phoning home).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (`make sysdeps` or "
                "`apt-get install chromium fonts-wqy-microhei`) to run the browser test",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the [test] extra)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a free port over a store holding the seed and its revision; yields (url, ids)."""
    from graph.engines import open_store
    from ingest.parse import parse_path
    from workspace.ingest import enrich_plan as with_inferred_edges  # dependencies and instruments

    from conftest import SHARED_CORPUS
    from test_catalog import report_docs

    path = tmp_path_factory.mktemp("e2e") / "kg.lbug"
    docs = [parse_path(SEED), parse_path(REVISED)]
    # work reports for the 指标 views: the national ones when the corpus is here, else hand-made ones
    reports = [parse_path(p) for p in sorted(SHARED_CORPUS.glob("gov-work-report-20[0-9][0-9].txt"))] \
        if SHARED_CORPUS.is_dir() else report_docs()
    store = open_store(str(path))
    try:
        for doc in docs:
            store.add_plan(with_inferred_edges(doc))
        for doc in reports:
            store.add_plan(doc)
    finally:
        store.close()  # the app process must be the only writer
    port = _free_port()
    env = dict(os.environ, POLICYKG_STORE=str(path))
    env.pop("POLICYKG_APP_READ_ONLY", None)
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.1)
        else:
            log.seek(0)
            pytest.fail(f"streamlit did not become healthy on {url}:\n{log.read()[-2000:]}")
        yield url, [d.plan.id for d in docs], docs
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"e2e-{name}.png"), full_page=False)
    assert (ARTIFACTS / f"e2e-{name}.png").stat().st_size > 10_000, f"{name} screenshot is blank"
    if os.environ.get("POLICYKG_UPDATE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / f"e2e-{name}.png", SHOTS / f"{name}.png")


def _settle(page) -> None:
    """Wait until the app has finished its run (no running indicator)."""
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=20_000)


def test_browser_reader_explorer_compare_and_console(server, page):
    url, (seed_id, revised_id), docs = server
    task = next(n for n in docs[0].nodes if n.label == "Task" and n.path == "3.2.1")

    page.goto(f"{url}/reader?plan={seed_id}&unit={task.id}")
    page.locator("mark#pkg-hl").first.wait_for(timeout=30_000)
    assert task.title in page.locator("mark#pkg-hl").first.inner_text()
    assert page.get_by_text("规划 Plan reader").first.is_visible()
    _settle(page)
    _shoot(page, "reader")

    page.goto(f"{url}/graph?plan={seed_id}")
    frame = page.frame_locator("iframe").first
    frame.locator("canvas").wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(2500)  # let the layout settle before the picture
    _shoot(page, "explorer")

    page.goto(f"{url}/compare?a={seed_id}&b={revised_id}")
    page.get_by_text("逐句对照 Sentence by sentence").first.wait_for(timeout=60_000)
    _settle(page)
    _shoot(page, "compare")

    page.goto(f"{url}/console")
    page.get_by_text("查询 Cypher console").first.wait_for(timeout=30_000)
    if page.get_by_text("查询目录尚未安装").count():
        pytest.skip("queries/console.py is not available: the console cannot run a query")
    page.get_by_text("自由 Cypher").click()
    box = page.get_by_label("Cypher", exact=True).and_(page.locator("textarea"))
    box.wait_for(timeout=20_000)
    box.fill("MATCH (p:Plan)-[r:HAS_PART]->(s:Section) RETURN p, r, s")
    page.get_by_role("button", name="运行 Run").click()
    metric = page.get_by_test_id("stMetricValue").first
    metric.wait_for(timeout=30_000)
    assert int(metric.inner_text()) > 0
    page.frame_locator("iframe").first.locator("canvas").wait_for(state="visible", timeout=30_000)
    _shoot(page, "console")


@pytest.mark.issue(10)
def test_browser_targets_attainment_chart(server, page):
    url, _, _ = server
    page.goto(f"{url}/targets")
    _settle(page)
    page.get_by_text("达成 Attainment").click()
    _settle(page)
    chart = page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first
    chart.wait_for(state="visible", timeout=30_000)
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(state="visible", timeout=30_000)
    _settle(page)
    drawn = page.locator(".vega-embed canvas, .vega-embed svg").first
    box = drawn.bounding_box()
    assert box and box["height"] > 200 and box["width"] > 300, "the chart has its size"
    _shoot(page, "attainment")


@pytest.mark.issue(22)
def test_browser_instruments_page_draws_profiles_and_names_no_ids(server, page):
    url, (seed_id, revised_id), _ = server
    page.goto(f"{url}/instruments?plans={seed_id},{revised_id}&plan={seed_id}")
    page.get_by_text("下载编码表 Excel").first.wait_for(timeout=60_000)
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(state="visible", timeout=30_000)
    _settle(page)
    body = page.locator("body").inner_text()
    assert "供给型" in body and "下载编码表 Excel" in body
    assert "plan-" not in body and "ins-" not in body, "no raw id on the page"
    _shoot(page, "instruments")


def test_browser_library_url_and_no_outside_requests(server, page):
    """/library opens the library (not "Page not found"), and the app asks no host but its own
    for anything (users may be offline; a page about their documents should call no one)."""
    url, _, _ = server
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{url}/library")
    page.get_by_text("导入 Upload").first.wait_for(timeout=30_000)
    assert not page.get_by_text("Page not found").count()
    page.goto(url)
    page.get_by_text("导入 Upload").first.wait_for(timeout=30_000)
    page.goto(f"{url}/reader")
    page.get_by_text("规划 Plan reader").first.wait_for(timeout=30_000)
    _settle(page)
    outside = sorted({u for u in asked if not u.startswith((url, "data:", "blob:", "about:"))})
    assert asked and outside == []
