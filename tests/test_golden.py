"""Golden files: each reviewed parse lives in tests/golden/<document>.json.

The comparison is by meaning: plan metadata, the unit tree (path, label, title), targets,
citations and lead bodies; spans and free text are left out so that a clean-up change that
moves offsets does not break them. ``pytest --update-golden`` rewrites the files; review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GOLDEN, SEED, SHARED_CORPUS
from core.model import PlanDoc

#: documents with a golden file, beyond the seed: different layouts and kinds of plan
SHARED_GOLDEN = [
    "gov-work-report-2019.txt",              # national report, 一、/（一）/ lead sentences
    "gov-work-report-2017-cjc-oneline.txt",  # whole report on one line, paragraphs by 　　
    "state-council-zero-waste-city-pilot-plan-2018.txt",  # 方案 with 文号 and safeguards
    "aba-gov-data-resource-measures-2021.txt",  # 办法: 第X章 / 第X条, pkulaw furniture
    "baotou-digital-gov-evaluation-2022.txt",   # 牵头单位 responsibilities
    "anhui-rcep-opening-implementation-opinions.txt",  # 实施意见 with 发展目标
]


def summarize(doc: PlanDoc) -> dict:
    """The reviewed meaning of a parse."""
    nodes = {n.id: n for n in doc.nodes}
    owner_of = {e.target: e.source for e in doc.edges if e.type in ("HAS_TARGET", "REPORTS")}

    def path(nid: str) -> str:
        return nodes[nid].path if nid in nodes and nodes[nid].path else "plan"

    plan = doc.plan.to_json()
    plan.pop("sha256")
    return {
        "plan": plan,
        "units": [f"{n.path} {n.label} {n.title}" for n in doc.nodes if n.path],
        "targets": [
            {"at": path(owner_of[n.id]), **{k: n.props[k] for k in (
                "metric", "value", "value_max", "unit", "comparator", "year", "base_year", "kind", "indicator",
                "raw")}}
            for n in doc.nodes if n.label == "Target"],
        "outcomes": [
            {"at": path(owner_of[n.id]), **{k: n.props[k] for k in (
                "metric", "value", "unit", "year", "period_start", "period_end", "indicator", "raw")}}
            for n in doc.nodes if n.label == "Outcome"],
        "citations": sorted({f"{path(e.source)} 《{nodes[e.target].title}》 {nodes[e.target].props.get('number')}"
                             for e in doc.edges if e.type == "CITES"}),
        "leads": sorted({f"{nodes[e.source].title} {e.type} {path(e.target)}"
                         for e in doc.edges if e.type in ("LEADS", "SUPPORTS_WORK")}),
        "warnings": [w.split(": ", 1)[1] if ": " in w else w for w in doc.warnings],
    }


def _cases():
    yield pytest.param(SEED, id=SEED.name)
    for name in SHARED_GOLDEN:
        yield pytest.param(SHARED_CORPUS / name, id=name)


@pytest.mark.parametrize("source", list(_cases()))
def test_golden_parse_matches_reviewed_file(source: Path, update_golden: bool):
    if not source.exists():
        pytest.skip(f"{source} not available (no ../shared/corpus in this clone)")
    from ingest.parse import parse_path

    got = summarize(parse_path(source))
    golden = GOLDEN / (source.stem + ".json")
    if update_golden or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote new golden file {golden}; review it and run again")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key in expected:
        assert got[key] == expected[key], f"{source.name}: {key} differs from {golden.name}"


def test_golden_seed_counts(seed_doc):
    """The seed's reviewed shape: 6 principles, 8 goals, 8 projects, 20 tasks, 4 safeguards."""
    counts = {label: len(seed_doc.by_label(label))
              for label in ("Principle", "Goal", "Project", "Task", "Measure")}
    assert counts == {"Principle": 6, "Goal": 8, "Project": 8, "Task": 20, "Measure": 4}
