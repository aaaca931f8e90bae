"""Follow one metric across many plans: a table the UI can chart.

Examples
--------
>>> from core.model import Edge, Node, PlanDoc, PlanMeta
>>> def report(year, value):
...     pid = f"gwr-{year}"
...     t = Node(id=f"{pid}/t1", label="Target", title="国内生产总值增长",
...              props={"metric": "国内生产总值增长", "value": value, "unit": "%",
...                     "comparator": "~", "year": year, "raw": f"国内生产总值增长{value}%左右"})
...     return PlanDoc(plan=PlanMeta(id=pid, title="政府工作报告", issued=f"{year}-03-05"),
...                    nodes=(t,), edges=(Edge(pid, t.id, "HAS_TARGET"),))
>>> [(r["year"], r["value"]) for r in metric_series([report(2015, 7.0), report(2014, 7.5)], "国内生产总值")]
[(2014, 7.5), (2015, 7.0)]
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from core.model import Node, PlanDoc
from core.errors import InputError
from analysis.similarity import normalize_ws

__all__ = ["metric_series", "plan_year", "SERIES_COLUMNS"]

SERIES_COLUMNS = ("plan_id", "title", "year", "metric", "value", "unit", "comparator", "raw")
_RE_YEAR = re.compile(r"(\d{4})")


def plan_year(doc: PlanDoc) -> int | None:
    """The plan's year: the issued year, else ``period_start``, else a year in its title.

    >>> from core.model import PlanDoc, PlanMeta
    >>> plan_year(PlanDoc(plan=PlanMeta(id="p", title="2016年政府工作报告")))
    2016
    """
    meta = doc.plan
    if meta.issued:
        m = _RE_YEAR.match(meta.issued)
        if m:
            return int(m.group(1))
    if meta.period_start:
        return int(meta.period_start)
    m = _RE_YEAR.search(meta.title or "")
    return int(m.group(1)) if m else None


def _matches(target: Node, keywords: list[str], unit: str | None) -> bool:
    metric = normalize_ws(str(target.props.get("metric") or ""))
    if unit is not None and target.props.get("unit") != unit:
        return False
    return any(k in metric for k in keywords)


def _pick(targets: list[Node], year: int | None) -> Node:
    """The plan's own target for its year: same year first, then one with a comparator, then first."""
    def rank(pair: tuple[int, Node]) -> tuple[int, int, int]:
        i, t = pair
        p = t.props
        return (0 if year is not None and p.get("year") == year else 1,
                0 if p.get("comparator") else 1, i)
    return min(enumerate(targets), key=rank)[1]


def metric_series(docs: Iterable[PlanDoc], keyword: str, unit: str | None = None) -> list[dict[str, Any]]:
    """One row per plan with the value of the first target whose metric contains ``keyword``.

    Parameters
    ----------
    docs : iterable of PlanDoc
        The plans to follow (e.g. the national government work reports 2013-2025).
    keyword : str
        Text the target's metric must contain; ``|`` separates alternatives
        (``"国内生产总值增长|经济增长"``). Whitespace is ignored.
    unit : str, optional
        Only targets with exactly this unit (``"%"``).

    Returns
    -------
    list of dict
        Keys :data:`SERIES_COLUMNS`, sorted by year then title. A plan without a matching target
        still gets a row, with ``metric``, ``value``, ``unit``, ``comparator`` and ``raw`` None,
        so a chart shows the gap. When a plan has several matches, the one whose ``year`` is the
        plan's year wins, then one with a comparator, then the first in document order.
    """
    keywords = [normalize_ws(k) for k in keyword.split("|") if normalize_ws(k)]
    if not keywords:
        raise InputError(f"metric_series: empty keyword {keyword!r}; give part of a metric name, "
                         "e.g. '国内生产总值增长'")
    rows: list[dict[str, Any]] = []
    for doc in docs:
        year = plan_year(doc)
        hits = [n for n in doc.nodes if n.label == "Target" and _matches(n, keywords, unit)]
        hits.sort(key=lambda t: t.start if t.start is not None else -1)
        row: dict[str, Any] = {"plan_id": doc.plan.id, "title": doc.plan.title, "year": year,
                               "metric": None, "value": None, "unit": None, "comparator": None,
                               "raw": None}
        if hits:
            best = _pick(hits, year)
            row.update({k: best.props.get(k) for k in ("metric", "value", "unit", "comparator", "raw")})
        rows.append(row)
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["title"] or ""))
    return rows
