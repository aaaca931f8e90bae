"""Plan metadata from the header lines: titles, version, status, issue date, period, issuer, 文号,
region; the body fills in what the header lacks.

A plan often reaches readers inside a covering notice (国务院关于印发…的通知); its own title is the
line after the notice that the notice names, its date the notice's signature date, its issuer the
body that issues the notice (国务院办公厅转发国家教委… → 国务院办公厅). A work report names its
date and province in the line under its title (2025年1月14日在湖南省第十四届人民代表大会…).

>>> m = read_meta(["高新区（滨江）2016年-2018年三年行动计划（2.1版）", "高新区（滨江）“三次创业”三年行动计划",
...                "（2015-2017年）", "（2015年2月1日征求意见稿）"])
>>> m.title, m.version, m.status, m.issued, m.period_start, m.period_end
('高新区（滨江）“三次创业”三年行动计划', '2.1版', '征求意见稿', '2015-02-01', 2015, 2017)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import lexicon as P
from ingest.numbers import parse_number, parse_year
from graph.errors import ParseError

__all__ = ["HeaderMeta", "read_meta", "parse_date", "region_of"]


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ISO ``YYYY-MM-DD``.

    >>> parse_date("（2015年2月1日征求意见稿）"), parse_date("二〇一八年十二月二十九日")
    ('2015-02-01', '2018-12-29')
    """
    m = P.RE_FULL_DATE.search(text)
    if not m:
        return None
    try:
        y, mo, d = parse_year(m.group(1)), parse_number(m.group(2)), parse_number(m.group(3))
    except ParseError:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{int(mo):02d}-{int(d):02d}"


@dataclass(frozen=True)
class HeaderMeta:
    title: str
    titles: tuple[str, ...]
    version: str | None
    status: str | None
    issued: str | None
    period_start: int | None
    period_end: int | None
    issuer: str | None
    number: str | None
    region: str | None = None
    #: the farthest 到YYYY年 the body sets: the period's end when nothing else gives one
    horizon: int | None = None


_ISSUER_BY_PREFIX = (("国办发", "国务院办公厅"), ("国发", "国务院"), ("中发", "中共中央、国务院"))
_SPEAKER = re.compile(r"我代表([^，,。]{2,20}?)(?:，|,|向)")


def _is_title(line: str) -> bool:
    return (bool(P.RE_TITLE_WORD.search(line)) and len(line) <= 90
            and not P.RE_DOC_NUMBER_LINE.match(line) and not line.startswith(("（", "(", "—", "-"))
            and not line.endswith(("。", "：")))


#: a covering notice: 关于印发《X》的通知, 转发…的通知, …的函
RE_NOTICE = re.compile(r"(?:关于)?(?:印发|转发|发布)[^，。]*(?:的)?(?:通知|函)$")
#: a line that is a date and nothing else (a signature), or a report's "date 在…会议上" line
RE_DATE_LINE = re.compile(r"^[（(]?\s*(?:(?:19|20)\d\d|[〇零一二][〇零一二三四五六七八九]{3})年[^，。]{1,8}日"
                          r"\s*(?:[)）]|在[^。]{0,40}(?:会议|大会)上|$)")
#: 到2022年 / 至2050年 opening a sentence: a horizon the plan sets
RE_HORIZON = re.compile(r"(?:^|[。；;，,\n：:])\s*(?:到|至|力争到|即到)((?:19|20)\d\d)年")
#: a five-year plan named by its ordinal: 第十四个五年规划
RE_FIVE_YEAR_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})个五年(?:规划|计划)")
RE_PROVINCIAL_MEETING = re.compile(r"在([\u4e00-\u9fff]{2,8}?(?:省|市|自治区))第[一二三四五六七八九十]+届人民代表大会")


def _normalise(title: str) -> str:
    return re.sub(r"[《》“”\"\s的]", "", title)


def _own_title(notice: str, body_lines: list[str]) -> str | None:
    """The attached plan's title: a body line the covering notice names (国家粮食应急预案 in
    关于印发国家粮食应急预案的函), else the name inside 《》 in the notice's title."""
    if not RE_NOTICE.search(notice):
        return None
    named = _normalise(notice)
    for i, line in enumerate(body_lines):
        both = line + body_lines[i + 1] if i + 1 < len(body_lines) else line  # a title on two lines
        for candidate in (line, both):
            if 6 <= len(candidate) <= 80 and not P.RE_SENTENCE_END.search(candidate) \
                    and P.RE_TITLE_COMPLETE.search(candidate.rstrip("）)0123456789—-年（(")) \
                    and _normalise(candidate) in named and _normalise(candidate) != named:
                return candidate.strip()
    m = re.search(r"《([^《》]{4,80})》", notice)
    return m.group(1) if m else None


