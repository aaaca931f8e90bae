"""Unit alignment against the alignments read by people (issue 18): ``bench/alignment.py``.

Each gold pair under ``tests/gold/alignment/`` is parsed and compared, and the share of gold
units (of both plans) whose system counterpart is the one the reader picked (none for a removed
or an added unit) must stay at the level reached, rounded down a little. The seed pair is in
``corpus/``; the national work reports are in the shared corpus (``../shared/corpus`` or
``$POLICYKG_SHARED_CORPUS``), and their tests are skipped without it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED_CORPUS

sys.path.insert(0, str(ROOT / "bench"))
import alignment  # noqa: E402  (bench/ is a folder of scripts, not a package)

GOLD = ROOT / "tests" / "gold" / "alignment"
SEED_PAIR = "binjiang-three-year-action-plan-2015-2017-draft__binjiang-three-year-action-plan-2015-2017-revised"

#: gold pair -> (share of all answers, share of the answers whose both ends the parser cut out):
#: the levels of bench/alignment.py's docstring (1.00/1.00, 0.41/0.67, 0.79/0.91), rounded down
FLOORS = {
    SEED_PAIR: (0.97, 0.97),
    "gov-work-report-2023__gov-work-report-2024": (0.38, 0.63),
    "gov-work-report-2024__gov-work-report-2025": (0.76, 0.88),
}


def _score(name: str) -> alignment.PairScore:
    path = GOLD / f"{name}.json"
    if not alignment.available(path):
        pytest.skip(f"{name}: the documents are not in corpus/ nor in the shared corpus at {SHARED_CORPUS}")
    return alignment.score_pair(path)


def _shares(score: alignment.PairScore) -> tuple[float, float]:
    (n, right), (n_cut, right_cut) = score.figures(), score.figures(cut_out=True)
    return right / n, right_cut / n_cut


def test_every_gold_pair_has_a_floor() -> None:
    assert sorted(p.stem for p in GOLD.glob("*.json")) == sorted(FLOORS)


def test_seed_pair_alignment_share() -> None:
    score = _score(SEED_PAIR)
    n, _ = score.figures()
    assert n == 114  # 46 units and 11 Sections on each side, all located in the files
    share, cut = _shares(score)
    wrong = [(a.why, a.side, a.unit.name) for a in score.answers if not a.right]
    assert share >= FLOORS[SEED_PAIR][0] and cut >= FLOORS[SEED_PAIR][1], wrong


@pytest.mark.parametrize("name", [n for n in FLOORS if n != SEED_PAIR])
def test_work_report_alignment_share(name: str) -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    score = _score(name)
    share, cut = _shares(score)
    floor, floor_cut = FLOORS[name]
    assert share >= floor, f"{name}: {share:.3f} of all gold units < {floor}\n{alignment.details(score)}"
    assert cut >= floor_cut, f"{name}: {cut:.3f} of the cut-out units < {floor_cut}\n{alignment.details(score)}"


def test_scorer_counts_a_wrong_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """An aligner that pairs nothing gets right only the seed's added and removed task."""
    import analysis.compare

    real = analysis.compare.compare

    def nothing_paired(a, b):
        result = real(a, b)
        pairs = []
        for p in result.pairs:
            if p["a"] is not None:
                pairs.append({**p, "b": None, "b_title": None, "status": "removed"})
            if p["b"] is not None:
                pairs.append({**p, "a": None, "a_title": None, "status": "added"})
        return analysis.compare.Comparison(result.a, result.b, tuple(pairs), result.targets, result.citations)

    monkeypatch.setattr(analysis.compare, "compare", nothing_paired)
    score = _score(SEED_PAIR)
    assert score.figures() == (114, 2)
    assert {a.unit.item["title"] for a in score.answers if a.right} == {"推进土地利用再加强", "推进数字政府再提速"}
    assert {a.why for a in score.answers if not a.right} == {"align"}
