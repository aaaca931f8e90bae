"""Scale: a plan of thousands of tasks ingests in time proportional to its parse (issue 10).

A ratio measured in one test, not a wall-clock limit: inference once grew with the cube of the
task count (a 1,000-task plan ran for more than 11 CPU-minutes after a 1.3 s parse).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from scale import time_ingest, time_parse  # noqa: E402
from synthetic import task_plan  # noqa: E402


@pytest.mark.issue(10)
def test_scale_2000_task_plan_ingests_within_3x_its_parse(tmp_path):
    from ingest.parse import parse_path

    path = tmp_path / "plan-2000.txt"
    path.write_text(task_plan(2000), encoding="utf-8")
    doc = parse_path(path)
    assert len(doc.by_label("Task")) == 2000  # every numbered task is one (1. to 2000.)
    parse_s = min(time_parse(path) for _ in range(2))
    ingest_s = min(time_ingest(path) for _ in range(2))
    assert ingest_s <= 3 * parse_s, f"ingest {ingest_s:.2f} s vs parse {parse_s:.2f} s"
