"""Shared fixtures: the seed plan, the shared corpus (skipped when absent), golden-file updating."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = CORPUS / "binjiang-three-year-action-plan-2015-2017-draft.txt"
SHARED_CORPUS = Path(os.environ.get("POLICYKG_SHARED_CORPUS", ROOT.parent / "shared" / "corpus"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.json from the current parser (review the diff)")


def shared_corpus_files() -> list[Path]:
    """The public documents beside the repository, or [] in a clone without ../shared."""
    if not SHARED_CORPUS.is_dir():
        return []
    return sorted(SHARED_CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc():
    from ingest.parse import parse_path

    return parse_path(SEED)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def no_process_left_behind():
    """Every process a test starts has ended when the test ends (issue 17): the test process
    reaps orphans (so a grandchild whose parent was killed stays in view), and what is still
    running after a short grace is listed, killed, and fails the test. Processes that existed
    before the test (the run's Neo4j server, a module's app server) are not counted."""
    import procs

    procs.become_subreaper()
    before = procs.descendants()
    yield
    left = procs.left_behind(before)
    if left:
        shown = "; ".join(f"pid {pid}: {procs.command_line(pid)[:160]}" for pid, _ in left)
        procs.kill(left)
        procs.left_behind(before, grace_s=5.0)  # reap what was killed
        pytest.fail(f"{len(left)} process(es) started by this test were still running after it "
                    f"(now killed): {shown}", pytrace=False)


# The live Neo4j server of each test process, started on first use (tests/neo4j_server.py).
from neo4j_server import neo4j_store, neo4j_uri, pytest_configure  # noqa: E402,F401
