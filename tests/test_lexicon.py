"""One table test per lexicon family: a variant added to ingest/lexicon.py is read everywhere.

Each row is built from the lexicon's own data, so a new enumerator, measure word, document kind
or accordance verb is tested the moment it is added; a row that stops working names itself.
"""

from __future__ import annotations

import re

import pytest

from ingest import lexicon as L
from ingest.citations import extract_citations
from ingest.meta import read_meta
from ingest.outline import split_enumerator
from ingest.targets import extract_targets


@pytest.mark.parametrize("enumerator, example",
                         [(e, x) for e in L.ENUMERATORS for x in e.examples],
                         ids=lambda v: v if isinstance(v, str) else v.kind)
def test_lexicon_every_enumerator_example_is_split(enumerator, example):
    kind, length = split_enumerator(example)
    assert kind == enumerator.kind
    title = example[length:]
    assert title and not title[0].isspace() and title[0] not in "、，.．﹒—-）)"


@pytest.mark.parametrize("unit", L.UNITS)
def test_lexicon_every_measure_word_reads_a_target(unit):
    amount = "20万" if unit == "方" else "20"  # 方 is floor area only with a magnitude
    (t,) = extract_targets(f"到2025年，新增设施{amount}{unit}。")
    assert t.unit == L.UNIT_CANON.get(unit, unit)
    assert t.value == (200000.0 if unit == "方" else 20.0)


@pytest.mark.parametrize("short, years", sorted(L.FIVE_YEAR_PLANS.items()))
def test_lexicon_every_five_year_plan_gives_its_period(short, years):
    meta = read_meta([f"浙江省国民经济和社会发展“{short}”规划纲要"])
    assert (meta.period_start, meta.period_end) == years


@pytest.mark.parametrize("kind", L.DOC_KINDS)
def test_lexicon_every_document_kind_makes_a_title_a_document(kind):
    (c,) = extract_citations(f"收到《数字{kind}》。")
    assert c.title == f"数字{kind}"


@pytest.mark.parametrize("verb", [v for v in L.ACCORDANCE_VERBS if v != "印发"])
def test_lexicon_every_accordance_verb_cites_a_named_document(verb):
    titles = [c.title for c in extract_citations(f"要{verb}浙江省数字经济发展三年行动计划，加快推进。")]
    assert titles == ["浙江省数字经济发展三年行动计划"]


@pytest.mark.parametrize("verb", L.ACTION_VERBS)
def test_lexicon_every_action_verb_is_matched_whole(verb):
    m = L.RE_ACTION.match(verb + "工作")
    assert m is not None and m.group() == verb


def _not_before_rows():
    """(unit, what follows, is a figure): each blocked character, and each longer word it starts
    that keeps the measure word (名优 blocks, 名优秀 counts)."""
    for unit, pairs in L.UNIT_BLOCKED.items():
        for char, words in pairs:
            yield unit, char, False
            for word in words:
                yield unit, char + word, True


@pytest.mark.parametrize("unit, after, counts", list(_not_before_rows()))
def test_lexicon_every_word_a_measure_word_starts(unit, after, counts):
    units = [t.unit for t in extract_targets(f"到2025年，新增20{unit}{after}。")]
    assert (L.UNIT_CANON.get(unit, unit) in units) is counts


@pytest.mark.parametrize("pattern, clause", L.END_STATES, ids=[c for _, c in L.END_STATES])
def test_lexicon_every_end_state_makes_a_dated_clause_a_milestone(pattern, clause):
    (t,) = extract_targets(f"到2025年，{clause}。")
    assert (t.kind, t.year, t.metric) == ("milestone", 2025, clause)
    assert re.search(pattern, clause)


@pytest.mark.parametrize("pattern, clause", L.NOT_COMMITTING, ids=[c for _, c in L.NOT_COMMITTING])
def test_lexicon_every_direction_purpose_or_means_commits_to_nothing(pattern, clause):
    assert L.RE_END_STATE.search(clause)            # it holds an end-state word …
    assert extract_targets(f"到2025年，{clause}。") == []   # … that the opening keeps from committing
    assert re.match(pattern, clause)
