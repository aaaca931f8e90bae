"""Read Arabic and Chinese numerals, with magnitudes, as numbers.

Pure functions, no I/O. Plans mix both scripts freely: ``1.2万``, ``6千``, ``千亿``,
``74.4万亿``, ``二〇三五``, ``一百二十``, ``1,000``, full-width ``３.５``. Everything here
returns exact values computed with :class:`decimal.Decimal` and converted to ``float`` only at
the end, so ``74.4万亿`` is exactly ``7.44e13`` and not ``74400000000000.01``.

>>> parse_number("1.2万")
12000.0
>>> parse_number("二〇三五")
2035.0
>>> parse_year("二〇三五")
2035
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from core.errors import ParseError

__all__ = ["CN_DIGIT_VALUES", "MAGNITUDES", "format_number", "format_quantity", "parse_number", "parse_year",
           "to_ascii_digits"]

#: Chinese digits (including the financial forms) and their values.
CN_DIGIT_VALUES: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
#: Positional units below ten thousand (they group inside a 万 or 亿 section).
_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: Section units: each closes the digits before it.
_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
#: Every magnitude character with its multiplier.
MAGNITUDES: dict[str, int] = {**_SMALL_UNITS, **_BIG_UNITS}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_RE_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_RE_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def to_ascii_digits(text: str) -> str:
    """Turn full-width digits, point and comma into ASCII ones (same length, same offsets).

    >>> to_ascii_digits("３.５万")
    '3.5万'
    """
    return text.translate(_FULLWIDTH)


def _tokens(text: str, original: str) -> list[tuple[str, Decimal | str]]:
    """Split a numeral into ('num', value) and ('unit', char) / ('digit', value) tokens."""
    out: list[tuple[str, Decimal | str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        m = _RE_ARABIC.match(text, i)
        if m:
            raw = m.group()
            if "," in raw and not _RE_THOUSANDS.match(raw):
                raise ParseError(repr(original), f"{raw!r} is not a number with thousands separators "
                                 "(expected groups of three digits such as '1,000')", i)
            out.append(("num", Decimal(raw.replace(",", ""))))
            i = m.end()
        elif ch in CN_DIGIT_VALUES:
            out.append(("digit", Decimal(CN_DIGIT_VALUES[ch])))
            i += 1
        elif ch in MAGNITUDES:
            out.append(("unit", ch))
            i += 1
        elif ch == "点" and out and out[-1][0] == "digit":
            j = i + 1
            while j < len(text) and text[j] in CN_DIGIT_VALUES:
                j += 1
            if j == i + 1:
                raise ParseError(repr(original), "'点' must be followed by Chinese digits, as in '三点五'", i)
            frac = "".join(str(CN_DIGIT_VALUES[c]) for c in text[i + 1:j])
            whole = out.pop()[1]
            out.append(("num", Decimal(f"{whole}.{frac}")))
            i = j
        else:
            raise ParseError(repr(original), f"unexpected character {ch!r} in a number; expected "
                             "Arabic digits, Chinese digits (一…九, 〇, 两) or magnitudes (十百千万亿)", i)
    return out


def _positional(tokens: list[tuple[str, Decimal | str]]) -> Decimal | None:
    """Digit-by-digit readings such as 二〇三五 (no magnitude, two or more Chinese digits)."""
    if len(tokens) > 1 and all(kind == "digit" for kind, _ in tokens):
        return Decimal("".join(str(int(v)) for _, v in tokens))
    return None


def _combine(tokens: list[tuple[str, Decimal | str]], original: str) -> Decimal:
    total = Decimal(0)      # everything closed by 万/亿
    section = Decimal(0)    # the part below the next 万/亿
    number: Decimal | None = None
    last_big = 0
    last_small = 0
    for _, val in tokens:
        if isinstance(val, Decimal):  # a 'num' or 'digit' token (only those carry a value)
            if number is not None and number != 0:
                raise ParseError(repr(original), "two numbers in a row; write one number such as "
                                 "'1.2万' or '一百二十'", None)
            number = val  # a 零 placeholder (一百零五) is simply replaced
        elif val in _SMALL_UNITS:
            unit = _SMALL_UNITS[val]
            section += (Decimal(1) if number is None else number) * unit
            number, last_small = None, unit
        else:
            unit = _BIG_UNITS[val]
            if number is not None:
                section += number
                number = None
            if section == 0 and total == 0:
                section = Decimal(1)          # a leading magnitude: 万 = 1万, 亿 = 1亿
            if section == 0:
                total *= unit                 # 万亿: the 亿 scales what 万 closed
            elif unit > last_big and total:
                total = (total + section) * unit
            else:
                total += section * unit
            section, last_small = Decimal(0), 0
            last_big = max(last_big, unit)
    if number is not None:
        # 一百二 means 120: a trailing digit right after a unit counts one place lower
        previous = tokens[-2] if len(tokens) >= 2 else None
        if previous and previous[0] == "unit" and previous[1] in _SMALL_UNITS and last_small >= 100:
            number *= last_small // 10
        elif previous and previous[0] == "unit" and previous[1] in _BIG_UNITS and last_big >= 10**4 \
                and tokens[-1][0] == "digit":
            number *= last_big // 10
        section += number
    return total + section


def parse_number(text: str) -> float:
    """Read one numeral written with Arabic or Chinese digits and magnitudes.

    Parameters
    ----------
    text : str
        The numeral alone, e.g. ``"1.2万"``, ``"千亿"``, ``"一百二十"``, ``"二〇三五"``,
        ``"1,000"``; full-width digits are accepted. Surrounding spaces are ignored.

    Returns
    -------
    float
        The value; a leading magnitude counts as one of it (``千亿`` is 1e11); a run of
        Chinese digits without magnitudes reads digit by digit (``二〇三五`` is 2035).

    Raises
    ------
    core.errors.ParseError
        When ``text`` is empty or holds anything but digits, magnitudes, one decimal point
        and thousands separators.

    Examples
    --------
    >>> parse_number("74.4万亿")
    74400000000000.0
    >>> parse_number("十五"), parse_number("两"), parse_number("6千"), parse_number("1,000")
    (15.0, 2.0, 6000.0, 1000.0)
    """
    original = text
    text = to_ascii_digits(text).strip()
    if not text:
        raise ParseError(repr(original), "empty number; expected digits such as '3.5' or '一百二十'")
    tokens = _tokens(text, original)
    value = _positional(tokens)
    if value is None:
        value = _combine(tokens, original)
    try:
        return float(value)
    except (InvalidOperation, OverflowError) as exc:  # pragma: no cover - Decimal to float never fails
        raise ParseError(repr(original), f"number out of range: {exc}") from exc


def parse_year(text: str) -> int:
    """Read a four-digit year in either script: ``2035``, ``二〇三五``, ``二零三五``.

    Raises
    ------
    core.errors.ParseError
        When the result is not a whole number between 1000 and 2999.

    >>> parse_year("2017"), parse_year("二零一七")
    (2017, 2017)
    """
    value = parse_number(text)
    if value != int(value) or not 1000 <= value <= 2999:
        raise ParseError(repr(text), "not a year; expected four digits such as '2017' or '二〇一七'")
    return int(value)


# ---- writing numbers back the way plans write them ----------------------------------------
_WRITE_MAGNITUDES = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))
#: units whose amounts people read with 万/亿 (money and counts), not percentages or years
_NO_MAGNITUDE = {"%", "百分点", "倍", "岁", "年"}
_PREFIX = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< "}
MISSING = "—"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float | None, unit: str | None = None) -> str:
    """A canonical value written as a plan would: ``1e11`` 元 → ``1000亿元``, ``1.31e7`` 人 →
    ``1310万人``, ``5`` % → ``5%``; missing → ``—``.

    >>> format_number(1e11, "元"), format_number(1.2e12, "元"), format_number(80000, "名")
    ('1000亿元', '1.2万亿元', '8万名')
    >>> format_number(6000, "件"), format_number(6.5, "%"), format_number(None, "%")
    ('6000件', '6.5%', '—')
    """
    if value is None or value != value:
        return MISSING
    unit = unit or ""
    exact = Decimal(repr(float(value)))
    if unit not in _NO_MAGNITUDE:
        for size, name in _WRITE_MAGNITUDES:
            scaled = exact / size
            if abs(exact) >= size and scaled == scaled.quantize(Decimal("0.0001")):
                return f"{_plain(scaled)}{name}{unit}"  # at most four decimals: 1.2345亿元
    return f"{_plain(exact)}{unit}"


def format_quantity(props: Mapping[str, Any]) -> str:
    """A target or outcome as people read it: ``5%左右``, ``6.5%–7%``, ``≥ 8万名``, ``by 2016``
    for a milestone; ``—`` when it has no value and no year.

    >>> format_quantity({"value": 5, "unit": "%", "comparator": "~"})
    '5%左右'
    >>> format_quantity({"value": 6.5, "value_max": 7, "unit": "%", "comparator": ">="})
    '6.5%–7%'
    >>> format_quantity({"value": 80000, "unit": "名", "comparator": ">="})
    '≥ 8万名'
    >>> format_quantity({"value": None, "kind": "milestone", "year": 2016, "comparator": "<="})
    'by 2016'
    """
    value, unit = props.get("value"), props.get("unit")
    if value is None:
        year = props.get("year")
        return f"by {year}" if year else MISSING
    high = props.get("value_max")
    if high is not None:
        low = format_number(value, unit if unit in _NO_MAGNITUDE else None)
        return f"{low}–{format_number(high, unit)}"
    text = format_number(value, unit)
    comparator = props.get("comparator") or "="
    if comparator == "~":
        return text + "左右"
    return _PREFIX.get(comparator, "") + text
