"""Structure: turn cleaned lines into an outline tree and give each item its label.

Three things make an item (the enumerators, heads and limits are in :mod:`ingest.lexicon`):

* a line that opens with an enumerator (第X章, 一、, （一）, (一), 1、/1./1﹒, 1.1, （1）, ①, 一是,
  一要, ——/--, 专栏), or a short line without a sentence end (``2024年工作回顾``, ``名词解释``);
* a paragraph led by a heading sentence (its first sentence, at most 30 characters, followed by
  more text: ``加大简政放权、放管结合改革力度。…``), where the part it is in sets work;
* a run-in heading sentence inside such a paragraph or heading (at most 24 characters, no comma,
  followed by a longer sentence that details it: ``…。精准发力扩大有效投资。扎实开展…，…``).

Levels are not fixed by kind: the first kind seen under a node becomes its child level, and
meeting a kind already open closes everything below it. A table of contents (headings that the
body repeats) is skipped.

Labels come from what each heading *is*, read at its head (:data:`ingest.lexicon.SECTION_HEADS`):
a part whose head says 原则, 目标, 任务/工作安排, 保障措施, 工程 gives its items that label; a
background part (回顾, 发展基础, 取得…成就) and an appendix (名词解释, 附件) give none; an item whose
children are units of its own part is a ``Section``, unless its own heading says it is a task or
a programme and its children are only programme boxes (专栏) or details.

>>> items = build_outline("一、基本原则\\n坚持产业为基。产业是基础。\\n坚持创新为要。创新是核心。")
>>> [(i.label, i.title, i.path) for i in walk(items)]
[('Section', '基本原则', '1'), ('Principle', '坚持产业为基', '1.1'), ('Principle', '坚持创新为要', '1.2')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ingest import lexicon as L
from ingest.tables import table_line_runs

__all__ = ["OutlineItem", "build_outline", "walk", "heading_context", "split_enumerator",
           "first_body_line", "BACKGROUND", "APPENDIX", "GENERAL", "UNIT_CONTEXTS"]

BACKGROUND, APPENDIX, GENERAL, CLOSING = "background", "appendix", "general", "closing"
#: contexts whose items are units of that label
UNIT_CONTEXTS = ("Principle", "Goal", "Task", "Measure")
_RE_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_RE_HEAD_PUNCT = re.compile(r"[。：:；;，,！!？?\s]+$")
_RE_BARE_LINE = re.compile(rf"^[^。！？!?；;：:]{{2,30}}$")
_RE_CJK = re.compile(f"[{L.CJK}]")
_RE_NUMERIC = L.RE_NUMERIC_LINE
_RE_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;]|[^。！？!?；;\n]+$")
_RE_COMMA = re.compile(r"[，,；;：:]")


def heading_context(title: str) -> str | None:
    """What a heading says its part holds: a label, or ``background``, ``appendix``,
    ``general``, ``closing``; None when the heading says nothing about it.

    The head of the heading decides (its last words), not any occurrence of a word:
    ``…为实现远景目标而奋斗`` is a closing, ``发展目标`` a goals part.

    >>> heading_context("四、保障措施"), heading_context("（一）全面实施“八大工程”")
    ('Measure', 'Project')
    >>> heading_context("为实现第十四个五年规划和二〇三五年远景目标而奋斗")
    'closing'
    >>> heading_context("2024年工作回顾"), heading_context("名词解释"), heading_context("推进研发投入") is None
    ('background', 'appendix', True)
    """
    title = title.strip()
    title = title[split_enumerator(title)[1]:]
    head = _RE_HEAD_PUNCT.sub("", _RE_TRAILING_NOTE.sub("", title)).rstrip("”」’\"")
    parts = [p for p in _RE_COMPOUND.split(head) if p] if len(head) <= 20 else [head]
    if len(parts) > 1:  # 时代背景、基本思路: a heading over several parts
        found = {_head_context(p) for p in parts}
        if BACKGROUND in found:
            return BACKGROUND
        return found.pop() if len(found) == 1 else None
    return _head_context(head)


_RE_COMPOUND = re.compile(r"、")


def _head_context(head: str) -> str | None:
    for name, rx in L.SECTION_HEADS:
        if rx.search(head):
            return name
    return None


def split_enumerator(line: str) -> tuple[str | None, int]:
    """The enumerator kind at the start of ``line`` and its length (``(None, 0)`` if none).

    >>> split_enumerator("（三）加强监测"), split_enumerator("1.2.1　国家级"), split_enumerator("推进")
    (('cn_paren', 3), ('dec3', 6), (None, 0))
    """
    for e in L.ENUMERATORS:
        m = e.pattern.match(line)
        if m and m.end() < len(line):
            return e.kind, m.end()
    return None, 0


def _title_of(body: str) -> str:
    m = L.RE_SENTENCE_END.search(body)
    title = body[:m.start()] if m else body
    if len(title) > 60:
        comma = title.find("，")
        title = title[:comma] if 0 < comma <= 60 else title[:40] + "…"
    return title.strip().rstrip("。：:；;，,")


@dataclass(frozen=True)
class OutlineItem:
    """One item of the outline. ``start``/``end`` cover its own text, not its children's.

    ``mode`` says what figures in its text are: ``plan`` (targets), ``past`` (outcomes, in a
    background part) or ``none`` (an appendix or a table of contents).
    """

    kind: str
    title: str
    label: str
    path: str
    context: str | None
    start: int = field(compare=False)
    end: int = field(compare=False)
    children: tuple["OutlineItem", ...] = ()
    mode: str = "plan"
    #: its other stretches of own text: between or after its children (a part's closing
    #: paragraphs after its last numbered item), each ``(start, end)``
    more: tuple[tuple[int, int], ...] = field(default=(), compare=False)


@dataclass
class _Open:
    kind: str
    title: str
    own: str | None          # what its own heading says (heading_context of its title)
    start: int
    end: int
    children: list["_Open"] = field(default_factory=list)
    number: int | None = None  # the value of a numeric enumerator (1., 2. …), for glued numbers
    #: text under the heading: (start, end, is a paragraph) for the rest of its line and each paragraph
    blocks: list[tuple[int, int, bool]] = field(default_factory=list)


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    pos = start
    for line in text[start:].split("\n"):
        if line:
            yield pos, pos + len(line)
        pos += len(line) + 1


def _is_bare_heading(line: str) -> bool:
    """A short line without a sentence end that names a part (``2024年工作回顾``, ``附件``)."""
    if not _RE_BARE_LINE.match(line) or _RE_NUMERIC.match(line) or not _RE_CJK.search(line):
        return False
    if L.RE_GREETING.match(line) or line.endswith(("，", ",", "、")) or re.search(r"[=＝÷×]", line):
        return False
    return len(line) >= 4 or heading_context(line) == APPENDIX


_RE_TITLE_PERIOD = re.compile(r"[（(][^（）()]*\d{4}[^（）()]*[)）]$")


def _is_document_title(line: str) -> bool:
    """A line that titles a whole document (安徽省工业互联网创新发展行动计划（2021-2023年）) rather
    than a part: it ends with a document kind and is long enough to name one."""
    core = _RE_TITLE_PERIOD.sub("", line.strip())
    return len(core) >= 8 and bool(L.RE_TITLE_COMPLETE.search(core)) and not L.RE_SENTENCE_END.search(core)


def first_body_line(text: str) -> int:
    """Offset where the body starts: the first heading or the first line that reads as prose."""
    for s, e in _lines(text, 0):
        line = text[s:e]
        if split_enumerator(line)[0] or line.endswith(("。", "：", ":")) or (
                len(line) > 100 and not L.RE_TITLE_COMPLETE.search(line)):
            return s
    return len(text)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _RE_SENTENCE.finditer(text[start:end]) if m.group().strip()]


def _heading_sentence(sentence: str, limit: int, *, comma_ok: bool) -> bool:
    core = sentence.strip()
    if not core.endswith("。") or L.RE_GREETING.match(core) or L.RE_INTRO.search(core):
        return False
    body = core[:-1]
    if not 2 <= len(body) <= limit or "“" in body and "”" not in body:
        return False
    return comma_ok or not _RE_COMMA.search(body)


def _topic_starts(text: str, start: int, end: int, *, first: bool) -> list[int]:
    """Offsets in ``text[start:end]`` where a run-in heading sentence opens a unit: a short
    sentence without a comma followed by a longer sentence that details it. ``first`` allows
    the paragraph's own first sentence (a heading sentence, up to 30 characters, commas allowed)."""
    sents = _sentences(text, start, end)
    out = []
    for i, (s, e) in enumerate(sents):
        sentence = text[s:e]
        nxt = text[sents[i + 1][0]:sents[i + 1][1]] if i + 1 < len(sents) else ""
        if i == 0 and first:
            ok = _heading_sentence(sentence, L.HEADING_SENTENCE_MAX, comma_ok=True) and len(nxt.strip()) > 0
        else:
            ok = (_heading_sentence(sentence, L.TOPIC_SENTENCE_MAX, comma_ok=False)
                  and len(nxt.strip()) > len(sentence.strip()) and _RE_COMMA.search(nxt) is not None)
        if ok:
            out.append(s)
    return out


