"""One way of showing things to people: numbers, years, similarities, names and labels.

Everything a person reads (the ``table`` outputs of the CLI, the Streamlit pages, exports meant
for people) goes through these functions; JSON, CSV meant for programs and the store keep raw
values. The rules:

* missing is ``—`` (``None``, NaN, an empty string);
* money and counts in the units a plan writes (``4.06万亿元``, ``1200万人``); a target with its
  comparator and range (``≥ 1200万人``, ``5%左右``, ``6.5%–7%``), a milestone as ``by 2016``;
* years as integers (``2024``, never ``2024.000000``);
* a similarity with two decimals (``0.44``) or as a percentage (``44%``);
* a plan by its title (edition and period when they tell versions apart), never by its id alone;
* kinds, methods, statuses, indicators and relationship types by their Chinese names.

>>> number(4.06e12, "元"), number(float("nan"), "%"), year(2024.0), similarity(0.4372)
('4.06万亿元', '—', '2024', '0.44')
>>> quantity({"value": 1.2e7, "unit": "人", "comparator": ">=", "value_max": float("nan")})
'≥ 1200万人'
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any, Iterable, Mapping, Sequence

from core.model import LABEL_ZH, REL_ZH
from ingest.indicators import vocabulary
from ingest.numbers import format_number, format_quantity

__all__ = ["MISSING", "is_missing", "cell", "number", "quantity", "target_text", "year", "similarity",
           "plan_title", "plan_titles", "label_zh", "rel_zh", "kind_zh", "method_zh", "status_zh",
           "change_zh", "indicator_zh", "comparator_zh", "with_code", "display_width", "fit", "text_table",
           "KIND_ZH", "METHOD_ZH", "STATUS_ZH", "CHANGE_ZH", "COMPARATOR_ZH"]

MISSING = "—"

#: target kinds (DESIGN section 2)
KIND_ZH: Mapping[str, str] = {"absolute": "总量", "relative": "增减", "share": "比率", "milestone": "节点"}
#: how inferred relationships were found (analysis/dependencies.py, analysis/compare.py)
METHOD_ZH: Mapping[str, str] = {
    "shared-lead": "同一牵头单位", "safeguard": "保障措施", "explicit-name": "点名支撑", "term-overlap": "用词重合",
    "via-goal": "经由目标", "explicit-cue": "明确依托", "shared-programme": "共用项目", "title-stem": "标题同源",
    "overall-similarity": "整体相似", "indicator": "同一指标", "metric": "同名指标", "similar-metric": "相近指标",
}
#: statuses of compared units and targets, and of attainment
STATUS_ZH: Mapping[str, str] = {
    "unchanged": "未变", "modified": "修改", "added": "新增", "removed": "删除", "changed": "变化",
    "met": "达成", "missed": "未达成", "no_data": "无数据",
}
#: how a target changed between two plans, as people read it
CHANGE_ZH: Mapping[str, str] = {"same": "未变", "raised": "上调", "lowered": "下调", "postponed": "推迟",
                                "advanced": "提前", "changed": "变化",
                                "added": "新增", "removed": "取消"}
COMPARATOR_ZH: Mapping[str, str] = {">=": "不低于", ">": "高于", "=": "等于", "~": "左右", "<=": "不高于",
                                    "<": "低于"}


# ---- values -------------------------------------------------------------------------------------

def is_missing(value: Any) -> bool:
    """None, NaN (also pandas' NA) or an empty string.

    >>> [is_missing(v) for v in (None, float("nan"), "", " ", 0, "0")]
    [True, True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (None if is_missing(v) else v) for k, v in props.items()}


def cell(value: Any) -> str:
    """Any table cell as text: ``—`` when missing (None, NaN), whole floats without decimals,
    other floats with at most four decimals, lists joined by ``、``; strings as they are.

    >>> [cell(v) for v in (None, 2024.0, 0.5, 1/3, True, [1, "二"], "文", "")]
    ['—', '2024', '0.5', '0.3333', '是', '1、二', '文', '']
    """
    if isinstance(value, str):
        return value
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value) or MISSING
    return str(value)


