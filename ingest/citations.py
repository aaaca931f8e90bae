"""Cited documents: 《…》 titles, 文号 (document numbers) and named plans.

A plan cites other documents in three ways, and :func:`extract_citations` finds all three:

* a title in book-title marks, ``《关于开展…的通知》`` (nested ``〈…〉`` or ``《…》`` allowed);
* a 文号 in any common bracket form: ``市委办发〔2014〕80号``, ``市委[2013]14号``,
  ``国办发（2018）128号``, ``浙政发(2014)3号``, ``［2014］``, and ``公告2014年第3号``;
* a named plan without marks, such as ``按照…“五水共治”三年行动计划``.

A 文号 that directly follows a title (``《…》(市委办发〔2014〕80号)``) is linked to it and the
two make one :class:`Citation`; a 文号 on its own becomes a citation without a title.

Issuer. When the words right before ``《`` name a body (``市委市政府《…》``,
``区党委、管委会、政府《…》``, ``国务院印发的《…》``) that text is the issuer: it says who issued
the document in the author's own words, including joint issuers, which a 文号 prefix never
does. Otherwise the issuer is inferred from the 文号 prefix (``市委办发`` -> ``市委办公厅``,
``国办发`` -> ``国务院办公厅``, ``浙政发`` -> ``浙江省人民政府``) through a small table.

This module is pure (no I/O, no jieba).

Examples
--------
>>> [c] = extract_citations("根据市委《关于加强创新的意见》(市委[2013]14号)要求")
>>> c.title, c.number, c.issuer, c.year
('关于加强创新的意见', '市委[2013]14号', '市委', 2013)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import lexicon as L

__all__ = ["Citation", "extract_citations", "issuer_from_number"]


@dataclass(frozen=True)
class Citation:
    """One cited document as it appears in the text.

    Attributes
    ----------
    title : str or None
        The title without its 《》 marks, or a named plan as written (``“五水共治”三年行动计划``).
    number : str or None
        The 文号 as written, e.g. ``市委办发〔2014〕80号``.
    issuer : str or None
        Who issued it: the body named right before the title, else inferred from the 文号 prefix.
    year : int or None
        From the 文号 (``〔2014〕``), else the first year in the title.
    context : str
        The sentence around the citation, at most 120 characters.
    start, end : int
        Offsets of the citation (title and linked 文号) in the text.
    """

    title: str | None
    number: str | None
    issuer: str | None
    year: int | None
    context: str
    start: int = field(compare=False)
    end: int = field(compare=False)


# ---------------------------------------------------------------------------------------------
# Patterns (all compiled here)

_CJK = r"[\u4e00-\u9fff]"
# Characters that may be part of a 文号 prefix (organ abbreviation plus 发/函/字 …).
_RE_PREFIX_TAIL = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}$")
# Words that introduce a citation and are never part of a 文号 prefix.
_RE_LEADING_WORDS = re.compile(
    r"^(?:贯彻落实|以及|根据|按照|依据|依照|参照|参见|落实|贯彻|执行|实施|文件|通知|规定|要求|印发|转发|详见|"
    r"见|即|和|与|及|并|的|是|在|经|由|按|依|对|为|以|于|了|等)+"
)
_OPEN = r"[〔\[（(［【]"
_CLOSE = r"[〕\]）)］】]"
_RE_BRACKET_NUMBER = re.compile(
    _OPEN + r"\s*(?P<year>(?:19|20)\d{2})\s*" + _CLOSE + r"\s*第?\s*(?P<no>\d{1,5})\s*号"
)
_RE_YEAR_NUMBER = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<no>\d{1,5})\s*号")
# A prefix that makes the "2014年第3号" form a document number.
_RE_YEAR_FORM_PREFIX = re.compile(r"(?:公告|令|通告|公报)$")
_RE_BOOK_MARK = re.compile(r"[《》\n]")
_MAX_TITLE = 150
# Between a title and its 文号: spaces and an opening parenthesis.
_RE_TITLE_NUMBER_GAP = re.compile(r"[ \t\u3000]*[（(]?[ \t\u3000]*")

# Issuing bodies named before a title.
_BODY = (
    r"(?!根据|按照|依据|依照|参照|落实|贯彻|以及|联合|会同|[和与及并经由])"
    r"(?:中共中央办公厅|中共中央|国务院办公厅|国务院|全国人大常委会|全国人大|中央办公厅|中央"
    r"|(?:中共)?(?:" + _CJK + r"{2,5}?[省市区县州旗]|自治区|[省市区县州旗])?"
    r"(?:委办公厅|委办公室|政府办公厅|政府办公室|党委办公室|党委|党工委|管委会|人民政府|政府"
    r"|人大常委会|人大|政协|委)"
    r"|(?:国家)?(?:(?![的与及了在对将为是、])" + _CJK + r"){2,12}?(?:部|厅|局|署|委员会|委|办))"
)
_RE_ISSUER_BEFORE_TITLE = re.compile(
    r"(?:^|[、，。；：（()）“”\"》\s]|以及|根据|按照|依据|依照|落实|贯彻|和|与|及|并|经)"
    r"(?P<body>" + _BODY + r"(?:[、和与及]?" + _BODY + r")*)"
    r"(?:[于继在]?(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)?"
    r"(?:联合)?(?:制定|制订|出台|印发|发布|颁布|下发)*(?:了|的)?$"
)
_RE_CLAUSE_BREAK = re.compile(r"[，。；：！？\n,;:!?（(）)]")

# Named plans without 《》: a name ending in a document kind after an accordance verb.
_PLAN_WORD = "(?:" + "|".join(sorted(L.DOC_KINDS, key=len, reverse=True)) + ")"
_TRIGGER = "(?:" + "|".join(sorted((v for v in L.ACCORDANCE_VERBS if v != "印发"), key=len, reverse=True)) + ")"
#: what may follow a named document: a break, or 精神/有关规定/等 (落实中央八项规定精神)
_AFTER_NAME = r"(?=[，。；、,;）)\s和与及]|$|精神|有关|等|要求|执行|开展)"
_RE_QUOTED_PLAN = re.compile(
    r"[“\"](?P<q>[^“”\"\n、，,。；]{2,16})[”\"]"
    r"(?:(?![的和与及、，。；：\s])" + _CJK + r"){0,10}?" + _PLAN_WORD
    + r"(?=[^\u4e00-\u9fff]|[和与及]|$)"
    + r"|[“\"][^“”\"\n、，,。；]{1,16}?" + _PLAN_WORD + r"[”\"]"  # 安全生产“15条硬措施”
)
_RE_TRIGGER = re.compile(_TRIGGER)
#: a short name given to a document: （以下简称《意见》）, 简称“方案”; where one opens before a
#: title; the 《》 title it follows
_RE_ABBREVIATION = re.compile(r"(?:以下)?简称[《“\"](?P<a>[^》”\"\n]{1,20})[》”\"]")
_RE_ABBREVIATION_AT = re.compile(r"简称$")
_RE_TITLE_BEFORE = re.compile(r"《(?P<t>[^《》\n]{2,80})》[^《》。；\n]{0,20}[（(]?\s*(?:以下)?$")
#: a law named by a short name after an accordance verb (依照宪法和基本法办事), and the next one
_RE_SHORT_LAW = re.compile(_TRIGGER + r"(?P<name>[\u4e00-\u9fff]{1,2}法)(?=[和与及、，。；]|办事)")
_RE_NEXT_LAW = re.compile(r"[和与及、](?P<name>[\u4e00-\u9fff]{1,2}法)(?=[和与及、，。；]|办事)")
#: a verb of issuing before the accordance verb: the name is what the text itself issues
_RE_OWN_WORK = re.compile(r"出台|制定|印发|研究制定")
_NAME_CHAR = r"(?:(?![和与及了、，。；：])[\u4e00-\u9fff“”\d+（）])"
_RE_TRIGGERED_PLAN = re.compile(
    _TRIGGER + r"(?:好|中央|党中央)?(?P<name>(?![的])" + _NAME_CHAR + r"{3,30}?" + _PLAN_WORD + r")" + _AFTER_NAME
)
# After a triggered name ending in 、 the next list item is read too when it names a document.
_RE_NEXT_ITEM = re.compile(r"[、和与及](?P<name>" + _NAME_CHAR + r"{3,30}?" + _PLAN_WORD + r")" + _AFTER_NAME)
# Named plans that are too generic to identify a document.
_RE_GENERIC_PLAN = re.compile(
    r"^(?:本|该|此|上述|有关|相关|各|这|以上|上级|国家|省|市|区|县|年度|工作|实施|行动|专项|总体|各项|现行|"
    r"[一二三四五六七八九十两\d]+年|中长期|近期|长远)*"
    + r"(?:行动计划|实施方案|工作方案|行动方案|总体规划|专项规划|发展规划|工作计划|实施意见|指导意见|"
    + _PLAN_WORD + r")$"
)
#: kinds that also name ordinary things (政策措施, 标准, 方法): such a name must be specific
_RE_WEAK_KIND = re.compile(r"(?:规定|措施|意见|报告|建议|决定)$")
_RE_SPECIFIC = re.compile(r"若干|\d|[一二三四五六七八九十]+[项条个]|^关于|的(?:意见|决定|规定|建议)$")
#: kinds a specific name of six or more characters carries (中小企业划型标准, 网络安全法)
_RE_NAMED_KIND = re.compile(r"(?:标准|法|准则|要点|指南)$")
_RE_VAGUE = re.compile(r"或|相关|有关|等|各项|职责|需求|牵头|组织|" + _TRIGGER)
_RE_NOT_LAW = re.compile(r"(?:方法|做法|想法|说法|手法|看法|写法|用法|技法|疗法|算法|司法|执法|立法|守法|违法|合法|非法)$")
#: a 《》 title that names a film, song or book rather than a document: short, no kind, no figure
_RE_DOCUMENT_TITLE = re.compile(_PLAN_WORD + r"|\d|关于|[章条款]|宣言|公约|协定|协议|宪章|白皮书")
_RE_NOT_A_NAME = re.compile(r"要求|需要|制定|编制|部署|安排|精神|研究|提出|结合")
_RE_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})(?=\s*(?:年|[-—–~～至到]))")
_RE_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_CONTEXT_MAX = 120

# 文号 prefix -> issuer. Exact entries first, then compositional rules (see issuer_from_number).
_NUMBER_PREFIX_ISSUERS: dict[str, str] = {
    "国发": "国务院",
    "国函": "国务院",
    "国办发": "国务院办公厅",
    "国办函": "国务院办公厅",
    "中发": "中共中央",
    "中办发": "中共中央办公厅",
    "厅字": "中共中央办公厅",
    "发改": "国家发展改革委",
    "国科发": "科技部",
    "工信部": "工业和信息化部",
    "财": "财政部",
    "党委办": "党委办公室",
    "党委": "党委",
    "党工委": "党工委",
    "管委会": "管委会",
    "管委办": "管委会办公室",
}
_PROVINCES: dict[str, str] = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "琼": "海南省", "川": "四川省", "黔": "贵州省", "贵": "贵州省", "云": "云南省",
    "滇": "云南省", "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "内": "内蒙古自治区",
    "蒙": "内蒙古自治区", "桂": "广西壮族自治区", "藏": "西藏自治区", "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区", "杭": "杭州市", "包": "包头市",
}
_LEVELS = ("省", "市", "区", "县")
# Organ abbreviation (after the place/level part) -> body name suffix.
# Organ abbreviation after the level or place character -> (name after a level word such as 市,
# name after a province or city abbreviation such as 浙).
_ORGAN_FORMS: dict[str, tuple[str, str]] = {
    "委办": ("委办公厅", "委办公厅"),
    "政办": ("政府办公厅", "人民政府办公厅"),
    "府办": ("政府办公厅", "人民政府办公厅"),
    "委": ("委", "委"),
    "政": ("政府", "人民政府"),
    "府": ("政府", "人民政府"),
}
_RE_DOC_KIND_SUFFIX = re.compile(r"(?:发|函|字|秘)+$")


# ---------------------------------------------------------------------------------------------
# Public API


def issuer_from_number(prefix: str) -> str | None:
    """Infer the issuing body from a 文号 prefix, or ``None`` when the prefix is not known.

    Parameters
    ----------
    prefix : str
        The part of the 文号 before the year bracket, e.g. ``市委办发``.

    Examples
    --------
    >>> [issuer_from_number(p) for p in ("市委办发", "国办发", "浙政发", "党委办", "市委", "XYZ")]
    ['市委办公厅', '国务院办公厅', '浙江省人民政府', '党委办公室', '市委', None]
    """
    prefix = prefix.strip()
    if not prefix:
        return None
    if prefix in _NUMBER_PREFIX_ISSUERS:
        return _NUMBER_PREFIX_ISSUERS[prefix]
    core = _RE_DOC_KIND_SUFFIX.sub("", prefix)
    if core in _NUMBER_PREFIX_ISSUERS:
        return _NUMBER_PREFIX_ISSUERS[core]
    head, organ = core[:1], core[1:]
    if organ not in _ORGAN_FORMS:
        return None
    level_name, place_name = _ORGAN_FORMS[organ]
    if head in _LEVELS:
        return head + level_name
    if head in _PROVINCES:
        place = _PROVINCES[head]
        return ("中共" + place + place_name) if organ.startswith("委") else place + place_name
    return None


def extract_citations(text: str) -> list[Citation]:
    """Find every cited document in ``text``, in order of appearance.

    Parameters
    ----------
    text : str
        Cleaned plan text.

    Returns
    -------
    list of Citation
        Titles (with their 文号 when one follows directly), lone 文号, and named plans.
        ``text[c.start:c.end]`` contains the title (or the named plan) and the number.

    Examples
    --------
    >>> [(c.title, c.number) for c in extract_citations("见国办发〔2018〕128号和《中国制造2025》。")]
    [(None, '国办发〔2018〕128号'), ('中国制造2025', None)]
    """
    short = abbreviations(text)
    titles = [(s, e) for s, e in _find_titles(text)
              if not _RE_ABBREVIATION_AT.search(text, max(0, s - 6), s)]  # （以下简称《意见》） itself
    numbers = _find_numbers(text, titles)
    by_start = {n[0]: n for n in numbers}
    used: set[int] = set()
    found: list[Citation] = []
    for t_start, t_end in titles:
        title = text[t_start + 1 : t_end - 1]
        if title in short:
            full = short[title]
            if full is None:
                continue  # a short name whose full title this text does not give
            title = full  # 落实《意见》: the document the text named 《意见》
        linked = _number_after(text, t_end, by_start)
        if linked is None and len(title) <= 8 and not _RE_DOCUMENT_TITLE.search(title):
            continue  # 《长空之王》, 《我的阿勒泰》: a work of art, not a document
        end = t_end
        number = prefix = None
        year = _year_from_title(title)
        if linked is not None:
            used.add(linked[0])
            n_start, n_end, prefix, year = linked
            number = text[n_start:n_end]
            end = n_end
        issuer = _issuer_before(text, t_start) or (issuer_from_number(prefix) if prefix else None)
        found.append(Citation(title, number, issuer, year, _context(text, t_start, end), t_start, end))
    for n_start, n_end, prefix, year in numbers:
        if n_start not in used:
            found.append(
                Citation(None, text[n_start:n_end], issuer_from_number(prefix), year,
                         _context(text, n_start, n_end), n_start, n_end)
            )
    taken = [(c.start, c.end) for c in found]
    for p_start, p_end in _find_named_plans(text, taken):
        if text.startswith("党中央", p_start):
            p_start += 1  # 落实党中央八项规定 names 中央八项规定
        name = text[p_start:p_end]
        found.append(Citation(name, None, None, _year_from_title(name), _context(text, p_start, p_end),
                              p_start, p_end))
    found.sort(key=lambda c: (c.start, c.end))
    return found


def abbreviations(text: str) -> dict[str, str | None]:
    """Short names the text gives a document (``（以下简称《意见》）``, ``简称“方案”``), each with the
    full title it stands for when a 《》 title closes right before it: a later 《意见》 refers back
    to that document and is not a document of its own.

    >>> abbreviations("印发《关于推进政务新媒体健康有序发展的意见》（以下简称《意见》）")
    {'意见': '关于推进政务新媒体健康有序发展的意见'}
    """
    found: dict[str, str | None] = {}
    for m in _RE_ABBREVIATION.finditer(text):
        before = _RE_TITLE_BEFORE.search(text, max(0, m.start() - 120), m.start())
        found.setdefault(m.group("a"), before.group("t") if before else None)
    return found


# ---------------------------------------------------------------------------------------------
# Helpers


def _find_titles(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of outermost 《…》 pairs, 《 and 》 included; empty titles skipped.

    An unclosed 《 is abandoned at a line end or after ``_MAX_TITLE`` characters.
    """
    spans: list[tuple[int, int]] = []
    depth, opened = 0, -1
    for m in _RE_BOOK_MARK.finditer(text):
        ch, at = m.group(), m.start()
        if ch == "\n" or (depth and at - opened > _MAX_TITLE):
            depth = 0
            if ch == "\n":
                continue
        if ch == "《":
            if depth == 0:
                opened = at
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0 and text[opened + 1 : at].strip():
                spans.append((opened, at + 1))
    return spans