def _toc_lines(lines: list[tuple[int, int]], text: str) -> set[int]:
    """Indices of lines that form a table of contents: a run of three or more heading lines with
    no text between them, whose first line the body repeats later."""
    toc: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and split_enumerator(text[lines[j][0]:lines[j][1]])[0] and \
                not L.RE_SENTENCE_END.search(text[lines[j][0]:lines[j][1]]):
            j += 1
        if j - i >= 3:
            first = text[lines[i][0]:lines[i][1]]
            if any(text[s:e] == first for s, e in lines[j:]):
                toc.update(range(i, j))
                if i > 0 and text[lines[i - 1][0]:lines[i - 1][1]].replace("\n", "") in ("目录", "目", "录"):
                    toc.add(i - 1)
                    if i > 1 and text[lines[i - 2][0]:lines[i - 2][1]] == "目":
                        toc.add(i - 2)
            i = j
        i += 1
    return toc


#: kinds of headings that open parts of a document (a greeting paragraph returns to their level)
_PART_KINDS = ("bare", "bian", "zhang", "cn", "dec1")
#: kinds of units found in text rather than by an enumerator at a line's start
_UNIT_KINDS = ("lead", "inline")
#: contexts in which a paragraph's heading sentence opens a unit, and those in which run-in
#: heading sentences inside a paragraph do too
_LEAD_CONTEXTS = (None, CLOSING, "Principle", "Goal", "Task", "Measure")
_TOPIC_CONTEXTS = (None, CLOSING, "Task")
#: how a principle run into a principles paragraph opens (坚持依法规范。…)
_PRINCIPLE_OPENER = ("坚持", "突出", "注重", "强化")
#: a line that signs a document (a body's name), not a heading
_RE_SIGNATURE = re.compile(r"(?:办公厅|办公室|人民政府|政府|委员会|党委|局|厅|领导小组)$|^[\u4e00-\u9fff]{2,6}委$")
def _table_lines(lines: list[tuple[int, int]], text: str) -> set[int]:
    """Indices of lines in a table flattened to one cell per line (``ingest.tables``)."""
    return {k for i, j in table_line_runs(lines, text) for k in range(i, j)}


