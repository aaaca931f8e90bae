"""The command line, the console and the faults a user meets, on the run's live Neo4j server.

Every command runs in-process through ``policykg.cli.main`` with ``--store`` the server's URI;
what a user sees is what ``capsys`` captures: one line on stderr for an error, exit 1, no
traceback.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))

from conftest import SEED  # noqa: E402

from core.errors import QueryError  # noqa: E402

pytestmark = pytest.mark.neo4j
REVISED = SEED.with_name("binjiang-three-year-action-plan-2015-2017-revised.txt")


@pytest.fixture
def uri(neo4j_store, neo4j_uri):
    """The live server's URI, emptied before and after the test."""
    return neo4j_uri


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    from policykg.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def counts(uri: str) -> tuple[int, int]:
    from graph.engines import open_store

    with open_store(uri, read_only=True) as store:
        nodes = store.run("MATCH (n) RETURN count(n) AS n").rows[0][0]
        rels = store.run("MATCH ()-[r]->() RETURN count(r) AS n").rows[0][0]
    return nodes, rels


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_neo4j_cli_ingest_reingest_compare_save_remove(uri, capsys):
    code, out, _ = cli(capsys, "ingest", str(SEED), str(REVISED), "--store", uri)
    assert code == 0 and "2 loaded" in out
    before = counts(uri)
    code, out, _ = cli(capsys, "ingest", str(SEED), str(REVISED), "--store", uri)
    assert code == 0 and "2 unchanged" in out and counts(uri) == before

    code, out, _ = cli(capsys, "plans", "--store", uri)
    assert code == 0
    from ingest.parse import parse_path
    seed, revised = parse_path(SEED).plan.id, parse_path(REVISED).plan.id
    assert seed in out and revised in out

    code, out, _ = cli(capsys, "compare", seed, revised, "--save", "--store", uri, "--format", "json")
    assert code == 0, out
    from graph.engines import open_store
    with open_store(uri, read_only=True) as store:
        aligned = store.run("MATCH (:Plan {id: $a})-[:HAS_PART*]->()-[r:ALIGNED_WITH]-() RETURN count(r) AS n",
                            {"a": seed}).rows[0][0]
        revises = store.run("MATCH (a:Plan)-[r:REVISES]->(b:Plan) RETURN a.id, b.id").rows
    assert aligned > 0 and revises == [(revised, seed)]

    code, out, _ = cli(capsys, "remove", revised, "--store", uri)
    assert code == 0
    code, out, _ = cli(capsys, "plans", "--store", uri)
    assert seed in out and revised not in out
    with open_store(uri, read_only=True) as store:
        left = store.run("MATCH (n) WHERE n.plan_id = $p OR n.id = $p RETURN count(n) AS n", {"p": revised}).rows
        dangling = store.run("MATCH (d:Document) WHERE NOT (d)<-[:CITES]-() RETURN count(d) AS n").rows
    assert left == [(0,)] and dangling == [(0,)]


def test_neo4j_console_write_refused_by_the_server_itself(uri):
    """Our own check is skipped: the read-access session makes the server refuse the write."""
    from graph.engines import open_store

    with open_store(uri, read_only=True) as store:
        with pytest.raises(QueryError, match="(?i)access|read"):
            store.run_bounded("CREATE (:Organization {id: 'x', name: '某局'})", {}, limit=10, timeout_s=5)
        with pytest.raises(QueryError):
            store.run("MERGE (:Organization {id: 'y', name: '某局'})")
    assert counts(uri) == (0, 0)


def test_neo4j_console_row_limit_and_timeout(uri):
    from graph.engines import open_store
    from queries.console import run_console

    with open_store(uri, read_only=True) as store:
        result = run_console(store, "UNWIND range(1, 1000) AS x RETURN x", limit=10)
        assert [r[0] for r in result.rows] == list(range(1, 11)) and result.truncated
        with pytest.raises(QueryError, match="timeout"):
            run_console(store, "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 "
                               "RETURN count(x) AS n", timeout_s=0.2)


@pytest.mark.parametrize("value,expected", [("0.5", 0.5), ("7", 7), ("-3", -3), ("1e3", 1000.0),
                                            ("true", True), ("false", False), ("null", None),
                                            ("国发〔2014〕", "国发〔2014〕"), ("'0.5'", "0.5"), ("", "")])
def test_neo4j_console_params_keep_their_type_on_both_engines(uri, tmp_path, value, expected):
    from graph.engines import open_store
    from queries.console import run_console

    with open_store(uri, read_only=True) as neo, open_store(str(tmp_path / "kg.lbug")) as lb:
        for store in (neo, lb):
            rows = run_console(store, "RETURN $x AS x", {"x": value}).rows
            assert rows == [(expected,)] and type(rows[0][0]) is type(expected), (store.engine, rows)


