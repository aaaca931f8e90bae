"""The whole parse: contract JSON, CLI behaviour, bad input, corpus coverage, properties."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import shared_corpus_files
from core.model import LABELS, REL_TYPES
from ingest.parse import parse_path, parse_plan
from policykg.cli import main
from core.errors import ParseError

PLAN_KEYS = {"id", "title", "version", "status", "issued", "period_start", "period_end",
             "issuer", "number", "source", "sha256"}


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_parse_cli_json_contract(seed_path):
    code, out, err = run_cli("parse", str(seed_path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "policykg/1"
    assert PLAN_KEYS <= set(data["plan"])
    assert data["plan"]["period_start"] == 2015 and data["plan"]["period_end"] == 2017
    ids = {n["id"] for n in data["nodes"]} | {data["plan"]["id"]}
    for n in data["nodes"]:
        assert set(n) == {"id", "label", "title", "text", "path", "start", "end", "props"}
        assert n["label"] in LABELS
    for e in data["edges"]:
        assert set(e) == {"source", "target", "type", "props"}
        assert e["type"] in REL_TYPES and e["source"] in ids and e["target"] in ids
    task = next(n for n in data["nodes"] if n["path"] == "3.2.1")
    assert (task["label"], task["title"], task["id"]) == ("Task", "推进主导产业再进位",
                                                          f"{data['plan']['id']}/3.2.1")
    target = next(n for n in data["nodes"] if n["label"] == "Target")
    assert set(target["props"]) >= {"metric", "value", "unit", "comparator", "year", "base_year",
                                    "kind", "raw"}


def test_parse_cli_outline_shows_targets_under_units(seed_path):
    code, out, _ = run_cli("parse", str(seed_path), "--format", "outline")
    assert code == 0
    assert "3.2.1 [任务] 推进主导产业再进位" in out
    assert "◎ 地区生产总值 > 1000亿元 (2017年)" in out


def test_parse_is_deterministic_and_ids_stable(seed_path):
    text = seed_path.read_text(encoding="utf-8")
    a, b = parse_plan(text, source="a.txt"), parse_plan(text, source="b.txt")
    assert a.plan.id == b.plan.id
    assert [n.id for n in a.nodes] == [n.id for n in b.nodes]


def test_parse_spans_match_text(seed_doc):
    for n in seed_doc.nodes:
        if n.start is not None:
            assert 0 <= n.start <= n.end <= len(seed_doc.text)
            if n.path:
                assert seed_doc.text[n.start:n.end] == n.text
            else:  # a target: its raw clause
                assert seed_doc.text[n.start:n.end] == n.props["raw"]


def test_parse_seed_flags_incubator_breakdown(seed_doc):
    assert any("20" in w and "30" in w for w in seed_doc.warnings), seed_doc.warnings


def test_parse_seed_flags_placeholder(seed_doc):
    assert any("**" in w for w in seed_doc.warnings)


@pytest.mark.parametrize("name,content,fragment", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("only-boilerplate.txt", "相关文档\n最新文档\n".encode(), "no text left"),
    ("plan.xyz", "一、总体要求".encode(), ".txt"),
])
def test_parse_cli_bad_input_one_line(tmp_path: Path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli("parse", str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and name in err and fragment in err
    assert "Traceback" not in err


def test_parse_cli_missing_file_and_usage(tmp_path):
    code, _, err = run_cli("parse", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err
    code, _, _ = run_cli("parse")
    assert code == 2


def test_parse_gbk_file(tmp_path, seed_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode("gb18030"))
    code, out, err = run_cli("parse", str(path), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["plan"]["title"] == "高新区（滨江）“三次创业”三年行动计划"


def test_parse_truncated_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 200)
    path = tmp_path / "cut.docx"
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    code, _, err = run_cli("parse", str(path))
    assert code == 1 and "cut.docx" in err and err.count("\n") == 1


@pytest.mark.parametrize("path", shared_corpus_files(), ids=lambda p: p.name)
def test_parse_every_shared_document(path):
    from ingest.parse import parse_path

    doc = parse_path(path)
    units = [n for n in doc.nodes if n.path]
    assert len(units) >= 3, f"{path.name}: only {len(units)} units"
    assert doc.plan.title


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300) | st.text(st.sampled_from(list("一二三、（）1.。，坚持推进工程目标任务保障措施2017年亿元家%不少于\n　")), max_size=300))
def test_parse_never_crashes_and_spans_inside(text):
    try:
        doc = parse_plan(text, source="fuzz.txt")
    except ParseError:
        return
    for n in doc.nodes:
        if n.start is not None:
            assert 0 <= n.start <= n.end <= len(doc.text)
    assert len(doc.offsets) == len(doc.text)


def test_cli_remove_on_a_missing_store_creates_nothing(tmp_path):
    store = tmp_path / "none.lbug"
    code, out, err = run_cli("remove", "plan-x", "--store", str(store))
    assert code == 1 and "no database there" in err and err.count("\n") == 1
    assert not store.exists()


CHROMIUM = "/usr/bin/chromium"


def _print_pdf(page: Path, pdf: Path) -> None:
    """A PDF with a real Chinese text layer, printed by Chromium (wrapped lines, spaced glyphs)."""
    import subprocess
    import tempfile

    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
             f"--user-data-dir={tempfile.mkdtemp()}", "--no-pdf-header-footer"]
    subprocess.run([CHROMIUM, *flags, f"--print-to-pdf={pdf}", page.as_uri()], check=True,
                   capture_output=True, timeout=120)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_parse_seed_in_other_formats_gives_the_same_plan(tmp_path, seed_path, seed_doc, fmt):
    """The seed as a Word file, a GB2312 web page and a printed PDF parses to the same units and
    targets as the text file."""
    import html
    import os

    import docx

    paragraphs = [p for p in seed_path.read_text(encoding="utf-8").split("\n") if p.strip()]
    path = tmp_path / f"seed.{fmt}"
    if fmt == "docx":
        document = docx.Document()
        for p in paragraphs:
            document.add_paragraph(p)
        document.save(path)
    else:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        page = tmp_path / "seed.html"
        page.write_bytes(f'<html><head><meta charset="gb2312"><script>var x = "一、假标题";</script>'
                         f"</head><body>{body}</body></html>".encode("gb18030"))
        if fmt == "pdf":
            if not os.access(CHROMIUM, os.X_OK):
                pytest.skip("needs Debian's chromium to print a PDF (make test installs it)")
            _print_pdf(page, path)
    from ingest.parse import parse_path

    doc = parse_path(path)
    assert [(n.path, n.label, n.title) for n in doc.nodes if n.path] == \
           [(n.path, n.label, n.title) for n in seed_doc.nodes if n.path]
    assert [n.props["raw"] for n in doc.by_label("Target")] == \
           [n.props["raw"] for n in seed_doc.by_label("Target")]
    assert doc.plan.title == seed_doc.plan.title


def test_cli_unexpected_failure_is_one_line(monkeypatch, seed_path):
    import ingest.parse

    def boom(path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ingest.parse, "parse_path", boom)
    code, out, err = run_cli("parse", str(seed_path))
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("opening,source,title,year", [
    ("各位代表：\n现在，我代表国务院，向大会报告过去五年的政府工作，请予审议。\n一、今年工作总体部署\n今年要做好工作。",
     "gov-work-report-2013.txt", "2013年政府工作报告", 2013),
    ("政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n各位代表：\n现在，我代表国务院，向大会报告工作。\n一、总体部署\n做好工作。",
     "report.txt", "2023年政府工作报告", 2023),
    ("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2019年工作回顾\n过去一年。\n二、2019年政府工作任务\n做好工作。",
     "x.txt", "2019年政府工作报告", 2019),
])
def test_parse_work_report_title_and_year(opening, source, title, year):
    doc = parse_plan(opening, source=source)
    assert (doc.plan.title, doc.plan.period_start, doc.plan.period_end) == (title, year, year)


# ---- layouts the tests never saw before issue 8 (shared corpus) ------------------------------
def test_parse_anhui_action_plan_tasks_projects_goals(shared_corpus):
    doc = parse_path(shared_corpus / "anhui-industrial-internet-action-plan-2021-2023.txt")
    steps = next(n for n in doc.nodes if n.label == "Section" and n.title == "行动步骤")
    tasks = [n for n in doc.nodes if n.label == "Task" and n.path.startswith(steps.path + ".")]
    assert len(tasks) == 24
    assert not any(t.title[0].isdigit() or "﹒" in t.title for t in tasks)
    projects = [n for n in doc.nodes if n.label == "Project"]
    assert len(projects) == 12 and all(p.title.endswith("工程") for p in projects)
    goals = [n.title for n in doc.nodes if n.label == "Goal"]
    assert goals == ["新型基础设施更加完善", "平台建设长足进步", "融合应用加速普及", "赋能中小企业成效明显",
                     "安全保障水平明显提升", "生态体系更加健全"]
    # the attached plan's own title line is a boundary, not a task
    assert not any(n.title.startswith("安徽省工业互联网创新发展行动计划") for n in doc.nodes if n.path)


def test_parse_2015_report_part_three_has_its_tasks(shared_corpus):
    doc = parse_path(shared_corpus / "gov-work-report-2015.txt")
    part = next(n for n in doc.nodes if n.path == "3")
    tasks = [n.title for n in doc.nodes if n.label == "Task" and n.path.startswith("3.")]
    assert part.title == "把改革开放扎实推向纵深"
    assert "加大简政放权、放管结合改革力度" in tasks and len(tasks) >= 10


@pytest.mark.parametrize("path", shared_corpus_files() or [None], ids=lambda p: p.name if p else "no-corpus")
def test_parse_every_numbered_line_of_the_corpus_is_a_unit(path):
    """Issue 8: every line that opens with an enumerator (一、 （一） 1﹒ 1.2.1 —— 专栏3 …) starts a unit;
    一是…/一要… may also open sentences inside prose and are left out."""
    if path is None:
        pytest.skip("no ../shared/corpus in this clone")
    from ingest.lexicon import INLINE_KINDS
    from ingest.outline import split_enumerator

    doc = parse_path(path)
    starts = {n.start for n in doc.nodes if n.path}
    pos, missed = 0, []
    for line in doc.text.split("\n"):
        kind, _ = split_enumerator(line)
        if kind and kind not in INLINE_KINDS and pos not in starts:
            missed.append(line[:30])
        pos += len(line) + 1
    assert not missed, f"{path.name}: numbered lines that are no unit: {missed[:5]}"


def test_parse_goals_heading_dates_its_bullets_from_the_paragraph_under_it():
    from ingest.parse import parse_plan

    text = ("某省工业互联网行动计划\n一、总体要求\n（二）发展目标\n到2023年，工业互联网建设量质并进。\n"
            "--安全保障水平明显提升。基本建成全省工业互联网安全保障体系，形成一批安全综合解决方案。\n"
            "二、重点任务\n（一）推进网络改造。新建5G基站1000个。\n")
    doc = parse_plan(text, source="plan.txt")
    milestones = {n.title: n.props["year"] for n in doc.nodes
                  if n.label == "Target" and n.props.get("kind") == "milestone"}
    assert milestones == {"基本建成全省工业互联网安全保障体系": 2023, "形成一批安全综合解决方案": 2023}


def test_parse_goals_of_the_next_five_years_are_due_at_the_plan_end():
    from ingest.parse import parse_plan

    text = ("某省国民经济和社会发展第十四个五年规划纲要\n一、主要目标\n"
            "1.主要目标。坚持目标导向，今后五年经济社会发展要努力实现以下主要目标。\n"
            "——改革开放迈出新步伐。高标准市场体系基本建成，市场主体更加充满活力。\n")
    doc = parse_plan(text, source="plan.txt")
    assert doc.plan.period_start == 2021
    milestones = {n.title: n.props["year"] for n in doc.nodes
                  if n.label == "Target" and n.props.get("kind") == "milestone"}
    assert milestones == {"高标准市场体系基本建成": 2025}


def test_parse_a_work_report_naming_itself_is_not_a_citation():
    from ingest.parse import parse_plan

    text = ("2025年江西省政府工作报告\n各位代表：\n一、2025年工作安排\n（一）推进改革。落实中央八项规定精神。\n"
            "《政府工作报告》有关内容名词注释\n1.某某：说明。\n")
    doc = parse_plan(text, source="jiangxi.txt")
    assert sorted(n.title for n in doc.nodes if n.label == "Document") == ["中央八项规定"]


def test_parse_a_short_name_in_a_later_unit_cites_the_full_document():
    from ingest.parse import parse_plan

    text = ("某市数字经济三年行动计划\n一、总体要求\n（一）加强统筹。根据《关于推进政务新媒体健康有序发展的意见》"
            "（以下简称《意见》）。\n（二）落实要求。落实《意见》要求。\n")
    doc = parse_plan(text, source="x.txt")
    docs = [n for n in doc.nodes if n.label == "Document"]
    assert [d.title for d in docs] == ["关于推进政务新媒体健康有序发展的意见"]
    assert len([e for e in doc.edges if e.type == "CITES" and e.target == docs[0].id]) == 2


@pytest.mark.issue(17)
def test_parse_refuses_a_text_of_more_figures_than_any_plan_before_parsing_them(monkeypatch):
    """``1%`` x 500,000 once cost 1.2 GB (about 2 KB per figure): the count is bounded first."""
    from core.errors import ParseError
    from ingest import parse

    monkeypatch.setattr(parse, "MAX_FIGURES", 1000)
    with pytest.raises(ParseError) as exc:
        parse.parse_plan("示例三年行动计划\n" + "1%" * 1001, source="dense.txt")
    message = str(exc.value)
    assert message.startswith("dense.txt: char ") and "more than 1,000 figures" in message
    assert "POLICYKG_MAX_FIGURES" in message
    assert parse.parse_plan("示例三年行动计划\n一、推进研发。" + "增长1%，" * 999, source="ok.txt").plan.title
