"""Behaviour of the embedded Ladybug store: idempotency, removal, atomicity, shared nodes, locking.

The ``check_*`` functions take any GraphStore, so tests/live/test_neo4j_live.py runs the same
checks against a real Neo4j. ``sample_doc`` builds plans by hand (no parser needed).
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from core.model import Edge, Node, PlanDoc, PlanMeta, document_id, entity_id
from graph.engines import engine_for, open_store
from graph.store import QueryResult
from core.errors import (DiskFullError, ParseError, PlanNotFoundError, QueryError, StoreError,
                             StoreUnavailableError)

DOC_80 = document_id("关于开展专题活动的通知", "市委办发〔2014〕80号")
ORG = entity_id("Organization", "区发改局")
PARK = entity_id("Place", "智慧e谷")


def sample_doc(plan_id: str = "plan-a", *, title: str = "高新区(滨江)三年行动计划",
               own_doc: str = "《杭州市科技创新规划》") -> PlanDoc:
    """A small plan: sections, a principle, a goal with a target, a project with a task led by
    an organization, a document every sample cites (``DOC_80``) and one only this plan cites."""
    u = lambda path: f"{plan_id}/{path}"  # noqa: E731
    own = document_id(own_doc, None)
    text = "一、总体要求\n坚持创新驱动。\n二、发展目标\n到2017年营业收入达到3000亿元。\n三、重点项目\n(一)智慧e谷建设工程\n1、推进主导产业再进位"
    nodes = (
        Node(u("1"), "Section", "总体要求", "一、总体要求", "1", 0, 6),
        Node(u("1.1"), "Principle", "坚持创新驱动", "坚持创新驱动。", "1.1", 7, 14),
        Node(u("2"), "Goal", "发展目标", "到2017年营业收入达到3000亿元。", "2", 15, 40),
        Node(u("2/t1"), "Target", "营业收入", "营业收入达到3000亿元", start=20, end=39,
             props={"metric": "营业收入", "value": 3e11, "value_max": None, "unit": "元", "comparator": ">=",
                    "year": 2017, "base_year": None, "kind": "absolute", "indicator": None,
                    "indicator_alias": None, "raw": "营业收入达到3000亿元"}),
        Node(u("3"), "Section", "重点项目", "三、重点项目", "3", 41, 47),
        Node(u("3.1"), "Project", "智慧e谷建设工程", "(一)智慧e谷建设工程", "3.1", 48, 60),
        Node(u("3.1.1"), "Task", "推进主导产业再进位", "1、推进主导产业再进位", "3.1.1", 61, 72),
        Node(DOC_80, "Document", "关于开展专题活动的通知",
             props={"number": "市委办发〔2014〕80号", "issuer": "市委办", "year": 2014}),
        Node(own, "Document", own_doc.strip("《》"), props={"number": None, "issuer": None, "year": None}),
        Node(ORG, "Organization", "区发改局", props={"name": "区发改局"}),
        Node(PARK, "Place", "智慧e谷", props={"name": "智慧e谷"}),
    )
    edges = (
        Edge(plan_id, u("1"), "HAS_PART", {"order": 1}),
        Edge(u("1"), u("1.1"), "HAS_PART", {"order": 1}),
        Edge(plan_id, u("2"), "HAS_PART", {"order": 2}),
        Edge(u("2"), u("2/t1"), "HAS_TARGET"),
        Edge(plan_id, u("3"), "HAS_PART", {"order": 3}),
        Edge(u("3"), u("3.1"), "HAS_PART", {"order": 1}),
        Edge(u("3.1"), u("3.1.1"), "HAS_PART", {"order": 1}),
        Edge(plan_id, DOC_80, "CITES", {"context": "根据《关于开展专题活动的通知》"}),
        Edge(u("3.1.1"), own, "CITES"),
        Edge(ORG, u("3.1.1"), "LEADS", {"evidence": "区发改局牵头"}),
        Edge(u("3.1"), PARK, "MENTIONS", {"count": 2}),
        Edge(u("3.1.1"), u("3.1"), "SUPPORTS",
             {"inferred": True, "method": "tree", "score": 0.9, "evidence": "推进"}),
    )
    meta = PlanMeta(id=plan_id, title=title, version="2.1版", status="征求意见稿",
                    period_start=2015, period_end=2017, source=f"{plan_id}.txt",
                    titles=(title, "“三次创业”三年行动计划"))
    return PlanDoc(meta, nodes, edges, text=text, warnings=("未找到文号",))


def counts(store) -> tuple[int, int]:
    n = store.run("MATCH (n) RETURN count(n) AS n").rows[0][0]
    r = store.run("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
    return n, r


def ids(store, label: str) -> set[str]:
    return {r[0] for r in store.run(f"MATCH (n:{label}) RETURN n.id").rows}


def by_id(nodes) -> list:
    return sorted(nodes, key=lambda n: n.id)


def by_key(edges) -> list:
    return sorted(edges, key=lambda e: (e.type, e.source, e.target))


# ---- behaviour checks shared with the live Neo4j suite ---------------------------------------

def check_idempotent(store) -> None:
    first = store.add_plan(sample_doc())
    before = counts(store)
    again = store.add_plan(sample_doc())
    assert (first.created, again.created) == (True, False)
    assert counts(store) == before == (12, 12)


def check_shared_nodes(store) -> None:
    store.add_plan(sample_doc("plan-a"))
    store.add_plan(sample_doc("plan-b", own_doc="《滨江区人才新政》"))
    assert len(ids(store, "Document")) == 3 and ids(store, "Organization") == {ORG}
    rows = store.run("MATCH (a:Plan {id: $a})-[:CITES]->(d:Document)<-[:CITES]-(b:Plan) "
                     "WHERE b.id <> a.id RETURN b.id", {"a": "plan-a"}).rows
    assert rows == [("plan-b",)]


def check_remove(store) -> None:
    store.add_plan(sample_doc("plan-a"))
    alone = counts(store)
    store.add_plan(sample_doc("plan-b", own_doc="《滨江区人才新政》"))
    store.remove_plan("plan-b")
    assert counts(store) == alone
    assert [p["id"] for p in store.plans()] == ["plan-a"]
    store.remove_plan("plan-a")
    assert counts(store) == (0, 0)
    with pytest.raises(PlanNotFoundError, match="plan-a"):
        store.remove_plan("plan-a")


def check_round_trip(store) -> None:
    doc = sample_doc()
    store.add_plan(doc)
    back = store.get_plan(doc.plan.id)
    assert back.plan == doc.plan and back.text == doc.text and back.warnings == doc.warnings
    assert by_id(back.nodes) == by_id(doc.nodes)
    assert by_key(back.edges) == by_key(doc.edges)
    assert [n.id for n in back.nodes][:3] == ["plan-a/1", "plan-a/1.1", "plan-a/2"]


def check_plans_listing(store) -> None:
    store.add_plan(sample_doc())
    (plan,) = store.plans()
    assert plan == {"id": "plan-a", "title": "高新区(滨江)三年行动计划", "version": "2.1版",
                    "status": "征求意见稿", "period_start": 2015, "period_end": 2017,
                    "issued": None, "source": "plan-a.txt", "units": 6, "targets": 1, "outcomes": 0,
                    "citations": 2}


def check_add_edges(store) -> None:
    store.add_plan(sample_doc("plan-a"))
    store.add_plan(sample_doc("plan-b", own_doc="《滨江区人才新政》"))
    edges = [Edge("plan-b/3.1.1", "plan-a/3.1.1", "ALIGNED_WITH", {"status": "unchanged", "similarity": 1.0}),
             Edge("plan-b", "plan-a", "REVISES", {"inferred": True, "method": "title", "score": 0.8}),
             Edge("plan-b", "nowhere", "REVISES")]
    before = counts(store)
    store.add_edges(edges)
    store.add_edges(edges)
    assert counts(store) == (before[0], before[1] + 2)
    rows = store.run("MATCH (:Task)-[r:ALIGNED_WITH]->(:Task) RETURN r.status, r.similarity").rows
    assert rows == [("unchanged", 1.0)]
    cross_plan_edges_left_out = sample_doc("plan-b", own_doc="《滨江区人才新政》").edges
    assert by_key(store.get_plan("plan-b").edges) == by_key(cross_plan_edges_left_out)


BEHAVIOUR = [check_idempotent, check_shared_nodes, check_remove, check_round_trip,
             check_plans_listing, check_add_edges]


@pytest.fixture
def store(tmp_path):
    with LadybugStore(tmp_path / "kg.lbug") as s:
        yield s


@pytest.mark.parametrize("check", BEHAVIOUR, ids=lambda f: f.__name__)
def test_ladybug_store_behaviour(tmp_path, check):
    with LadybugStore(tmp_path / "kg.lbug") as store:
        check(store)


@pytest.mark.parametrize("fail_at", [1, 5, 12])
def test_ladybug_store_failure_between_batches_leaves_store_as_before(store, monkeypatch, fail_at):
    store.add_plan(sample_doc("plan-a"))
    before = counts(store), store.plans()
    calls = {"n": 0}
    real = LadybugStore._write

    def flaky(self, key, rows, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(28, "No space left on device")
        return real(self, key, rows, **kwargs)

    monkeypatch.setattr(LadybugStore, "_write", flaky)
    with pytest.raises(DiskFullError, match="disk is full.*intact"):
        store.add_plan(sample_doc("plan-b", own_doc="《滨江区人才新政》"))
    assert (counts(store), store.plans()) == before
    monkeypatch.undo()
    assert store.add_plan(sample_doc("plan-b", own_doc="《滨江区人才新政》")).created


def test_ladybug_store_engine_error_rolls_back(store, monkeypatch):
    real = LadybugStore._write

    def bad_cypher(self, key, rows, **kwargs):
        if key == "Task":
            self._conn.execute("MATCH (n:NoSuchLabel) RETURN n")
        return real(self, key, rows, **kwargs)

    monkeypatch.setattr(LadybugStore, "_write", bad_cypher)
    with pytest.raises(RuntimeError):
        store.add_plan(sample_doc())
    assert counts(store) == (0, 0)


def test_ladybug_store_run_is_read_only_unless_write(store):
    with pytest.raises(QueryError, match="opened read-only, and queries here never change it"):
        store.run("CREATE (:Organization {id: 'x', name: '某局'})")
    assert counts(store) == (0, 0)
    store.run("CREATE (:Organization {id: $id, name: '某局'})", {"id": "x"}, write=True)
    assert store.run("MATCH (o:Organization) RETURN o.name AS name") == QueryResult(["name"], [("某局",)])


def test_ladybug_store_bad_query_names_store(store):
    with pytest.raises(QueryError, match="kg.lbug"):
        store.run("MATCH (n:Nope) RETURN n")


def test_ladybug_store_second_writer_gets_clear_error(tmp_path):
    path = tmp_path / "kg.lbug"
    with LadybugStore(path) as store:
        store.add_plan(sample_doc())
        script = textwrap.dedent(f"""
            from graph.engines import open_store
            from core.errors import StoreUnavailableError
            try:
                open_store({str(path)!r})
            except StoreUnavailableError as exc:
                print(exc)
            ro = open_store({str(path)!r}, read_only=True)
            print(len(ro.plans()))
        """)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=60)
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.strip().splitlines()
    assert str(path) in first and "another process" in first
    assert second == "1"


def test_ladybug_store_read_only_refuses_writes_and_missing_files(tmp_path):
    with pytest.raises(StoreUnavailableError, match="ingest"):
        LadybugStore(tmp_path / "none.lbug", read_only=True)
    LadybugStore(tmp_path / "kg.lbug").close()
    with LadybugStore(tmp_path / "kg.lbug", read_only=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            ro.add_plan(sample_doc())


def test_ladybug_store_get_plan_unknown_id(store):
    with pytest.raises(PlanNotFoundError, match="policykg plans"):
        store.get_plan("plan-zzz")


@pytest.mark.parametrize("uri,kind", [("bolt://h:7687", "neo4j"), ("neo4j+s://h", "neo4j"),
                                      ("data/kg.lbug", "ladybug"), ("/tmp/x", "ladybug")])
def test_ladybug_store_uri_kind(uri, kind):
    assert engine_for(uri).name == kind


def test_ladybug_store_unknown_scheme_lists_choices():
    with pytest.raises(StoreUnavailableError, match="bolt://"):
        engine_for("http://localhost:7474")


def test_ladybug_store_open_store_uses_env(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_STORE", str(tmp_path / "env.lbug"))
    store = open_store()
    try:
        assert store.engine == "ladybug" and Path(store.path) == tmp_path / "env.lbug"
    finally:
        store.close()


# ---- ingest (workspace.ingest) and the CLI commands on the embedded store --------------------------

FIXTURE = Path(__file__).parents[1] / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"


def _parse_or_skip():
    return pytest.importorskip("ingest.parse").parse_path


def test_ladybug_store_parsed_fixture_round_trips(store):
    doc = _parse_or_skip()(FIXTURE)
    assert store.add_plan(doc).created
    back = store.get_plan(doc.plan.id)
    assert (back.plan, back.text, back.warnings) == (doc.plan, doc.text, doc.warnings)
    assert by_id(back.nodes) == by_id(doc.nodes)
    assert by_key(back.edges) == by_key(doc.edges)


def test_ladybug_store_ingest_continues_past_bad_files(store, tmp_path):
    from workspace.ingest import ingest_paths
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("a", encoding="utf-8")
    (folder / "b.txt").write_text("b", encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    docs = {"a.txt": sample_doc("plan-a"), "b.txt": sample_doc("plan-b", own_doc="《人才新政》")}

    def parse(path):
        if path.name == "b.txt":
            raise ParseError(str(path), "no title line found", 0)
        return docs[path.name]

    seen = []
    results = ingest_paths([folder, folder / "a.txt"], store, parse=parse,
                           progress=lambda i, n, r: seen.append((i, n, r.ok)))
    assert seen == [(1, 3, True), (2, 3, False), (3, 3, True)]
    assert [(r.created, r.units, r.targets, r.citations) for r in results if r.ok] == [
        (True, 6, 1, 2), (False, 6, 1, 2)]
    assert "b.txt: char 0: no title line found" in results[1].line()
    assert [p["id"] for p in store.plans()] == ["plan-a"]


def test_ladybug_store_ingest_memory_does_not_hold_documents(store, tmp_path):
    import gc
    import weakref

    from workspace.ingest import ingest_paths
    refs = []

    def parse(path):
        doc = sample_doc(f"plan-{path.stem}")
        refs.append(weakref.ref(doc))
        return doc

    files = []
    for i in range(5):
        files.append(tmp_path / f"{i}.txt")
        files[-1].write_text("x", encoding="utf-8")
    ingest_paths(files, store, parse=parse)
    gc.collect()
    assert len(refs) == 5 and all(r() is None for r in refs)


def test_ladybug_store_cli_ingest_plans_export_remove(tmp_path, capsys):
    _parse_or_skip()
    from policykg.cli import main
    db = str(tmp_path / "kg.lbug")
    assert main(["ingest", str(FIXTURE), "--store", db]) == 0
    first = capsys.readouterr().out.splitlines()
    assert "units" in first[0] and "targets" in first[0] and first[-1] == "1 files: 1 loaded, 0 unchanged, 0 failed"
    assert main(["ingest", str(FIXTURE), str(tmp_path / "missing.txt"), "--store", db]) == 1
    out = capsys.readouterr()
    assert "unchanged" in out.out and "missing.txt" in out.err
    assert main(["plans", "--store", db, "--format", "json"]) == 0
    (plan,) = json.loads(capsys.readouterr().out)
    assert plan["period_start"] == 2015 and plan["units"] > 0
    assert main(["export", "--format", "ttl", "--store", db, "--out", str(tmp_path / "kg.ttl")]) == 0
    assert (tmp_path / "kg.ttl").stat().st_size > 1000
    assert main(["remove", plan["id"], "--store", db]) == 0
    assert main(["remove", plan["id"], "--store", db]) == 1
    assert "policykg plans" in capsys.readouterr().err


# ---- many plans at once (add_plans) -------------------------------------------------------

def revising(plan_id: str, old: str, **kw) -> PlanDoc:
    """``sample_doc(plan_id)`` with a REVISES edge to plan ``old`` (outside the document)."""
    doc = sample_doc(plan_id, **kw)
    edge = Edge(plan_id, old, "REVISES", {"inferred": True, "method": "title", "score": 0.8})
    return dataclasses.replace(doc, edges=doc.edges + (edge,))


def corpus_docs() -> list[PlanDoc]:
    """Five plans: shared documents and organizations, revisions of an earlier and of a later
    plan (the latter is not there yet when loading in order, so it is left out), a repeat."""
    return [sample_doc("plan-a"),
            revising("plan-b", "plan-a", own_doc="《滨江区人才新政》"),
            revising("plan-c", "plan-d", own_doc="《滨江区人才新政》"),
            sample_doc("plan-d", own_doc="《数字经济规划》"),
            sample_doc("plan-a")]


def snapshot(store) -> tuple:
    rels = store.run("MATCH (a)-[r]->(b) RETURN label(r), a.id, b.id ORDER BY label(r), a.id, b.id").rows
    docs = store.run("MATCH (d:Document) RETURN d.id, d.title, d.number, d.issuer, d.year ORDER BY d.id").rows
    return counts(store), rels, docs, store.plans()


def add_one_by_one(store, docs) -> list:
    return [store.add_plan(d) for d in docs]


@pytest.fixture
def per_plan(tmp_path):
    with LadybugStore(tmp_path / "one.lbug") as s:
        results = add_one_by_one(s, corpus_docs())
        yield s, results


@pytest.mark.parametrize("max_plans,max_rows", [(100, 20_000), (2, 20_000), (1, 20_000),
                                                (100, 30)])
def test_ladybug_store_add_plans_same_as_per_plan(per_plan, store, max_plans, max_rows):
    one, expected = per_plan
    results = list(store.add_plans(corpus_docs(), max_plans=max_plans, max_rows=max_rows))
    assert results == expected
    assert [r.created for r in results] == [True, True, True, True, False]
    assert snapshot(store) == snapshot(one)
    for plan_id in ("plan-a", "plan-b", "plan-c", "plan-d"):
        assert store.get_plan(plan_id) == one.get_plan(plan_id)
    assert store.run("MATCH (:Plan)-[r:REVISES]->(:Plan) RETURN count(r)").rows == [(1,)]


def test_ladybug_store_add_plans_skips_stored_plans(store):
    store.add_plan(sample_doc("plan-a"))
    before = counts(store)
    results = list(store.add_plans([sample_doc("plan-a"), sample_doc("plan-e", own_doc="《人才新政》"),
                                    sample_doc("plan-e", own_doc="《人才新政》")]))
    assert [(r.plan_id, r.created) for r in results] == [
        ("plan-a", False), ("plan-e", True), ("plan-e", False)]
    after = counts(store)
    assert list(store.add_plans(corpus_docs()[:1] + [sample_doc("plan-e", own_doc="《人才新政》")]))
    assert counts(store) == after == (before[0] + 9, before[1] + 12)


@pytest.mark.issue(10)
def test_ladybug_store_add_plans_disk_full_mid_batch_stops_with_store_as_before(store, monkeypatch):
    store.add_plan(sample_doc("plan-a"))
    before = counts(store), store.plans()
    real_table = LadybugStore._write_table

    def full(self, key, rows):
        if key == "Task":
            raise RuntimeError("IO exception: Cannot write to file. Error: No space left on device")
        return real_table(self, key, rows)

    monkeypatch.setattr(LadybugStore, "_write_table", full)
    with pytest.raises(DiskFullError, match="disk is full"):
        list(store.add_plans([sample_doc("plan-b"), sample_doc("plan-c")]))
    assert (counts(store), store.plans()) == before


@pytest.mark.issue(10)
def test_ladybug_store_refuses_a_batch_without_room_before_writing(store, monkeypatch):
    import shutil
    from collections import namedtuple

    store.add_plan(sample_doc("plan-a"))
    before = counts(store)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10 * 2**20, 9 * 2**20, 2**20))
    with pytest.raises(DiskFullError, match=r"the disk is full \(1 MB free.*needs about \d+ MB"):
        list(store.add_plans([sample_doc("plan-b")]))
    with pytest.raises(DiskFullError):
        store.add_plan(sample_doc("plan-c"))
    assert counts(store) == before


@pytest.mark.parametrize("fail_at", [1, 4, 9])
def test_ladybug_store_add_plans_failure_mid_batch_retries_each_plan(store, monkeypatch, fail_at):
    calls = {"n": 0}
    real_table, real_write = LadybugStore._write_table, LadybugStore._write

    def flaky_table(self, key, rows):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise RuntimeError("Runtime exception: injected batch failure")
        return real_table(self, key, rows)

    def refuse_plan_b(self, key, rows, **kwargs):
        if any("plan-b" in str(r.get("id") or r.get("src")) for r in rows):
            raise RuntimeError("Runtime exception: injected failure on plan-b\nsecond line")
        return real_write(self, key, rows, **kwargs)

    monkeypatch.setattr(LadybugStore, "_write_table", flaky_table)
    monkeypatch.setattr(LadybugStore, "_write", refuse_plan_b)
    results = list(store.add_plans(corpus_docs()))
    assert [(r.plan_id, r.created, getattr(r, "error", None)) for r in results] == [
        ("plan-a", True, None),
        ("plan-b", False, "plan plan-b was not stored: Runtime exception: injected failure on plan-b"),
        ("plan-c", True, None), ("plan-d", True, None), ("plan-a", False, None)]
    assert store.run("MATCH (n) WHERE n.id STARTS WITH 'plan-b' OR n.plan_id = 'plan-b' "
                     "RETURN count(n)").rows == [(0,)]
    monkeypatch.undo()
    with LadybugStore(store.path.with_name("ref.lbug")) as ref:
        add_one_by_one(ref, [d for d in corpus_docs() if d.plan.id != "plan-b"])
        assert snapshot(store) == snapshot(ref)


def test_ladybug_store_add_plans_failed_commit_that_landed_counts_once(store, monkeypatch):
    real = LadybugStore._transaction

    def commit_then_fail(self, work):
        real(self, work)
        raise RuntimeError("Runtime exception: commit is durable but the checkpoint failed")

    monkeypatch.setattr(LadybugStore, "_transaction", commit_then_fail)
    results = list(store.add_plans(corpus_docs()[:2]))
    assert [(r.plan_id, r.created) for r in results] == [("plan-a", True), ("plan-b", True)]
    assert len(store.plans()) == 2


def test_ladybug_store_add_plans_bad_rows_fail_alone(store):
    bad = dataclasses.replace(sample_doc("plan-x"),
                              edges=(Edge("plan-x/3.1.1", "plan-x/2/t1", "LEADS"),))
    results = list(store.add_plans([sample_doc("plan-a"), bad,
                                    sample_doc("plan-d", own_doc="《数字经济规划》")]))
    assert [r.created for r in results] == [True, False, True]
    assert "LEADS relationship cannot join Task to Target" in results[1].error
    assert [p["id"] for p in store.plans()] == ["plan-a", "plan-d"]


def test_ladybug_store_add_plans_shared_nodes_once_with_filled_properties(store):
    bare = Node(DOC_80, "Document", "关于开展专题活动的通知", props={"number": None, "issuer": None, "year": None})
    first = sample_doc("plan-a")
    first = dataclasses.replace(first, nodes=tuple(bare if n.id == DOC_80 else n for n in first.nodes))
    list(store.add_plans([first, sample_doc("plan-b", own_doc="《滨江区人才新政》")]))
    assert ids(store, "Organization") == {ORG} and ids(store, "Place") == {PARK}
    assert len(ids(store, "Document")) == 3
    assert store.run("MATCH (d:Document {id: $id}) RETURN d.number, d.year", {"id": DOC_80}).rows == [
        ("市委办发〔2014〕80号", 2014)]
    rows = store.run("MATCH (p:Plan)-[:CITES]->(d:Document {id: $id}) RETURN p.id ORDER BY p.id",
                     {"id": DOC_80}).rows
    assert rows == [("plan-a",), ("plan-b",)]


def test_ladybug_store_add_plans_killed_process_loses_the_whole_batch(tmp_path):
    path = tmp_path / "kg.lbug"
    script = textwrap.dedent(f"""
        import os
        from graph.ladybug_store import LadybugStore
        from tests.test_ladybug_store import corpus_docs, sample_doc
        store = LadybugStore({str(path)!r})
        list(store.add_plans([sample_doc("plan-a")]))
        calls = []
        real = LadybugStore._write_table
        def die(self, key, rows):
            calls.append(key)
            if len(calls) == 6:
                os._exit(9)
            return real(self, key, rows)
        LadybugStore._write_table = die
        list(store.add_plans(corpus_docs()[1:4]))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).parents[1])
    assert out.returncode == 9, out.stderr
    with LadybugStore(path) as store:
        assert [p["id"] for p in store.plans()] == ["plan-a"]
        assert counts(store) == (12, 12)
        assert store.run("MATCH (n) WHERE n.plan_id <> 'plan-a' RETURN count(n)").rows == [(0,)]