def test_neo4j_read_only_open_of_a_database_policykg_never_wrote(uri):
    """A server with none of our constraints and indexes: reads work, nothing is created."""
    from graph.cypher import neo4j_schema
    from graph.engines import open_store
    from queries.catalog import run_named

    with open_store(uri) as store:
        names = [r[0] for r in store.run("SHOW INDEXES YIELD name, type, owningConstraint "
                                         "WHERE owningConstraint IS NULL RETURN name").rows]
        constraints = [r[0] for r in store.run("SHOW CONSTRAINTS YIELD name RETURN name").rows]
        for name in constraints:
            store.run(f"DROP CONSTRAINT `{name}`", write=True)
        for name in names:
            store.run(f"DROP INDEX `{name}`", write=True)
        store.run("CREATE (:Task {id: 'x/1', plan_id: 'x', title: '推进改革', text: '深化改革'})", write=True)
    try:
        with open_store(uri, read_only=True) as reader:
            assert reader.plans() == []
            assert run_named(reader, "search_text", keyword="改革").rows[0][0] == "x/1"
            assert reader.run("SHOW CONSTRAINTS YIELD name RETURN name").rows == []
    finally:
        with open_store(uri) as store:  # a writable open puts the schema back
            assert len(store.run("SHOW CONSTRAINTS YIELD name RETURN name").rows) == len(
                [s for s in neo4j_schema() if s.startswith("CREATE CONSTRAINT")])
            store.run("CALL db.awaitIndexes(300)", write=True)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_neo4j_fault_server_down_names_the_uri(capsys, neo4j_uri):
    down = f"bolt://127.0.0.1:{_closed_port()}"
    code, _, err = cli(capsys, "plans", "--store", down)
    line = one_error_line(err)
    assert code == 1 and down in line


def test_neo4j_fault_wrong_password(capsys, neo4j_uri, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    code, _, err = cli(capsys, "plans", "--store", neo4j_uri)
    line = one_error_line(err)
    assert code == 1 and neo4j_uri in line and "NEO4J_PASSWORD" in line


def test_neo4j_fault_wrong_database(capsys, neo4j_uri, monkeypatch):
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdb")
    code, _, err = cli(capsys, "plans", "--store", neo4j_uri)
    line = one_error_line(err)
    assert code == 1 and "nosuchdb" in line and "NEO4J_DATABASE" in line


def test_neo4j_fault_query_past_its_timeout(capsys, uri):
    code, _, err = cli(capsys, "query", "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)",
                       "--timeout", "0.2", "--store", uri)
    line = one_error_line(err)
    assert code == 1 and "timeout" in line


@pytest.fixture
def own_server(tmp_path):
    """A second server that this test may stop (the session's must stay up)."""
    from neo4j_server import PASSWORD, _free_port, start_server, stop, wait_until_ready

    port = _free_port()
    procs: list = []

    def start():
        log = tmp_path / f"launcher-{len(procs)}.log"
        proc = start_server(tmp_path / "server", port, log)
        procs.append(proc)
        wait_until_ready(f"bolt://127.0.0.1:{port}", ("neo4j", PASSWORD), str(log), proc=proc)
        return proc

    yield f"bolt://127.0.0.1:{port}", start
    for proc in procs:
        stop(proc)


def _variants(folder: Path, n: int) -> list[Path]:
    """``n`` distinct plans: the seed with its own numbered title line each."""
    text = SEED.read_text(encoding="utf-8")
    out = []
    for i in range(n):
        path = folder / f"plan-{i:02d}.txt"
        path.write_text(text.replace("三年行动计划", f"三年行动计划（第{i}稿）", 1), encoding="utf-8")
        out.append(path)
    return out


def test_neo4j_fault_server_killed_mid_ingest_leaves_no_half_plan(own_server, tmp_path):
    """kill -9 of the server while `policykg ingest` runs, once its first batch is stored: the
    command ends with exit 1 and one line naming the server; after a restart the stored plans
    are whole batches of whole plans."""
    import os
    import signal
    import subprocess
    import time

    from graph.engines import open_store
    from core.model import SHARED_LABELS
    from graph.neo4j_store import BATCH_PLANS
    from ingest.parse import parse_path

    uri, start = own_server
    server = start()
    files = _variants(tmp_path, 3 * BATCH_PLANS)  # three transactions of a batch each
    expected = {}
    for path in files:
        doc = parse_path(path)
        expected[doc.plan.id] = len({n.id for n in doc.nodes if n.label not in SHARED_LABELS})
    ingest = subprocess.Popen([sys.executable, "-m", "policykg.cli", "ingest", *map(str, files), "--store", uri],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        with open_store(uri, read_only=True) as watcher:
            deadline = time.monotonic() + 240
            while watcher.run("MATCH (p:Plan) RETURN count(p) AS n").rows[0][0] < 1:
                assert time.monotonic() < deadline and ingest.poll() is None, "the ingest never got going"
                time.sleep(0.05)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        out, err = ingest.communicate(timeout=300)
    finally:
        if ingest.poll() is None:
            os.killpg(ingest.pid, signal.SIGKILL)
            ingest.wait()
    assert ingest.returncode == 1, (out, err)
    assert "Traceback" not in err and all(uri in line for line in err.splitlines() if line.strip()), err
    start()  # the same data folder: Neo4j recovers from its transaction log
    with open_store(uri, read_only=True) as store:
        stored = {r[0]: r[1] for r in store.run(
            "MATCH (p:Plan) OPTIONAL MATCH (n) WHERE n.plan_id = p.id RETURN p.id AS id, count(n) AS n").rows}
    assert 1 <= len(stored) < len(files) and len(stored) % BATCH_PLANS == 0  # whole batches only
    for plan_id, owned in stored.items():
        assert owned == expected[plan_id], plan_id  # all that the plan owns, or nothing of it
