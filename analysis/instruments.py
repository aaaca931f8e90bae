"""Code a plan's units by policy instrument (政策工具, DESIGN.md section 9).

Every Task, Measure and Project is read sentence by sentence against the rules of
:mod:`analysis.codebook` (a rule marked ``alone`` only when no other rule codes the unit); a unit gets one :class:`InstrumentCode` per instrument any of its
sentences applies (the first such phrase in the text), so one unit may carry several. Codes of a
sub-instrument count as its parent's contract id and name the sub-instrument.

``start``/``end`` of a code are offsets into the plan's cleaned text (``PlanDoc.text``, the same
offsets as a unit's span), so ``doc.text[code.start:code.end] == code.evidence``; for a unit built
without a span they are offsets into the unit's own text. ``evidence`` is the clause (the text
between commas) that holds the matched wording, at most :data:`EVIDENCE_CHARS` characters.

>>> from core.model import Node, PlanDoc, PlanMeta
>>> text = "（一）强化资金支持。设立专项资金，支持企业开展研发。为产业发展提供资金保障。"
>>> doc = PlanDoc(plan=PlanMeta(id="P", title="措施"), text=text, nodes=(
...     Node(id="P/1", label="Measure", title="强化资金支持", text=text, start=0, end=len(text)),))
>>> [(c.instrument, c.evidence, c.rule) for c in code_plan(doc)]
[('funding', '强化资金支持', 'funding-public-money'), ('technology', '支持企业开展研发', 'technology-rd')]
>>> code = code_plan(doc)[1]
>>> doc.text[code.start:code.end]
'支持企业开展研发'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from core.model import Edge, Node, PlanDoc, instrument_node_id
from analysis.codebook import BACKGROUND, INSTRUMENTS, Instrument, Rule, instrument, rule

__all__ = ["InstrumentCode", "Hit", "code_plan", "code_unit", "code_text", "explain", "coding_sheet",
           "with_instruments", "codes_of",
           "SHEET_HEADER", "CODED_LABELS", "EVIDENCE_CHARS"]

#: the units that are coded
CODED_LABELS = ("Task", "Measure", "Project")
EVIDENCE_CHARS = 40

_RE_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_CLAUSE_STOP = set("，,。；;：:！？!?\n")
#: an item number opening a clause (not part of the evidence)
_RE_ENUMERATOR = re.compile(r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条]|[（(][一二三四五六七八九十\d]+[)）]|"
                            r"[一二三四五六七八九十\d]+[、.．](?!\d)|[①-⑳])\s*")


@dataclass(frozen=True)
class InstrumentCode:
    """One instrument a unit applies, with the phrase that shows it and the rule that fired."""

    unit_id: str
    instrument: str
    type: str
    evidence: str
    #: offsets into ``PlanDoc.text`` (into the unit's text when the unit has no span)
    start: int
    end: int
    rule: str
    #: the sub-instrument whose rule fired, when it was one
    sub_instrument: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "instrument": self.instrument, "type": self.type,
                "evidence": self.evidence, "start": self.start, "end": self.end,
                "rule": self.rule, "sub_instrument": self.sub_instrument}


@dataclass(frozen=True)
class Hit:
    """A rule that fired in a text: the matched span and its clause (offsets into that text)."""

    rule: Rule
    start: int
    end: int
    clause_start: int
    clause_end: int


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around ``[start, end)``: up to the nearest commas or stops.

    >>> _clause("甲，乙丙丁，戊", 3, 4)
    (2, 5)
    """
    lo = start
    while lo > 0 and text[lo - 1] not in _CLAUSE_STOP:
        lo -= 1
    hi = end
    while hi < len(text) and text[hi] not in _CLAUSE_STOP:
        hi += 1
    return lo, hi


def _enumerator_length(clause: str) -> int:
    """How many characters of ``clause`` are its leading item number.

    >>> _enumerator_length("（一）强化资金支持"), _enumerator_length("3.加强宣传")
    (3, 2)
    """
    m = _RE_ENUMERATOR.match(clause)
    return m.end() if m else 0


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    for m in _RE_SENTENCE.finditer(text):
        if m.group().strip():
            yield m.start(), m.end()


def _in_background(sentence: str, start: int, end: int) -> bool:
    """Whether the match lies inside a phrase that names a tool without applying it."""
    return any(m.start() <= start and end <= m.end()
               for b in BACKGROUND for m in b.regex.finditer(sentence))


def _rule_hits(r: Rule, sentence: str) -> list[Hit]:
    out: list[Hit] = []
    unless = r.unless_regex
    if r.requires_regex is not None and not r.requires_regex.search(sentence):
        return out
    if r.unless_sentence_regex is not None and r.unless_sentence_regex.search(sentence):
        return out
    for m in r.regex.finditer(sentence):
        if m.end() == m.start():
            continue
        lo, hi = _clause(sentence, m.start(), m.end())
        lo = min(m.start(), lo + _enumerator_length(sentence[lo:hi]))
        if unless is not None and unless.search(sentence, lo, hi):
            continue
        if _in_background(sentence, m.start(), m.end()):
            continue
        out.append(Hit(r, m.start(), m.end(), lo, hi))
    return out