def test_ladybug_store_ingest_reports_plans_the_store_refuses(store, tmp_path, monkeypatch):
    from workspace.ingest import ingest_paths
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    docs = {"a.txt": sample_doc("plan-a"), "c.txt": sample_doc("plan-b", own_doc="《人才新政》"),
            "d.txt": sample_doc("plan-d", own_doc="《数字经济规划》")}

    def parse(path):
        if path.name == "b.txt":
            raise ParseError(str(path), "no title line found", 0)
        return docs[path.name]

    real = LadybugStore._write

    def refuse_plan_b(self, key, rows, **kwargs):
        if any("plan-b" in str(r.get("id") or r.get("src")) for r in rows):
            raise RuntimeError("Runtime exception: disk full")
        return real(self, key, rows, **kwargs)

    monkeypatch.setattr(LadybugStore, "_write_table", lambda *a: (_ for _ in ()).throw(OSError("x")))
    monkeypatch.setattr(LadybugStore, "_write", refuse_plan_b)
    seen = []
    results = ingest_paths([tmp_path / n for n in names], store, parse=parse,
                           progress=lambda i, n, r: seen.append((i, n, r.path.name, r.ok)))
    assert seen == [(1, 4, "a.txt", True), (2, 4, "b.txt", False), (3, 4, "c.txt", False),
                    (4, 4, "d.txt", True)]
    assert results[2].line().endswith("c.txt: plan plan-b was not stored: Runtime exception: disk full")
    assert [p["id"] for p in store.plans()] == ["plan-a", "plan-d"]


