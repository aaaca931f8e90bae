"""Tests generated from the examples of every named figure rule (ingest/figure_rules.py): each
rule must decide its ``rejects`` and leave its ``accepts`` alone, and the whole extractor must
agree (no target at a rejected figure, a target at an accepted one)."""

from __future__ import annotations

import pytest

from ingest.figure_rules import FIGURE_RULES, rejecting_rule
from ingest.targets import extract_targets

REJECTS = [(r.name, text, figure) for r in FIGURE_RULES for text, figure in r.rejects]
ACCEPTS = [(r.name, text, figure) for r in FIGURE_RULES for text, figure in r.accepts]


@pytest.mark.issue(16)
@pytest.mark.parametrize("name,text,figure", REJECTS)
def test_figure_rules_reject_their_counter_examples(name, text, figure):
    at = text.index(figure)
    rule = rejecting_rule(text, at, at + len(figure))
    assert rule is not None and rule.name == name
    assert not [t for t in extract_targets(text) if figure in t.raw]


@pytest.mark.issue(16)
@pytest.mark.parametrize("name,text,figure", ACCEPTS)
def test_figure_rules_accept_their_examples(name, text, figure):
    at = text.index(figure)
    assert rejecting_rule(text, at, at + len(figure)) is None
    assert [t for t in extract_targets(text) if figure in t.raw]


def test_figure_rules_have_names_and_examples():
    names = [r.name for r in FIGURE_RULES]
    assert len(names) == len(set(names)) and all(r.accepts and r.rejects for r in FIGURE_RULES)