def _list_lines(lines: list[tuple[int, int]], text: str) -> set[int]:
    """Indices of lines in a list of short lines (names, signatures): three or more heading-like
    lines in a row without text between them are an enumeration, not parts."""
    out: set[int] = set()
    run: list[int] = []
    for i, (s, e) in enumerate(lines + [(0, 0)]):
        line = text[s:e]
        if e > s and _is_bare_heading(line) and not split_enumerator(line)[0]:
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


def _runs_into_paragraph(text: str, item: _Open, rest: int, e: int) -> bool:
    """Whether a heading line runs on into a paragraph led by a heading sentence
    (``（八）加强政府自身建设，提高施政能力。重任千钧惟担当。…``): a two-clause heading followed by
    a short sentence without a comma."""
    if not _RE_COMMA.search(item.title):
        return False
    first = L.RE_LEAD_SENTENCE.match(text[rest:e])
    return first is not None and rest + first.end() < e


def _fragment_lines(lines: list[tuple[int, int]], text: str) -> set[int]:
    """Indices of short lines that are fragments of a paragraph broken by a web page's links
    (``党的十八届六中全会`` / ``正式明确`` / ``习近平`` / ``总书记的核心地位，…``): a short line
    without a sentence end followed by another such line is no heading."""
    out: set[int] = set()
    for i in range(len(lines) - 1):
        line, nxt = text[lines[i][0]:lines[i][1]], text[lines[i + 1][0]:lines[i + 1][1]]
        if heading_context(line) == APPENDIX or split_enumerator(nxt)[0]:
            continue
        if len(nxt) <= 15 and not L.RE_SENTENCE_END.search(nxt) and not nxt.endswith(("：", ":")):
            out.add(i)
        first = L.RE_SENTENCE_END.search(nxt)
        if first and first.start() <= 6 and len(line) <= 15:
            out.add(i)  # 改革开放 / 深入推进。重要领域…: the next line goes on with the sentence
    return out