@pytest.mark.issue(10)
@pytest.mark.parametrize("content, says", [
    (b"", "not a PolicyKG store"),                        # an empty file opens as an empty database
    (b"hello", "cannot open the embedded database"),      # not a database at all
])
def test_ladybug_store_read_only_open_of_a_foreign_file_names_it(tmp_path, content, says):
    path = tmp_path / "kg.lbug"
    path.write_bytes(content)
    with pytest.raises(StoreUnavailableError, match=f"{path}: {says}"):
        LadybugStore(path, read_only=True)


@pytest.mark.issue(8)
@pytest.mark.parametrize("read_only", [True, False])
def test_ladybug_store_older_store_gains_the_new_tables_and_columns(tmp_path, read_only):
    """A store written before Outcome, REPORTS, Plan.region, Target.value_max and
    DEPENDS_ON.evidence_target existed opens (read-only too: a short write open upgrades it
    first) and reads its plans back."""
    import ladybug

    doc = pytest.importorskip("ingest.parse").parse_path(FIXTURE)
    path = tmp_path / "old.lbug"
    with LadybugStore(path) as s:
        s.add_plan(doc)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for statement in ("DROP TABLE REPORTS", "DROP TABLE Outcome", "ALTER TABLE Target DROP value_max",
                      "ALTER TABLE Target DROP indicator", "ALTER TABLE Plan DROP region",
                      "ALTER TABLE DEPENDS_ON DROP evidence_target"):
        conn.execute(statement)
    conn.close()
    db.close()
    with LadybugStore(path, read_only=read_only) as s:
        back = s.get_plan(doc.plan.id)
        assert [p["id"] for p in s.plans()] == [doc.plan.id]
    assert back.plan.region is None
    targets = [n for n in back.nodes if n.label == "Target"]
    assert targets and all(n.props["value_max"] is None for n in targets)
    assert len(targets) == len([n for n in doc.nodes if n.label == "Target"])
    with LadybugStore(path) as s:
        columns = {r[0] for r in s.run("CALL TABLE_INFO('DEPENDS_ON') RETURN name").rows}
    assert "evidence_target" in columns