def _find_numbers(text: str, titles: list[tuple[int, int]]) -> list[tuple[int, int, str, int]]:
    """文号 as ``(start, end, prefix, year)``; the year form needs a 公告/令 prefix or a title before it."""
    title_ends = {end for _, end in titles}
    out: list[tuple[int, int, str, int]] = []
    for regex in (_RE_BRACKET_NUMBER, _RE_YEAR_NUMBER):
        for m in regex.finditer(text):
            if any(s < m.start() < e for s, e in titles):
                continue  # a number quoted inside a title belongs to that title
            prefix = _number_prefix(text, m.start())
            start = m.start() - len(prefix)
            if regex is _RE_YEAR_NUMBER and not (
                _RE_YEAR_FORM_PREFIX.search(prefix) or _follows_title(text, start, title_ends)
            ):
                continue
            out.append((start, m.end(), prefix, int(m.group("year"))))
    out.sort()
    return _drop_overlaps(out)


def _number_after(
    text: str, at: int, by_start: dict[int, tuple[int, int, str, int]]
) -> tuple[int, int, str, int] | None:
    """The 文号 starting right after a title end ``at`` (spaces and one ``(`` may come between)."""
    gap = _RE_TITLE_NUMBER_GAP.match(text, at)
    end = gap.end() if gap else at
    for pos in (end, end - 1, at):
        if pos in by_start:
            return by_start[pos]
    return None


