"""Figure rules as named records: what a rule matches around a figure, what it decides, and the
examples it must decide so (``rejects``) and must leave alone (``accepts``).

A rule is data beside its corpus (as facebook/duckling keeps ``Rules.hs`` beside ``Corpus.hs``):
``tests/test_figure_rules.py`` is generated from every rule's examples, so a new phrasing is one
rule with its examples here. :func:`rejecting_rule` runs the rules in order and names the first
that decides a figure is not a target; ``ingest/targets.py`` calls it for every figure it reads.

The rules here are those of support policies (若干措施, 资金支持措施), whose figures are mostly
rules applied case by case: per-case awards and caps, selection quotas, eligibility conditions.

>>> rejecting_rule("单个项目最高资助100万元。", 8).name
'per_case_award'
>>> rejecting_rule("新增孵化器20家。", 5) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FigureRule", "FIGURE_RULES", "rejecting_rule"]

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_ENUMERATOR = r"(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、])?"


@dataclass(frozen=True)
class FigureRule:
    """One named rule. ``before`` must match the text of the figure's sentence up to the figure
    (searched, anchored as the pattern says), ``after`` (when given) the rest of the sentence from
    the figure's end; ``decides`` is what the rule makes of the figure (``rule``: a rule applied
    case by case, not a target). Each example is a sentence and the figure in it (its first
    characters, as written)."""

    name: str
    stage: str
    before: re.Pattern[str]
    after: re.Pattern[str] | None
    decides: str
    accepts: tuple[tuple[str, str], ...]
    rejects: tuple[tuple[str, str], ...]

    def matches(self, sentence: str, at: int, end: int) -> bool:
        if not self.before.search(sentence[:at]):
            return False
        return self.after is None or bool(self.after.search(sentence[end:]))


_AWARD = r"(?:资助|奖励|补助|补贴|支持|奖补|配套资助)"

FIGURE_RULES: tuple[FigureRule, ...] = (
    FigureRule(
        name="per_case_award",
        stage="support policy",
        # 单条产线奖励80万元, 单个企业年度最高资助100万元, 本条款最高资助100万元, 给予最高300万元
        before=re.compile(rf"(?:(?:单(?:个|条|家|项|户|笔|次|台)|每(?:个|条|家|项|户|笔|次|台))[\u4e00-\u9fff]{{0,8}}?"
                          rf"(?:年度|每年)?(?:最高|累计最高)?{_AWARD}(?:或{_AWARD})?"
                          rf"|(?:给予|本条款?)?(?:单个[\u4e00-\u9fff]{{1,4}})?(?:累计)?最高(?:不超过)?{_AWARD}?)\s*$"),
        after=None,
        decides="rule",
        accepts=(("新增孵化器20家。", "20家"), ("到2025年，全区数字经济核心产业增加值达到300亿元。", "300亿元"),
                 ("全年新增高新技术企业100家。", "100家")),
        rejects=(("单条产线奖励80万元；", "80万元"), ("单个企业年度最高资助或奖励500万元。", "500万元"),
                 ("本条款最高资助100万元。", "100万元"), ("按营业收入的1%，给予最高300万元一次性奖励。", "300万元"),
                 ("单个项目最高资助100万元。", "100万元")),
    ),
    FigureRule(
        name="selection_quota",
        stage="support policy",
        # 每年组织遴选不超过6条数智化示范产线: how many cases a year may be chosen, not a level to reach
        before=re.compile(r"每年[\u4e00-\u9fff]{0,8}?(?:遴选|评选|认定|评定|择优支持|支持)(?:不超过|不多于|最多)\s*$"),
        after=None,
        decides="rule",
        accepts=(("每年新增高新技术企业不少于20家。", "20家"),),
        rejects=(("区工信部门每年组织遴选不超过6条数智化示范产线，", "6条"), ("每年评选不超过3个园区，", "3个")),
    ),
    FigureRule(
        name="support_by_rate",
        stage="support policy",
        # 按照…累计销售额（50万元以上）的20%，给予…奖励: the base and rate an award is computed by
        before=re.compile(r"(?:^|[，,：:])\s*按(?:照)?[^，。；]{0,40}$"),
        after=re.compile(r"^[^。；，,]{0,16}[，,]?\s*(?:给予|予以)"),
        decides="rule",
        accepts=(("按照计划，2025年新增企业20家。", "20家"),),
        rejects=(("按照该产品累计销售额（50万元以上）的20%，给予单个企业年度最高50万元奖励。", "50万元"),
                 ("按照该产品累计销售额（50万元以上）的20%，给予单个企业年度最高50万元奖励。", "20%"),
                 ("经备案，按实际到账投资额的1%，给予单个企业最高300万元一次性奖励。", "1%")),
    ),
    FigureRule(
        name="eligibility_condition",
        stage="support policy",
        # 对新设立的企业，…营业收入3000万元以上，且纳入…的，按…给予…: the condition a case must meet
        before=re.compile(rf"^\s*{_ENUMERATOR}\s*对[^。；]*$"),
        after=re.compile(rf"^[^。；]*?的[^，,。；]{{0,12}}[，,][^。；]*(?:给予|按|{_AWARD})"),
        decides="rule",
        accepts=(("对接国家重大战略，力争引进项目20个。", "20个"), ("对外贸易进出口总额增长5%。", "5%")),
        rejects=(("（一）对新设立的数字经济企业，落户当年营业收入3000万元以上，且纳入规上企业库的，按营业收入的1%给予奖励。", "3000万元"),
                 ("对近两年获得股权投资机构投资2000万元以上的，按实际到账投资额的1%，给予奖励。", "2000万元"),
                 ("对上架20家以上数字服务商的公共服务平台，给予奖励。", "20家")),
    ),
)


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    end_m = _SENTENCE_END.search(text, at)
    return start, end_m.start() if end_m else len(text)


def rejecting_rule(text: str, at: int, end: int | None = None, *,
                   rules: tuple[FigureRule, ...] = FIGURE_RULES) -> FigureRule | None:
    """The first rule that decides the figure at ``text[at:end]`` is not a target, or None."""
    end = at if end is None else end
    s, e = _sentence_bounds(text, at)
    sentence = text[s:e]
    for rule in rules:
        if rule.matches(sentence, at - s, end - s):
            return rule
    return None
