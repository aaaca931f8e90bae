"""Organisations, places and who leads or supports a piece of work.

* :func:`extract_mentions` finds named bodies (``市发展改革委``, ``中科院``, ``毕马威``) and named
  areas (``杭州市``, ``白马湖生态创意城``) from jieba part-of-speech tags plus suffix rules over
  the tokens, always through :class:`ingest.tokenizer.Tokenizer`.
* :func:`extract_responsibilities` reads 牵头/配合 wording (``牵头单位：…；配合单位：…``,
  ``（省商务厅牵头，合肥海关配合）``, ``由区科技局牵头``) with regular expressions only.

Precision matters more than recall: a mention is kept only when the dictionary says so, or when
the name ends in an organisation or place word *and* carries a proper name or an administrative
level (``省``/``市``/``区``…). jieba's own ``nt``/``ns``/``j`` tags are noisy (it tags ``国际化`` as an
organisation, ``上市`` as a place and ``研发`` as an abbreviation), so they are never trusted
alone: a "proper name" in a longer name means a token that is itself an accepted mention.

Examples
--------
>>> [r.org for r in extract_responsibilities("（省商务厅牵头，合肥海关配合）")]
['省商务厅', '合肥海关']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.tokenizer import Tokenizer, get_tokenizer

__all__ = ["Mention", "Responsibility", "extract_mentions", "extract_responsibilities"]


@dataclass(frozen=True)
class Mention:
    """A named organisation or place in the text.

    Attributes
    ----------
    label : str
        ``"Organization"`` or ``"Place"``.
    name : str
        The name as written.
    start, end : int
        Offsets of its first occurrence.
    """

    label: str
    name: str
    start: int = field(compare=False)
    end: int = field(compare=False)


@dataclass(frozen=True)
class Responsibility:
    """A body that leads or supports a piece of work.

    Attributes
    ----------
    org : str
        The body as written (``市发展改革委``).
    role : str
        ``"LEADS"`` (牵头/责任/负责) or ``"SUPPORTS_WORK"`` (配合/参与/协助).
    evidence : str
        The text that says it, e.g. ``牵头单位：市发展改革委``.
    start, end : int
        Offsets of ``evidence`` in the text.
    """

    org: str
    role: str
    evidence: str
    start: int = field(compare=False)
    end: int = field(compare=False)


ORGANIZATION, PLACE = "Organization", "Place"
LEADS, SUPPORTS_WORK = "LEADS", "SUPPORTS_WORK"

# ---------------------------------------------------------------------------------------------
# Word lists and patterns (all here)

_ORG_SUFFIXES = (
    "委员会", "管委会", "办公厅", "办公室", "人民政府", "政府", "党委", "党工委", "大学", "学院",
    "研究院", "研究所", "科学院", "公司", "集团", "中心", "银行", "海关", "总署", "协会", "商会",
    "联合会", "基金会", "交易所", "支行", "分行", "局", "委", "办", "厅", "部", "院", "署",
)
# Heads that name something only after a proper name, never after a bare level word
# (浙江股权交易中心 and 物联网产业园 are names, 区文化中心 is not).
_NEEDS_PROPER = ("中心", "园", "园区", "城", "小镇", "新城", "谷", "港", "湾", "基地", "开发区",
                 "高新区", "新区", "示范区", "自贸区", "保税区", "功能区", "创新区")
_PLACE_HEAD_SUFFIXES = ("产业园", "科技园", "创新园", "园区", "园", "小镇", "新城", "科技城", "城",
                        "谷", "港", "湾", "基地", "开发区", "高新区", "新区", "示范区", "自贸区",
                        "保税区", "功能区", "街道")
_ADMIN_SUFFIXES = ("自治区", "自治州", "特别行政区", "新区", "街道", "省", "市", "区", "县", "州",
                   "镇", "乡", "村", "旗", "盟")
_LEVEL_WORDS = frozenset({"省", "市", "区", "县", "州", "旗", "镇", "乡", "国家", "中共", "中央",
                          "自治区", "全国", "省级", "市级", "区级", "县级"})
_NAME_PART_FLAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg", "j", "n", "b", "eng"})
_HEAD_FLAGS = frozenset({"ns", "nt", "nz", "n", "j", "nr", "eng"})
# Endings of words that look like an organisation or place head but are not one.
_NOT_HEAD_ENDINGS = tuple(
    "格局 布局 大局 开局 全局 结局 当局 时局 新局 好局 变局 僵局 骗局 棋局 干部 全部 内部 外部 总部 局部 "
    "本部 东部 西部 南部 北部 中部 顶部 底部 俱乐部 展厅 大厅 餐厅 客厅 门厅 城市 都市 县城 古城 省市 市区 "
    "城区 社区 小区 景区 地区 片区 校区 街区 辖区 山区 老区 库区 牧区 城乡 乡村 农村 港口 海湾 城镇 乡镇 "
    "城中村 中心镇 百强县 海岛县 特色小镇 公办 民办 上市公司 数字政府 法治政府 服务型政府 有为政府 阳光政府 "
    "廉洁政府 责任政府".split()
)
# Heads that only name something after a proper name (区文化中心 is not a name, 浙江股权交易中心 is).
_BARE_HEADS = tuple(
    "中心 公司 集团 银行 大学 学院 医院 法院 研究院 研究所 基地 街道 园区 新城 新区 人民政府 政府 办公室 "
    "办公厅 委员会 交易所".split()
)
# jieba ``nt`` words with these endings are specific institutions (清华大学, 中国科学院).
_NAMED_NT_ENDINGS = ("大学", "科学院", "研究院")
_SUBUNIT_HEADS = ("办公室", "办公厅", "办", "分公司", "支行", "分行")
_GENERIC_NAMES = frozenset(
    "国家 全国 省 市 区 县 国际 世界 全市 全区 全省 全县 我市 我区 我省 本市 本区 本省 各地 各省 各市 "
    "各区 中央 地方 城市 乡村 农村 城乡 海外 境外 国内 国外 省市 市县 县区 省级 市级 区级 人民政府 政府 "
    "中共 东部 西部 中部 东北".split()
)

_ROLE_WORDS = {
    "牵头": LEADS, "责任": LEADS, "主责": LEADS, "负责": LEADS, "主办": LEADS, "指导": LEADS,
    "配合": SUPPORTS_WORK, "协办": SUPPORTS_WORK, "参与": SUPPORTS_WORK, "协助": SUPPORTS_WORK,
    "参加": SUPPORTS_WORK,
}
_ROLE_ALTERNATION = "|".join(_ROLE_WORDS)
_LABEL = r"(?:" + _ROLE_ALTERNATION + r")(?:考核|落实|实施)?单位"
_RE_LABELLED = re.compile(
    r"(?P<kw>" + _ROLE_ALTERNATION + r")(?:考核|落实|实施)?单位"
    r"\s*[：:]\s*(?P<list>[^；;。：:（）()\n]{2,200}?)"
    r"(?=[；;。（）()\n]|$|，?\s*" + _LABEL + r")"
)
_RE_PAREN = re.compile(r"[（(](?P<body>[^（）()\n]{3,160})[）)]")
_RE_CLAUSE = re.compile(
    r"^(?P<list>[^，,；;。]{2,120}?)(?P<role>按职责分工负责|分工负责|共同负责|分别负责|牵头负责|牵头|负责|指导|配合|参与|协助)"
    r"(?:落实|实施|推进)?$"
)
_RE_BY = re.compile(r"由(?P<list>[\u4e00-\u9fff、和及与]{2,60}?)(?P<role>牵头|负责|研究确定|组织实施|统筹)")
_RE_CLAUSE_SPLIT = re.compile(r"[，,；;]")
#: a document's note that the first body of each list leads (列第一位者为牵头单位，下同)
RE_FIRST_LEADS = re.compile(r"[。，,；;]?\s*(?:列|排)?(?:第一位|首位)(?:者|的)?为牵头(?:单位|部门)(?:[，,]\s*下同)?")
_RE_LIST_SPLIT = re.compile(r"[、，,/]|以及|(?<=[局委办厅部院署府心司团关])(?:和|及|与)")
_RE_ORG_ITEM = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,20}(?:委员会|管委会|办公厅|办公室|政府|党委|党工委|大学|学院|研究院|"
    r"中心|公司|集团|银行|支行|分行|海关|总署|协会|会|组|局|委|办|厅|部|院|署|旗|县|区|市|州|街道|镇|乡)|"
    r"[省市区县][\u4e00-\u9fff]{1,15})$"
)
_RE_ITEM_NOISE = re.compile(r"^(?:由|会同|联合|并|等)|(?:等|等部门|等单位|按职责分工|分别|共同)$")
_RE_NOT_ITEM = re.compile(r"^(?:各|有关|相关|其他|其它|所属|本|该)|单位$|部门$|自身$")
#: distributive or named bodies the vague-word rule would drop: 各市人民政府, 各基础电信企业,
#: 相关市人民政府, 国务院教育行政部门, …专项工作组成员单位
_RE_SPECIFIC_ITEM = re.compile(r"^(?:各|相关)(?:省|市|县|区|地|级)?[\u4e00-\u9fff（）、]{0,8}(?:人民政府|政府|企业)$"
                               r"|^(?:国务院|国家|省|市|县|区)[\u4e00-\u9fff]{1,12}(?:行政部门|主管部门)$"
                               r"|^[省市区县国][\u4e00-\u9fff]{2,20}(?:小组|工作组|指挥部)成员单位$")
#: 财政部要会同发展改革委、工业和信息化部等部门，… : the first leads, the others support
_RE_WITH = re.compile(r"(?:^|(?<=[。；;\n]))(?P<lead>[\u4e00-\u9fff]{2,20}?)(?:要|应|将)?会同"
                      r"(?P<list>[\u4e00-\u9fff、和及与]{2,80}?)(?:等(?:有关)?(?:部门|单位))?[，,]")
#: 国务院教育行政部门负责…, 西藏自治区人民政府要…负责…: a body opening a sentence takes the work on
_RE_SUBJECT = re.compile(r"(?:^|(?<=[。；;\n]))(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])?(?P<list>[\u4e00-\u9fff、]{3,40}?)"
                         r"(?:(?:要|应|将|应当)(?:[^。；;\n由]{0,40}?[，,])?)?(?P<role>牵头|负责)")


# ---------------------------------------------------------------------------------------------
# Mentions


def extract_mentions(text: str, tokenizer: Tokenizer | None = None) -> list[Mention]:
    """Named organisations and places in ``text``, one per (label, name), in order of appearance.

    Parameters
    ----------
    text : str
        Cleaned text (a whole plan or one unit).
    tokenizer : Tokenizer, optional
        Defaults to the process-wide :func:`ingest.tokenizer.get_tokenizer`.

    Returns
    -------
    list of Mention
        First occurrence of each name; a name inside a longer accepted name is not repeated
        (``杭州市科学技术局`` hides ``杭州市`` at that position).

    Examples
    --------
    >>> [(m.label, m.name) for m in extract_mentions("探索与毕马威、德勤合作，加快白马湖生态创意城建设")]
    [('Organization', '毕马威'), ('Organization', '德勤'), ('Place', '白马湖生态创意城')]
    """
    tok = tokenizer or get_tokenizer()
    tags = tok.tag(text)
    user = tok.user_tags
    candidates: list[tuple[int, int, str]] = []  # (start, end, label)
    for i, (word, flag, start) in enumerate(tags):
        label = _single_token_label(word, flag, user)
        if label:
            candidates.append((start, start + len(word), label))
        if _is_head(word, flag):
            chain = _chain_start(tags, i)
            if chain < i:
                label = _chain_label(tags[chain : i + 1], user)
                if label:
                    candidates.append((tags[chain][2], start + len(word), label))
    return _dedupe(text, _drop_nested(candidates))


def _single_token_label(word: str, flag: str, user: dict[str, str]) -> str | None:
    """Label of one token on its own: the user dictionary, or a trusted jieba tag with a telling suffix."""
    if len(word) < 2 or word in _GENERIC_NAMES or word.endswith(_NOT_HEAD_ENDINGS):
        return None
    tag = user.get(word)
    if tag == "nt":
        return ORGANIZATION
    if tag == "ns":
        return PLACE
    if tag:  # a policy term such as 三次创业
        return None
    if flag == "nt" and len(word) >= 4 and (
        word.endswith(_NAMED_NT_ENDINGS) or (word.endswith(_ORG_SUFFIXES) and _starts_with_place(word, user))
    ):
        return ORGANIZATION  # 清华大学, 中国移动通信集团公司; not 公立医院 or 中开新局
    if flag == "ns" and len(word) >= 3 and word.endswith(_ADMIN_SUFFIXES):
        return PLACE
    return None


def _starts_with_place(word: str, user: dict[str, str]) -> bool:
    """True when ``word`` begins with a dictionary place name (北京…, 中国…)."""
    return any(user.get(word[:k]) == "ns" for k in range(2, len(word) - 1))


def _is_head(word: str, flag: str) -> bool:
    """True for a token that can end an organisation or place name (局, 科技局, 产业园, 街道 …)."""
    return (
        flag in _HEAD_FLAGS
        and not word.endswith(_NOT_HEAD_ENDINGS)
        and (word.endswith(_ORG_SUFFIXES) or word.endswith(_PLACE_HEAD_SUFFIXES) or word in _ADMIN_SUFFIXES)
    )


def _chain_start(tags: list[tuple[str, str, int]], i: int, max_back: int = 4) -> int:
    """Index of the first token of the name ending at token ``i`` (walks back over name parts).

    ``和`` may join name parts (``经济和信息化厅``) but never starts a name.
    """
    head = tags[i][0]
    j = i
    while j > 0 and i - j < max_back:
        word, flag, start = tags[j - 1]
        if (flag not in _NAME_PART_FLAGS and word != "和") or start + len(word) != tags[j][2]:
            break
        if word not in _LEVEL_WORDS and _is_head(word, flag) and not head.startswith(_SUBUNIT_HEADS):
            break  # 市委 + 市政府: two bodies, unless the head is a sub-unit (…政府 + 办公室)
        j -= 1
        if word in _LEVEL_WORDS:
            break  # a level word starts a name
    while j < i and tags[j][0] == "和":
        j += 1
    return j


def _chain_label(chain: list[tuple[str, str, int]], user: dict[str, str]) -> str | None:
    """Label of a multi-token name, or ``None`` when it is not clearly a name."""
    name = "".join(w for w, _, _ in chain)
    head, head_flag, _ = chain[-1]
    if name in _GENERIC_NAMES or len(name) < 3 or name.endswith(_NOT_HEAD_ENDINGS):
        return None
    if user.get(name) in ("nt", "ns"):
        return ORGANIZATION if user[name] == "nt" else PLACE
    parts = chain[:-1]
    proper = any(_single_token_label(w, f, user) for w, f, _ in parts)
    level = parts[0][0] in _LEVEL_WORDS
    is_place = head.endswith(_PLACE_HEAD_SUFFIXES) or head in _ADMIN_SUFFIXES
    if is_place or head.endswith(_NEEDS_PROPER) or head.endswith(_BARE_HEADS):
        if not proper:
            return None
        return PLACE if is_place and not head.endswith("中心") else ORGANIZATION
    if proper:
        return ORGANIZATION
    # A level word alone (省/市/国家) vouches only for a clear organ head: 市+科技局, 市+纪委, not 省+部院.
    clear_head = len(head) >= 3 or (len(parts) > 1) or head.endswith(("委", "局", "厅", "办"))
    return ORGANIZATION if level and clear_head else None


def _drop_nested(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop candidates lying inside a longer candidate."""
    spans = sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    reach = -1
    for s, e, label in spans:
        if e <= reach:
            continue
        kept.append((s, e, label))
        reach = max(reach, e)
    return kept


