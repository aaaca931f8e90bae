"""The parse pipeline: read -> clean (offsets kept) -> outline -> classify -> extract -> PlanDoc.

``parse_plan`` is pure (text in, PlanDoc out); ``parse_path`` adds the file reading edge.

>>> doc = parse_plan("示例三年行动计划\\n（2015-2017年）\\n一、重点任务\\n1、推进研发投入。三年内新增孵化器20家。",
...                  source="demo.txt")
>>> [(n.label, n.title, n.path) for n in doc.nodes if n.label in ("Section", "Task")]
[('Section', '重点任务', '1'), ('Task', '推进研发投入', '1.1')]
>>> t = doc.by_label("Target")[0]
>>> (t.props["metric"], t.props["value"], t.props["unit"], t.props["year"])
('新增孵化器', 20.0, '家', 2017)
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections import Counter
from typing import Any, Iterable

from core.model import (NODE_PROPS, Edge, Node, PlanDoc, PlanMeta, document_id, entity_id, plan_id_for,
                         sha256_text, unit_id)
from ingest import lexicon as P
from ingest.clean import clean
from ingest.meta import read_meta
from ingest.numbers import parse_number
from ingest.outline import (BACKGROUND, OutlineItem, build_outline, first_body_line,
                            heading_context, split_enumerator)
from core.errors import ParseError

__all__ = ["parse_plan", "parse_path"]

_MIN_TEXT = 8
#: the most figures (runs of digits) one document may hold: each costs about 2 KB while it is
#: parsed (its clause, candidates, a Target or Outcome node), so this bounds parse memory near
#: 200 MB above the interpreter's; the largest public plans hold a few hundred, a 4M-character
#: plan of their density about 50,000 (``POLICYKG_MAX_FIGURES`` overrides)
MAX_FIGURES = 100_000
_RE_FIGURE = re.compile(r"\d+")
_RE_HEADING_YEAR = re.compile(r"(\d{4})年")
_RE_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
#: 现在，我代表国务院，向大会报告(过去五年的)(政府)工作 / …作政府工作报告
_RE_REPORT_OPENING = re.compile(r"向大会报告[^，。]{0,8}工作|作政府工作报告")


def parse_path(path: str | os.PathLike) -> PlanDoc:
    """Read a file (any supported format and encoding) and parse it."""
    from ingest.read import display_name, read_document

    raw = read_document(path)
    return parse_plan(raw.text, source=os.path.basename(display_name(path)))


def max_figures() -> int:
    raw = os.environ.get("POLICYKG_MAX_FIGURES", "").strip()
    if not raw:
        return MAX_FIGURES
    if not raw.isdigit():
        raise ParseError("POLICYKG_MAX_FIGURES", f"{raw!r} is not a whole number; unset it or give a positive integer")
    return int(raw)


def check_figures(text: str, name: str) -> None:
    """Refuse a text with more figures than :func:`max_figures`, before any is parsed.

    >>> check_figures("增长1%，" * 3, "a.txt")
    """
    limit = max_figures()
    count = 0
    for match in _RE_FIGURE.finditer(text):
        count += 1
        if count > limit:
            raise ParseError(name, f"more than {limit:,} figures (runs of digits; the {limit + 1:,}th is here), "
                                   "which no plan holds: it reads as a table or a data file. Split it into "
                                   "documents, or set POLICYKG_MAX_FIGURES to a larger number (each figure "
                                   "costs about 2 KB of memory while it is parsed)", offset=match.start())


def parse_plan(text: str, *, source: str | None = None) -> PlanDoc:
    """Parse the text of one plan into a :class:`~core.model.PlanDoc`.

    Raises
    ------
    ParseError
        When the text holds nothing to parse (empty after clean-up).
    """
    if source is not None:  # a name with undecodable bytes (lone surrogates) prints and stores as U+FFFD
        source = P.RE_SURROGATE.sub("\ufffd", source)
    name = source or "<text>"
    tracked = clean(text)
    body_text = tracked.text
    if len(body_text.strip()) < _MIN_TEXT:
        raise ParseError(name, "no text left after clean-up (empty or only boilerplate); "
                               "expected a plan in Chinese")
    check_figures(body_text, name)
    body = first_body_line(body_text)
    header = [line for line in body_text[:body].split("\n") if line]
    meta = read_meta(header, body_text[body:])
    outline = build_outline(body_text, body)
    plan_id = plan_id_for(body_text)
    period_start, period_end = meta.period_start, meta.period_end
    if period_start is None:
        period_start = period_end = _year_from_headings(outline)
    if period_start is None and _RE_REPORT_OPENING.search(body_text[body:body + 300]):
        # a work report plans the year it is given: its date, else the year its file is named by
        year = meta.issued[:4] if meta.issued else _year_in_name(name)
        period_start = period_end = int(year) if year else None
    if period_start is None and period_end is None:
        period_end = meta.horizon  # 到2022年，…: an opinion without a period still sets its horizon
    title = meta.title or _fallback_title(name, body_text[body:], period_start)
    if title == "政府工作报告" and period_start:  # the year tells one report from the next
        title = f"{period_start}年政府工作报告"
    plan = PlanMeta(id=plan_id, title=title, version=meta.version, status=meta.status,
                    issued=meta.issued, period_start=period_start, period_end=period_end,
                    issuer=meta.issuer, number=meta.number, region=meta.region, source=source,
                    sha256=sha256_text(text), titles=meta.titles or (title,))
    builder = _Builder(plan, body_text)
    builder.add_outline(outline)
    preamble_end = outline[0].start if outline else len(body_text)
    builder.add_extractions(plan_id, body, preamble_end, "Plan", mode="plan")
    for start, end in _between(outline, len(body_text)):  # text no part holds (an attached title)
        builder.add_extractions(plan_id, start, end, "Plan", mode="plan")
    builder.add_tables()
    return PlanDoc(plan=plan, nodes=tuple(builder.nodes.values()), edges=tuple(builder.edges),
                   text=body_text, offsets=tracked.offsets, warnings=tuple(builder.warnings))


def _five_year_end(title: str) -> int | None:
    """The last year of a five-year plan a heading is about (“十三五”时期主要目标任务 → 2020):
    what its targets are due by.

    >>> _five_year_end("二、“十三五”时期主要目标任务和重大举措"), _five_year_end("2016年重点工作")
    (2020, None)
    """
    m = P.RE_FIVE_YEAR.search(title)
    return P.FIVE_YEAR_PLANS[m.group(1)][1] if m and "回顾" not in title and "成就" not in title else None


def _full_end(item: OutlineItem) -> int:
    return max([item.end, *(e for _, e in item.more), *(_full_end(c) for c in item.children)])


def _between(items: tuple[OutlineItem, ...], text_end: int) -> list[tuple[int, int]]:
    """Stretches between top-level parts that none of them holds."""
    out = []
    for item, nxt in zip(items, [*items[1:], None]):
        end = _full_end(item)
        upto = nxt.start if nxt is not None else text_end
        if upto > end + 1:
            out.append((end, upto))
    return out


_RE_SPAN_HEADING = re.compile(r"过去(?P<n>[五三两十])年|(?P<n2>[五三十])年来|“?(?P<fyp>十[一二三四五]五)”?时期")


def _review_span(title: str, plan_start: int | None) -> tuple[int, int] | None:
    """The years a review heading covers: 过去五年工作回顾 (the five years before the plan),
    “十二五”时期发展成就 (2011–2015).

    >>> _review_span("过去五年工作回顾", 2018), _review_span("“十二五”时期发展成就", 2016), _review_span("2024年工作回顾", 2025)
    ((2013, 2017), (2011, 2015), None)
    """
    m = _RE_SPAN_HEADING.search(title)
    if not m:
        return None
    if m.group("fyp"):
        return P.FIVE_YEAR_PLANS.get(m.group("fyp"))
    n = int(parse_number(m.group("n") or m.group("n2")))
    return (plan_start - n, plan_start - 1) if plan_start else None


def _year_in_name(source: str) -> str | None:
    m = _RE_NAME_YEAR.search(os.path.basename(source))
    return m.group(1) if m else None


def _fallback_title(source: str, body: str, year: int | None) -> str:
    """A speech printed without its title line still says what it is."""
    if _RE_REPORT_OPENING.search(body[:300]):
        return f"{year}年政府工作报告" if year else "政府工作报告"
    return os.path.splitext(os.path.basename(source))[0]


def _year_from_headings(outline: tuple[OutlineItem, ...]) -> int | None:
    """A report names its own year in its forward-looking headings (2019年政府工作任务)."""
    years = Counter(int(y) for item in outline if heading_context(item.title) != BACKGROUND
                    for y in _RE_HEADING_YEAR.findall(item.title))
    return years.most_common(1)[0][0] if years else None


class _Builder:
    """Collects nodes and edges while walking the outline (internal, mutable while building)."""

    def __init__(self, plan: PlanMeta, text: str):
        self.plan, self.text = plan, text
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.warnings: list[str] = []
        self._edge_keys: set[tuple[str, str, str]] = set()
        self._numbers: Counter[tuple[str, str]] = Counter()
        #: the years the review part being walked covers (过去五年, “十二五”时期), else None
        self.review_span: tuple[int, int] | None = None
        #: the end of the five-year plan the part being walked is about (“十三五”时期主要目标 → 2020)
        self.due_year: int | None = None

    @functools.cached_property
    def _first_year(self) -> int | None:
        """The plan's first year, else the year it was issued (三年内 counts from there)."""
        return self.plan.period_start or (int(self.plan.issued[:4]) if self.plan.issued else None)

    @functools.cached_property
    def _short_names(self) -> dict[str, str | None]:
        """Short names the document gives the documents it cites (以下简称《意见》), with the full title."""
        from ingest.citations import abbreviations

        return abbreviations(self.text)

    @functools.cached_property
    def _first_leads(self) -> bool:
        """Whether the document says the first body of each list leads (列第一位者为牵头单位)."""
        from ingest.entities import RE_FIRST_LEADS

        return bool(RE_FIRST_LEADS.search(self.text))

    @functools.cached_property
    def _own_names(self) -> frozenset[str]:
        """The plan's titles and what its covering notice issues (关于印发A和B的通知: A, B)."""
        own = {re.sub(r"\s", "", t) for t in (self.plan.title, *self.plan.titles) if t}
        for t in list(own):
            issued = re.search(r"(?:印发|转发)(.+?)的(?:通知|函)$", t)
            if issued:
                names = re.sub(r"[《》]", "", issued.group(1))
                own |= {names, *re.split(r"和|、", names)}
        return frozenset(own)

    def _next_id(self, owner: str, kind: str) -> str:
        """``{owner}/t3``: the owner's next target (``t``) or outcome (``o``) id."""
        self._numbers[(owner, kind)] += 1
        return f"{owner}/{kind}{self._numbers[(owner, kind)]}"

    def _edge(self, source: str, target: str, rel: str, **props) -> None:
        key = (source, target, rel)
        if key not in self._edge_keys:
            self._edge_keys.add(key)
            self.edges.append(Edge(source, target, rel, props))

    def add_outline(self, items: Iterable[OutlineItem], parent: str | None = None,
                    horizon: int | None = None) -> None:
        """Units, and what each unit's own text holds. ``horizon`` is the due year a heading
        above gives its part (``到2023年，…`` opening a 发展目标 part dates its bullets)."""
        from ingest.targets import opening_year

        for order, item in enumerate(items, 1):
            nid = unit_id(self.plan.id, item.path)
            own = self.text[item.start:item.end]
            self.nodes[nid] = Node(nid, item.label, item.title, own, item.path, item.start, item.end)
            self._edge(parent or self.plan.id, nid, "HAS_PART", order=order)
            body = own[split_enumerator(own)[1]:]
            # 到2023年，… opening the unit, the paragraph under its heading line, or its heading
            under = body.split("\n", 1)[1].lstrip() if "\n" in body else ""
            year = opening_year(body) or opening_year(under) or opening_year(item.title + "，") or \
                self._ahead(body) or horizon
            outer, outer_due = self.review_span, self.due_year
            self.review_span = _review_span(item.title, self.plan.period_start) or outer
            self.due_year = _five_year_end(item.title) or outer_due
            self.add_extractions(nid, item.start, item.end, item.label, mode=item.mode, horizon=year)
            for start, end in item.more:
                self.add_extractions(nid, start, end, item.label, mode=item.mode, horizon=year)
            self.add_outline(item.children, nid, year)
            self.review_span, self.due_year = outer, outer_due

    def _ahead(self, text: str) -> int | None:
        """The due year of a part whose paragraph sets the goals of the next N years (今后五年…)."""
        from ingest.targets import ahead_years

        n, first = ahead_years(text), self.plan.period_start
        return first + n - 1 if n and first else None

    def add_extractions(self, owner: str, start: int, end: int, label: str, *, mode: str,
                        horizon: int | None = None) -> None:
        """What ``text[start:end]`` holds: each step of :data:`EXTRACTION_STEPS` in turn."""
        chunk = self.text[start:end]
        if not chunk:
            return
        for step in EXTRACTION_STEPS:
            step(self, owner, chunk, start, label, mode, horizon)

    def add_tables(self) -> None:
        """Figures of tables flattened to one cell per line: a year column before the plan's
        first year reports (Outcome), a later one commits (Target); a column of changes
        (扩招, 新增) without a year is due in the table's last year."""
        from ingest.tables import find_tables

        plan = self.plan
        numbered = re.search(r"(?:19|20)\d\d", plan.number or "")  # 国办发〔1996〕32号
        now = self._first_year or (int(numbered.group()) if numbered else None)
        # (start, end, id) of every unit (a unit has a path and a span)
        units = [(n.start, n.end, n.id) for n in self.nodes.values()
                 if n.path is not None and n.start is not None and n.end is not None]
        for table in find_tables(self.text):
            inside = [u for u in units if u[0] <= table.start < u[1]]
            owner = max(inside, key=lambda u: u[0])[2] if inside else plan.id
            years = table.years
            last = years[-1] if years else None
            base = years[0] if years and now and years[0] < now else None
            for f in table.figures:
                if f.year is not None and now is not None and f.year < now:
                    self._quantity(owner, "Outcome", f.start, f.end, metric=f.metric, value=f.value,
                                   unit=f.unit, year=f.year)
                    continue
                self._quantity(owner, "Target", f.start, f.end, metric=f.metric, value=f.value, unit=f.unit,
                               comparator="=", year=f.year or last, base_year=base if f.change else None,
                               kind="relative" if f.change else "share" if f.unit == "%" else "absolute")

    def _quantity(self, owner: str, label: str, start: int, end: int, *, metric: str, **props: Any) -> None:
        """Add a Target or Outcome of ``owner`` at ``text[start:end]``: the indicator its metric
        maps to (with the alias that matched), its value in that indicator's unit."""
        from ingest.indicators import convert, get_indicator, match_indicator

        raw = self.text[start:end]
        props["metric"] = metric
        full = {k: props.get(k) for k in NODE_PROPS[label] if k not in ("plan_id", "start", "end")}
        full["raw"] = raw
        found = match_indicator(full["metric"], full["unit"]) if full["value"] is not None else None
        if found is not None:
            full["indicator"], full["indicator_alias"] = found.indicator, found.alias
            ind = get_indicator(found.indicator)
            full["value"], unit = convert(full["value"], full["unit"], ind)
            if label == "Target" and full.get("value_max") is not None:
                full["value_max"], _ = convert(full["value_max"], full["unit"], ind)
            full["unit"] = unit
        nid = self._next_id(owner, "t" if label == "Target" else "o")
        self.nodes[nid] = Node(nid, label, metric, raw, None, start, end, full)
        self._edge(owner, nid, "HAS_TARGET" if label == "Target" else "REPORTS")

    # ---- the steps ---------------------------------------------------------------------------

    def placeholders(self, owner: str, chunk: str, start: int, label: str, mode: str, horizon) -> None:
        where = self.plan.source or self.plan.id
        for m in P.RE_PLACEHOLDER.finditer(chunk):
            self.warnings.append(f"{where}: char {start + m.start()}: placeholder "
                                 f"{m.group(0)!r} kept as written ({owner})")

    def figures(self, owner: str, chunk: str, start: int, label: str, mode: str, horizon) -> None:
        """Targets (commitments) and outcomes (reported results) with their canonical values."""
        from ingest.targets import read_figures

        if mode == "none":
            return
        plan = self.plan
        # an undated figure is due when its part says, else at the end of the plan's period
        default = horizon or self.due_year or plan.period_end
        found, warnings = read_figures(chunk, plan_start_year=self._first_year, plan_end_year=plan.period_end,
                                       default_year=horizon, past=mode == "past",
                                       review_span=self.review_span if mode == "past" else None)
        for t in found:
            if t.past:
                start_y, end_y = t.period or (None, None)
                self._quantity(owner, "Outcome", start + t.start, start + t.end, metric=t.metric,
                               value=t.value, unit=t.unit, year=t.year, period_start=start_y, period_end=end_y)
                continue
            self._quantity(owner, "Target", start + t.start, start + t.end, metric=t.metric, value=t.value,
                           value_max=t.value_max, unit=t.unit, comparator=t.comparator,
                           year=t.year or default, base_year=t.base_year, kind=t.kind)
        if mode == "plan":
            for warning in warnings:
                self.warnings.append(f"{plan.source or plan.id}: {owner}: {warning}")

    def citations(self, owner: str, chunk: str, start: int, label: str, mode: str, horizon) -> None:
        from ingest.citations import extract_citations

        for c in extract_citations(chunk):
            full = self._short_names.get(c.title or "")
            if full:  # 落实《意见》 in a later unit: the document the text named 《意见》
                c = dataclasses.replace(c, title=full)
            name = re.sub(r"\s", "", c.title or "")
            if name and not c.number and (name in self._own_names or name in self._short_names or any(
                    own.endswith(name) for own in self._own_names)):
                continue  # the plan itself (《政府工作报告》 in a work report), what its notice issues, or
                # a short name of a document the text does not name in full
            did = document_id(c.title, c.number)
            if did not in self.nodes:
                self.nodes[did] = Node(did, "Document", c.title or c.number or "", props={
                    "number": c.number, "issuer": c.issuer, "year": c.year})
            self._edge(owner, did, "CITES", context=c.context)

    def mentions(self, owner: str, chunk: str, start: int, label: str, mode: str, horizon) -> None:
        from ingest.entities import extract_mentions

        if label == "Plan":
            return
        counts = Counter((m.label, m.name) for m in extract_mentions(chunk))
        for (mlabel, name), count in counts.items():
            eid = entity_id(mlabel, name)
            self.nodes.setdefault(eid, Node(eid, mlabel, name, props={"name": name}))
            self._edge(owner, eid, "MENTIONS", count=count)

    def responsibilities(self, owner: str, chunk: str, start: int, label: str, mode: str, horizon) -> None:
        from ingest.entities import extract_responsibilities

        if label == "Plan":
            return
        for r in extract_responsibilities(chunk, first_leads=self._first_leads):
            eid = entity_id("Organization", r.org)
            self.nodes.setdefault(eid, Node(eid, "Organization", r.org, props={"name": r.org}))
            self._edge(eid, owner, r.role, evidence=r.evidence)


#: The extraction steps, in order, each reading one unit's own text (as ``clean.STEPS`` names
#: the clean-up steps): placeholders kept as written, figures (targets and outcomes), cited
#: documents, organizations and places mentioned, bodies that lead or support the unit.
EXTRACTION_STEPS = (_Builder.placeholders, _Builder.figures, _Builder.citations, _Builder.mentions,
                    _Builder.responsibilities)
