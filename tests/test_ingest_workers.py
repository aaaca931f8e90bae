"""Ingest decides from a file's hash before parsing it, and parses in worker processes that feed
one writer (workspace/ingest.py)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from ingest.parse import parse_path
from workspace.ingest import default_enrich, ingest_paths, ingest_upload, total_line

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DRAFT = CORPUS / "binjiang-three-year-action-plan-2015-2017-draft.txt"
REVISED = CORPUS / "binjiang-three-year-action-plan-2015-2017-revised.txt"


def _never(path: Path):
    raise AssertionError(f"{path} was parsed, though its text is stored already")


def _dies_on_b(path: Path):
    """A parser that kills its process on ``b.txt`` (as the kernel's OOM killer would)."""
    if path.name == "b.txt":
        os._exit(9)
    return parse_path(path)


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "in"
    out.mkdir()
    shutil.copy(DRAFT, out / "a.txt")
    (out / "b.txt").write_text("", encoding="utf-8")  # empty: a read error
    shutil.copy(REVISED, out / "c.txt")
    return out


def test_an_unchanged_file_is_answered_from_the_store_without_parsing(tmp_path):
    with LadybugStore(tmp_path / "kg.lbug") as store:
        first = ingest_paths([DRAFT], store)
        again = ingest_paths([DRAFT], store, parse=_never)
        upload = ingest_upload("上传.txt", DRAFT.read_bytes(), store, parse=_never)
    assert first[0].created and not again[0].created and not upload.created
    assert first[0].units and again[0].units is None  # found by its hash: not parsed, not counted
    assert {r.plan_id for r in (*first, *again, upload)} == {first[0].plan_id}
    assert again[0].line() == f"{first[0].title} [{first[0].plan_id}] unchanged ({DRAFT})"


def test_a_changed_file_is_parsed_again(tmp_path):
    path = tmp_path / "plan.txt"
    shutil.copy(DRAFT, path)
    with LadybugStore(tmp_path / "kg.lbug") as store:
        ingest_paths([path], store)
        path.write_text(DRAFT.read_text(encoding="utf-8") + "\n四、附则\n本计划自印发之日起施行。\n",
                        encoding="utf-8")
        with pytest.raises(AssertionError, match="was parsed"):
            ingest_paths([path], store, parse=_never)


def test_workers_store_what_one_process_stores_in_the_same_order(tmp_path, folder):
    lines, plans = [], []
    for workers in (1, 2):
        seen: list[str] = []
        with LadybugStore(tmp_path / f"kg{workers}.lbug") as store:
            results = ingest_paths([folder], store, enrich=default_enrich(), workers=workers,
                                   progress=lambda i, n, r: seen.append(f"{i}/{n} {r.path.name} {r.ok}"))
            plans.append(store.plans())
        lines.append([r.line() for r in results])
        assert seen == ["1/3 a.txt True", "2/3 b.txt False", "3/3 c.txt True"]
    assert lines[0] == lines[1]
    assert plans[0] == plans[1] and len(plans[0]) == 2
    assert total_line(results) == "3 files: 2 loaded, 0 unchanged, 1 failed"
    assert multiprocessing.active_children() == []  # the workers are gone with the pool


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path, folder):
    (folder / "b.txt").write_text("第一章 总则\n一、加快建设创新平台。\n", encoding="utf-8")
    shutil.copy(DRAFT, folder / "d.txt")  # the same text as a.txt: unchanged, never parsed
    with LadybugStore(tmp_path / "kg.lbug") as store:
        ingest_paths([folder / "a.txt"], store)
        results = ingest_paths([folder], store, parse=_dies_on_b, workers=2)
        stored = {p["id"] for p in store.plans()}
    assert [(r.path.name, r.ok, r.created) for r in results] == [
        ("a.txt", True, False), ("b.txt", False, False), ("c.txt", True, True), ("d.txt", True, False)]
    assert "b.txt: the parser process stopped" in results[1].line()
    assert stored == {results[0].plan_id, results[2].plan_id}
    assert multiprocessing.active_children() == []