def _number_prefix(text: str, at: int) -> str:
    """The organ abbreviation written right before a 文号's year, minus introducing words."""
    tail = _RE_PREFIX_TAIL.search(text, max(0, at - 12), at)
    if not tail:
        return ""
    prefix = _RE_LEADING_WORDS.sub("", tail.group())
    known = [prefix[k:] for k in range(len(prefix) - 1) if issuer_from_number(prefix[k:])]
    return known[0] if known else prefix[-10:]


def _follows_title(text: str, start: int, title_ends: set[int]) -> bool:
    """True when only spaces and an opening parenthesis separate ``start`` from a preceding 》."""
    i = start
    while i > 0 and text[i - 1] in " \t\u3000（(":
        i -= 1
    return i in title_ends


def _drop_overlaps(spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """Keep the first of overlapping spans (inputs sorted by start)."""
    kept: list[tuple[int, int, str, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _issuer_before(text: str, title_start: int) -> str | None:
    """The body named in the same clause right before a 《, e.g. 市委市政府《…》."""
    lo = max(0, title_start - 40)
    breaks = [m.end() for m in _RE_CLAUSE_BREAK.finditer(text, lo, title_start)]
    window = text[breaks[-1] if breaks else lo : title_start]
    if not breaks and lo > 0:
        window = "#" + window  # cut mid-clause: the window start is not a boundary
    m = _RE_ISSUER_BEFORE_TITLE.search(window)
    return m.group("body") if m else None


def _is_specific(name: str) -> bool:
    """Whether a name after an accordance verb identifies one document (落实中央八项规定, 参照
    金融企业呆账核销管理办法) rather than a kind of thing (落实各项政策措施, 相关标准)."""
    if name.startswith(("其", "本", "该", "此", "上述")):
        return False  # 及其实施细则, 本预案的规定: the document named before, or this one
    if _RE_GENERIC_PLAN.match(name) or _RE_NOT_A_NAME.search(name) or _RE_NOT_LAW.search(name) \
            or _RE_VAGUE.search(name):
        return False
    if _RE_WEAK_KIND.search(name):
        return bool(_RE_SPECIFIC.search(name))
    if _RE_NAMED_KIND.search(name):
        return len(name) >= (4 if name.endswith("法") else 6)
    return True


def _find_named_plans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of plans named without 《》 after an accordance verb (落实, 按照, 参照 …) in the same
    clause: a specific name ending in a document kind (落实中央八项规定精神, 参照金融企业呆账核销
    管理办法有关规定执行, 对照A标准、B指南等开展), and a quoted programme with its description
    (落实防范化解…重大风险“1+7”工作方案)."""
    spans: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in [*taken, *spans])

    for m in _RE_TRIGGERED_PLAN.finditer(text):
        s, e = m.start("name"), m.end("name")
        if _RE_OWN_WORK.search(text, _clause_start(text, m.start()), m.start()):
            continue  # 出台实施全面落实…的26条措施: what the text itself issues, not a cited document
        if text.startswith("、", e) and not _RE_NEXT_ITEM.match(text, e):
            continue  # 落实…同步规划、同步建设、同步使用要求: 规划 is a verb in a list of verbs
        if _is_specific(m.group("name")) and free(s, e):
            spans.append((s, e))
            while (nxt := _RE_NEXT_ITEM.match(text, e)) and _is_specific(nxt.group("name")):
                s, e = nxt.start("name"), nxt.end("name")
                if free(s, e):
                    spans.append((s, e))
    for first in _RE_SHORT_LAW.finditer(text):
        law: re.Match[str] | None = first
        while law and not _RE_NOT_LAW.search(law.group("name")) and law.group("name") not in ("办法", "依法"):
            if free(law.start("name"), law.end("name")):
                spans.append((law.start("name"), law.end("name")))
            law = _RE_NEXT_LAW.match(text, law.end("name"))
    for m in _RE_QUOTED_PLAN.finditer(text):
        if _RE_WEAK_KIND.search(m.group().strip("“”\"")) and not re.search(r"\d", m.group()):
            continue  # “双创”政策措施, “三查一曝光”措施, “三条措施”: a programme's measures, not a document
        clause_start = _clause_start(text, m.start())
        triggers = list(_RE_TRIGGER.finditer(text, clause_start, m.start()))
        if not triggers:
            continue
        lo = max([triggers[-1].end(), *(e for s, e in [*taken, *spans] if clause_start <= e <= m.start())])
        while lo < m.start() and text[lo] in "和与及、":
            lo += 1
        start = lo if re.fullmatch(_CJK + "{0,24}", text[lo:m.start()]) else m.start()
        if free(start, m.end()):
            spans.append((start, m.end()))
    return sorted(spans)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (looked for at most 60 characters back)."""
    return max([b.end() for b in _RE_CLAUSE_BREAK.finditer(text, max(0, pos - 60), pos)],
               default=max(0, pos - 60))


def _year_from_title(title: str) -> int | None:
    """The first year written in a title (``…2015年…``, ``2016-2020年``)."""
    m = _RE_TITLE_YEAR.search(title)
    return int(m.group(1)) if m else None


def _context(text: str, start: int, end: int) -> str:
    """The sentence containing ``text[start:end]``, trimmed around it to ``_CONTEXT_MAX`` chars."""
    lo = max(0, start - 200)
    ends = [m.end() for m in _RE_SENTENCE_END.finditer(text, lo, start)]
    s = ends[-1] if ends else lo
    m = _RE_SENTENCE_END.search(text, end)
    e = m.end() if m and m.end() - end <= 200 else min(len(text), end + 200)
    if e - s > _CONTEXT_MAX:
        room = max(0, _CONTEXT_MAX - (end - start))
        s = max(s, start - room // 2)
        e = min(e, s + _CONTEXT_MAX)
        s = max(s, e - _CONTEXT_MAX)
    return text[s:e].strip()
