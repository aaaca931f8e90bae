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
