"""The service the CLI and the app share: ingest files and folders into a store (memory does not
grow with the count).

Each file is read and hashed first; one whose text a stored plan was read from is reported
unchanged. The others are parsed (``ingest``), enriched (inferred edges and instrument codes,
:func:`enrich_plan`), in worker processes when asked, and stored atomically (``graph``). A file
that cannot be read or parsed is reported and skipped.

>>> FileResult(Path("a.txt"), "plan-1", "行动计划", True, 12, 3, 2).line()
'行动计划: 12 units, 3 targets, 2 citations [plan-1] (a.txt)'
"""

from __future__ import annotations

import functools
import os

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from core.errors import InputError
from core.model import UNIT_LABELS, PlanDoc, sha256_text
from graph.store import AddResult, GraphStore
from ingest.read import RawDocument, display_name, iter_documents


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file: what was stored, or the error that skipped it."""

    path: Path
    plan_id: str | None = None
    title: str | None = None
    created: bool = False
    #: what was parsed; None for a file answered from the store by its hash (not counted)
    units: int | None = 0
    targets: int | None = 0
    citations: int | None = 0
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
        if self.units is None:
            return f"{self.title} [{self.plan_id}]{state} ({name})"
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


def enrich_plan(doc: PlanDoc) -> PlanDoc:
    """What ingest adds to a parsed plan: inferred dependency edges and policy-instrument codes."""
    from analysis.dependencies import with_inferred_edges  # jieba: imported when ingesting only
    from analysis.instruments import with_instruments
    return with_instruments(with_inferred_edges(doc))


def default_enrich() -> Callable[[PlanDoc], PlanDoc]:
    """The enrichment ``policykg ingest`` applies (:func:`enrich_plan`; a worker process runs it)."""
    return enrich_plan


Parse = Callable[[Path], PlanDoc]
Enrich = Callable[[PlanDoc], PlanDoc]


@dataclass(frozen=True)
class Source:
    """One file to ingest: its path, or for an upload its name as given and its bytes."""

    path: Path
    data: bytes | None = None
    #: an upload's name as the browser sent it (a Path would fold its ``//``)
    upload_name: str | None = None

    @property
    def name(self) -> str:
        return self.upload_name if self.upload_name is not None else display_name(self.path)

    def read(self) -> RawDocument:
        from ingest.read import read_bytes, read_document
        if self.data is None:
            return read_document(self.path)
        return read_bytes(self.data, self.name)

    def parse(self) -> PlanDoc:
        from ingest.parse import parse_plan
        source = self.upload_name if self.upload_name is not None else os.path.basename(self.name)
        return parse_plan(self.read().text, source=source)


def source_hash(source: Source) -> str:
    """The SHA-256 of the text read from ``source``: the ``Plan.sha256`` its parse would carry."""
    return sha256_text(source.read().text)


def parse_job(source: Source, enrich: Enrich | None, parse: Parse | None = None) -> PlanDoc | str:
    """Parse (and enrich) one source: the plan, or the one-line error that skips it. What a worker
    process runs, so it returns the error's text instead of raising it across processes."""
    try:
        doc = source.parse() if parse is None else parse(source.path)
        return doc if enrich is None else enrich(doc)
    except InputError as exc:
        return str(exc)


def default_workers() -> int:
    """The processes ``policykg ingest`` parses in: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _warm() -> None:
    """A worker's first act: load the dictionary once, before its first file."""
    from ingest.tokenizer import get_tokenizer
    get_tokenizer().cut("加快建设")


#: Files a worker may have parsed or queued ahead of the writer: enough that workers keep parsing
#: while the writer stores a batch, few enough that memory does not grow with the files.
IN_FLIGHT = 2


def parsed_in_order(sources: Sequence[Source], job: Callable[[Source], PlanDoc | str],
                    workers: int) -> Iterator[tuple[Source, PlanDoc | str]]:
    """``(source, job(source))`` in input order; with ``workers`` > 1 the jobs run in that many
    processes (never more than there are files: a run with nothing to parse starts none, and
    does not load the dictionary), at most ``IN_FLIGHT`` per worker waiting at once (memory
    does not grow with the files).

    A worker that dies (killed, out of memory) breaks the pool: the files it held are parsed
    again one at a time in a new pool, so only the one that kills it again is reported failed.
    """
    workers = min(workers, len(sources))
    if workers <= 1:
        for source in sources:
            yield source, job(source)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Forked, not spawned: a spawned worker would import the caller's main module again (a user's
    # script, Streamlit's runner). A worker runs only the parser and leaves with os._exit, so the
    # open store it inherits is never touched, flushed or closed by it.
    context = multiprocessing.get_context("fork")
    _warm()  # the dictionary is loaded once, before the fork: the workers share its pages
    todo = iter(sources)
    retry: deque[Source] = deque()  # files a broken pool held: parsed alone, one at a time
    waiting: deque[tuple[Source, Future]] = deque()
    while True:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_warm) as pool:
            try:
                while True:
                    while len(waiting) < (1 if retry else IN_FLIGHT * workers):
                        queued = retry.popleft() if retry else next(todo, None)
                        if queued is None:
                            break
                        waiting.append((queued, pool.submit(job, queued)))
                    if not waiting:
                        return
                    source, future = waiting[0]
                    result = future.result()
                    waiting.popleft()
                    yield source, result
            except BrokenProcessPool:
                alone = len(waiting) == 1
                source, _ = waiting.popleft()
                if alone:  # the only file in the pool broke it
                    yield source, (f"{source.name}: the parser process stopped (killed, "
                                   "or out of memory) while reading this file; it was skipped")
                else:
                    retry.extendleft(reversed([source, *(s for s, _ in waiting)]))
                waiting.clear()


