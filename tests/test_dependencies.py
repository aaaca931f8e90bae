"""Dependency inference: SUPPORTS task -> project/goal, DEPENDS_ON task -> task, safeguards."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model import REL_TYPES, Edge, Node, PlanDoc, PlanMeta, entity_id
from analysis.dependencies import EVIDENCE_CHARS, infer_edges, task_subject, with_inferred_edges

SEED = Path(__file__).resolve().parents[1] / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"


def plan(*units: tuple[str, str, str], edges: tuple[Edge, ...] = (), extra: tuple[Node, ...] = ()) -> PlanDoc:
    """A plan 'P' with units (label, title, text); ids P/1, P/2, ... in order."""
    nodes = tuple(Node(id=f"P/{i}", label=label, title=title, text=text, path=str(i))
                  for i, (label, title, text) in enumerate(units, 1))
    return PlanDoc(plan=PlanMeta(id="P", title="示例三年行动计划"), nodes=nodes + extra, edges=edges)


def links(doc: PlanDoc) -> set[tuple[str, str, str, str]]:
    return {(e.source, e.type, e.target, e.props["method"]) for e in infer_edges(doc)}


PROJECTS = (
    ("Project", "产业梯队工程", "以信息经济和智慧经济发展为重点,形成一批高端特色优势产业集群,壮大产业能级。"),
    ("Project", "美丽滨江工程", "优化提升城市功能和产业空间布局,加快地下空间开发利用,推进海绵城市建设,注重城市绿地公园。"),
    ("Project", "法治滨江工程", "坚持依法行政,创新社会治理方式,营造和谐稳定的社会环境和公平正义的法治环境。"),
)


@pytest.mark.parametrize("title, subject", [
    ("推进五水共治再破难", "五水共治"),
    ("推进城市管理再跃升", "城市管理"),
    ("加快建设科技金融服务中心", "科技金融服务中心"),
    ("全面推进三改一拆工作", "三改一拆"),
    ("深化教育综合改革", "教育综合改革"),
])
def test_dependencies_task_subject(title, subject):
    assert task_subject(title) == subject


@pytest.mark.parametrize("task, target, method", [
    # the task's subject is written in the project's text
    (("推进城市功能再完善", "加快商贸配套服务业发展,建设城市综合体。"), "P/2", "explicit-name"),
    # the project's name is written in the task
    (("推进产业升级再加快", "打造产业梯队,培育新兴产业,发展智慧经济产业集群,壮大产业能级。"), "P/1", "explicit-name"),
    # no name, but the words clearly belong to one project
    (("推进空间品质再提升", "加快地下空间开发利用,布局城市绿地公园和海绵城市设施。"), "P/2", "term-overlap"),
    (("推进基层治理再加强", "创新社会治理,依法行政,维护和谐稳定的社会环境与法治环境。"), "P/3", "term-overlap"),
])
def test_dependencies_task_supports_its_project(task, target, method):
    doc = plan(*PROJECTS, ("Task", *task))
    got = {(t, m) for s, ty, t, m in links(doc) if s == "P/4" and ty == "SUPPORTS"}
    assert got == {(target, method)}


def test_dependencies_ambiguous_task_gets_no_project():
    doc = plan(*PROJECTS, ("Task", "推进工作再落实", "加强组织领导,落实工作责任,确保各项任务按期完成。"))
    assert not [e for e in infer_edges(doc) if e.source == "P/4"]


def test_dependencies_task_named_in_goal_supports_goal_and_matched_project():
    doc = plan(*PROJECTS,
               ("Goal", "城市形态更美", "“三改一拆”、“五水共治”取得显著成效,城市功能和空间布局更优,城市绿地公园增加。"),
               ("Goal", "产业能级更高", "高端特色优势产业集群规模更大,信息经济和智慧经济发展成为重点。"),
               ("Goal", "社会更加和谐", "依法行政水平提升,社会治理创新,法治环境和社会环境和谐稳定。"),
               ("Task", "推进五水共治再破难", "全面完成河道综保工程建设,继续推行河长制,消除黑臭河。"))
    got = {(t, m) for s, ty, t, m in links(doc) if s == "P/7"}
    assert got == {("P/4", "explicit-name"), ("P/2", "via-goal")}


@pytest.mark.parametrize("user_text, builder_text, method", [
    ("依托各类工程（技术）研究中心和专家工作室,推进以才引才。",
     "引导企业建设高水平研究院、工程（技术）研究中心和重点实验室。", "explicit-cue"),
    ("结合国家自主创新示范区创建,用足用好先行先试政策。",
     "积极争创国家自主创新示范区核心区,推进六大中心建设。", "explicit-cue"),
    ("与“五大平台”做好物理嫁接,梳理命名一批核心企业。",
     "加快白马湖、奥体博览城等五大平台开发建设。", "explicit-cue"),
    ("安排超长期特别国债3000亿元支持消费品以旧换新。",            # a bond issued, then spent
     "拟发行超长期特别国债1.3万亿元,并持续支持“两重”建设。", "shared-programme"),
    ("用好超长期特别国债,加力推进重大项目。", "拟发行超长期特别国债1.3万亿元。", "explicit-cue"),
    ("通过河北行政执法信息服务平台上报行政执法数据信息。",        # a system launched, then used
     "做好河北行政执法信息服务平台的上线运行工作。", "explicit-cue"),
])
def test_dependencies_task_depends_on_the_task_that_builds_it(user_text, builder_text, method):
    doc = plan(("Task", "推进甲任务再落实", user_text), ("Task", "推进乙任务再突破", builder_text))
    deps = {(s, t, m) for s, ty, t, m in links(doc) if ty == "DEPENDS_ON"}
    assert deps == {("P/1", "P/2", method)}


@pytest.mark.parametrize("user_text", [
    "按照“五水共治”三年行动计划,全面推进治水。",            # a generic plan name, not a task's subject
    "坚持引进来与走出去相结合,加强技术交流与合作。",          # 相结合 is no cue
    "依托深交所创新创业企业上市培育基地,建设路演中心。",      # the platform is outside the plan
    "完善技术交流平台化服务,提升效率。",                     # 平台化 is another word
    "支持建设技术交流平台的企业做大做强。",                  # it builds the thing too: no use
])
def test_dependencies_no_dependency_without_a_built_subject(user_text):
    doc = plan(("Task", "推进甲任务再落实", user_text),
               ("Task", "推进乙任务再突破", "完成安置房小区提升改造三年行动计划,加强技术交流平台建设。"))
    assert not [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]


def test_dependencies_shared_lead_needs_the_same_body():
    doc = plan(("Task", "推进垃圾分类", "实施生活垃圾分类全覆盖,生活垃圾清洁直运,提升市容洁化水平。"),
               ("Task", "推进垃圾清运", "实施生活垃圾分类清运,生活垃圾清洁直运,提升市容洁化水平。"))
    assert not [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]


def test_dependencies_a_shared_lead_body_alone_is_no_dependency():
    """DESIGN.md section 8: two tasks that only share a lead body (or a topic) do not depend."""
    org = Node(id=entity_id("Organization", "区城管局"), label="Organization", title="区城管局")
    doc = plan(("Task", "推进垃圾分类", "实施生活垃圾分类全覆盖,生活垃圾清洁直运,提升市容洁化水平。"),
               ("Task", "推进垃圾清运", "实施生活垃圾分类清运,生活垃圾清洁直运,提升市容洁化水平。"),
               extra=(org,),
               edges=(Edge(org.id, "P/1", "LEADS"), Edge(org.id, "P/2", "LEADS")))
    assert not [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]


def test_dependencies_a_thing_several_units_set_up_is_a_topic():
    """When two units each build 工业互联网平台, a third that relies on it has no single provider."""
    doc = plan(("Task", "培育综合型平台", "培育跨行业跨领域工业互联网平台。"),
               ("Task", "打造行业型平台", "支持龙头企业建设工业互联网平台。"),
               ("Task", "推动融通发展", "鼓励大企业依托工业互联网平台带动中小企业。"))
    assert not [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]


def test_dependencies_both_ends_are_quoted():
    doc = plan(("Task", "推进甲任务再落实", "用好超长期特别国债,加力推进重大项目。"),
               ("Task", "推进乙任务再突破", "拟发行超长期特别国债1.3万亿元。"))
    [edge] = [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]
    assert edge.props["evidence"] == "用好超长期特别国债"
    assert edge.props["evidence_target"] == "拟发行超长期特别国债1.3万亿元"


def test_dependencies_safeguards_support_the_plan():
    doc = plan(("Measure", "组织保障", "建立领导小组。"), ("Measure", "资金保障", "区财政每年安排资金。"))
    assert links(doc) == {("P/1", "SUPPORTS", "P", "safeguard"), ("P/2", "SUPPORTS", "P", "safeguard")}


def test_dependencies_with_inferred_edges_appends_once():
    doc = plan(*PROJECTS, ("Task", "推进城市功能再完善", "建设城市综合体。"), ("Measure", "组织保障", "建立领导小组。"),
               edges=(Edge("P", "P/1", "HAS_PART", {"order": 1}),))
    once = with_inferred_edges(doc)
    assert with_inferred_edges(once) == once
    assert once.edges[0] == doc.edges[0] and len(once.edges) == 1 + len(infer_edges(doc))
    assert doc.edges == (Edge("P", "P/1", "HAS_PART", {"order": 1}),)  # the input is untouched


# ---- the seed plan (needs the parser) ------------------------------------------------------

@pytest.fixture(scope="module")
def seed():
    parse = pytest.importorskip("ingest.parse")
    doc = parse.parse_path(SEED)
    return doc, infer_edges(doc)


def _titled(doc: PlanDoc, edges: list[Edge]) -> set[tuple[str, str, str]]:
    title = {n.id: n.title for n in doc.nodes}
    title[doc.plan.id] = "PLAN"
    return {(title[e.source], e.type, title[e.target]) for e in edges}


def test_dependencies_seed_edges_are_well_formed(seed):
    doc, edges = seed
    labels = {n.id: n.label for n in doc.nodes}
    labels[doc.plan.id] = "Plan"
    for e in edges:
        sources, targets = REL_TYPES[e.type]
        assert labels[e.source] in sources and labels[e.target] in targets, e
        p = e.props
        assert p["inferred"] is True and 0.0 <= p["score"] <= 1.0
        assert p["method"] in {"explicit-name", "term-overlap", "via-goal", "explicit-cue",
                               "shared-programme", "shared-lead", "safeguard"}
        assert 0 < len(p["evidence"]) <= EVIDENCE_CHARS
    assert len({(e.source, e.type, e.target) for e in edges}) == len(edges)


@pytest.mark.parametrize("link", [
    ("推进五水共治再破难", "SUPPORTS", "美丽滨江工程"),
    ("推进城市管理再跃升", "SUPPORTS", "美丽滨江工程"),
    ("推进三改一拆再攻坚", "SUPPORTS", "城市形态更美"),
    ("推进企业培育再深化", "SUPPORTS", "企业培育工程"),
    ("推进对外开放再深入", "SUPPORTS", "城市国际化工程"),
    ("推进社会治理再加强", "SUPPORTS", "法治滨江工程"),
    ("推进改革试点再深入", "SUPPORTS", "优势再造工程"),
    ("推进主导产业再进位", "SUPPORTS", "产业梯队工程"),
    ("推进改革试点再深入", "DEPENDS_ON", "推进主导产业再进位"),
    ("推进创新平台再增效", "DEPENDS_ON", "推进平台建设再突破"),
    ("组织保障", "SUPPORTS", "PLAN"),
])
def test_dependencies_seed_expected_links(seed, link):
    doc, edges = seed
    assert link in _titled(doc, edges)


def test_dependencies_seed_is_selective(seed):
    doc, edges = seed
    tasks = {n.id for n in doc.by_label("Task")}
    per_task = [sum(e.source == t and e.type == "SUPPORTS" for e in edges) for t in tasks]
    assert max(per_task) <= 3 and sum(per_task) <= 2 * len(tasks)
    assert sum(e.type == "DEPENDS_ON" for e in edges) <= len(tasks) // 2


def test_dependencies_join_only_the_labels_the_schema_allows():
    """A Project naming what a Task sets up would be refused by the store (DEPENDS_ON joins the
    labels of core.model.REL_TYPES): such a link is not inferred."""
    from core.model import REL_TYPES

    doc = plan(("Project", "平台培育工程", "依托工业互联网安全态势感知平台开展监测。"),
               ("Task", "推进安全体系建设", "建设工业互联网安全态势感知平台。"))
    sources, targets = REL_TYPES["DEPENDS_ON"]
    deps = [e for e in infer_edges(doc) if e.type == "DEPENDS_ON"]
    labels = {n.id: n.label for n in doc.nodes}
    assert all(labels[e.source] in sources and labels[e.target] in targets for e in deps)
    assert deps == []