def _fold_details(root: _Open) -> None:
    """Give back to a numbered item the paragraphs split under it when it is one of a list of
    items that are units themselves (a task among tasks whose text has sub-paragraphs such as
    智能化制造。… 网络化协同。…): those paragraphs detail the task. A list is every item of one
    kind at one depth within one top-level part; it counts when at most a third of its items group."""
    lists: dict[tuple[int, str, int], list[_Open]] = {}

    def visit(node: _Open, depth: int, part: int) -> None:
        for child in node.children:
            if child.kind not in (*_UNIT_KINDS, "bare", "zhuanlan"):
                lists.setdefault((part, child.kind, depth), []).append(child)
            visit(child, depth + 1, part)

    for k, part in enumerate(root.children):
        visit(part, 1, k)
    for items in lists.values():
        grouping = [c for c in items if any(g.kind in _UNIT_KINDS for g in c.children)]
        if len(items) >= 4 and 3 * len(grouping) <= len(items):
            for c in grouping:
                if c.own is not None:
                    continue  # a heading that names its part (基本原则) groups its items
                leads = [g for g in c.children if g.kind in _UNIT_KINDS]
                c.children = [g for g in c.children if g.kind not in _UNIT_KINDS]
                c.end = max([c.end] + [g.end for g in leads])


def build_outline(text: str, body_start: int = 0) -> tuple[OutlineItem, ...]:
    """The outline of ``text`` from ``body_start``; returns the top-level items.

    Headings are read line by line; the text under each heading is kept as blocks (the rest of
    its own line, then its paragraphs) and split into units afterwards (:func:`_split_blocks`):
    a heading with several paragraphs has a unit per paragraph that is led by a heading
    sentence; a heading whose text is a single block has a unit at each of its run-in heading
    sentences, when there are at least two.
    """
    root = _Open("root", "", None, body_start, body_start)
    stack = [root]
    lines = list(_lines(text, body_start))
    skip = _toc_lines(lines, text) | _table_lines(lines, text)
    listed = _list_lines(lines, text) | _fragment_lines(lines, text)

    def push(kind: str, title: str, s: int, e: int, number: int | None = None) -> _Open:
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].kind == kind:
                del stack[depth:]
                break
        item = _Open(kind, title, heading_context(title), s, e, number=number)
        stack[-1].children.append(item)
        stack.append(item)
        return item

    for index, (s, e) in enumerate(lines):
        line = text[s:e]
        if index in skip:
            stack[-1].end = e
            continue
        kind, n = split_enumerator(line)
        number = None
        glued = L.RE_GLUED_NUMBER.match(line)
        if kind is None and glued and _expects(stack, int(glued.group(1))):
            kind, n, number = "num", glued.end(), int(glued.group(1))
        elif kind == "num":
            digits = re.match(r"\d+", line)
            assert digits is not None  # the "num" enumerator opens with one to three digits
            number = int(digits.group())
        if kind is not None:
            item = push(kind, _title_of(line[n:]), s, e, number)
            cut = L.RE_SENTENCE_END.search(line, n)
            if cut and cut.end() < len(line):
                # the rest of the line; read as a paragraph of its own when it opens with a
                # heading sentence, as a layout with a line break there would show it
                rest = s + cut.end()
                item.blocks.append((rest, e, _runs_into_paragraph(text, item, rest, e)))
            continue
        if index not in listed and _is_document_title(line):
            del stack[1:]  # the title of an attached document: what follows is its own outline
            continue
        if index not in listed and _is_bare_heading(line) and not _RE_SIGNATURE.search(line) \
                and not L.RE_FULL_DATE.search(line):
            push("bare", line, s, e)
            continue
        if L.RE_GREETING.match(line):  # a speech turns to the audience: back to the part's level
            while len(stack) > 2 and stack[-1].kind not in _PART_KINDS:
                stack.pop()
        stack[-1].end = e  # a paragraph continues the open item
        stack[-1].blocks.append((s, e, True))
    _split_blocks(root, text, None)
    _fold_details(root)
    return tuple(_freeze(child, str(i), None, "plan") for i, child in enumerate(root.children, 1))


