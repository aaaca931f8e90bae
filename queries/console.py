"""The read-only analyst console behind ``policykg query``: a catalogue name or raw Cypher.

Raw Cypher is checked before it reaches the engine. With string literals, comments and
backticked names blanked out (so ``RETURN 'CREATE'`` passes), the text is refused when it holds

* a clause that writes or administers: CREATE (or its GQL synonym INSERT), MERGE, DELETE,
  DETACH DELETE, SET, REMOVE, DROP, ALTER, COPY, LOAD CSV / LOAD FROM, INSTALL, ATTACH, EXPORT,
  IMPORT, FOREACH, USE, transaction control (BEGIN, COMMIT, ROLLBACK, CHECKPOINT) or Neo4j
  administration (GRANT, TERMINATE, …);
* ``CALL`` of a procedure outside a short read-only allow-list per engine
  (each engine's ``procedures``, ``graph.engines.ENGINES``; ``CALL { … }`` subqueries are
  checked like the rest);
* more than one statement;
* a variable-length pattern without an upper bound (``[*]``, ``[:R*2..]``): give one, e.g.
  ``[*1..5]``. An unbounded pattern can enumerate paths for ever;
* extension management (``INSTALL``, ``UPDATE``, ``LOAD EXTENSION``), which would reach the
  network or the file system;
* more than :data:`MAX_QUERY_CHARS` characters or brackets nested deeper than
  :data:`MAX_NESTING` (the engine's parser can exhaust its stack on ``RETURN ((((…``).

The engine is the second guard: the CLI opens the store read-only, and the store runs every
console query in a read-only transaction (Ladybug, in a process of its own whose memory and
time are watched: :meth:`~graph.ladybug_store.LadybugStore.run_bounded`) or with read routing
(Neo4j). Rows are fetched one at a time and fetching stops after ``limit`` of them, with a
message saying there were more; a timeout and a memory ceiling cut long or huge queries off.

>>> check_read_only("MATCH (n:Task) WHERE n.title = 'CREATE' RETURN n.id // SET later", "ladybug")
>>> check_read_only("match (n) detach delete n", "ladybug")
Traceback (most recent call last):
...
core.errors.QueryError: Refused DETACH DELETE at offset 10: the console is read-only (it never changes the store). Use `policykg ingest` or `policykg remove` to change what is stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping, Sequence

from graph.engines import ENGINES
from core.errors import QueryError, UnknownQueryError
from graph.store import GraphStore
from ingest.indicators import vocabulary
from ingest.numbers import format_number, format_quantity
from analysis.present import display_width, fit
from queries.catalog import CATALOG, run_named

__all__ = ["ConsoleResult", "run_console", "check_read_only", "strip_literals", "raw_params",
           "render", "FORMATS", "DEFAULT_LIMIT", "DEFAULT_TIMEOUT_S",
           "MAX_LIMIT", "MAX_TIMEOUT_S", "MIN_TIMEOUT_S", "MAX_QUERY_CHARS", "MAX_NESTING",
           "check_limits"]

FORMATS = ("table", "json", "csv")
#: Widest cell of ``--format table`` (in terminal columns; CJK characters count two).
CELL_WIDTH = 48

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT_S = 10.0
#: The row limit and timeout a caller may ask for (a timeout under a millisecond would be none).
MAX_LIMIT = 100_000
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.001, 3600.0
#: Longest query text and deepest nesting of ( [ { the console passes to the engine.
MAX_QUERY_CHARS = 20_000
MAX_NESTING = 64
#: Largest total size of parameter values (characters).
MAX_PARAM_CHARS = 1_000_000

#: Words that start a writing or administrative clause anywhere in a statement.
_WRITE_WORDS = frozenset({
    "CREATE", "INSERT", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "ALTER", "COPY", "LOAD",
    "INSTALL", "UNINSTALL", "UPDATE", "ATTACH", "EXPORT", "IMPORT", "FOREACH", "USE", "BEGIN", "COMMIT",
    "ROLLBACK", "CHECKPOINT", "GRANT", "DENY", "REVOKE", "TERMINATE", "RENAME"})
#: Administrative words that only count at the start of a statement (``start`` is a fine name).
_LEADING_WORDS = frozenset({"START", "STOP", "ENABLE", "DEALLOCATE", "REALLOCATE"})

# ---- patterns (all in one place) ----------------------------------------------------------
_RE_LITERAL = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.S)
_RE_UNTERMINATED = re.compile(r"""['"`]|/\*""")
_RE_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\S")
_RE_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# a relationship pattern's star: [r:TYPE|TYPE *lo..hi] with optional SHORTEST-like modifiers
_RE_VARLEN = re.compile(
    r"\[\s*[A-Za-z_0-9]*\s*(?::\s*[A-Za-z_0-9|:!&%\s]*?)?\*\s*"
    r"(?:(?:ALL\s+)?SHORTEST\s+|WSHORTEST\s*\([^)]*\)\s*|TRAIL\s+|ACYCLIC\s+)?"
    r"(?P<lo>\d+)?\s*(?P<dots>\.\.)?\s*(?P<hi>\d+)?\s*(?P<next>.)", re.I | re.S)
_RE_QPP = re.compile(r"\)\s*(?:[+*]|\{\s*\d*\s*,\s*\})")
_RE_INT = re.compile(r"[+-]?\d+")
_RE_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class ConsoleResult:
    """What the console shows: columns, rows, whether the row limit cut in, and a note for people."""

    columns: list[str]
    rows: list[tuple] = field(default_factory=list)
    truncated: bool = False
    message: str | None = None

    def dicts(self) -> list[dict[str, Any]]:
        """Rows keyed by column (the ``--format json`` shape).

        >>> ConsoleResult(["n"], [(20,)]).dicts()
        [{'n': 20}]
        """
        return [dict(zip(self.columns, row)) for row in self.rows]


# ---- checks on the text -----------------------------------------------------------------

def strip_literals(text: str) -> str:
    """``text`` with strings and comments blanked and backticked names made plain, same length.

    >>> strip_literals("RETURN 'a;b' AS `x y` // DELETE")
    'RETURN 0     AS _____          '
    """
    def blank(m: re.Match) -> str:
        s = m.group(0)
        if s[0] in "'\"":
            return "0" + " " * (len(s) - 1)  # an opaque value token
        if s[0] == "`":
            return "_" * len(s)
        return " " * len(s)

    out = _RE_LITERAL.sub(blank, text)
    m = _RE_UNTERMINATED.search(out)
    if m:
        raise QueryError(f"Unterminated {'comment' if m.group(0) == '/*' else 'quote'} "
                         f"{m.group(0)} at offset {m.start()}: close it and retry.")
    return out


def _tokens(stripped: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _RE_TOKEN.finditer(stripped)]


_EXTENSION_CLAUSES = frozenset({"INSTALL", "UNINSTALL", "UPDATE", "LOAD EXTENSION"})


def _refuse(clause: str, offset: int) -> QueryError:
    if clause in _EXTENSION_CLAUSES:
        return QueryError(f"Refused {clause} at offset {offset}: the console does not manage engine "
                          "extensions (that would reach the network or the file system).")
    return QueryError(f"Refused {clause} at offset {offset}: the console is read-only (it never "
                      "changes the store). Use `policykg ingest` or `policykg remove` to change "
                      "what is stored.")


def _is_property_or_param(tokens: list[tuple[str, int]], i: int) -> bool:
    """``n.set``, ``$set``: a keyword-like word that is a property key or a parameter name."""
    if i == 0:
        return False
    prev = tokens[i - 1][0]
    if prev == "$":
        return True
    return prev == "." and i >= 2 and (_RE_IDENT.fullmatch(tokens[i - 2][0]) is not None
                                       or tokens[i - 2][0] in (")", "]"))


def _procedure(tokens: list[tuple[str, int]], i: int) -> str | None:
    """The dotted procedure name after ``CALL`` at ``i``, or None for a ``CALL {…}`` subquery."""
    parts: list[str] = []
    j = i + 1
    while j < len(tokens) and _RE_IDENT.fullmatch(tokens[j][0]):
        parts.append(tokens[j][0])
        if j + 1 < len(tokens) and tokens[j + 1][0] == ".":
            j += 2
            continue
        break
    return ".".join(parts) if parts else None


def check_limits(limit: Any, timeout_s: Any) -> tuple[int, float]:
    """The row limit and timeout as numbers, or a :class:`QueryError` saying what is allowed.

    >>> check_limits(5, 0.5)
    (5, 0.5)
    >>> check_limits(5, float("nan"))
    Traceback (most recent call last):
    ...
    core.errors.QueryError: The timeout must be a number of seconds from 0.001 to 3600, got nan.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"The row limit must be a whole number from 1 to {MAX_LIMIT:,}, got {limit!r}.")
    try:
        seconds = float(timeout_s)
    except (TypeError, ValueError):
        seconds = float("nan")
    if not MIN_TIMEOUT_S <= seconds <= MAX_TIMEOUT_S:  # also false for nan
        raise QueryError(f"The timeout must be a number of seconds from {MIN_TIMEOUT_S:g} to "
                         f"{MAX_TIMEOUT_S:g}, got {timeout_s!r}.")
    return limit, seconds


def _check_size(text: str, stripped: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"Query of {len(text):,} characters refused: the console takes at most "
                         f"{MAX_QUERY_CHARS:,}. Pass long values as parameters (--param) instead.")
    depth = 0
    for at, ch in enumerate(stripped):
        if ch in "([{":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(f"Brackets nested deeper than {MAX_NESTING} at offset {at} refused: "
                                 "the engine's parser cannot take that. Simplify the expression.")
        elif ch in ")]}":
            depth = max(0, depth - 1)


def check_read_only(text: str, engine: str) -> None:
    """Raise :class:`QueryError` when ``text`` could write, administer, or run without end.

    Parameters
    ----------
    text : str
        One Cypher statement.
    engine : str
        A key of ``graph.engines.ENGINES`` (picks the procedure allow-list).
    """
    stripped = strip_literals(text)
    _check_size(text, stripped)
    body = stripped.rstrip().rstrip(";")
    if ";" in body:
        raise QueryError(f"One statement at a time: found ';' at offset {body.index(';')}.")
    tokens = _tokens(body)
    if tokens and tokens[0][0].upper() in _LEADING_WORDS:
        raise _refuse(tokens[0][0].upper(), tokens[0][1])
    allowed = ENGINES[engine].procedures if engine in ENGINES else frozenset()
    for i, (word, offset) in enumerate(tokens):
        upper = word.upper()
        if upper not in _WRITE_WORDS and upper != "CALL":
            continue
        if _is_property_or_param(tokens, i):
            continue
        following = tokens[i + 1][0].upper() if i + 1 < len(tokens) else ""
        if upper == "CALL":
            name = _procedure(tokens, i)
            if name is None:  # CALL { … } / CALL (x) { … }: its clauses are checked in turn
                continue
            if name.lower() not in allowed:
                raise QueryError(
                    f"Refused CALL {name} at offset {offset}: only read-only procedures may be "
                    f"called from the console on {engine} ({', '.join(sorted(allowed))}).")
            continue
        clause = {"DETACH": "DETACH DELETE" if following == "DELETE" else "DETACH",
                  "LOAD": f"LOAD {following}" if following in ("CSV", "FROM", "WITH", "EXTENSION") else "LOAD"
                  }.get(upper, upper)
        raise _refuse(clause, offset)
    unbounded = _unbounded_pattern(body)
    if unbounded is not None:
        raise QueryError(
            f"Variable-length pattern without an upper bound at offset {unbounded}: it can "
            "enumerate paths for ever. Give a bound, e.g. [*1..5] or [:DEPENDS_ON*1..3].")


def _unbounded_pattern(stripped: str) -> int | None:
    """Offset of the first ``[*]``-like pattern with no upper bound, else None.

    >>> _unbounded_pattern("MATCH (a)-[*]->(b)"), _unbounded_pattern("MATCH (a)-[:R*1..3]->(b)")
    (10, None)
    >>> _unbounded_pattern("RETURN [x * 2, y * z]"), _unbounded_pattern("MATCH (a)-[r:R*2..]->(b)")
    (None, 10)
    """
    for m in _RE_VARLEN.finditer(stripped):
        if m.group("dots") and not m.group("hi"):
            return m.start()
        if not m.group("lo") and not m.group("dots") and m.group("next") in "]{(":
            return m.start()
    qpp = _RE_QPP.search(stripped)
    return qpp.start() if qpp else None


# ---- parameters ---------------------------------------------------------------------------

#: The 64-bit integers both engines store (a longer one would fail inside the driver or binding).
_INT64 = range(-2**63, 2**63)
_RE_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)")
_WORDS = {"true": True, "false": False, "null": None}


def raw_value(name: str, text: str) -> Any:
    """One ``--param`` value for raw Cypher, typed as it reads: a whole number is an int, a
    decimal a float, ``true``/``false``/``null`` what they say; quotes ('…' or "…") keep
    anything as text, and everything else is text.

    >>> [raw_value("x", v) for v in ("2017", "0.5", "1e3", "true", "null", "'0.5'", "国发〔2014〕")]
    [2017, 0.5, 1000.0, True, None, '0.5', '国发〔2014〕']
    >>> raw_value("year", "-99999999999999999999")
    Traceback (most recent call last):
      ...
    core.errors.QueryError: --param year=-99999999999999999999: whole numbers must fit in 64 bits (-9223372036854775808 to 9223372036854775807); quote it ('…') to pass it as text.
    """
    if not isinstance(text, str):
        return text
    s = text.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    if _RE_INT.fullmatch(s):
        number = int(s)
        if number not in _INT64:
            raise QueryError(f"--param {name}={s}: whole numbers must fit in 64 bits "
                             f"({_INT64.start} to {_INT64.stop - 1}); quote it ('…') to pass it as text.")
        return number
    if _RE_FLOAT.fullmatch(s):
        return float(s)
    return _WORDS[s] if s in _WORDS else text


def raw_params(params: Mapping[str, str]) -> dict[str, Any]:
    """``--param`` values for raw Cypher, each typed by :func:`raw_value`.

    >>> raw_params({"year": "2017", "name": "x' }) DETACH DELETE n //", "score": "0.5"})
    {'year': 2017, 'name': "x' }) DETACH DELETE n //", 'score': 0.5}
    """
    return {k: raw_value(k, v) for k, v in params.items()}


# ---- running --------------------------------------------------------------------------------

def _explain(exc: QueryError, timeout_s: float | None) -> QueryError:
    message = str(exc)
    if "(timeout)" in message and "raise --timeout" not in message:
        message += (f". The console stops queries after {timeout_s:g} s: narrow the pattern "
                    "(bounded *1..3, a label, a LIMIT) or raise --timeout.")
    elif "buffer pool is full" in message.lower():
        message += (" (the query needs more memory than the engine's page cache allows: bound "
                    "variable-length patterns tighter, name relationship types, or add LIMIT).")
    return QueryError(message)


def run_console(store: GraphStore, text_or_name: str, params: Mapping[str, str] | None = None, *,
                limit: int = DEFAULT_LIMIT, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> ConsoleResult:
    """Run a catalogue query by name, or one read-only Cypher statement, for an analyst.

    Parameters
    ----------
    store : GraphStore
        An open store (the CLI opens it read-only).
    text_or_name : str
        A :data:`~queries.catalog.CATALOG` name, or Cypher.
    params : mapping of str to str
        ``--param`` values as typed: catalogue parameters are converted to their declared types;
        for raw Cypher, whole numbers become ints and the rest stays text.
    limit : int
        Most rows returned; ``truncated`` and ``message`` say when more were found.
    timeout_s : float or None
        Seconds before the engine cuts the query off.

    Returns
    -------
    ConsoleResult

    Raises
    ------
    QueryError
        A refused clause, a syntax error (the engine's message, with its position), a timeout.
    UnknownQueryError
        A bare lower-case name that is not in the catalogue.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from graph.ladybug_store import LadybugStore
    >>> from core.model import Node, PlanDoc, PlanMeta
    >>> store = LadybugStore(pathlib.Path(tempfile.mkdtemp()) / "kg.lbug")
    >>> _ = store.add_plan(PlanDoc(PlanMeta(id="p", title="行动计划"), nodes=(Node("p/1", "Task", "推进"),)))
    >>> run_console(store, "MATCH (t:Task) RETURN t.title AS title", limit=5).dicts()
    [{'title': '推进'}]
    >>> run_console(store, "plans").rows[0][:2]
    ('p', '行动计划')
    >>> store.close()
    """
    limit, timeout_s = check_limits(limit, timeout_s)
    params = dict(params or {})
    if sum(len(str(v)) for v in params.values()) > MAX_PARAM_CHARS:
        raise QueryError(f"Parameters longer than {MAX_PARAM_CHARS:,} characters in all are refused.")
    text = text_or_name.strip()
    if not text:
        raise QueryError("Empty query: give Cypher or a catalogue name (`policykg query plans`).")
    total: int | None
    try:
        if text in CATALOG:
            result = run_named(store, text, timeout_s=timeout_s, **params)
            columns, rows = list(result.columns), list(result.rows)
            more, total = len(rows) > limit, len(rows)
            rows = rows[:limit]
        elif _RE_NAME.fullmatch(text):
            raise UnknownQueryError(text, list(CATALOG))
        else:
            check_read_only(text, store.engine)
            bounded = store.run_bounded(text, raw_params(params), limit=limit, timeout_s=timeout_s)
            columns, rows, more, total = list(bounded.columns), list(bounded.rows), bounded.more, bounded.total
    except UnknownQueryError:
        raise
    except QueryError as exc:
        raise _explain(exc, timeout_s) from exc
    if not more:
        return ConsoleResult(columns, rows)
    found = f"of {total:,} " if total is not None and total > limit else ""
    return ConsoleResult(columns, rows, truncated=True,
                         message=f"showing first {limit} {found}rows; add LIMIT to the query (or raise "
                                 "--limit) to see the rest")


# ---- output ------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """A JSON-ready value: Decimal (Ladybug's sum) as int or float, unknown types as text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return MISSING
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


#: what a table shows for a missing value
MISSING = "—"


def readable(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Rows as people read them (tables for people only; JSON, CSV and Cypher keep raw values):
    a target's value with its unit, range and comparator (``5%左右``, ``6.5%–7%``, ``≥ 8万名``,
    ``by 2016`` for a milestone), an outcome's value with its unit (``1310万人``), the unit from
    the row or its indicator; every other cell as it is.

    >>> readable(["metric", "value", "unit", "comparator"], [("新增就业", 80000.0, "名", ">=")])
    [['新增就业', '≥ 8万名', '名', '>=']]
    >>> readable(["indicator", "target_value", "target_value_max", "target_comparator", "actual_value"],
    ...          [("gdp_growth", 6.5, 7.0, ">=", 6.7), ("gdp_growth", None, None, None, 2.3)])
    [['gdp_growth', '6.5%–7%', 7.0, '>=', '6.7%'], ['gdp_growth', '—', None, None, '2.3%']]
    """
    index = {c: i for i, c in enumerate(columns)}
    out = []
    for row in rows:
        row = list(row)

        def get(name: str) -> Any:
            return row[index[name]] if name in index else None

        unit = get("unit")
        if unit is None and get("indicator") in vocabulary():
            unit = vocabulary()[get("indicator")].unit
        for prefix in ("", "target_"):
            key = prefix + "value"
            if key in index and (prefix or "actual_value" not in index):
                row[index[key]] = format_quantity({
                    "value": get(key), "value_max": get(prefix + "value_max"), "unit": unit,
                    "comparator": get(prefix + "comparator"), "year": get("year") if get("kind") == "milestone" else None})
        if "actual_value" in index:
            row[index["actual_value"]] = format_number(get("actual_value"), unit)
        out.append(row)
    return out


def render(result: ConsoleResult, fmt: str = "table") -> str:
    """The result as ``table`` (for people), ``json`` (array of objects) or ``csv`` (with header).

    >>> r = ConsoleResult(["n", "名称"], [(20, "滨江"), (None, [1, 2])])
    >>> print(render(r, "json"))
    [{"n": 20, "名称": "滨江"}, {"n": null, "名称": [1, 2]}]
    >>> print(render(r, "csv"), end="")
    n,名称
    20,滨江
    ,"[1, 2]"
    >>> print(render(r))
    n   名称
    --  ------
    20  滨江
    —   [1, 2]
    (2 rows)
    """
    if fmt == "json":
        return json.dumps([{k: _plain(v) for k, v in row.items()} for row in result.dicts()],
                          ensure_ascii=False)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else _cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    if fmt != "table":
        raise QueryError(f"Unknown output format {fmt!r}; use one of {', '.join(FORMATS)}.")
    cells = [[_cell(v) for v in row] for row in readable(result.columns, result.rows)]
    widths = [min(CELL_WIDTH, max([display_width(c)] + [display_width(" ".join(r[i].split())) for r in cells]))
              for i, c in enumerate(result.columns)]
    lines = ["  ".join(fit(c, w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(fit(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)
