"""Scale: a plan of thousands of tasks parses and ingests whole (issue 10).

Speed is measured by ``bench/scale.py`` (ingest against parse alone, medians of interleaved
runs), never asserted here: a ratio of two wall-clock measurements fails under load (issue 17).
Inference once grew with the cube of the task count; what this test holds is the behaviour:
every task is parsed, stored and inferred over, and the inferred edges stay within a small
multiple of the task count.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import task_plan  # noqa: E402


@pytest.mark.issue(10)
def test_scale_2000_task_plan_parses_and_ingests_whole(tmp_path):
    from graph.ladybug_store import LadybugStore
    from ingest.parse import parse_path
    from workspace.ingest import default_enrich, ingest_paths

    path = tmp_path / "plan-2000.txt"
    path.write_text(task_plan(2000), encoding="utf-8")
    doc = parse_path(path)
    assert len(doc.by_label("Task")) == 2000  # every numbered task is one (1. to 2000.)
    store = LadybugStore(tmp_path / "kg.lbug")
    try:
        results = ingest_paths([path], store, enrich=default_enrich())
        assert all(r.ok for r in results), results
        tasks = store.run("MATCH (t:Task) RETURN count(t) AS n")
        inferred = store.run("MATCH (:Task)-[d:DEPENDS_ON]->(:Task) RETURN count(d) AS n")
    finally:
        store.close()
    assert tasks.rows == [(2000,)]
    assert 0 < inferred.rows[0][0] <= 10 * 2000  # real work was inferred, and it is not quadratic