def _split_blocks(node: _Open, text: str, ctx: str | None) -> None:
    """Turn the text blocks under each heading into units (see :func:`build_outline`).

    A part whose units are numbered keeps its paragraphs as its own text (they introduce or
    close the numbered items). Otherwise a block becomes one unit when it is a paragraph led by
    a heading sentence, or one unit per run-in heading sentence when it is the heading's main
    block (the rest of a heading line, or its only substantial paragraph) and the heading is
    thematic (a long or two-clause heading such as ``在全方位扩大内需上持续加力，…``; a
    one-clause heading such as ``夯实农业生产能力基础`` is a task whose short sentences are its
    details). Items enumerated inside a block (一是…二是…, ①…②…, 一要…) become units under it.
    """
    own_ctx = node.own if node.own is not None else ctx
    for child in node.children:
        _split_blocks(child, text, own_ctx)
    if own_ctx not in _LEAD_CONTEXTS or node.kind == "zhuanlan" or not node.blocks:
        return
    if any(c.kind not in ("bare", "zhuanlan") for c in node.children):
        # a part whose units are numbered: its paragraphs introduce or close them, but may
        # enumerate items of their own (把准工作方向和着力重点：一是…二是…)
        found = [i for s, e, _ in node.blocks for i in _inline_items(text, s, e)]
        if own_ctx in _TOPIC_CONTEXTS:  # 各位代表！… 要以赤诚之心讲政治。… after the numbered items
            for s, e, _ in node.blocks:
                if L.RE_GREETING.match(text[s:e]):
                    starts = [x for x in _topic_starts(text, s, e, first=False) if x > _second_sentence(text, s, e)]
                    if len(starts) >= 2:
                        found += [_unit(text, x, starts[i + 1] if i + 1 < len(starts) else e)
                                  for i, x in enumerate(starts)]
        node.children = sorted(found + node.children, key=lambda c: c.start)
        return
    main = _main_blocks(node.blocks, text)
    thematic = node.kind == "root" or _RE_COMMA.search(node.title) is not None or \
        len(node.title) > L.TOPIC_SENTENCE_MAX
    units: list[tuple[int, int]] = []  # (start, end) of each new unit
    for s, e, paragraph in node.blocks:
        greeting = bool(L.RE_GREETING.match(text[s:e]))
        topics = own_ctx in _TOPIC_CONTEXTS and (greeting or (thematic and (s, e, paragraph) in main))
        starts = _topic_starts(text, s, e, first=paragraph and not greeting)
        if greeting:  # after 各位代表！ the next sentence frames what follows
            starts = [x for x in starts if x > _second_sentence(text, s, e)]
        principles = [x for x in _topic_starts(text, s, e, first=False) if text.startswith(_PRINCIPLE_OPENER, x)] \
            if own_ctx == "Principle" and (s, e, paragraph) in main else []
        if len(principles) >= 2:  # 基本原则。坚持依法规范。全面履行…。坚持执法为民。…: one principle each
            units += [(x, principles[i + 1] if i + 1 < len(principles) else e) for i, x in enumerate(principles)]
        elif topics and len(starts) >= 2:
            units += [(x, starts[i + 1] if i + 1 < len(starts) else e) for i, x in enumerate(starts)]
        elif paragraph and starts[:1] == [s]:
            units.append((s, e))
        elif units and units[-1][1] >= _previous_block_end(node.blocks, s):
            units[-1] = (units[-1][0], e)  # a paragraph without a heading continues the unit
    units = _drop_framing(units)
    leads = [_unit(text, us, ue) for us, ue in units]
    for s, e, _ in node.blocks:  # enumerations inside text that is not a unit of its own
        if not any(us <= s < ue for us, ue in units):
            leads += _inline_items(text, s, e)
    for lead in leads:
        lead.children = _inline_items(text, lead.start, lead.end)
    if not leads:
        return
    first = min(x.start for x in leads)
    if node.end > first:
        node.end = first
    node.children = sorted(leads + node.children, key=lambda c: c.start)