def region_of(issuer: str | None, title: str, body: str = "") -> str | None:
    """The jurisdiction a plan governs: 全国 for central bodies, else the province (or the
    city, district) its issuer, title or report line names.

    >>> region_of("国务院办公厅", "关于…的意见"), region_of("浙江省人民政府", ""), region_of(None, "2025年新疆政府工作报告")
    ('全国', '浙江省', '新疆维吾尔自治区')
    """
    for text in (issuer or "", title):
        if text and P.RE_CENTRAL.match(text):
            return "全国"
        m = re.match(r"([\u4e00-\u9fff]{2,12}?(?:自治区|自治州|省|市|州|县|区|盟|旗))(?:人民政府|政府|委员会|党委|办公厅|"
                     r"办公室)", text)
        if m and not m.group(1).startswith(("省", "市", "自治区")):
            return _full_province(m.group(1))
        for short, full in P.PROVINCES.items():
            if text.startswith(full) or re.match(rf"(?:\d{{4}}年)?{short}", text):
                return full
    meeting = RE_PROVINCIAL_MEETING.search(body[:3000])
    return _full_province(meeting.group(1)) if meeting else None


def _full_province(name: str) -> str:
    for short, full in P.PROVINCES.items():
        if name in (short, full) or (name.startswith(short) and full.endswith(name[len(short):])
                                     and len(name) > len(short) and name[len(short):] in ("省", "市", "自治区")):
            return full
    return name


def _issued_in_body(body: str) -> str | None:
    """The first date line of the body (a notice's signature, a report's meeting line)."""
    for line in body[:20000].split("\n"):
        if RE_DATE_LINE.match(line.strip()):
            return parse_date(line)
    return None


def _period_from_horizons(body: str, issued: str | None) -> int | None:
    """The farthest 到YYYY年 horizon the text sets (not before it was issued)."""
    floor = int(issued[:4]) if issued else 0
    years = [int(y) for y in RE_HORIZON.findall(body[:60000]) if int(y) >= floor]
    return max(years) if years else None


def read_meta(header: list[str], body: str = "") -> HeaderMeta:
    """Read metadata from the header lines (those before the body) and, for the issuer and
    issue date when the header lacks them, from the body."""
    titles = tuple(line for line in header if _is_title(line))
    title = titles[-1] if titles else (header[0] if header else "")
    fuller = [t for t in titles if t.endswith(title) and t != title]
    if fuller:  # 2025年湖南省政府工作报告 over the bare 政府工作报告 printed under it
        title = fuller[-1]
    joined = "\n".join(header)
    version = next((m.group(1).replace(" ", "") for m in P.RE_VERSION.finditer(joined)), None)
    status_m = P.RE_STATUS.search(joined)
    status = status_m.group(1) if status_m else ("印发" if "印发" in title else None)
    number = next((line.strip("（）()") for line in header if P.RE_DOC_NUMBER_LINE.match(line)), None)
    issued = next((d for line in header if (d := parse_date(line))), None) or _issued_in_body(body)
    issuer = _issuer(title, number, body)
    own = _own_title(title, [line.strip() for line in body[:20000].split("\n") if line.strip()])
    if own:
        titles = (*titles, own) if own not in titles else titles
        title = own
    periods = [(int(a), int(b)) for a, b in P.RE_PERIOD.findall(f"{joined}\n{title}") if int(a) <= int(b)]
    five = P.RE_FIVE_YEAR.search(title)
    ordinal = RE_FIVE_YEAR_ORDINAL.search(title)
    if periods:
        start, end = periods[-1]  # the line nearest the body names the body's period
    elif five:
        start, end = P.FIVE_YEAR_PLANS[five.group(1)]
    elif ordinal and parse_number(ordinal.group(1)) >= 6:  # regular five-year terms since 1981
        start = 1981 + 5 * (int(parse_number(ordinal.group(1))) - 6)
        end = start + 4
    else:
        year = P.RE_SINGLE_YEAR.search(title)
        start = end = int(year.group(1)) if year and P.RE_TITLE_WORD.search(title) else None
    region = region_of(issuer, title, body)
    if issuer and region and issuer.startswith(("省", "市", "自治区")) and region != "全国":
        issuer = region + issuer[issuer.index("人民政府"):] if "人民政府" in issuer else issuer  # 省人民政府
    return HeaderMeta(title, titles, version, status, issued, start, end, issuer, number, region,
                      _period_from_horizons(body, issued))


def _issuer(title: str, number: str | None, body: str) -> str | None:
    m = P.RE_ISSUER_PREFIX.match(title)
    if m:
        return re.sub(r"转发.*$", "", m.group(1)).strip()  # 国务院办公厅转发国家教委 → 国务院办公厅
    if number:
        for prefix, name in _ISSUER_BY_PREFIX:
            if number.startswith(prefix):
                return name
    speaker = _SPEAKER.search(body[:2000])
    return speaker.group(1) if speaker else None
