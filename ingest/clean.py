"""Text clean-up as small pure steps that keep a map back to the original characters.

Each step takes and returns a :class:`Tracked` (text plus, for every character, its offset in
the text as read). :func:`clean` runs them all until nothing changes, so cleaning is
idempotent; :func:`clean_text` is the plain ``str -> str`` view.

>>> clean_text("开展“三\\n\\n次创业”,全国范\\n围内")
'开展“三次创业”，全国范围内'
>>> clean_text("\\u3000\\u3000一、总体要求\\u3000\\u3000（一）指导思想")
'一、总体要求\\n（一）指导思想'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ingest import lexicon as P

__all__ = ["Tracked", "clean", "clean_text", "STEPS"]


@dataclass(frozen=True)
class Tracked:
    """Text with, for each character, its offset in the original text."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Tracked":
        return cls(text, tuple(range(len(text))))

    def end_offset(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


Step = Callable[[Tracked], Tracked]


def _sub(t: Tracked, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Tracked:
    """``pattern.sub`` that carries offsets: a same-length replacement keeps them one to one,
    any other replacement maps all its characters to where the match began."""
    text, offs = t.text, t.offsets
    out: list[str] = []
    out_offs: list[int] = []
    last = 0
    changed = False
    for m in pattern.finditer(text):
        s, e = m.span()
        r = repl(m) if callable(repl) else m.expand(repl)
        if r == m.group(0):
            continue
        changed = True
        out.append(text[last:s])
        out_offs.extend(offs[last:s])
        if len(r) == e - s:
            out_offs.extend(offs[s:e])
        else:
            anchor = offs[s] if s < len(offs) else t.end_offset()
            out_offs.extend([anchor] * len(r))
        out.append(r)
        last = e
    if not changed:
        return t
    out.append(text[last:])
    out_offs.extend(offs[last:])
    return Tracked("".join(out), tuple(out_offs))


def _translate(t: Tracked, table: dict[int, str]) -> Tracked:
    """One-to-one character mapping; offsets are unchanged."""
    new = t.text.translate(table)
    return t if new == t.text else Tracked(new, t.offsets)


# ---- the steps ------------------------------------------------------------------------------

def normalize_newlines(t: Tracked) -> Tracked:
    """CRLF, CR and other line separators become ``\\n``."""
    return _sub(t, P.RE_NEWLINES, "\n")


def replace_surrogates(t: Tracked) -> Tracked:
    """Lone surrogates (undecodable bytes kept by a caller's ``surrogateescape``) become U+FFFD,
    so the text can be written as UTF-8 anywhere downstream."""
    return _sub(t, P.RE_SURROGATE, "\ufffd")


def remove_invisible(t: Tracked) -> Tracked:
    """Zero-width spaces, joiners, soft hyphens and stray BOMs carry no text; a line made only of
    them marks where a web page put an anchor, so the lines around it are one paragraph."""
    return _sub(_sub(t, P.RE_INVISIBLE_LINE, ""), P.RE_INVISIBLE, "")


_WIDTH = {**{0xFF10 + i: str(i) for i in range(10)},
          **{0xFF21 + i: chr(0x41 + i) for i in range(26)},
          **{0xFF41 + i: chr(0x61 + i) for i in range(26)},
          ord("％"): "%", ord("．"): ".", 0xA0: " ", 0x2009: " ",
          0x2002: "\u3000", 0x2003: "\u3000"}


def normalize_width(t: Tracked) -> Tracked:
    """Full-width digits and Latin letters become half-width; odd spaces become plain ones.

    Chinese punctuation stays full-width. The ``．`` after a number is kept as a decimal point.
    """
    return _translate(t, _WIDTH)


def split_inline_paragraphs(t: Tracked) -> Tracked:
    """Paragraphs marked only by tabs or by runs of wide spaces become lines."""
    return _sub(_sub(t, P.RE_ARTICLE_GAP, r"\1 "), P.RE_INLINE_BREAK, "\n")


def _insert_breaks(t: Tracked, positions: list[int]) -> Tracked:
    """Line breaks inserted before the given positions; every character keeps its offset (a new
    break takes the offset of the character after it)."""
    if not positions:
        return t
    out: list[str] = []
    offs: list[int] = []
    last = 0
    for pos in sorted(set(positions)):
        out.append(t.text[last:pos])
        offs.extend(t.offsets[last:pos])
        out.append("\n")
        offs.append(t.offsets[pos] if pos < len(t.offsets) else t.end_offset())
        last = pos
    out.append(t.text[last:])
    offs.extend(t.offsets[last:])
    return Tracked("".join(out), tuple(offs))


def split_run_in_signature(t: Tracked) -> Tracked:
    """A covering notice's signature and date run into the text after them (one crawled line)
    become lines of their own, and so does the plan title that follows them when the notice names
    it in 《》 (…现印发给你们，请认真组织实施。河北省人民政府办公厅2019年3月13日X为贯彻落实…, 《X》
    named before)."""
    breaks: list[int] = []
    for m in P.RE_RUN_IN_SIGNATURE.finditer(t.text):
        breaks += [m.start(1), m.start(2), m.end()]
        after = t.text[m.end():m.end() + 120]
        for name in re.findall(r"《([^《》\n]{4,100})》", t.text[max(0, m.start() - 400):m.start()]):
            if after.startswith(name) and len(after) > len(name) and after[len(name)] not in "》）)，。\n":
                breaks.append(m.end() + len(name))
                break
    return _insert_breaks(t, [b for b in breaks if 0 < b < len(t.text) and t.text[b - 1] != "\n"])


_LONG_LINE = 1500
_CN_ORDINALS = "一二三四五六七八九十"


def _cn_ordinal(word: str) -> int:
    """一 → 1, 十 → 10, 十三 → 13, 二十一 → 21 (the numbers of headings)."""
    if word == "十":
        return 10
    if "十" not in word:
        return _CN_ORDINALS.index(word) + 1 if len(word) == 1 else 0
    tens, _, ones = word.partition("十")
    return (_CN_ORDINALS.index(tens) + 1 if tens else 1) * 10 + (_CN_ORDINALS.index(ones) + 1 if ones else 0)


def _after_part_heading(text: str, part: int, at: int) -> bool:
    """Whether ``at`` comes right after a part heading's own text (六、加大组织保障力度，确保…取得实效|（十八）):
    no sentence ends between them, and they are close."""
    return 0 <= part < at <= part + 60 and not P.RE_SENTENCE_END.search(text, part, at)


def _run_in_heading_breaks(text: str, s: int, e: int) -> list[int]:
    """Where numbered headings start inside one long line: each enumerator whose number continues
    its sequence (一、 after a sentence end; （一） anywhere, restarting under a new part), and the end
    of a part's name that a part heading opens with (一、总体要求|行政执法…)."""
    breaks: list[int] = []
    part_ends: set[int] = set()  # where a part heading's name ends (二、工作任务|（四）…)
    last = {"cn": 0, "paren": 0}
    last_part = -1  # where the text of the last part heading (一、…) starts
    for m in P.RE_RUN_IN_ENUMERATOR.finditer(text, s, e):
        kind = "paren" if m.group("paren") else "cn"
        number = _cn_ordinal(m.group("pn") or m.group("cn"))
        before = text[m.start() - 1] if m.start() > s else "。"
        if kind == "cn" and (number != last["cn"] + 1 or before not in "。！？；”）"
                             or P.RE_RUN_IN_ENUMERATOR.match(text, m.end())):
            continue  # 一、二、三级: a list of numerals, not a heading
        if kind == "paren" and (number != last["paren"] + 1 and not (number == 1 and last["cn"])
                                or (before not in "。！？；”）" and m.start() not in part_ends
                                    and not _after_part_heading(text, last_part, m.start()))):
            continue  # 第（二）款, （一）和（二）: a reference; a heading follows a sentence or a part's name
        last[kind] = number
        if kind == "cn":
            last_part = m.end()
            name = P.RE_RUN_IN_PART_NAME.match(text, m.end())
            if name and name.end() < e:
                part_ends.add(name.end())
                if text[name.end()] not in "。，；：（(":
                    breaks.append(name.end())
        breaks.append(m.start())
    return breaks


def split_run_in_headings(t: Tracked) -> Tracked:
    """A document crawled onto one line, its paragraphs joined with nothing between them, gets
    its numbered headings back on lines of their own (a line of ordinary length is left alone)."""
    breaks: list[int] = []
    pos = 0
    for line in t.text.split("\n"):
        if len(line) >= _LONG_LINE:
            breaks += _run_in_heading_breaks(t.text, pos, pos + len(line))
        pos += len(line) + 1
    return _insert_breaks(t, [b for b in breaks if 0 < b < len(t.text) and t.text[b - 1] != "\n"])


def strip_lines(t: Tracked) -> Tracked:
    """Indentation and trailing spaces go; runs of spaces shrink to one; spaces next to Chinese
    characters or punctuation (as PDF text layers write them: "2016 年", "（ 滨江 ）") go."""
    t = _sub(_sub(t, P.RE_LINE_EDGE_SPACE, ""), P.RE_MULTI_SPACE, " ")
    return _sub(t, P.RE_SPACE_NEAR_CJK, "")


def remove_boilerplate(t: Tracked) -> Tracked:
    """Site furniture: citation-code headers, source lines, link trailers, licence footers,
    news-agency datelines, a crawled page's header and sidebar; a PDF's page markers."""
    t = _sub(_sub(t, P.RE_LICENCE_FOOTER, ""), P.RE_CRAWL_TRAILER, "")
    t = _sub(_sub(_sub(t, P.RE_BOILERPLATE_LINE, ""), P.RE_CRAWL_HEADER, ""), P.RE_PAGE_MARKER, "")
    return _sub(t, P.RE_DATELINE, "")


def _comma(m: re.Match[str]) -> str:
    s, text = m.start(), m.string
    before = text[s - 1] if s else ""
    after = text[s + 1] if s + 1 < len(text) else ""
    near_cjk = bool(P.RE_HAS_CJK.match(before) or P.RE_HAS_CJK.match(after)
                    or before in "”）》" or after in "“（《")
    return "，" if near_cjk else ","


def _parens(m: re.Match[str]) -> str:
    s, e, text = m.start(), m.end(), m.string
    inner = m.group(1)
    around = text[max(0, s - 1):s] + text[e:e + 1]
    if P.RE_HAS_CJK.search(inner) or P.RE_HAS_CJK.search(around):
        return f"（{inner}）"
    return m.group(0)


_PUNCT = {";": "；", ":": "：", "?": "？", "!": "！"}


def fullwidth_punctuation(t: Tracked) -> Tracked:
    """ASCII ``, ; : ( ) ? !`` written inside Chinese text become full-width.

    Thousands separators (``1,000``), times (``10:30``) and Latin-only brackets stay.
    """
    t = _sub(t, P.RE_ASCII_COMMA, _comma)
    t = _sub(t, P.RE_ASCII_PUNCT_NEAR_CJK, lambda m: _PUNCT[m.group(0)])
    return _sub(t, P.RE_ASCII_PARENS, _parens)


def _is_heading(line: str, *, prose: bool = True) -> bool:
    """Whether ``line`` opens with an enumerator; ``prose=False`` leaves out 一是/二是, which
    open sentences rather than headings."""
    return any(e.pattern.match(line) for e in P.ENUMERATORS if prose or e.kind not in P.INLINE_KINDS)


def _header_end(lines: list[str]) -> int:
    """Index of the first line that reads as body text (ends a sentence or is long)."""
    for i, line in enumerate(lines):
        if "。" in line or line.endswith(("：", ":")) or _is_heading(line) or (
                len(line) > 50 and not P.RE_TITLE_COMPLETE.search(line)):
            return i
    return len(lines)


def _enumerator_only(line: str) -> bool:
    """A line that holds nothing but an enumerator (``——``, ``一、``): its text was broken off."""
    return any((m := e.pattern.match(line)) is not None and m.end() == len(line) for e in P.ENUMERATORS)


def _display_width(line: str) -> float:
    """A line's printed width in Chinese characters (a Latin letter or digit is half of one)."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in line)


#: a hard-wrapped text (a PDF's text layer) has a printed width: at least this share of its lines
#: (and this many lines) within one character of the most common width, which lies in this range
_WRAP_SHARE, _WRAP_LINES, _WRAP_RANGE = 0.3, 20, (20, 60)


def wrap_width(lines: list[str]) -> float | None:
    """The width a hard-wrapped text was wrapped at (a PDF's lines of 28 or 44 characters), or
    None when the lines are paragraphs (their lengths spread out).

    >>> wrap_width(["一二三四五六七八九十" * 3] * 20 + ["短句。"] * 10), wrap_width(["短句。", "一个长一点的段落。"] * 20)
    (30.0, None)
    """
    widths = [round(_display_width(line)) for line in lines if line]
    if len(widths) < _WRAP_LINES:
        return None
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    mode = max(counts, key=lambda w: (counts[w], w))
    near = sum(counts.get(w, 0) for w in (mode - 1, mode, mode + 1))
    if not _WRAP_RANGE[0] <= mode <= _WRAP_RANGE[1] or near < max(_WRAP_LINES, _WRAP_SHARE * len(widths)):
        return None
    return float(mode)


def _unclosed_title(line: str) -> bool:
    """A line that opens a 《title》 near its end and does not close it was cut inside the title
    (a stray 《 earlier in a paragraph is not one)."""
    opened = line.rfind("《")
    return opened > line.rfind("》") and len(line) - opened <= 40 and not P.RE_SENTENCE_END.search(line[opened:])


def _should_join(prev: str, nxt: str, in_header: bool, wrap: float | None = None, last: str = "") -> bool:
    """Whether ``nxt`` continues the paragraph ``prev`` (whose last physical line is ``last``)."""
    if not prev or not nxt:
        return False
    if P.RE_DOC_NUMBER_LINE.match(prev):
        return False  # a 文号 line stands alone (深坪府办规〔2023〕5号 over the notice's title)
    if prev[-1] == "第" and P.RE_CROSS_REFERENCE_START.match(nxt):
        return True  # 同时申报本措施第十条第（一）款和第\n（二）款的资助
    if P.RE_TITLE_COMPLETE.search(prev) and P.RE_ADDRESSEE_LINE.match(nxt):
        return False  # …的通知 / 各街道办事处，区直各单位：: a notice's addressees start their own line
    if _unclosed_title(prev) and not _is_heading(nxt):
        return True  # 关于印发《深圳市\n坪山区…措施》的通知
    if wrap is not None and not _is_heading(nxt):
        width = _display_width(last) if last else 0.0  # no physical line: an earlier round joined them
        if (width >= wrap - 1.5 and not (prev[-1] in P.LINE_END_MARKS and P.RE_HEADING_SENTENCE.match(nxt))) \
                or (width >= wrap - 3 and prev[-1] not in P.LINE_END_MARKS):
            return True  # a full printed line (a paragraph's first one is indented): it goes on below,
            # unless it ends a sentence and a heading sentence opens the next (产业能级更高。…)
        if prev[-1] not in P.LINE_END_MARKS and not _is_heading(prev) and len(nxt) <= 12 \
                and P.RE_TITLE_COMPLETE.search(nxt):
            return True  # 深圳市坪山区数字经济高质量发展资金\n支持措施: a title wrapped short
        if not in_header and nxt[0] not in P.NO_LINE_START:
            return False  # a short printed line ends its paragraph
    if _enumerator_only(prev) and not _is_heading(nxt):
        return True  # ——\n改革开放深入推进。 (a web page broke the line at a link)
    if prev[-1] not in P.LINE_END_MARKS and not _is_heading(nxt):
        stub = P.RE_SHORT_CLAUSE.match(nxt)
        bullet = any(e.kind == "dash" and e.pattern.match(prev) for e in P.ENUMERATORS)
        if stub and len(nxt) > stub.end() and ((stub.group(1) and not _is_heading(prev)) or (bullet and stub.group(2))):
            return True  # 要全面深化各领域改\n革，加快… / ——改革开放\n深入推进。重要…: cut by a page's link
    if _is_heading(nxt):
        return False
    if nxt[0] in P.NO_LINE_START or P.RE_CONTINUATION_START.match(nxt):
        return True
    if prev[-1] == "；" and not in_header and len(prev) >= 40 and not _is_heading(nxt):
        return True  # a clause list wrapped by the page; a new item would be numbered
    if prev[-1].isdigit() and P.RE_UNIT_START.match(nxt):
        return True
    if prev[-1] in P.LINE_END_MARKS:
        return False
    if in_header:
        # a title wraps after 30 characters, or anywhere after a connector (…小微企业和\n“三农”…)
        return ((len(prev) < 30 or prev[-1] in "和与及、的") and len(nxt) < 30 and nxt[0] not in "—-（(《"
                and not P.RE_TITLE_COMPLETE.search(prev) and not P.RE_DOC_NUMBER_LINE.match(nxt)
                and not P.RE_FULL_DATE.search(nxt))
    if _is_heading(prev, prose=False) and not P.RE_SENTENCE_END.search(prev) and len(prev) < 60:
        return False  # a bare heading line
    if len(prev) <= 90 and P.RE_TITLE_COMPLETE.search(prev) and not P.RE_SENTENCE_END.search(prev) \
            and "，" not in prev:
        return False  # a title line (…制度实施方案) above the text it heads
    return len(prev) >= 40 or "。" in prev or prev[-1] in "、，,"


_DETECT = -1.0


def _printed_line(lines: list[str], i: int) -> str:
    """Line ``i`` as printed: a glyph or two that a PDF's text layer set on a line of its own
    (…国家工程实 / 验 / 室、…) belong to the line before it.

    >>> _printed_line(["一二三四五实", "验", "室、"], 1)
    '一二三四五实验'
    """
    return lines[i - 1] + lines[i] if i > 0 and len(lines[i]) <= 2 else lines[i]


def join_broken_lines(t: Tracked, *, wrap: float | None = _DETECT, physical: bool = True) -> Tracked:
    """Rejoin paragraphs and titles that page breaks or narrow columns split across lines;
    drop blank lines and a line repeated right after itself (unless it is a number: a table's
    cells may repeat). ``wrap`` is the printed width of a hard-wrapped text (found from its
    lines unless given: :func:`clean` finds it once, before any line is joined); ``physical``
    says whether the lines are still the printed ones (in later rounds they are paragraphs, whose
    ends the first round decided)."""
    text = t.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    if not spans:
        return Tracked("", ())
    lines = [text[s:e] for s, e in spans]
    header_end = _header_end(lines)
    if wrap == _DETECT:
        wrap = wrap_width(lines)
    out = [text[spans[0][0]:spans[0][1]]]
    out_offs = list(t.offsets[spans[0][0]:spans[0][1]])
    current = lines[0]
    for i in range(1, len(spans)):
        s, e = spans[i]
        line = lines[i]
        if line == lines[i - 1] and len(line) < 120 and not P.RE_NUMBER_CELL.match(line):
            continue  # a title or heading repeated by the site (not a table's equal cells)
        if _should_join(current, line, in_header=i < header_end, wrap=wrap,
                        last=_printed_line(lines, i - 1) if physical else ""):
            current += line
        else:
            out.append("\n")
            out_offs.append(t.offsets[s - 1])
            current = line
        out.append(line)
        out_offs.extend(t.offsets[s:e])
    new = "".join(out)
    return t if new == text else Tracked(new, tuple(out_offs))


STEPS: tuple[Step, ...] = (
    replace_surrogates, normalize_newlines, remove_invisible, normalize_width, split_inline_paragraphs,
    split_run_in_signature, split_run_in_headings, strip_lines, remove_boilerplate, fullwidth_punctuation, join_broken_lines,
)


def clean(text: str, *, max_rounds: int = 4) -> Tracked:
    """Run every step until the text stops changing (so ``clean`` is idempotent)."""
    t = Tracked.of(text)
    wrap: float | None = _DETECT
    for round_ in range(max_rounds):
        before = t.text
        for step in STEPS:
            if step is join_broken_lines:
                if wrap == _DETECT:  # the printed width is read from the lines as read, once
                    wrap = wrap_width(t.text.split("\n"))
                t = join_broken_lines(t, wrap=wrap, physical=round_ == 0)
            else:
                t = step(t)
        if t.text == before:
            break
    return t


def clean_text(text: str) -> str:
    """The cleaned text alone."""
    return clean(text).text