def _second_sentence(text: str, s: int, e: int) -> int:
    """Where the sentence after a paragraph's first sentence starts."""
    sents = _sentences(text, s, e)
    return sents[1][0] if len(sents) > 1 else e


def _unit(text: str, s: int, e: int, *, kind: str = "lead", own: str | None = None) -> _Open:
    stop = L.RE_SENTENCE_END.search(text, s, e)
    return _Open(kind, text[s:stop.start() if stop else e].strip(), own, s, e)


def _main_blocks(blocks: list[tuple[int, int, bool]], text: str) -> list[tuple[int, int, bool]]:
    """The heading's main text, where run-in heading sentences may open units: the rest of its
    own line, or the one paragraph led by a heading sentence; none when two or more paragraphs
    are led by heading sentences (then each paragraph is a unit, and its short sentences are
    its details)."""
    led = [b for b in blocks if b[2] and not L.RE_GREETING.match(text[b[0]:b[1]])
           and _topic_starts(text, b[0], b[1], first=True)[:1] == [b[0]]]
    if len(led) >= 2:
        return []
    rest = [b for b in blocks if not b[2]]
    if rest or led:
        return rest + led
    body = [b for b in blocks if not L.RE_GREETING.match(text[b[0]:b[1]])]
    if not body:
        return []
    longest = max(e - s for s, e, _ in body)
    body = [b for b in body if not (b[1] - b[0] <= _FRAMING_MAX and b[1] - b[0] < _FRAMING_SHARE * longest)]
    return body if len(body) == 1 else []


_RE_INLINE = re.compile(r"(?:^|(?<=[。；;：:！!？?]))[\s\u3000]*(?:(?P<cn>[一二三四五六七八九十]{1,2})(?P<w>是|要)|"
                        r"(?P<circled>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])|第(?P<di>[一二三四五六七八九十]{1,2})[，,、])")
_CN_ORDER = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_RE_GUIDING = re.compile(r"把握|把准|遵循|坚持以下|方向")


def _ordinal(m: re.Match[str]) -> tuple[str, int]:
    if m.group("circled"):
        return "circled", _CIRCLED.index(m.group("circled")) + 1
    word = m.group("cn") or m.group("di")
    value = _CN_ORDER.index(word[-1]) + 1 + (9 if len(word) == 2 and word[0] == "十" else 0)
    if word == "十":
        value = 10
    return ("di" if m.group("di") else m.group("w")), value


def _inline_items(text: str, s: int, e: int) -> list[_Open]:
    """Items enumerated inside one block (一是…；二是…, ①…②…, 一要…, 第一，…第二，…), in a run
    counting up from one; an enumeration introduced by 把握/遵循 … lists principles."""
    block = text[s:e]
    found = [(m, *_ordinal(m)) for m in _RE_INLINE.finditer(block)]
    run: list[re.Match[str]] = []
    kind = None
    for m, k, n in found:
        if n == 1:
            run, kind = [m], k
        elif run and k == kind and n == len(run) + 1:
            run.append(m)
    if len(run) < 2:
        return []
    intro = block[max(0, run[0].start() - 40):run[0].start()]
    own = "Principle" if _RE_GUIDING.search(intro) else None
    items = []
    for i, m in enumerate(run):
        start = s + m.end()
        stop = s + run[i + 1].start() if i + 1 < len(run) else _block_end(text, start, e)
        cut = re.search(r"[。；;！!？?]", text[start:stop])
        title = (text[start:start + cut.start()] if cut else text[start:stop]).strip("，, ")
        mine = own or ("Project" if heading_context(title) == "Project" else None)
        items.append(_Open("inline", title, mine, s + m.start(), stop))
    return items


