"""Tables that a web page or PDF flattened to one cell per line, read back into figures.

A plan's appendix often carries its targets as a table (分年度招生任务, 主要指标). Pasted as text,
each cell becomes a line::

    省（市） / 1995年招生人数 / 扩招 / 分年度招生任务 / 1996年 / 1997年 / 1998年
    总计 / 1445 / 555 / 1600 / 1800 / 2000
    江苏 / 100 / 100 / 120 / 140 / 200

The header is the run of text cells before the first number; each row is a text cell (its label)
followed by numbers. A header that stands over year columns (分年度招生任务 over 1996年 … 1998年)
names them. Each number becomes a :class:`Figure` with its row, its column, the year its column
names (or None) and the table's unit (``单位：万元``, ``（亿元）`` in a header, ``人数`` → 人).

Pure functions over the cleaned text; offsets are into that text.

>>> text = "计划表\\n地区\\n2020年\\n2025年\\n甲\\n10\\n12\\n乙\\n20\\n25\\n合计\\n30\\n37"
>>> [(f.row, f.column, f.value, f.year) for f in find_tables(text)[0].figures][:2]
[('甲', '', 10.0, 2020), ('甲', '', 12.0, 2025)]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest import lexicon as L
from ingest.numbers import parse_number

__all__ = ["Figure", "Table", "find_tables", "table_line_runs"]

#: a cell is at most this long; a table is a run of at least this many cells, a third numbers
CELL_MAX, RUN_MIN = 12, 6
RE_NUMERIC = L.RE_NUMBER_CELL
RE_YEAR_CELL = re.compile(r"^((?:19|20)\d\d)年(?:底|末)?$")
RE_YEAR_IN = re.compile(r"((?:19|20)\d\d)年(?:底|末)?")
RE_UNIT_NOTE = re.compile(r"单位[：:]\s*([^\s，。；]{1,6})")
RE_UNIT_PAREN = re.compile(r"[（(]([万亿]?(?:元|人|个|家|吨|亩|公里|千瓦|%|名|所|件|项|户))[)）]")
#: what a header says when its numbers count people
RE_PEOPLE = re.compile(r"人数|人次|招生|就业")
#: a column of changes (扩招, 新增, 增长) rather than levels
RE_CHANGE = re.compile(r"扩|新增|增加|增长|减少|下降|提高")
RE_TOTAL = re.compile(r"^(?:总计|合计|全国|全省|全市|全区|小计)$")


@dataclass(frozen=True)
class Figure:
    """One number of a table with what its row and column say about it."""

    row: str
    column: str
    value: float
    unit: str | None
    year: int | None
    change: bool
    start: int
    end: int

    @property
    def metric(self) -> str:
        """The row and column names together: 江苏招生任务, 招生任务总计."""
        if RE_TOTAL.match(self.row):
            return f"{self.column}{self.row}"
        return f"{self.row}{self.column}"


@dataclass(frozen=True)
class Table:
    title: str
    start: int
    end: int
    figures: tuple[Figure, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({f.year for f in self.figures if f.year is not None}))


def table_line_runs(lines: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """(first, end) indices into ``lines`` of each flattened table: a run of six or more short
    lines without a sentence end, a third of them numbers."""
    out = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][1] - lines[j][0] <= CELL_MAX and \
                not L.RE_SENTENCE_END.search(text[lines[j][0]:lines[j][1]]):
            j += 1
        cells = [text[s:e].strip() for s, e in lines[i:j]]
        figures = sum(bool(RE_NUMERIC.match(c) or L.RE_NUMERIC_LINE.match(c)) for c in cells)
        if j - i >= RUN_MIN and 3 * figures >= len(cells):
            out.append((i, j))
        i = max(j, i + 1)
    return out


def _unit(notes: str, headers: list[str]) -> tuple[str | None, float]:
    """The table's unit and the factor its magnitude adds (万元 → 元, 10000)."""
    m = RE_UNIT_NOTE.search(notes) or next(filter(None, (RE_UNIT_PAREN.search(h) for h in headers)), None)
    if m:
        unit = m.group(1)
        if unit[0] in "万亿" and len(unit) > 1:
            return unit[1:], parse_number("1" + unit[0])
        return unit, 1.0
    if any(RE_PEOPLE.search(h) for h in headers):
        return "人", 1.0
    return None, 1.0


def _columns(header: list[str], width: int) -> list[tuple[str, int | None]]:
    """(name, year) of each of the last ``width`` header cells. The year cells that end a header
    may stand under a group cell (分年度招生任务 over 1996年 … 1998年): a text cell between other
    number columns and those years names them and is no column itself."""
    years = 0
    while years < len(header) and RE_YEAR_CELL.match(header[-1 - years]):
        years += 1
    group = ""
    cells = list(header)
    if 0 < years < width and len(header) > years:
        group = cells.pop(len(cells) - years - 1)  # other columns come before it: a group cell
    out = []
    for h in cells[-width:] if width else []:
        year = RE_YEAR_IN.search(h)
        name = group if RE_YEAR_CELL.match(h) else RE_YEAR_IN.sub("", h).strip("（）() ")
        out.append((name, int(year.group(1)) if year else None))
    return out


def _read(cells: list[tuple[str, int, int]], notes: str) -> tuple[Figure, ...]:
    first_number = next((i for i, c in enumerate(cells) if RE_NUMERIC.match(c[0])), None)
    if first_number is None or first_number < 2:
        return ()
    header = [c[0] for c in cells[:first_number - 1]]
    rows: list[tuple[str, list[tuple[str, int, int]]]] = []
    for cell in cells[first_number - 1:]:
        if RE_NUMERIC.match(cell[0]):
            if rows:
                rows[-1][1].append(cell)
        else:
            rows.append((cell[0], []))
    widths = Counter(len(nums) for _, nums in rows if nums)
    if not widths:
        return ()
    width = widths.most_common(1)[0][0]
    columns = _columns(header, width)
    unit, factor = _unit(" ".join([notes, *header]), header)
    out = []
    for label, nums in rows:
        if len(nums) != width:
            continue  # a row that lost or gained a cell cannot be placed in its columns
        for (name, year), (text, start, end) in zip(columns, nums):
            found = re.match(r"[-+]?[\d,.]+%?", text)  # 120（扩招）: the number without its note
            assert found is not None  # the cell matched RE_NUMERIC, which opens with such a number
            number = found.group()
            percent = number.endswith("%")
            value = float(number.rstrip("%").replace(",", "")) * (1.0 if percent else factor)
            out.append(Figure(label, name, value, "%" if percent else unit, year,
                              bool(RE_CHANGE.search(name)), start, end))
    return tuple(out)


def find_tables(text: str) -> list[Table]:
    """Every flattened table in ``text`` with its figures (a table whose rows cannot be told
    apart yields none)."""
    lines, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    tables = []
    for i, j in table_line_runs(lines, text):
        before = [text[s:e].strip() for s, e in lines[max(0, i - 3):i]]
        title = before[-1] if before else ""
        cells = [(text[s:e].strip(), s, e) for s, e in lines[i:j]]
        figures = _read(cells, " ".join(before))
        if figures:
            tables.append(Table(title, lines[i][0], lines[j - 1][1], figures))
    return tables
