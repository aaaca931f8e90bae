"""The CLI's one-line answers to the smaller points of issue 17: file names that hold control
characters, errors that name their file once, and --param values that are given twice, missing,
or too large for the engine. Run in-process (no child process to leave behind)."""

from __future__ import annotations

import pytest

from conftest import SEED
from policykg.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-lines") / "kg.lbug"
    assert main(["ingest", str(SEED), "--store", str(path)]) == 0
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.issue(17)
def test_ingest_of_a_file_whose_name_holds_a_newline_is_one_line(tmp_path, capsys):
    path = tmp_path / "计划\n第二行.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(path), "--store", str(tmp_path / "kg.lbug"))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].endswith("计划\\n第二行.txt)") and lines[1].startswith("1 files")


@pytest.mark.issue(17)
def test_a_file_empty_after_clean_up_is_named_once(tmp_path, capsys):
    path = tmp_path / "blank.txt"
    path.write_text("版权所有\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(path), "--store", str(tmp_path / "kg.lbug"))
    assert code == 1
    assert err == f"policykg: error: {path}: no text left after clean-up (empty or only boilerplate); " \
                  "expected a plan in Chinese\n"


@pytest.mark.issue(17)
def test_query_param_given_twice_is_refused(store, capsys):
    code, out, err = run(capsys, "query", "RETURN $year AS y", "--param", "year=2017", "--param", "year=2018",
                         "--store", str(store))
    assert (code, out) == (1, "")
    assert err == "policykg: error: --param year given twice (year=2017 and year=2018); give each parameter once\n"


@pytest.mark.issue(17)
def test_query_param_missing_is_named_not_null(store, capsys):
    code, out, err = run(capsys, "query", "RETURN $x AS x, $y AS y, '$z' AS z // $w", "--param", "y=1",
                         "--store", str(store))
    assert (code, out) == (1, "")
    assert err.startswith("policykg: error: the query uses $x but no value was given; add --param x=VALUE")
    assert err.count("\n") == 1


@pytest.mark.issue(17)
@pytest.mark.parametrize("query", ["RETURN $year AS y", "indicator_matrix"])
def test_query_param_past_64_bits_says_so(store, capsys, query):
    code, out, err = run(capsys, "query", query, "--param", "year=-99999999999999999999", "--store", str(store))
    assert (code, out) == (1, "")
    assert "64 bits" in err and "PYBIND11" not in err and err.count("\n") == 1


@pytest.mark.parametrize("store_uri", ["missing.lbug", "bolt://127.0.0.1:9"])
def test_query_that_writes_is_refused_before_the_store_is_opened(tmp_path, capsys, store_uri):
    """Neither a missing database nor a server that is down is reached: the refusal comes first."""
    uri = str(tmp_path / store_uri) if "://" not in store_uri else store_uri
    assert main(["query", "--store", uri, "MATCH (p:Plan) DETACH DELETE p"]) == 1
    err = capsys.readouterr().err
    assert "Refused DETACH DELETE at offset 15" in err and "read-only" in err
    assert not (tmp_path / "missing.lbug").exists()