def _dedupe(text: str, spans: list[tuple[int, int, str]]) -> list[Mention]:
    """One :class:`Mention` per (label, name), at its first position."""
    seen: set[tuple[str, str]] = set()
    out: list[Mention] = []
    for s, e, label in spans:
        key = (label, text[s:e])
        if key not in seen:
            seen.add(key)
            out.append(Mention(label, text[s:e], s, e))
    return out


# ---------------------------------------------------------------------------------------------
# Responsibilities


def extract_responsibilities(text: str, *, first_leads: bool = False) -> list[Responsibility]:
    """Lead and partner bodies stated in ``text``.

    Recognised wording: ``牵头单位：A；配合单位：B、C`` (also 责任单位, 牵头考核单位, ASCII colon),
    parentheses ``（A牵头，B、C配合）`` / ``（A负责）`` / ``（A牵头，B按职责分工负责）``, and
    ``由A牵头`` / ``由A负责``. Only items shaped like a body (``…局``, ``…委``, ``市…``) are kept;
    ``各有关部门`` and the like are skipped.

    Parameters
    ----------
    text : str
        Cleaned text.
    first_leads : bool
        The document says the first body of each list leads (``列第一位者为牵头单位``, see
        :data:`RE_FIRST_LEADS`): in ``（A、B、C负责）`` A leads and B, C support.

    Returns
    -------
    list of Responsibility
        In order of appearance; ``start``/``end`` locate the evidence.

    Examples
    --------
    >>> [(r.org, r.role) for r in extract_responsibilities("牵头单位：市发展改革委；配合单位：市财政局、市科技局")]
    [('市发展改革委', 'LEADS'), ('市财政局', 'SUPPORTS_WORK'), ('市科技局', 'SUPPORTS_WORK')]
    """
    found: list[Responsibility] = []
    covered: list[tuple[int, int]] = []
    for m in _RE_LABELLED.finditer(text):
        role = _ROLE_WORDS[m.group("kw")]
        found += _from_list(m.group("list"), role, m.group(), m.start(), m.end())
        covered.append((m.start(), m.end()))
    for m in _RE_PAREN.finditer(text):
        if any(s <= m.start() < e for s, e in covered):
            continue
        found += _from_clauses(RE_FIRST_LEADS.sub("", m.group("body")), m.group(), m.start(), m.end(),
                               first_leads=first_leads)
    for m in _RE_BY.finditer(text):
        if any(s <= m.start() < e for s, e in covered) or _inside_paren_hit(found, m.start()):
            continue
        found += _from_list(m.group("list"), _ROLE_WORDS.get(m.group("role"), LEADS), m.group(), m.start(), m.end())
        covered.append((m.start(), m.end()))
    for m in _RE_WITH.finditer(text):
        lead = _from_list(m.group("lead"), LEADS, m.group(), m.start(), m.end())
        if lead and not any(s <= m.start() < e for s, e in covered):
            found += lead + _from_list(m.group("list"), SUPPORTS_WORK, m.group(), m.start(), m.end())
            covered.append((m.start(), m.end()))
    for m in _RE_SUBJECT.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in covered) or _inside_paren_hit(found, m.start()) \
                or "由" in m.group("list"):
            continue
        items = _from_list(m.group("list"), LEADS, m.group(), m.start(), m.end())
        if items and len(items) == len(_RE_LIST_SPLIT.split(m.group("list"))):
            found += items  # every item a body: 国务院教育行政部门负责…, not 政府主要负责…
    found.sort(key=lambda r: r.start)
    return _unique(found)


