"""Which known indicator a target's or outcome's metric measures (DESIGN.md section 7).

The vocabulary is data (``ingest/data/indicators.toml``): each indicator has an id, a name, the
unit it is compared in, the units a figure may carry, which direction is better, and the
phrasings plans use. Matching is small and explainable: the metric is cleaned (modal and filler
words around it dropped: 把…, …预期, …目标, 实际), then it must *be* one of the aliases, or an alias
preceded only by a scope (全省, 国内, 地区, 城乡, 全社会, a province …); the longest alias wins and
the figure's unit must be one the indicator takes. Every mapping records the alias that matched.

>>> m = match_indicator("全省生产总值增长", "%")
>>> (m.indicator, m.alias)
('gdp_growth', '生产总值增长')
>>> match_indicator("人均国内生产总值增长", "%") is None    # per head: another measure
True
>>> convert(1.3e12, "斤", get_indicator("grain_output"))
(650000000.0, '吨')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ingest import lexicon as L

__all__ = ["Indicator", "Match", "VOCABULARY_FILE", "vocabulary", "get_indicator", "match_indicator",
           "convert"]

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "indicators.toml"
#: factors into an indicator's unit (斤 and 公斤 of grain to 吨)
_UNIT_FACTORS = {("斤", "吨"): 0.0005, ("公斤", "吨"): 0.001}
#: words around a metric that say how the text frames it, not what it measures
_RE_LEAD = re.compile(r"^(?:把|将|使|但|的|今年|去年|全年|年末|预计|预期|力争|实现|保持|确保)+")
_RE_TRAIL = re.compile(r"(?:预期目标|目标定|目标|预期|定|平均|全年|要|继续保持|保持|继续|持续|一直|连年|同口径|"
                       r"回落到|回落|降到|提高到|达到)+$")
_RE_INNER = re.compile(r"实际|同口径|名义")
#: what may stand before an alias: where or for whom the measure is taken
_PROVINCES = "|".join(sorted({*L.PROVINCES, *L.PROVINCES.values()}, key=len, reverse=True))
_RE_SCOPE = re.compile(rf"^(?:全?国内?|全国|全[省市区州县]|本[省市区州县]|我[省市区州县]|地区|全市地区|全省地区|"
                       rf"城乡|全体|全社会|总体|全疆|中央|地方|{_PROVINCES})*$")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    units: tuple[str, ...]
    direction: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A metric mapped to an indicator, with the alias that matched (the evidence)."""

    indicator: str
    alias: str


@lru_cache(maxsize=None)
def vocabulary(path: Path = VOCABULARY_FILE) -> Mapping[str, Indicator]:
    """The indicators of the vocabulary file, by id (read once)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = {}
    for entry in data["indicator"]:
        ind = Indicator(entry["id"], entry["name"], entry["unit"], tuple(entry["units"]),
                        entry["direction"], tuple(entry["aliases"]))
        if ind.direction not in ("higher", "lower"):
            raise ValueError(f"{path}: {ind.id}: direction must be 'higher' or 'lower'")
        out[ind.id] = ind
    return MappingProxyType(out)


def get_indicator(indicator_id: str) -> Indicator:
    return vocabulary()[indicator_id]


@lru_cache(maxsize=None)
def _aliases() -> tuple[tuple[str, Indicator], ...]:
    pairs = [(a, ind) for ind in vocabulary().values() for a in ind.aliases]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def clean_metric(metric: str) -> str:
    """The metric without the framing words around it.

    >>> clean_metric("把居民消费价格涨幅"), clean_metric("全国居民人均可支配收入实际增长"), clean_metric("经济增长预期")
    ('居民消费价格涨幅', '全国居民人均可支配收入增长', '经济增长')
    """
    text = re.sub(r"[\s“”\"'（）()]", "", metric or "")
    text = _RE_INNER.sub("", text)
    for _ in range(3):
        text = _RE_TRAIL.sub("", _RE_LEAD.sub("", text))
    return text


@lru_cache(maxsize=4096)
def match_indicator(metric: str, unit: str | None) -> Match | None:
    """The indicator ``metric`` (with a figure in ``unit``) measures, or None."""
    text = clean_metric(metric)
    if not text:
        return None
    for alias, ind in _aliases():
        if text.endswith(alias) and _RE_SCOPE.match(text[:-len(alias)]) and unit in ind.units:
            return Match(ind.id, alias)
    return None


def convert(value: float | None, unit: str | None, ind: Indicator) -> tuple[float | None, str | None]:
    """A value in its indicator's unit (1.3万亿斤 of grain → 6.5亿吨); others unchanged."""
    if value is None or unit is None or unit == ind.unit or (unit, ind.unit) not in _UNIT_FACTORS:
        return value, unit
    return value * _UNIT_FACTORS[(unit, ind.unit)], ind.unit