def ingest_upload(name: str, data: bytes, store: GraphStore, *, enrich: Enrich | None = None,
                  parse: Parse | None = None) -> FileResult:
    """Parse, enrich and store an uploaded file's ``data``, as :func:`ingest_paths` does a path."""
    return ingest_sources([Source(Path(name), data, name)], store, enrich=enrich, parse=parse)[0]


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


def ingest_paths(paths: Iterable[str | Path], store: GraphStore, *, enrich: Enrich | None = None,
                 progress: Progress | None = None, parse: Parse | None = None,
                 workers: int = 1) -> list[FileResult]:
    """Ingest every file under ``paths``; ``progress(done, total, result)`` after each, in order.

    See :func:`ingest_sources`; ``parse`` replaces reading and parsing a path (tests use it).
    """
    sources = [Source(path) for path in iter_documents(paths)]
    return ingest_sources(sources, store, enrich=enrich, progress=progress, parse=parse, workers=workers)


def ingest_sources(sources: Sequence[Source], store: GraphStore, *, enrich: Enrich | None = None,
                   progress: Progress | None = None, parse: Parse | None = None,
                   workers: int = 1) -> list[FileResult]:
    """Ingest ``sources``; ``progress(done, total, result)`` after each, in order.

    First every file is read and hashed: one whose text a stored plan was read from
    (``Plan.sha256``) is reported unchanged without being parsed or counted (one lookup of the
    plans by hash, however many files). The others are parsed (in
    ``workers`` processes) and streamed into ``store.add_plans``, which may store them in
    batches, so results can arrive a batch at a time; only one batch of parsed plans is held at
    once. Returns one :class:`FileResult` per file, failed ones included (``ok`` is False): a
    file that cannot be read or parsed, or whose plan the store refused.
    """
    early: dict[int, FileResult] = {}  # read errors and unchanged files, by position
    hashes: dict[int, str] = {}
    for i, source in enumerate(sources):
        try:
            hashes[i] = source_hash(source)
        except InputError as exc:
            early[i] = FileResult(source.path, error=str(exc))
    stored = store.stored_sources(sorted(set(hashes.values())))
    for i, digest in hashes.items():
        if (plan := stored.get(digest)) is not None:
            early[i] = FileResult(sources[i].path, plan["id"], plan["title"], False, None, None, None)
    position = {id(s): i for i, s in enumerate(sources)}
    to_parse = [s for i, s in enumerate(sources) if i not in early]
    waiting: deque[FileResult | _Parsed] = deque()
    results: list[FileResult] = []

    def report(result: FileResult) -> None:
        results.append(result)
        if progress is not None:
            progress(len(results), len(sources), result)

    def report_early(upto: int) -> None:
        """Everything decided without the store, up to position ``upto``, in order."""
        while len(results) + len(waiting) < upto and (len(results) + len(waiting)) in early:
            waiting.append(early[len(results) + len(waiting)])
        while waiting and isinstance(done := waiting[0], FileResult):
            waiting.popleft()
            report(done)

    def docs() -> Iterator[PlanDoc]:
        job = functools.partial(parse_job, enrich=enrich, parse=parse)
        for source, outcome in parsed_in_order(to_parse, job, workers):
            report_early(position[id(source)])
            if isinstance(outcome, str):
                waiting.append(FileResult(source.path, error=outcome))
                continue
            waiting.append(_Parsed(source.path, outcome.plan.id, outcome.plan.title, doc_counts(outcome)))
            yield outcome

    for added in store.add_plans(docs()):
        report_early(0)
        parsed = waiting.popleft()
        assert isinstance(parsed, _Parsed) and parsed.plan_id == added.plan_id, (parsed, added)
        report(parsed.result(added))
    report_early(len(sources))
    return results


def total_line(results: list[FileResult]) -> str:
    """The closing summary.

    >>> total_line([FileResult(Path("a"), "p", "t", True), FileResult(Path("b"), error="bad")])
    '2 files: 1 loaded, 0 unchanged, 1 failed'
    """
    loaded = sum(1 for r in results if r.ok and r.created)
    same = sum(1 for r in results if r.ok and not r.created)
    return f"{len(results)} files: {loaded} loaded, {same} unchanged, {len(results) - loaded - same} failed"