def number(value: Any, unit: str | None = None) -> str:
    """A canonical value with its unit as a plan writes it (``4.06万亿元``); ``—`` when missing.

    >>> number(1.2e7, "人"), number(None), number(3, None)
    ('1200万人', '—', '3')
    """
    if is_missing(value):
        return MISSING
    return format_number(float(value), None if is_missing(unit) else unit)


def quantity(props: Mapping[str, Any]) -> str:
    """A target or outcome (``value``, ``value_max``, ``unit``, ``comparator``, ``year``, ``kind``)
    as people read it; NaN counts as missing.

    >>> quantity({"value": 5, "unit": "%", "comparator": "~"}), quantity({"kind": "milestone", "year": 2016.0})
    ('5%左右', 'by 2016')
    """
    p = _clean(props)
    if p.get("year") is not None:
        p["year"] = year(p["year"])
    return format_quantity(p)


def target_text(props: Mapping[str, Any] | None) -> str:
    """A target with its year: ``5%左右（2025年）``; a milestone as ``by 2025``; ``—`` for none.

    >>> target_text({"value": 5, "unit": "%", "comparator": "~", "year": 2025}), target_text(None)
    ('5%左右（2025年）', '—')
    """
    if not props:
        return MISSING
    text = quantity(props)
    when = props.get("year")
    if is_missing(props.get("value")) or is_missing(when):
        return text
    return f"{text}（{year(when)}年）"


def year(value: Any) -> str:
    """A year as an integer: ``2024``; ``—`` when missing.

    >>> year(2024.0), year("2024"), year(None)
    ('2024', '2024', '—')
    """
    if is_missing(value):
        return MISSING
    try:
        return str(int(float(value)))
    except (TypeError, ValueError):
        return str(value)


def similarity(value: Any, *, percent: bool = False) -> str:
    """A similarity in [0, 1]: ``0.44``, or ``44%`` with ``percent``.

    >>> similarity(0.4372), similarity(0.4372, percent=True), similarity(None)
    ('0.44', '44%', '—')
    """
    if is_missing(value):
        return MISSING
    return f"{float(value):.0%}" if percent else f"{float(value):.2f}"


# ---- names ---------------------------------------------------------------------------------------

def plan_title(plan: Mapping[str, Any] | Any) -> str:
    """A plan (a ``plans()`` row or a ``PlanMeta``) as people name it: its title, then its
    edition and period when it has them.

    >>> plan_title({"id": "p1", "title": "滨江三年行动计划", "version": "2.1版", "status": None,
    ...             "period_start": 2015, "period_end": 2017.0})
    '滨江三年行动计划（2.1版，2015–2017）'
    >>> plan_title({"id": "p2", "title": "2025年政府工作报告", "period_start": 2025, "period_end": 2025})
    '2025年政府工作报告'
    """
    get = plan.get if isinstance(plan, Mapping) else (lambda k, d=None: getattr(plan, k, d))
    title = get("title") or get("source") or get("id") or MISSING
    parts = [str(x) for x in (get("version"), get("status")) if not is_missing(x)]
    start, end = get("period_start"), get("period_end")
    if not is_missing(start) and not (is_missing(end) or year(start) == year(end)):
        parts.append(f"{year(start)}–{year(end)}")
    elif not is_missing(start) and year(start) not in str(title):
        parts.append(year(start))
    return f"{title}（{'，'.join(parts)}）" if parts else str(title)


