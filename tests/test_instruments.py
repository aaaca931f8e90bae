"""The instrument coder (DESIGN.md section 9): every codebook rule's examples and counter-examples,
the shape of the codes, and the adjudicated gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHARED_CORPUS

from analysis import codebook
from analysis.codebook import BACKGROUND, INSTRUMENTS, instrument, rules
from analysis.instruments import InstrumentCode, code_plan, code_text, code_unit, explain
from core.model import Node, PlanDoc, PlanMeta

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "instruments"

RULES = rules()


def _codes(sentence: str) -> set[str]:
    return {instrument(h.rule.instrument).code_id for h in code_text(sentence)}


def test_codebook_is_whole() -> None:
    assert codebook.check() == []
    assert {i.id for i in INSTRUMENTS if i.parent is None} == {
        cid for ids in codebook.CONTRACT_IDS.values() for cid in ids}


@pytest.mark.parametrize("r", RULES, ids=[r.name for r in RULES])
def test_rule_codes_its_examples(r: codebook.Rule) -> None:
    for example in r.examples:
        fired = {h.rule.name for h in code_text(example)}
        assert r.name in fired, f"{r.name} should code {example!r} (fired: {sorted(fired)})"


@pytest.mark.parametrize("r", RULES, ids=[r.name for r in RULES])
def test_rule_leaves_its_counter_examples(r: codebook.Rule) -> None:
    code_id = instrument(r.instrument).code_id
    for counter in r.counter_examples:
        assert code_id not in _codes(counter), f"{counter!r} must not be coded {code_id}"


@pytest.mark.parametrize("b", BACKGROUND, ids=[b.name for b in BACKGROUND])
def test_background_phrases(b: codebook.Rule) -> None:
    for example in b.examples:
        assert b.regex.search(example), example
    for counter in b.counter_examples:
        assert not b.regex.search(counter), counter


@pytest.mark.parametrize("sentence, not_coded", [
    ("为企业发展提供资金保障", "funding"),
    ("依法履行政府采购程序", "procurement"),
    ("积极承接服务外包", "outsourcing"),
])
def test_contract_counter_examples(sentence: str, not_coded: str) -> None:
    assert not_coded not in _codes(sentence)


def test_support_per_rules_alone_is_not_coded() -> None:
    assert _codes("符合条件的按规定给予支持。") == set()


def _doc(*units: tuple[str, str]) -> PlanDoc:
    text, nodes = "", []
    for k, (label, body) in enumerate(units, 1):
        nodes.append(Node(id=f"P/{k}", label=label, title=body.split("。")[0], text=body,
                          start=len(text), end=len(text) + len(body)))
        text += body + "\n"
    return PlanDoc(plan=PlanMeta(id="P", title="计划"), nodes=tuple(nodes), text=text)


def test_a_unit_carries_several_instruments_once_each() -> None:
    doc = _doc(("Task", "推进企业上市。支持企业在创业板上市，对上市企业给予100万元奖励。扩大信贷投放。"))
    codes = code_plan(doc)
    assert [c.instrument for c in codes] == ["finance", "funding"]
    finance = codes[0]
    assert finance.sub_instrument == "listing" and finance.type == "environment"
    for c in codes:
        assert doc.text[c.start:c.end] == c.evidence


def test_only_tasks_measures_and_projects_are_coded() -> None:
    doc = _doc(("Goal", "到2025年产业规模达到500亿元。"), ("Measure", "强化考核。纳入年度目标考核。"))
    assert [(c.unit_id, c.instrument) for c in code_plan(doc)] == [("P/2", "strategic")]


def test_codes_are_deterministic_and_json() -> None:
    doc = _doc(("Task", "开展应用示范。开放一批应用场景，建设5G基站。"))
    first, second = code_plan(doc), code_plan(doc)
    assert first == second
    data = [c.to_json() for c in first]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data[0]) == {"unit_id", "instrument", "type", "evidence", "start", "end", "rule",
                            "sub_instrument"}


def test_unit_without_span_has_offsets_in_its_text() -> None:
    unit = Node(id="U", label="Task", title="减税", text="落实减税降费政策。")
    (code,) = code_unit(unit)
    assert unit.text[code.start:code.end] == code.evidence and code.instrument == "tax"


def test_explain_names_the_rule() -> None:
    code = InstrumentCode("P/1", "tax", "environment", "落实研发费用加计扣除政策", 0, 12, "tax-relief")
    text = explain(code)
    assert "tax-relief" in text and "税收优惠" in text and "加计扣除" in text


# ---- the adjudicated gold --------------------------------------------------------------------

ADJUDICATED = sorted((GOLD / "adjudicated").glob("*.json"))
CONTRACT = {cid for ids in codebook.CONTRACT_IDS.values() for cid in ids}


def test_adjudicated_gold_covers_every_annotated_plan() -> None:
    names = {p.name for p in (GOLD / "annotator-a").glob("*.json")}
    assert {p.name for p in ADJUDICATED} == names


@pytest.mark.parametrize("path", ADJUDICATED, ids=[p.stem for p in ADJUDICATED])
def test_adjudicated_gold_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    a = json.loads((GOLD / "annotator-a" / path.name).read_text(encoding="utf-8"))
    b = json.loads((GOLD / "annotator-b" / path.name).read_text(encoding="utf-8"))
    assert data["source"] == a["source"] and data["notes"]
    assert [u["evidence"] for u in data["units"]] == [u["evidence"] for u in a["units"]]
    for unit, ua, ub in zip(data["units"], a["units"], b["units"]):
        coded = [c["instrument"] for c in unit["codes"]]
        assert len(coded) == len(set(coded)) and set(coded) <= CONTRACT
        both = {c["instrument"] for c in ua["codes"]} & {c["instrument"] for c in ub["codes"]}
        either = {c["instrument"] for c in ua["codes"]} | {c["instrument"] for c in ub["codes"]}
        assert both <= set(coded) <= either, unit["title"]
        for inst in set(coded) - both:
            assert f"{unit['title']} / {inst}" in data["notes"], (unit["title"], inst)
        for inst in either - set(coded):
            assert f"{unit['title']} / {inst}" in data["notes"], (unit["title"], inst)


def _source(name: str) -> Path | None:
    """The repository's corpus, else the shared corpus and its first-sight sibling (when present)."""
    shared = (SHARED_CORPUS, SHARED_CORPUS.parent / "corpus-first-sight") if SHARED_CORPUS.is_dir() else ()
    for folder in (ROOT / "corpus", *shared):
        if (folder / name).exists():
            return folder / name
    return None


