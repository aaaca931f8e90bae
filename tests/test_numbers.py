"""Arabic and Chinese numerals with magnitudes (ingest/numbers.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.numbers import parse_number, parse_year, to_ascii_digits
from core.errors import ParseError

NUMBERS = [
    ("1.2万", 12000),
    ("6千", 6000),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("二〇三五", 2035),
    ("二零一七", 2017),
    ("两", 2),
    ("二", 2),
    ("十", 10),
    ("十五", 15),
    ("二十", 20),
    ("一百二十", 120),
    ("一百二", 120),
    ("一百零五", 105),
    ("三千五百万", 35_000_000),
    ("一亿二千万", 120_000_000),
    ("两万五", 25000),
    ("3.5", 3.5),
    ("1,000", 1000),
    ("12,345.5", 12345.5),
    ("３.５", 3.5),
    ("８万", 80000),
    ("74.4万亿", 7.44e13),
    ("1.2万亿", 1.2e12),
    ("8000亿", 8e11),
    ("200万", 2_000_000),
    ("二十万亿", 2e13),
    ("万亿", 1e12),
    ("三点五", 3.5),
    (" 42 ", 42),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers_parse_number_values(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_numbers_parse_number_is_exact_for_decimal_magnitudes() -> None:
    # float arithmetic would give 74400000000000.01; Decimal inside keeps it exact
    assert parse_number("74.4万亿") == 74_400_000_000_000.0
    assert parse_number("0.1万") == 1000.0


@pytest.mark.parametrize("text", ["", "   ", "abc", "1,00", "点", "一二万三四", "1.2.3", "五%"])
def test_numbers_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ParseError) as err:
        parse_number(text)
    assert repr(text) in str(err.value)


@pytest.mark.parametrize(("text", "year"), [("2017", 2017), ("二〇三五", 2035), ("二零二零", 2020)])
def test_numbers_parse_year(text: str, year: int) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["十五", "3.5", "99999"])
def test_numbers_parse_year_rejects_non_years(text: str) -> None:
    with pytest.raises(ParseError, match="not a year"):
        parse_year(text)


def test_numbers_to_ascii_digits_keeps_length() -> None:
    text = "孵化面积２００万方，增长３．５％"
    out = to_ascii_digits(text)
    assert len(out) == len(text)
    assert "200万方" in out and "3.5" in out


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_numbers_parse_number_roundtrips_integers(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,一二两三四五六七八九十百千万亿〇零点多 x", max_size=12))
def test_numbers_parse_number_raises_only_parse_error(text: str) -> None:
    try:
        value = parse_number(text)
    except ParseError:
        return
    assert isinstance(value, float)