def _block_end(text: str, start: int, e: int) -> int:
    """The end of the last enumerated item: its sentence (it rarely runs to the block's end)."""
    m = re.search(r"[。！!？?]", text[start:e])
    return start + m.end() if m else e


#: a paragraph that opens or closes a part and is much shorter than its siblings frames them
#: (``高质量发展是新时代硬道理。我们要…``) rather than being one of them
_FRAMING_SHARE, _FRAMING_MAX = 0.4, 260


def _drop_framing(units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units without the framing paragraphs among them (see _FRAMING_SHARE): short paragraphs
    that open, turn or close a part (``开放也是改革。…``) between the substantial ones."""
    if len(units) < 3:
        return units
    sizes = sorted(e - s for s, e in units)
    median = sizes[len(sizes) // 2]
    return [(s, e) for s, e in units if not (e - s <= _FRAMING_MAX and e - s < _FRAMING_SHARE * median)]


def _previous_block_end(blocks: list[tuple[int, int, bool]], start: int) -> int:
    ends = [e for s, e, _ in blocks if e <= start]
    return ends[-1] if ends else -1


def _expects(stack: list[_Open], number: int) -> bool:
    """Whether an item numbered ``number`` continues the open numbered list (6. then 7.)."""
    for node in reversed(stack):
        if node.kind == "num":
            return node.number is not None and node.number + 1 == number
    return False


def _label(node: _Open, ctx: str | None, mode: str) -> str:
    """The label of an item under a part whose context is ``ctx``.

    An item with units under it groups them (``Section``); a heading that only names a part
    (``工作目标``, ``基本原则``: a section head without an action) is a ``Section`` too. Any other
    item takes the label of its part, or its own when its heading names one (a 工程 heading is a
    ``Project``); an item under a part that says nothing is a ``Task``.
    """
    if mode != "plan":
        return "Section"
    own = node.own
    if node.kind == "zhuanlan":
        return "Project"
    if [c for c in node.children if c.kind != "zhuanlan"]:
        return "Section"
    if own in (BACKGROUND, APPENDIX, GENERAL, CLOSING):
        return "Section"
    if node.kind not in _UNIT_KINDS and (L.RE_CONDITION_ITEM.search(node.title) or L.RE_DEFINITION.search(node.title)):
        return "Section"  # one case of a rule, or a definition: not a piece of work
    if node.kind == "inline" and own == "Principle":
        return own
    if node.kind in _UNIT_KINDS and L.RE_PROGRAMME_UNIT.search(node.title) and ctx not in ("Principle", "Goal"):
        return "Project"
    # a heading that names another part than the one it is in (工作目标 inside 总体要求)
    part_name = own is not None and own != ctx and node.kind not in _UNIT_KINDS and L.RE_PART_NAME.match(node.title)
    if own == "Project" and ctx not in ("Principle", "Goal"):
        return "Project"
    if part_name:
        return "Section"
    if ctx in UNIT_CONTEXTS:
        return ctx
    if ctx == GENERAL:
        return "Section"
    return "Task"


def _full_end(node: _Open) -> int:
    return max([node.end] + [_full_end(c) for c in node.children])


def _freeze(node: _Open, path: str, ctx: str | None, mode: str) -> OutlineItem:
    if node.own == APPENDIX:
        mode = "none"
    elif node.own == BACKGROUND and mode == "plan":
        mode = "past"
    own_ctx = node.own if node.own is not None else ctx
    kids = tuple(_freeze(c, f"{path}.{i}", own_ctx, mode) for i, c in enumerate(node.children, 1))
    end = min([node.end] + [k.start for k in kids])  # its own text stops where its children begin
    more = []
    for child, nxt in zip(node.children, [*node.children[1:], None]):
        gap = (_full_end(child), nxt.start if nxt is not None else _full_end(node))
        if gap[1] > gap[0] + 1:
            more.append(gap)  # text no child holds belongs to this item
    return OutlineItem(node.kind, node.title, _label(node, ctx, mode), path, own_ctx,
                       node.start, max(end, node.start), kids, mode, tuple(more))


def walk(items: tuple[OutlineItem, ...]) -> Iterator[OutlineItem]:
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk(item.children)
