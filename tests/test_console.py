"""The read-only console and `policykg query`: hostile input never changes the store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.model import Edge, Node, PlanDoc, PlanMeta
from policykg.cli import main
from core.errors import QueryError, UnknownQueryError
from queries.console import (ConsoleResult, check_read_only, raw_params, render, run_console,
                             strip_literals)

COUNT = "MATCH (n) RETURN count(n) AS n"


def small_plan() -> PlanDoc:
    pid = "p1"
    tasks = tuple(Node(id=f"{pid}/{i}", label="Task", title=f"推进五水共治{i}", text="全面推进。",
                       path=str(i)) for i in range(1, 13))
    edges = tuple(Edge(pid, t.id, "HAS_PART", {"order": i}) for i, t in enumerate(tasks, 1))
    edges += tuple(Edge(a.id, b.id, "DEPENDS_ON", {"inferred": True, "method": "explicit-cue",
                                                   "score": 0.9, "evidence": "依托"})
                   for a, b in zip(tasks[1:], tasks))
    return PlanDoc(plan=PlanMeta(id=pid, title="滨江行动计划", period_start=2015), nodes=tasks, edges=edges)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed_doc):
    from graph.engines import open_store

    path = tmp_path_factory.mktemp("console") / "kg.lbug"
    store = open_store(str(path))
    store.add_plan(seed_doc)
    store.add_plan(small_plan())
    store.close()
    return path


@pytest.fixture(scope="module")
def store(store_path):
    from graph.engines import open_store

    s = open_store(str(store_path), read_only=True)  # as `policykg query` opens it
    yield s
    s.close()


@pytest.fixture(scope="module")
def node_count(store):
    return store.run(COUNT).rows[0][0]


def assert_unchanged(store, node_count):
    assert store.run(COUNT).rows[0][0] == node_count


# ---- write clauses, admin calls, loads: refused before the engine, named in the message -------

WRITES = [
    ("CREATE (n:Task {id: 'x'}) RETURN n", "CREATE"),
    ("create (n:Task {id: 'x'})", "CREATE"),
    ("INSERT (n:Task {id: 'x'})", "INSERT"),
    ("MATCH (n:Task) MERGE (m:Task {id: 'y'}) RETURN m", "MERGE"),
    ("MATCH (n) DELETE n", "DELETE"),
    ("MATCH (n) DeTaCh DeLeTe n", "DETACH DELETE"),
    ("MATCH (n) detach\n  delete n", "DETACH DELETE"),
    ("MATCH (n:Task) SET n.title = '改'", "SET"),
    ("MATCH (n:Task) REMOVE n.title", "REMOVE"),
    ("MATCH (n) /* harmless */ DETACH /* really */ DELETE n", "DETACH DELETE"),
    ("MATCH (n) // just reading\nDETACH DELETE n", "DETACH DELETE"),
    ("MATCH (n) WITH n WHERE n.id = 'a' DELETE n", "DELETE"),
    ("MATCH (n) RETURN 1.SET", "SET"),
    ("DROP TABLE Task", "DROP"),
    ("ALTER TABLE Task ADD x INT64", "ALTER"),
    ("COPY Task FROM '/tmp/tasks.csv'", "COPY"),
    ("COPY (MATCH (n) RETURN n) TO '/tmp/out.csv'", "COPY"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "LOAD CSV"),
    ("LOAD FROM '/etc/passwd' RETURN *", "LOAD FROM"),
    ("INSTALL httpfs", "INSTALL"),
    ("ATTACH '/tmp/other.lbug' AS other", "ATTACH"),
    ("EXPORT DATABASE '/tmp/dump'", "EXPORT"),
    ("IMPORT DATABASE '/tmp/dump'", "IMPORT"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("USE other MATCH (n) RETURN n", "USE"),
    ("MATCH (n) FOREACH (x IN [1] | SET n.title = 'x')", "FOREACH"),
    ("MATCH (n) CALL { WITH n DETACH DELETE n } RETURN 1", "DETACH DELETE"),
    ("GRANT ROLE admin TO bob", "GRANT"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("STOP DATABASE neo4j", "STOP"),
]


@pytest.mark.parametrize("text,clause", WRITES)
def test_console_refuses_write_clauses_by_name(store, node_count, text, clause):
    with pytest.raises(QueryError) as err:
        run_console(store, text, {})
    reason = "extensions" if clause in ("INSTALL", "UNINSTALL", "UPDATE", "LOAD EXTENSION") else "read-only"
    assert f"Refused {clause} " in str(err.value) and reason in str(err.value)
    assert_unchanged(store, node_count)


@pytest.mark.parametrize("text,backend,name", [
    ("CALL dbms.killQueries(['q1'])", "neo4j", "dbms.killQueries"),
    ("CALL dbms.security.createUser('x', 'y')", "neo4j", "dbms.security.createUser"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", "neo4j", "apoc.periodic.iterate"),
    ("CALL db.clearQueryCaches()", "neo4j", "db.clearQueryCaches"),
    ("CALL threads=1", "ladybug", "threads"),
    ("CALL clear_warnings()", "ladybug", "clear_warnings"),
    ("CALL db.labels()", "ladybug", "db.labels"),
    ("CALL show_tables() RETURN *", "neo4j", "show_tables"),
])
def test_console_refuses_admin_procedures(text, backend, name):
    with pytest.raises(QueryError) as err:
        check_read_only(text, backend)
    assert f"Refused CALL {name} " in str(err.value)


@pytest.mark.parametrize("text,backend", [
    ("CALL db.labels() YIELD label RETURN label", "neo4j"),
    ("CALL db.relationshipTypes()", "neo4j"),
    ("CALL db.index.fulltext.queryNodes('unit_text', '五水') YIELD node RETURN node.id", "neo4j"),
    ("CALL show_tables() RETURN *", "ladybug"),
    ("CALL table_info('Task') RETURN *", "ladybug"),
    ("MATCH (n) CALL { WITH n RETURN n.id AS i } RETURN i", "neo4j"),
])
def test_console_allows_read_only_procedures(text, backend):
    check_read_only(text, backend)


@pytest.mark.parametrize("text", [
    "RETURN 'CREATE (n) DETACH DELETE n' AS s",
    'RETURN "SET x = 1; DROP TABLE Task" AS s',
    "RETURN 'it\\'s DELETE time' AS s",
    "MATCH (n:Task) RETURN n.`delete` AS d LIMIT 1",
    "MATCH (n:Task) RETURN n.title AS `create` LIMIT 1",
    "MATCH (n:Task) WHERE n.title CONTAINS $set RETURN n.id",
    "MATCH (n:Task) RETURN n.id // then DELETE everything",
    "MATCH (n:Task) /* SET n.x = 1 */ RETURN n.id",
    "MATCH (start:Task) RETURN start.`start` AS offset",
    "MATCH (n) RETURN n.id AS id ORDER BY id;",
])
def test_console_keywords_inside_strings_comments_and_names_are_fine(text):
    check_read_only(text, "ladybug")


def test_console_refuses_two_statements(store, node_count):
    with pytest.raises(QueryError, match="One statement at a time"):
        run_console(store, "MATCH (n) RETURN n; MATCH (m) RETURN m", {})
    assert_unchanged(store, node_count)


@pytest.mark.parametrize("text", ["RETURN 'abc", "MATCH (n) /* open", "RETURN `x"])
def test_console_unterminated_literals_are_refused(text):
    with pytest.raises(QueryError, match="Unterminated"):
        strip_literals(text)


@given(st.text(alphabet="abcDELETESTcreate '\"`/*\n;.$()[]-", max_size=40))
@settings(max_examples=200, deadline=None)
def test_console_strip_literals_keeps_length_and_never_leaks_quotes(text):
    try:
        out = strip_literals(text)
    except QueryError:
        return
    assert len(out) == len(text)
    assert not set("'\"`") & set(out)


# ---- endless patterns, timeouts, limits -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "MATCH p=(a)-[*]->(b) RETURN count(p)",
    "MATCH p=(a)-[:DEPENDS_ON*]->(b) RETURN count(p)",
    "MATCH p=(a)-[r:DEPENDS_ON*2..]->(b) RETURN count(p)",
    "MATCH p=(a)-[* {inferred: true}]->(b) RETURN count(p)",
    "MATCH p=((a)-[:DEPENDS_ON]->(b))+ RETURN count(p)",
])
def test_console_endless_variable_length_patterns_are_capped(store, node_count, text):
    with pytest.raises(QueryError) as err:
        run_console(store, text, {})
    assert "without an upper bound" in str(err.value) and "[*1..5]" in str(err.value)
    assert_unchanged(store, node_count)


def test_console_bounded_chain_runs(store):
    result = run_console(store, "MATCH p=(a:Task {id: 'p1/12'})-[:DEPENDS_ON*1..20]->(b) "
                                "RETURN count(p) AS n", {})
    assert result.rows == [(11,)]


def test_console_timeout_says_it_fired(store, node_count):
    with pytest.raises(QueryError) as err:
        run_console(store, "UNWIND range(1, 20000) AS a UNWIND range(1, 20000) AS b "
                           "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n", {}, timeout_s=0.3)
    assert "timeout" in str(err.value) and "0.3 s" in str(err.value)
    assert_unchanged(store, node_count)


def test_console_row_limit_says_it_cut(store):
    result = run_console(store, "MATCH (n) RETURN n.id AS id", {}, limit=10)
    assert result.truncated and len(result.rows) == 10
    assert result.message.startswith("showing first 10 of ") and "add LIMIT" in result.message
    small = run_console(store, "MATCH (n:Task) WHERE n.plan_id = 'p1' RETURN n.id AS id", {}, limit=12)
    assert not small.truncated and small.message is None and len(small.rows) == 12


def test_console_syntax_error_carries_the_position(store):
    with pytest.raises(QueryError) as err:
        run_console(store, "MATCH (n RETURN n", {})
    assert "offset: 9" in str(err.value) or "line 1" in str(err.value)


# ---- parameters: values never become Cypher -------------------------------------------------------

HOSTILE = ["x' }) DETACH DELETE n //", "\") DETACH DELETE n RETURN (\"", "1 OR 1=1",
           "'; MATCH (n) DETACH DELETE n; //", "$plan_id", "五水共治' OR n.id <> '"]


@pytest.mark.parametrize("value", HOSTILE)
def test_console_hostile_params_are_values(store, node_count, value):
    raw = run_console(store, "MATCH (n:Task) WHERE n.title = $name RETURN n.id AS id", {"name": value})
    assert raw.rows == []
    named = run_console(store, "search_text", {"keyword": value})
    assert named.rows == []
    assert_unchanged(store, node_count)


def test_console_cli_hostile_param_leaves_store_unchanged(store_path, capsys):
    from graph.engines import open_store

    def count() -> int:
        s = open_store(str(store_path), read_only=True)
        try:
            return s.run(COUNT).rows[0][0]
        finally:
            s.close()

    before = count()
    code = main(["query", "MATCH (n {id: $name}) RETURN n.id AS id", "--param",
                 "name=x' }) DETACH DELETE n //", "--format", "json", "--store", str(store_path)])
    assert code == 0 and json.loads(capsys.readouterr().out) == []
    assert count() == before


@pytest.mark.parametrize("params,expected", [
    ({"year": "2017"}, {"year": 2017}), ({"n": "-3"}, {"n": -3}), ({"x": "0.5"}, {"x": 0.5}),
    ({"x": "'0.5'"}, {"x": "0.5"}), ({"b": "true"}, {"b": True}), ({"z": "null"}, {"z": None}),
    ({"id": "p1/1"}, {"id": "p1/1"}), ({"s": "二〇一七"}, {"s": "二〇一七"}),
])
def test_console_raw_params_are_typed_as_they_read(params, expected):
    assert raw_params(params) == expected


def test_console_catalogue_params_follow_declared_types(store):
    result = run_console(store, "task_dependencies", {"task_id": "p1/5", "depth": "2", "min_score": "0.5"})
    assert sorted(r["distance"] for r in result.dicts()) == [1, 1, 2, 2]
    with pytest.raises(QueryError, match="must be a whole number"):
        run_console(store, "targets_by_year", {"year": "二〇一七"})


def test_console_unknown_name_lists_catalogue(store):
    with pytest.raises(UnknownQueryError, match="Available: .*targets_by_year"):
        run_console(store, "targets_by_yaer", {})


# ---- the command line ------------------------------------------------------------------------------

def test_console_cli_formats(store_path, capsys):
    text = "MATCH (n:Task) WHERE n.plan_id = 'p1' RETURN n.id AS id, n.title AS title ORDER BY n.`order` LIMIT 2"
    assert main(["query", text, "--format", "json", "--store", str(store_path)]) == 0
    assert json.loads(capsys.readouterr().out) == [{"id": "p1/1", "title": "推进五水共治1"},
                                                  {"id": "p1/2", "title": "推进五水共治2"}]
    assert main(["query", text, "--format", "csv", "--store", str(store_path)]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [
        ["id", "title"], ["p1/1", "推进五水共治1"], ["p1/2", "推进五水共治2"]]
    assert main(["query", "MATCH (n:Task) RETURN count(n) AS n", "--store", str(store_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].strip() == "n" and "(1 row)" in out


def test_console_cli_named_query_with_param(store_path, capsys):
    assert main(["query", "targets_by_year", "--param", "year=2017", "--format", "json",
                 "--store", str(store_path)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {r["year"] for r in found} == {2017}


@pytest.mark.parametrize("argv,needle", [
    (["query", "MATCH (n) DETACH DELETE n"], "Refused DETACH DELETE"),
    (["query", "MATCH (n RETURN n"], "Parser exception"),
    (["query", "targets_by_yaer"], "Unknown query 'targets_by_yaer'"),
    (["query", "targets_by_year", "--param", "year=next"], "must be a whole number"),
])
def test_console_cli_bad_queries_exit_1_with_one_line(store_path, capsys, argv, needle):
    assert main([*argv, "--store", str(store_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert needle in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_console_cli_truncation_note_goes_to_stderr(store_path, capsys):
    assert main(["query", "MATCH (n) RETURN n.id AS id", "--limit", "3", "--format", "json",
                 "--store", str(store_path)]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 3 and "showing first 3 of" in captured.err


def test_console_render_json_handles_engine_types():
    from decimal import Decimal

    r = ConsoleResult(["s", "l"], [(Decimal("12"), [Decimal("1.5"), None])])
    assert json.loads(render(r, "json")) == [{"s": 12, "l": [1.5, None]}]


# ---- a console query cannot exhaust the machine, crash it or reach the network (issue 10) ------

_PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
         "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
         "sys.exit(r.returncode)")


def _cli_query(store_path, query: str, *extra: str, env: dict | None = None):
    """`policykg query` in its own process; returns (exit code, stdout, stderr, peak RSS in MB of
    that process and the query process it started, measured by a wrapper around just them).
    The wrapper, the CLI and its query process form one process group, which a timeout ends
    whole (killing only the wrapper once left the CLI running for minutes, issue 17)."""
    import os
    import sys

    from procs import run_group

    out = run_group([sys.executable, "-c", _PEAK, sys.executable, "-m", "policykg.cli", "query", query,
                     "--store", str(store_path), "--format", "json", *extra],
                    text=True, timeout=300, env={**os.environ, **(env or {})})
    err, _, peak = out.stderr.rpartition("PEAK ")
    return out.returncode, out.stdout, err, int(peak) / 1024


CEILING_MB = 600  # POLICYKG_QUERY_MAX_MB for these tests; a query process is killed past it


@pytest.mark.issue(10)
def test_console_three_way_product_streams_to_the_row_limit(store_path):
    code, out, err, peak = _cli_query(store_path, "MATCH (a), (b), (c) RETURN a.id, b.id, c.id",
                                      env={"POLICYKG_QUERY_MAX_MB": str(CEILING_MB)})
    assert code == 0 and len(json.loads(out)) == 1000
    assert "showing first 1000 of" in err and "Traceback" not in err
    assert peak < CEILING_MB


@pytest.mark.issue(10)
@pytest.mark.parametrize("query", ["UNWIND range(1, 1000000000) AS x RETURN x",
                                   "UNWIND range(1, 1000000000) AS x RETURN count(x)"])
def test_console_huge_list_stops_at_the_memory_ceiling(store_path, query):
    code, out, err, peak = _cli_query(store_path, query, "--timeout", "120",
                                      env={"POLICYKG_QUERY_MAX_MB": str(CEILING_MB)})
    assert code == 1 and err.count("\n") == 1
    assert f"needed more than {CEILING_MB} MB of memory" in err
    assert peak < CEILING_MB + 100  # watched every 20 ms


@pytest.mark.issue(10)
def test_console_timeout_holds_while_the_engine_builds_a_list(store_path):
    code, out, err, peak = _cli_query(store_path, "UNWIND range(1, 1000000000) AS x RETURN count(x)",
                                      "--timeout", "0.5", env={"POLICYKG_QUERY_MAX_MB": "100000"})
    assert code == 1 and "cut off after 0.5 s (timeout)" in err


@pytest.mark.issue(10)
@pytest.mark.parametrize("query,needle", [
    ("RETURN " + "(" * 5000 + "1" + ")" * 5000, "nested deeper than 64"),
    ("RETURN " + "[" * 20000 + "1" + "]" * 20000, "characters refused"),
    ("RETURN " + "[" * 2000 + "1" + "]" * 2000, "nested deeper than 64"),
    ("RETURN '" + "x" * 100_000 + "'", "characters refused"),
    ("UPDATE httpfs", "Refused UPDATE at offset 0: the console does not manage engine extensions"),
    ("INSTALL httpfs", "Refused INSTALL"),
    ("LOAD EXTENSION httpfs", "Refused LOAD EXTENSION"),
    ("LOAD httpfs", "Refused LOAD"),
    ("ATTACH 'other.lbug' AS o", "Refused ATTACH"),
    ("LOAD FROM 'https://example.org/x.csv' RETURN *", "Refused LOAD FROM"),
])
def test_console_refuses_what_would_crash_or_reach_out(store_path, query, needle):
    code, out, err, _ = _cli_query(store_path, query)
    assert code == 1 and needle in err and err.count("\n") == 1, err


@pytest.mark.issue(10)
@pytest.mark.parametrize("flag,value", [("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "inf"),
                                        ("--timeout", "0.0001"), ("--limit", "0"), ("--limit", "-5"),
                                        ("--limit", "x")])
def test_console_cli_validates_limit_and_timeout(store_path, flag, value):
    code, out, err, _ = _cli_query(store_path, "RETURN 1", flag, value)
    assert code == 2 and f"argument {flag}: '{value}'" in err and "Traceback" not in err


@pytest.mark.issue(10)
def test_console_engine_crash_ends_only_the_query_process(tmp_path, monkeypatch):
    from graph.bounded import run_worker

    (tmp_path / "crashing_worker.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with pytest.raises(QueryError, match=r"engine crashed on this query \(signal 11"):
        run_worker("crashing_worker", {}, timeout_s=10, max_mb=1000, where="kg.lbug")


def test_console_limits_are_checked():
    from queries.console import check_limits

    assert check_limits(1000, 10) == (1000, 10.0)
    for limit, timeout in ((0, 1), (True, 1), (10, 0), (10, float("inf")), (10, "x"), (10**9, 1)):
        with pytest.raises(QueryError):
            check_limits(limit, timeout)