@pytest.mark.parametrize("path", ADJUDICATED, ids=[p.stem for p in ADJUDICATED])
def test_gold_evidence_is_in_the_document(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    source = _source(data["source"])
    if source is None:
        pytest.skip(f"{data['source']} not found (shared corpus absent at {SHARED_CORPUS})")
    from ingest.read import read_document

    text = read_document(source).text.replace("\r", "")
    for unit in data["units"]:
        assert unit["evidence"] in text
        for c in unit["codes"]:
            assert c["evidence"] in text, c


def test_bench_scores_the_coder() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from instruments import prf

    assert prf({("u", "tax")}, {("u", "tax"), ("u", "finance")}) == (0.5, 1.0)


SEED = Path(__file__).resolve().parents[1] / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"


def test_coding_sheet_has_one_row_per_unit_and_instrument() -> None:
    from analysis.instruments import SHEET_HEADER, coding_sheet
    from ingest.parse import parse_path

    doc = parse_path(SEED)
    codes = code_plan(doc)
    header, rows = coding_sheet(doc, codes)
    assert header == SHEET_HEADER and header[:3] == ("政策编号", "章", "条")
    assert len(rows) == len(codes) and len({(r[1], r[2], r[6]) for r in rows}) == len(rows)
    units = {n.id: n for n in doc.nodes}
    for row, code in zip(rows, codes):
        unit = units[code.unit_id]
        assert ".".join(x for x in row[1:3] if x) == unit.path and row[4] == unit.text
        assert row[8] == code.evidence and row[8] in row[4]
        assert row[5] in ("供给型", "环境型", "需求型") and row[6] == instrument(code.instrument).zh


def test_cli_instruments_table_explain_sheets_and_errors(tmp_path, capsys) -> None:
    import zipfile

    from policykg.cli import main

    assert main(["instruments", str(SEED)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[-1].endswith("units of 高新区（滨江）“三次创业”三年行动计划") and "资金投入" in "\n".join(table)
    assert main(["instruments", str(SEED), "--explain"]) == 0
    assert "rule funding-" in capsys.readouterr().out
    assert main(["instruments", str(SEED), "--format", "csv", "--out", str(tmp_path / "s.csv")]) == 0
    sheet = (tmp_path / "s.csv").read_bytes()
    assert sheet.startswith("\ufeff政策编号,章,条".encode("utf-8"))
    assert main(["instruments", str(SEED), "--format", "xlsx", "--out", str(tmp_path / "s.xlsx")]) == 0
    assert "政策编号" in zipfile.ZipFile(tmp_path / "s.xlsx").read("xl/worksheets/sheet1.xml").decode("utf-8")
    capsys.readouterr()
    assert main(["instruments", str(SEED), "--format", "xlsx"]) == 1
    assert "give --out" in capsys.readouterr().err
    assert main(["instruments", "no-such-plan", "--store", str(tmp_path / "kg.lbug")]) == 1
    assert "no such file, and not a plan id" in capsys.readouterr().err
