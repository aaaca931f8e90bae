"""Structure: turn cleaned lines into an outline tree and give each item its label.

Numbering follows what plans use (GB/T 9704 practice): 第X编/章/节/条, 一、, （一）, 1、 / 1.,
（1）, ①, 一是…, 专栏. Levels are not fixed by kind: the first kind seen under a node becomes
its child level, and meeting a kind already open closes everything below it. Paragraphs led by a
short heading sentence ("坚持产业为基。…") are items too where the enclosing section lists
principles, goals, tasks or measures.

>>> items = build_outline("一、基本原则\\n坚持产业为基。产业是基础。\\n坚持创新为要。创新是核心。")
>>> [(i.label, i.title, i.path) for i in walk(items)]
[('Section', '基本原则', '1'), ('Principle', '坚持产业为基', '1.1'), ('Principle', '坚持创新为要', '1.2')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ingest import patterns as P

__all__ = ["OutlineItem", "build_outline", "walk", "heading_context", "split_enumerator",
           "first_body_line"]

BACKGROUND = "background"
GENERAL = "general"

_CONTEXT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (BACKGROUND, re.compile(r"背景|发展基础|现实基础|工作基础|回顾|形势|重大意义|重要意义|现状|成就|过去")),
    (GENERAL, re.compile(r"总体要求|指导思想|总体思路|基本思路|总体定位|适用范围|试点范围|总则|附则")),
    ("Principle", re.compile(r"原则")),
    ("Goal", re.compile(r"目标")),
    ("Measure", re.compile(r"保障措施|组织实施|组织领导|(?:实施|组织|政策|要素|支撑)保障|保障$")),
    ("Project", re.compile(r"工程[”」]?$")),
    ("Task", re.compile(r"任务|举措|重点工作|措施|专项行动|行动$|工作安排|重点")),
)
_ACTION = re.compile(r"推进|加快|加强|实施|建立|完善|推动|支持|开展|强化|健全|提升|深化|促进|鼓励|培育|"
                     r"打造|建设|发展|构建|落实|优化|扩大|提高|坚持|统筹|做好|保障|创新|防范|巩固|"
                     r"改善|激发|增强|着力|大力|积极|全面|稳定|保持|引导|规范")
_LEAD_CONTEXTS = ("Principle", "Goal", "Task", "Measure")
_RE_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def heading_context(title: str) -> str | None:
    """What a heading says its items are: a label, ``background``, ``general`` or None.

    >>> heading_context("四、保障措施"), heading_context("（一）全面实施“八大工程”")
    ('Measure', 'Project')
    >>> heading_context("总体要求、基本原则、行动目标") is None
    True
    """
    title = _RE_TRAILING_NOTE.sub("", title)  # 工作保障（5分）
    found = [name for name, rx in _CONTEXT_RULES if rx.search(title)]
    if not found:
        return None
    if found[0] in (BACKGROUND, GENERAL) and len(found) == 1:
        return found[0]
    if found[0] == BACKGROUND:
        return BACKGROUND
    found = [f for f in found if f != GENERAL]
    if "Measure" in found or "Project" in found:
        found = [f for f in found if f != "Task"]
    if "Task" in found:  # 目标任务, 主要目标和重点任务: the items are tasks
        found = [f for f in found if f != "Goal"]
    return found[0] if len(found) == 1 else None


def split_enumerator(line: str) -> tuple[str | None, int]:
    """The enumerator kind at the start of ``line`` and its length (``(None, 0)`` if none)."""
    for kind, rx in P.ENUMERATORS:
        m = rx.match(line)
        if m and m.end() < len(line):
            return kind, m.end()
    return None, 0


def _title_of(body: str) -> str:
    m = P.RE_SENTENCE_END.search(body)
    title = body[:m.start()] if m else body
    if len(title) > 60:
        comma = title.find("，")
        title = title[:comma] if 0 < comma <= 60 else title[:40] + "…"
    return title.strip().rstrip("。：:；;，,")


@dataclass(frozen=True)
class OutlineItem:
    """One item of the outline. ``start``/``end`` cover its own text, not its children's."""

    kind: str
    title: str
    label: str
    path: str
    context: str | None
    start: int = field(compare=False)
    end: int = field(compare=False)
    children: tuple["OutlineItem", ...] = ()


