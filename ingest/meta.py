"""Plan metadata from the header lines: titles, version, status, issue date, period, issuer, 文号.

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
from policykg.errors import ParseError

__all__ = ["HeaderMeta", "read_meta", "parse_date"]


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


_ISSUER_BY_PREFIX = (("国办发", "国务院办公厅"), ("国发", "国务院"), ("中发", "中共中央、国务院"))
_SPEAKER = re.compile(r"我代表([^，,。]{2,20}?)(?:，|,|向)")


def _is_title(line: str) -> bool:
    return (bool(P.RE_TITLE_WORD.search(line)) and len(line) <= 90
            and not P.RE_DOC_NUMBER_LINE.match(line) and not line.startswith(("（", "(", "—", "-"))
            and not line.endswith(("。", "：")))


def read_meta(header: list[str], body: str = "") -> HeaderMeta:
    """Read metadata from the header lines (those before the body) and, for the issuer and
    issue date when the header lacks them, from the body."""
    titles = tuple(line for line in header if _is_title(line))
    title = titles[-1] if titles else (header[0] if header else "")
    joined = "\n".join(header)
    version = next((m.group(1).replace(" ", "") for m in P.RE_VERSION.finditer(joined)), None)
    status_m = P.RE_STATUS.search(joined)
    status = status_m.group(1) if status_m else ("印发" if "印发" in title else None)
    number = next((line.strip("（）()") for line in header if P.RE_DOC_NUMBER_LINE.match(line)), None)
    issued = next((d for line in header if (d := parse_date(line))), None)
    periods = [(int(a), int(b)) for a, b in P.RE_PERIOD.findall(joined) if int(a) <= int(b)]
    if periods:
        start, end = periods[-1]  # the line nearest the body names the body's period
    else:
        year = P.RE_SINGLE_YEAR.search(title)
        start = end = int(year.group(1)) if year and P.RE_TITLE_WORD.search(title) else None
    issuer = _issuer(title, number, body)
    return HeaderMeta(title, titles, version, status, issued, start, end, issuer, number)


def _issuer(title: str, number: str | None, body: str) -> str | None:
    m = P.RE_ISSUER_PREFIX.match(title)
    if m:
        return m.group(1).strip()
    if number:
        for prefix, name in _ISSUER_BY_PREFIX:
            if number.startswith(prefix):
                return name
    speaker = _SPEAKER.search(body[:2000])
    return speaker.group(1) if speaker else None
