"""The service the CLI and the app share: ingest files and folders into a store, one file at a
time (memory does not grow with the count).

Each file is read and parsed (``ingest``), optionally enriched (inferred edges,
``analysis.dependencies``), and stored atomically (``graph``). A file that cannot be read or parsed
is reported and skipped.

>>> FileResult(Path("a.txt"), "plan-1", "行动计划", True, 12, 3, 2).line()
'行动计划: 12 units, 3 targets, 2 citations [plan-1] (a.txt)'
"""

from __future__ import annotations

import os

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from core.errors import InputError
from core.model import UNIT_LABELS, PlanDoc
from graph.store import AddResult, GraphStore
from ingest.read import display_name, iter_documents


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: what was stored, or the error that skipped it."""

    path: Path
    plan_id: str | None = None
    title: str | None = None
    created: bool = False
    units: int = 0
    targets: int = 0
    citations: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        """One summary line for people."""
        name = display_name(self.path)
        if self.error is not None:  # not ok
            return named(name, self.error)
        state = "" if self.created else " unchanged"
        return (f"{self.title}: {self.units} units, {self.targets} targets, "
                f"{self.citations} citations [{self.plan_id}]{state} ({name})")


Progress = Callable[[int, int, FileResult], None]


def named(name: str, error: str) -> str:
    """``error`` as one line that names the file once, as given: an error that starts with the
    file's path or its base name (a parse error names the base name) is not named again.

    >>> named("/tmp/a.txt", "a.txt: no text left after clean-up")
    '/tmp/a.txt: no text left after clean-up'
    >>> named("/tmp/a.txt", "/tmp/a.txt: empty file"), named("a.txt", "store full")
    ('/tmp/a.txt: empty file', 'a.txt: store full')
    """
    for prefix in (name, os.path.basename(name)):
        if prefix and error.startswith(prefix + ":"):
            return f"{name}:{error[len(prefix) + 1:]}"
    return f"{name}: {error}"


def doc_counts(doc: PlanDoc) -> tuple[int, int, int]:
    """(units, targets, distinct cited documents) of a PlanDoc."""
    units = sum(1 for n in doc.nodes if n.label in UNIT_LABELS)
    targets = sum(1 for n in doc.nodes if n.label == "Target")
    cited = {e.target for e in doc.edges if e.type == "CITES"}
    return units, targets, len(cited)


def default_enrich() -> Callable[[PlanDoc], PlanDoc]:
    """What ingest adds to a parsed plan: inferred dependency edges."""
    from analysis.dependencies import with_inferred_edges  # jieba: imported when ingesting only
    return with_inferred_edges


def ingest_file(path: Path, store: GraphStore, *, enrich: Callable[[PlanDoc], PlanDoc] | None = None,
                parse: Callable[[Path], PlanDoc] | None = None) -> FileResult:
    """Parse, enrich and store one file; an :class:`InputError` becomes a failed result."""
    if parse is None:  # the parser (jieba) is imported when a file is read, not at start
        from ingest.parse import parse_path
        parse = parse_path
    try:
        doc = parse(path)
        if enrich is not None:
            doc = enrich(doc)
        added = store.add_plan(doc)
    except InputError as exc:
        return FileResult(path, error=str(exc))
    units, targets, citations = doc_counts(doc)
    return FileResult(path, doc.plan.id, doc.plan.title, added.created, units, targets, citations)


@dataclass(frozen=True)
class _Parsed:
    """What :func:`ingest_paths` keeps of a parsed file while the store batches it (not the doc)."""

    path: Path
    plan_id: str
    title: str
    counts: tuple[int, int, int]

    def result(self, added: AddResult) -> FileResult:
        error = getattr(added, "error", None)
        if error:
            return FileResult(self.path, error=error)
        return FileResult(self.path, self.plan_id, self.title, added.created, *self.counts)


def ingest_paths(paths: Iterable[str | Path], store: GraphStore, *,
                 enrich: Callable[[PlanDoc], PlanDoc] | None = None,
                 progress: Progress | None = None,
                 parse: Callable[[Path], PlanDoc] | None = None) -> list[FileResult]:
    """Ingest every file under ``paths``; ``progress(done, total, result)`` after each, in order.

    Files are parsed one at a time and streamed into ``store.add_plans`` (which may store
    them in batches, so results can arrive a batch at a time); only one batch of parsed
    plans is held at once. Returns one :class:`FileResult` per file, failed ones included
    (``ok`` is False): a file that cannot be parsed, or whose plan the store refused.
    """
    if parse is None:  # the parser (jieba) is imported when a file is read, not at start
        from ingest.parse import parse_path
        parse = parse_path
    files = list(iter_documents(paths))
    waiting: deque[FileResult | _Parsed] = deque()
    results: list[FileResult] = []

    def docs() -> Iterator[PlanDoc]:
        for path in files:
            try:
                doc = parse(path)
                if enrich is not None:
                    doc = enrich(doc)
            except InputError as exc:
                waiting.append(FileResult(path, error=str(exc)))
                continue
            waiting.append(_Parsed(path, doc.plan.id, doc.plan.title, doc_counts(doc)))
            yield doc

    def report(result: FileResult) -> None:
        results.append(result)
        if progress is not None:
            progress(len(results), len(files), result)

    def report_failed_parses() -> None:
        while waiting and isinstance(failed := waiting[0], FileResult):
            waiting.popleft()
            report(failed)

    for added in store.add_plans(docs()):
        report_failed_parses()
        parsed = waiting.popleft()
        assert isinstance(parsed, _Parsed) and parsed.plan_id == added.plan_id, (parsed, added)
        report(parsed.result(added))
    report_failed_parses()
    return results


def total_line(results: list[FileResult]) -> str:
    """The closing summary.

    >>> total_line([FileResult(Path("a"), "p", "t", True), FileResult(Path("b"), error="bad")])
    '2 files: 1 loaded, 0 unchanged, 1 failed'
    """
    loaded = sum(1 for r in results if r.ok and r.created)
    same = sum(1 for r in results if r.ok and not r.created)
    return f"{len(results)} files: {loaded} loaded, {same} unchanged, {len(results) - loaded - same} failed"