def _from_clauses(body: str, evidence: str, start: int, end: int, *,
                  first_leads: bool = False) -> list[Responsibility]:
    """Responsibilities inside one parenthesis: comma-separated ``<bodies><role word>`` clauses."""
    clauses = [c.strip() for c in _RE_CLAUSE_SPLIT.split(body) if c.strip()]
    matches = [_RE_CLAUSE.match(c) for c in clauses]
    if not matches or not all(matches):
        return []  # a parenthesis that is not entirely about responsibility
    has_lead = any(m.group("role").startswith("牵头") for m in matches if m)
    out: list[Responsibility] = []
    for m in matches:
        assert m is not None
        word = m.group("role")
        if word.startswith("牵头"):
            role = LEADS
        elif word in ("配合", "参与", "协助"):
            role = SUPPORTS_WORK
        else:  # 负责 / 按职责分工负责: a partner when someone else leads
            role = SUPPORTS_WORK if has_lead else LEADS
        bodies = _from_list(m.group("list"), role, evidence, start, end)
        if first_leads and role == LEADS and not has_lead and len(matches) == 1:
            bodies = bodies[:1] + [replace(b, role=SUPPORTS_WORK) for b in bodies[1:]]
        out += bodies
    return out


def _from_list(items: str, role: str, evidence: str, start: int, end: int) -> list[Responsibility]:
    """One :class:`Responsibility` per body-shaped item of a 、/，-separated list."""
    out: list[Responsibility] = []
    for raw in _RE_LIST_SPLIT.split(items):
        item = _RE_ITEM_NOISE.sub("", _RE_ITEM_NOISE.sub("", raw.strip()))
        if item and ((_RE_ORG_ITEM.match(item) and not _RE_NOT_ITEM.search(item))
                     or _RE_SPECIFIC_ITEM.match(item)):
            out.append(Responsibility(item, role, evidence, start, end))
    return out


def _inside_paren_hit(found: list[Responsibility], at: int) -> bool:
    """True when ``at`` falls inside the evidence of an already found responsibility."""
    return any(r.start <= at < r.end for r in found)


def _unique(found: list[Responsibility]) -> list[Responsibility]:
    """Drop exact repeats (same body, role and evidence position)."""
    seen: set[tuple[str, str, int]] = set()
    out: list[Responsibility] = []
    for r in found:
        key = (r.org, r.role, r.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