def _sentence_hits(sentence: str, alone: bool) -> list[Hit]:
    return [h for inst in INSTRUMENTS for r in inst.rules if r.alone == alone
            for h in _rule_hits(r, sentence)]


def code_text(text: str) -> list[Hit]:
    """Every rule that fires in ``text`` (one unit), sentence by sentence, in text order; the
    ``alone`` rules only when no other rule fires anywhere in it.

    >>> [(h.rule.name, h.start) for h in code_text("依法履行政府采购程序。对首购产品给予补贴。")]
    [('procurement-government', 12)]
    """
    hits: list[Hit] = []
    spans = list(_sentences(text))
    for alone in (False, True):
        if alone and hits:
            break
        for s0, s1 in spans:
            for h in _sentence_hits(text[s0:s1], alone):
                hits.append(Hit(h.rule, h.start + s0, h.end + s0, h.clause_start + s0, h.clause_end + s0))
    return sorted(hits, key=lambda h: (h.start, _RULE_ORDER[h.rule.name]))


_RULE_ORDER = {r.name: k for k, r in enumerate(r for i in INSTRUMENTS for r in i.rules)}


def _evidence_span(h: Hit) -> tuple[int, int]:
    """The clause of a hit, cut to EVIDENCE_CHARS around the match when longer."""
    lo, hi = h.clause_start, h.clause_end
    if hi - lo <= EVIDENCE_CHARS:
        return lo, hi
    half = max(0, (EVIDENCE_CHARS - (h.end - h.start)) // 2)
    lo = max(lo, h.start - half)
    return lo, min(hi, lo + max(EVIDENCE_CHARS, h.end - h.start))


def code_unit(unit: Node) -> tuple[InstrumentCode, ...]:
    """The instruments one unit applies, one code each, in the order their phrases appear."""
    text = unit.text or unit.title
    base = unit.start if unit.start is not None and unit.text else 0
    seen: dict[str, InstrumentCode] = {}
    for h in code_text(text):
        inst: Instrument = instrument(h.rule.instrument)
        cid = inst.code_id
        if cid in seen:
            continue
        lo, hi = _evidence_span(h)
        seen[cid] = InstrumentCode(
            unit_id=unit.id, instrument=cid, type=inst.type, evidence=text[lo:hi],
            start=base + lo, end=base + hi, rule=h.rule.name,
            sub_instrument=inst.id if inst.parent else None)
    return tuple(sorted(seen.values(), key=lambda c: c.start))


def code_plan(doc: PlanDoc) -> tuple[InstrumentCode, ...]:
    """Every instrument code of a plan's Tasks, Measures and Projects, in document order."""
    return tuple(c for n in doc.nodes if n.label in CODED_LABELS for c in code_unit(n))


def with_instruments(doc: PlanDoc) -> PlanDoc:
    """A copy of ``doc`` with an ``INSTRUMENT`` edge per code (unit -> the shared ``PolicyInstrument``
    node of its contract id, with the evidence, its span and the rule as ``method``), and the
    PolicyInstrument nodes they point at; earlier codes are replaced.

    >>> from core.model import PlanMeta
    >>> text = "设立专项资金，支持企业开展研发。"
    >>> doc = PlanDoc(plan=PlanMeta(id="P", title="措施"), text=text,
    ...               nodes=(Node("P/1", "Measure", "资金", text, start=0, end=len(text)),))
    >>> coded = with_instruments(with_instruments(doc))
    >>> [(e.target, e.props["evidence"]) for e in coded.edges]
    [('ins-funding', '设立专项资金'), ('ins-technology', '支持企业开展研发')]
    >>> sorted((n.id, n.title, n.props["type"]) for n in coded.nodes if n.label == "PolicyInstrument")
    [('ins-funding', '资金投入', 'supply'), ('ins-technology', '科技信息支持', 'supply')]
    """
    nodes = tuple(n for n in doc.nodes if n.label != "PolicyInstrument")
    bare = replace(doc, nodes=nodes, edges=tuple(e for e in doc.edges if e.type != "INSTRUMENT"))
    codes = code_plan(bare)
    used: dict[str, Node] = {}
    edges = []
    for c in codes:
        inst = instrument(c.instrument)
        node_id = instrument_node_id(inst.id)
        used.setdefault(node_id, Node(node_id, "PolicyInstrument", inst.zh, props={"instrument": inst.id, "name": inst.zh,
                                                                       "type": inst.type}))
        props = {"evidence": c.evidence, "start": c.start, "end": c.end, "method": c.rule}
        if c.sub_instrument:
            props["sub_instrument"] = c.sub_instrument
        edges.append(Edge(c.unit_id, node_id, "INSTRUMENT", props))
    return replace(bare, nodes=bare.nodes + tuple(used[k] for k in sorted(used)), edges=bare.edges + tuple(edges))


def codes_of(doc: PlanDoc) -> tuple[InstrumentCode, ...]:
    """The codes a plan carries as ``INSTRUMENT`` edges (what :func:`with_instruments` stored), in
    document order: what a stored plan read back says, without coding it again.

    >>> from core.model import PlanMeta
    >>> text = "设立专项资金。"
    >>> doc = PlanDoc(plan=PlanMeta(id="P", title="措施"), text=text,
    ...               nodes=(Node("P/1", "Measure", "资金", text, start=0, end=len(text)),))
    >>> codes_of(with_instruments(doc)) == code_plan(doc)
    True
    """
    nodes = {n.id: n for n in doc.nodes}
    codes = [InstrumentCode(e.source, nodes[e.target].props["instrument"], nodes[e.target].props["type"],
                            e.props["evidence"], e.props["start"], e.props["end"], e.props["method"],
                            e.props.get("sub_instrument"))
             for e in doc.edges if e.type == "INSTRUMENT" and e.target in nodes]
    return tuple(sorted(codes, key=lambda c: c.start))


def explain(code: InstrumentCode) -> str:
    """The rule behind a code, for people reading it.

    >>> c = InstrumentCode("P/1", "procurement", "demand", "实行首购订购制度", 0, 8,
    ...                    "procurement-government")
    >>> print(explain(c))
    P/1 政府采购 procurement (需求型 demand): 实行首购订购制度
      rule procurement-government: the government buys the product
      wording: 政府采购|首购|(?<!服务)订购|优先采购|采购[^，。]{0,8}(?:创新产品|自主创新|本地产品)|政府订单
      not where the clause has: 程序|规范|管理|监管|违规|招投标
      e.g. 将创新产品纳入政府采购目录; not: 依法履行政府采购程序
    """
    from analysis.codebook import TYPE_ZH

    r = rule(code.rule)
    inst = instrument(code.instrument)
    sub = f" via {instrument(code.sub_instrument).zh} {code.sub_instrument}" if code.sub_instrument else ""
    lines = [f"{code.unit_id} {inst.zh} {code.instrument}{sub} ({TYPE_ZH[code.type]} {code.type}): "
             f"{code.evidence}",
             f"  rule {r.name}: {r.note}" if r.note else f"  rule {r.name}",
             f"  wording: {r.pattern}"]
    if r.unless:
        lines.append(f"  not where the clause has: {r.unless}")
    if r.alone:
        lines.append("  only when no other rule codes the sentence")
    eg = f"  e.g. {r.examples[0]}" if r.examples else ""
    if r.counter_examples:
        eg += f"; not: {r.counter_examples[0]}"
    if eg:
        lines.append(eg)
    return "\n".join(lines)


#: The columns of the coding sheet (DESIGN.md section 9), as researchers' sheets name them.
SHEET_HEADER: tuple[str, ...] = ("政策编号", "章", "条", "标题", "文本", "工具类型", "政策工具", "子工具", "依据", "规则")


def _chapter_and_article(path: str | None) -> tuple[str, str]:
    """A unit's numbering path split as a coding sheet writes it: the top-level part, the rest.

    >>> _chapter_and_article("3.2.1"), _chapter_and_article("4"), _chapter_and_article(None)
    (('3', '2.1'), ('4', ''), ('', ''))
    """
    head, _, rest = (path or "").partition(".")
    return head, rest


def coding_sheet(doc: PlanDoc, codes: Iterable[InstrumentCode]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The coding sheet of a plan: one row per (unit, instrument), in document order, with the
    plan's 文号 (else its title) as 政策编号 and the unit's numbering path as 章 and 条.

    >>> from core.model import Node, PlanMeta
    >>> text = "1、设立专项资金。"
    >>> doc = PlanDoc(plan=PlanMeta(id="P", title="若干措施", number="甲政发〔2024〕1号"), text=text,
    ...               nodes=(Node("P/1", "Measure", "设立专项资金", text, path="2.1", start=0, end=len(text)),))
    >>> header, rows = coding_sheet(doc, code_plan(doc))
    >>> dict(zip(header, rows[0]))["章"], rows[0][:3], rows[0][5:9]
    ('2', ('甲政发〔2024〕1号', '2', '1'), ('供给型', '资金投入', '', '设立专项资金'))
    """
    from analysis.codebook import TYPE_ZH

    units = {n.id: n for n in doc.nodes}
    policy = doc.plan.number or doc.plan.title
    rows: list[tuple[str, ...]] = []
    for c in codes:
        unit = units[c.unit_id]
        chapter, article = _chapter_and_article(unit.path)
        sub = instrument(c.sub_instrument).zh if c.sub_instrument else ""
        rows.append((policy, chapter, article, unit.title, unit.text, TYPE_ZH[c.type],
                     instrument(c.instrument).zh, sub, c.evidence, c.rule))
    return SHEET_HEADER, rows