@dataclass
class _Open:
    kind: str
    title: str
    context: str | None
    start: int
    end: int
    inherited: str | None = None  # what the enclosing headings say (labels a leaf)
    children: list["_Open"] = field(default_factory=list)


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    pos = start
    for line in text[start:].split("\n"):
        if line:
            yield pos, pos + len(line)
        pos += len(line) + 1


def first_body_line(text: str) -> int:
    """Offset where the body starts: the first heading or the first line that reads as prose."""
    for s, e in _lines(text, 0):
        line = text[s:e]
        if split_enumerator(line)[0] or line.endswith(("。", "：", ":")) or (
                len(line) > 100 and not P.RE_TITLE_COMPLETE.search(line)):
            return s
    return len(text)


def _segments(text: str, start: int) -> Iterator[tuple[int, int]]:
    """Lines, except that a two-clause heading run together with a lead-sentence paragraph
    ("（八）加强政府自身建设，提高施政能力。重任千钧惟担当。…") is read as two, as a layout with
    paragraph breaks would show it."""
    for s, e in _lines(text, start):
        line = text[s:e]
        kind, n = split_enumerator(line)
        end = P.RE_SENTENCE_END.search(line, n) if kind else None
        if end and "，" in line[n:end.start()] and P.RE_LEAD_SENTENCE.match(line[end.end():]):
            yield s, s + end.end()
            yield s + end.end(), e
        else:
            yield s, e


def build_outline(text: str, body_start: int = 0) -> tuple[OutlineItem, ...]:
    """The outline of ``text`` from ``body_start``; returns the top-level items."""
    root = _Open("root", "", None, body_start, body_start)
    stack = [root]
    for s, e in _segments(text, body_start):
        line = text[s:e]
        kind, n = split_enumerator(line)
        if kind is None:
            lead = P.RE_LEAD_SENTENCE.match(line)
            parent_ctx = _context_for_children(stack)
            if lead and parent_ctx in _LEAD_CONTEXTS and len(line) > lead.end():
                if stack[-1].kind == "lead":
                    stack.pop()
                kind, title = "lead", lead.group(1)
            else:
                stack[-1].end = e  # a paragraph continues the open item
                continue
        else:
            title = _title_of(line[n:])
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].kind == kind:
                    del stack[depth:]
                    break
        parent = stack[-1]
        inherited = _inherited(stack)
        item = _Open(kind, title, heading_context(title) or inherited, s, e, inherited)
        parent.children.append(item)
        stack.append(item)
    return tuple(_freeze(child, str(i)) for i, child in enumerate(root.children, 1))


def _inherited(stack: list[_Open]) -> str | None:
    for node in reversed(stack):
        if node.context is not None:
            return node.context
    return None


def _context_for_children(stack: list[_Open]) -> str | None:
    top = stack[-1]
    if top.kind == "lead":
        return _inherited(stack[:-1])
    return _inherited(stack)


def _label(node: _Open) -> str:
    """Leaves take the label their enclosing headings give; a short heading-like title
    (试点目标, 基本原则) may name its own; anything with children is a Section."""
    if node.children:
        return "Section"
    own = heading_context(node.title)
    ctx = node.inherited
    if BACKGROUND in (ctx, own) or (own == GENERAL and ctx not in _LEAD_CONTEXTS):
        return "Section"
    if len(node.title) > 10:
        own = None  # only a short heading-like title names its own label
    if node.title.endswith("工程") and ctx != "Principle":
        return "Project"
    for candidate in (ctx, own):
        if candidate in ("Principle", "Goal", "Project", "Task", "Measure"):
            return candidate
    if ctx is None and own is None and _ACTION.search(node.title):
        return "Task"
    return "Section"


def _freeze(node: _Open, path: str) -> OutlineItem:
    kids = tuple(_freeze(c, f"{path}.{i}") for i, c in enumerate(node.children, 1))
    return OutlineItem(node.kind, node.title, _label(node), path, node.inherited,
                       node.start, node.end, kids)


def walk(items: tuple[OutlineItem, ...]) -> Iterator[OutlineItem]:
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk(item.children)
