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
from core.errors import ParseError

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


#: how a speech names its own government (我代表区政府): the region's 人民政府 in full
_SPEECH_SHORT_NAMES = ("区政府", "县政府", "市政府", "州政府", "旗政府", "区人民政府", "县人民政府", "市人民政府")
_ISSUER_BY_PREFIX = (("国办发", "国务院办公厅"), ("国发", "国务院"), ("中发", "中共中央、国务院"))
_SPEAKER = re.compile(r"我代表([^，,。]{2,20}?)(?:，|,|向)")


def _is_title(line: str) -> bool:
    return (bool(P.RE_TITLE_WORD.search(line)) and len(line) <= 90
            and not P.RE_DOC_NUMBER_LINE.match(line) and not RE_DATE_LINE.match(line)
            and not line.startswith(("（", "(", "—", "-"))
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
RE_PROVINCIAL_MEETING = re.compile(r"在([\u4e00-\u9fff]{2,12}?(?:省|市|自治区|自治州|州|盟|区|县|旗))第[一二三四五六七八九十]+届"
                                   r"人民代表大会")
#: a body that signs: a line naming a government, its office or a department (above the date line)
RE_SIGNATURE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|厅|局|部|院|署)$")
#: a report's speaker line: 保定市清苑区人民政府区长 李英英 (the government that reports)
RE_SPEAKER_LINE = re.compile(r"^([\u4e00-\u9fff]{2,20}?人民政府)(?:代理)?(?:代)?(?:省|市|区|县|州|旗)长\s*[\u4e00-\u9fff·]{2,5}$")
#: a policy's term: 自2023年7月3日起施行，有效期至2025年12月31日 / 有效期3年
RE_VALIDITY = re.compile(r"(?:自((?:19|20)\d\d)年[^。；]{0,12}起(?:施行|实施|执行)[，,]?)?有效期(?:至|到)((?:19|20)\d\d)年"
                         r"|(?:自((?:19|20)\d\d)年[^。；]{0,12}起(?:施行|实施|执行)[，,]?)?有效期([一二三四五六七八九十\d]{1,2})年")
#: the covering notice's sentence that names the plan it issues: 《X》已经省政府同意，现印发给你们
RE_ISSUES_NAMED = re.compile(r"《([^《》\n]{4,100})》[^。\n]{0,30}(?:印发给你们|现予印发|予以印发|印发实施)")


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


def _signature_in_body(body: str) -> str | None:
    """The body that signs the covering notice: the line right above its date line
    (深圳市坪山区人民政府办公室 / 2023年6月21日), or a report's speaker line (…人民政府区长 李英英)."""
    previous = ""
    for line in body[:20000].split("\n"):
        line = line.strip()
        if not line:
            continue
        speaker = RE_SPEAKER_LINE.match(line)
        if speaker:
            return speaker.group(1)
        if RE_DATE_LINE.match(line) and RE_SIGNATURE.match(previous):
            return previous
        previous = line
    return None


def _title_named_by_notice(lines: list[str]) -> str | None:
    """The plan a covering notice without a title line issues: the 《X》 its opening sentence
    names (《X》已经省政府同意，现印发给你们), as a later line prints it when one does."""
    for i, line in enumerate(lines[:3]):
        m = RE_ISSUES_NAMED.search(line)
        if m:
            name = m.group(1)
            return next((x for x in lines[i + 1:i + 8] if _normalise(x) == _normalise(name)), name)
    return None


def _validity(text: str, issued: str | None) -> tuple[int, int] | None:
    """The years a policy is in force: from the year it takes effect (else its issue year) to
    the end of its term (有效期至2025年…, 有效期3年)."""
    m = RE_VALIDITY.search(text)
    if not m:
        return None
    start_year = m.group(1) or m.group(3) or (issued[:4] if issued else None)
    if m.group(2):
        end = int(m.group(2))
        start = int(start_year) if start_year else end
    elif start_year:
        start = int(start_year)
        end = start + int(parse_number(m.group(4))) - 1
    else:
        return None
    return (start, end) if start <= end else None


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
    body_lines = [line.strip() for line in body[:20000].split("\n") if line.strip()]
    own = _own_title(title, body_lines)
    if not titles and not own:  # a notice whose title the page left out: the plan it names
        own = _title_named_by_notice(body_lines)
    signed = _signature_in_body(f"{joined}\n{body}")
    if signed and (issuer is None or (signed.endswith(issuer) and signed != issuer)
                   or issuer in _SPEECH_SHORT_NAMES):
        issuer = signed  # 深圳市坪山区人民政府办公室 over 坪山区人民政府办公室; 区政府 in a speech
    if own:
        titles = (*titles, own) if own not in titles else titles
        title = own
    periods = [(int(a), int(b)) for a, b in P.RE_PERIOD.findall(f"{joined}\n{title}") if int(a) <= int(b)]
    five = P.RE_FIVE_YEAR.search(title)
    ordinal = RE_FIVE_YEAR_ORDINAL.search(title)
    start: int | None
    end: int | None
    if periods:
        start, end = periods[-1]  # the line nearest the body names the body's period
    elif five:
        start, end = P.FIVE_YEAR_PLANS[five.group(1)]
    elif ordinal and parse_number(ordinal.group(1)) >= 6:  # regular five-year terms since 1981
        start = 1981 + 5 * (int(parse_number(ordinal.group(1))) - 6)
        end = start + 4
    elif (term := _validity(body[-3000:], issued)) is not None:
        start, end = term  # 有效期至2025年12月31日: a support policy is in force until then
    else:
        year = P.RE_SINGLE_YEAR.search(title)
        start = end = int(year.group(1)) if year and P.RE_TITLE_WORD.search(title) else None
    region = region_of(issuer, title, f"{joined}\n{body}")
    if issuer in _SPEECH_SHORT_NAMES and region and region != "全国":
        issuer = region + "人民政府"  # 我代表区政府 in 保定市清苑区's report
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