def plan_titles(plans: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Plan id -> :func:`plan_title`, made unique: plans sharing a name get their source file
    (or a number) after it, so pickers never need ids.

    >>> plan_titles([{"id": "a", "title": "报告", "source": "a.txt"}, {"id": "b", "title": "报告", "source": "b.txt"}])
    {'a': '报告 · a.txt', 'b': '报告 · b.txt'}
    """
    rows = list(plans)
    names = {p["id"]: plan_title(p) for p in rows}
    counts: dict[str, int] = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for p in rows:
        name = names[p["id"]]
        if counts[name] > 1:
            extra = p.get("source") or ""
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} · {extra}" if extra else f"{name} · {seen[name]}"
        out[p["id"]] = name
    return out


def _zh(mapping: Mapping[str, str], code: Any) -> str:
    if is_missing(code):
        return MISSING
    return mapping.get(str(code), str(code))


def label_zh(label: Any) -> str:
    """``Task`` -> ``任务``.

    >>> label_zh("Task"), label_zh(None)
    ('任务', '—')
    """
    return _zh(LABEL_ZH, label)


def rel_zh(rel_type: Any) -> str:
    """``DEPENDS_ON`` -> ``依赖``."""
    return _zh(REL_ZH, rel_type)


def kind_zh(kind: Any) -> str:
    """``milestone`` -> ``节点``."""
    return _zh(KIND_ZH, kind)


def method_zh(method: Any) -> str:
    """``explicit-cue`` -> ``明确依托``."""
    return _zh(METHOD_ZH, method)


def status_zh(status: Any) -> str:
    """``modified`` -> ``修改``."""
    return _zh(STATUS_ZH, status)


def change_zh(change: Any) -> str:
    """``raised`` -> ``上调``."""
    return _zh(CHANGE_ZH, change)


def comparator_zh(comparator: Any) -> str:
    """``>=`` -> ``不低于``."""
    return _zh(COMPARATOR_ZH, comparator)


def indicator_zh(indicator_id: Any) -> str:
    """An indicator id by its name in the vocabulary: ``gdp_growth`` -> ``国内/地区生产总值增长``.

    >>> indicator_zh("cpi_growth"), indicator_zh("no_such")
    ('居民消费价格涨幅', 'no_such')
    """
    if is_missing(indicator_id):
        return MISSING
    ind = vocabulary().get(str(indicator_id))
    return ind.name if ind else str(indicator_id)


def with_code(name: str, code: Any) -> str:
    """A Chinese name followed by its code for readers who know the code: ``任务 Task``."""
    return name if is_missing(code) or name == str(code) else f"{name} {code}"


# ---- plain-text tables -----------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters count two).

    >>> display_width("指标ab")
    6
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(value: Any, width: int) -> str:
    """``value`` as one line cut (with ``…``) and padded to ``width`` display columns.

    >>> fit("国内生产总值增长", 9) + "|"
    '国内生产…|'
    """
    text = " ".join(("" if value is None else str(value)).split())
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


def text_table(heads: Sequence[str], rows: Iterable[Sequence[Any]],
               widths: Sequence[int] | None = None, *, max_width: int = 40) -> list[str]:
    """Lines of a plain-text table; cells pass through :func:`cell` (missing -> ``—``). Without
    ``widths`` each column is as wide as its widest cell, up to ``max_width``.

    >>> print("\\n".join(text_table(["指标", "值"], [["就业", 1.2e7], ["物价", None]])))
    指标  值
    ----  --------
    就业  12000000
    物价  —
    """
    body = [[cell(c) for c in r] for r in rows]
    if widths is None:
        widths = [min(max_width, max([display_width(h)] + [display_width(" ".join(r[i].split())) for r in body]))
                  for i, h in enumerate(heads)]
    lines = ["  ".join(fit(h, w) for h, w in zip(heads, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(fit(c, w) for c, w in zip(r, widths)).rstrip() for r in body]
    return lines


def finite(value: Any) -> float | None:
    """A number as a float, None when missing or infinite (for charts)."""
    if is_missing(value):
        return None
    f = float(value)
    return f if math.isfinite(f) else None
