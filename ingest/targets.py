"""Quantitative and dated targets in one cleaned unit of plan text (DESIGN.md section 3).

Pure functions, no I/O. :func:`extract_targets` finds every commitment that carries a number
("力争2017年实现地区生产总值突破千亿元", "新增国际标准10件", "国内生产总值增长6.5%左右",
"翻一番") or a clear deadline ("2016年底前确保…全面实现开工建设") and returns
:class:`TargetSpan` records with canonical values; :func:`check_breakdowns` reports a total whose
"其中" parts add up to more than the total.

The extractor is deliberately conservative: a number becomes a target only when it is a
quantity with a measure word (元, %, 家, 个, …) that the plan commits to. Choices, each covered
by a test in ``tests/test_targets.py``:

* **Values** are canonical: money in 元 (or the foreign currency written), counts in their
  measure word (``万方`` of floor area becomes 平方米), percentages as written, ``翻一番`` is
  2 倍 and ``翻两番`` 4 倍, ``个百分点`` is unit ``百分点``.
* **Ranges** (``2-3个``, ``6.5%—7%``) keep the *lower* bound as ``value`` with comparator
  ``>=``; the upper bound stays readable in ``raw``.
* **Comparators** come from the wording next to the number; the word after it wins
  (``达到85%以上`` is ``>=``): 不少于/不低于/至少/以上 ``>=``; 超过/突破/多/余 ``>``;
  达到/实现/plain ``=``; 左右/约 ``~``; 以内/以下/不超过/控制在 ``<=``; 低于/少于/不足 ``<``.
* **Years**: the nearest due-year phrase before the number in the same sentence
  (``到2020年``, ``力争2017年``, ``2015年底前``, ``二〇三五年``); ``三年内``/``今后三年`` is
  ``plan_start_year + 2`` when the start is known, else ``plan_end_year``; ``今年``/``年内`` is
  ``plan_start_year``. Base years come from ``比2014年``, ``较2014年``, ``在2014年基础上``,
  ``与2014年相比``. Dates (``2014年11月``) and ``…年以来`` are never due years.
* **Not targets**: numbers inside quotes or titles (“5050计划”, 《中国制造2025》), after 第,
  next to Latin letters (3D, 4G, C2B), naming a class (``超百亿元企业``, ``千亿级``,
  ``10亿元以上的项目``: the threshold is skipped, the count of such firms is kept), counting a
  list the sentence enumerates (``A、B、C等12个领域``), qualifying a noun without a verb
  (``领先于全国22家园区``, ``中央400亿元基金``), small Chinese-numeral counts without a
  comparator (``两个市场``, ``一批``), placeholders (``**亿元``), vague amounts (``数十亿``),
  the starting value of ``从8.7万元提高到12万元`` (only 12万元 is the target), eligibility
  conditions and subsidy rates of a support policy (``对…完成投资1000万元的``, ``给予…最高
  3000万元``, ``按合同金额的30%``), durations (``3个工作日``, ``1个月``), names (``56个民族``), and sentences that
  hold a formula (``=``, ``÷``).
* **Metrics** are the words before the number with time and commitment markers, comparators
  and base years taken out; when those words end in a verb the noun after the quantity is added
  (``新建50所高水平高等职业学校`` -> 新建高水平高等职业学校). A bare list item borrows the verb
  of the item before it (``新增国际标准10件,国家标准50件`` -> 新增国家标准); an item with no
  words of its own borrows the whole metric (``翻一番,超过2500亿元``).
* **Background**: a sentence is skipped when it has a past marker (已, 了, 去年, 上年, 过去,
  以来, 年来) and no future or commitment marker (力争, 确保, 将, 要, 今年, 到2020年, 预期,
  目标, …). In a text that opens a review (过去一年, 一年来, 工作回顾, …) every sentence is
  background until one opens the outlook again (今年, 主要预期目标, 今后, 展望, …), unless it
  has its own future marker. The heuristic cannot see a section heading outside ``text``: the
  caller should not pass units of a background section (发展基础, 工作回顾).
* **Milestones** are dated commitments without a number, and only the clear form: a due-year
  phrase introduced by 到/至/力争/争取/确保 or ending in 底/前 followed in the same clause by a
  completion verb (完成, 建成, 投入使用, 实现, 开工建设, 消除, 形成, 建立, 出台, …). Their
  ``value`` is the year, ``unit`` is ``年``, comparator ``<=`` for "by" (前/底前) else ``=``.

>>> [(t.metric, t.value, t.unit, t.comparator, t.year) for t in
...  extract_targets("力争2017年实现地区生产总值突破千亿元")]
[('地区生产总值', 100000000000.0, '元', '>', 2017)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest import lexicon as L
from ingest.figure_rules import rejecting_rule
from ingest.numbers import parse_number, to_ascii_digits
from core.errors import ParseError

__all__ = ["TargetSpan", "check_breakdowns", "extract_targets"]


@dataclass(frozen=True)
class TargetSpan:
    """One target as written in the text, with its canonical value (DESIGN.md section 3)."""

    metric: str
    value: float | None
    unit: str | None
    comparator: str
    year: int | None
    base_year: int | None
    kind: str
    raw: str
    start: int = field(compare=False)
    end: int = field(compare=False)
    value_max: float | None = None
    #: a result reported as achieved (an Outcome), not a commitment
    past: bool = False
    period: tuple[int, int] | None = None


# ---- patterns (compiled once) ------------------------------------------------------------
_CN = "零〇一二两三四五六七八九十百千万亿"
_NUM = rf"(?:(?<![\d.])(?<!\d,)(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:多|余)?[十百千万亿]*|(?<![{_CN}])[{_CN}]+)"
_UNITS = "|".join(re.escape(u) if u != "P" else "P(?![A-Za-z])" for u in L.UNITS)
#: a figure and its measure word; a magnitude that ends its clause may stand without one
#: (标识注册总量突破5亿，): read only after a comparator word (see _candidate)
RE_QTY = re.compile(rf"(?P<n1>{_NUM})(?P<p1>%)?(?:(?P<sep>[-－—–~～至到])(?P<n2>{_NUM}))?"
                    rf"(?P<unit>{_UNITS}|(?<=[万亿])(?=[，。；,;]|$|{L.RE_PEOPLE_AFTER.pattern}))")
#: a list item that ends with a magnitude and no measure word (用户3.4亿、)
RE_BARE_ITEM = re.compile(rf"(?:{_NUM})(?<=[万亿])、")
#: a share written as a fraction after 占/达到/超过: 一半以上, 三分之一, 2/3 is not read (a date)
RE_FRACTION = re.compile(r"(?P<before>占|达到|达|超过|不少于|不低于|不到|低于)[^，。；,;]{0,12}?"
                         r"(?P<f>一半|(?P<d>[二三四五六七八九十])分之(?P<n>[一二三四五六七八九]))(?P<after>以上|以下|左右)?")
RE_DOUBLING = re.compile(r"翻(?P<n>一|1|两|二|2|三|3|四|4)?番(?P<after>以上|多)?")

_UNIT_NOT_BEFORE, _MONEY, _UNIT_CANON = L.RE_UNIT_NOT_BEFORE, L.MONEY_UNITS, L.UNIT_CANON

#: Comparators written before the number (longest first) and after the measure word.
_BEFORE = (("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="), ("不超过", "<="),
           ("不高于", "<="), ("不多于", "<="), ("控制在", "<="), ("保持在", "="), ("稳定在", "="),
           ("超过", ">"), ("突破", ">"), ("多于", ">"), ("高于", ">"), ("大于", ">"), ("低于", "<"),
           ("少于", "<"), ("小于", "<"), ("不足", "<"), ("达到", "="), ("高达", "="), ("约为", "~"), ("将近", "~"), ("接近", "~"), ("近", "~"), ("大约", "~"),
           ("约", "~"), ("达", "="), ("超", ">"))
_TO_WORDS = ("提高到", "提高至", "增加到", "增加至", "提升到", "提升至", "增长到", "上升到", "上升至",
             "扩大到", "扩大至", "降低到", "降低至", "下降到", "下降至", "降到", "降至", "减少到",
             "减少至", "增至", "达至", "为", "是", "在")
RE_BEFORE = re.compile("(?:" + "|".join(w for w, _ in _BEFORE) + "|" + "|".join(_TO_WORDS) + r")\s*$")
_BEFORE_MAP = dict(_BEFORE)
RE_AFTER = re.compile(r"\s*(以上|以下|以内|之内|左右|上下|多|余)")
_AFTER_MAP = {"以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=", "左右": "~", "上下": "~",
              "多": ">", "余": ">"}

_YEAR = r"(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3}"
RE_YEAR = re.compile(
    rf"(?P<pre>比|较|在|与|从|自|以|于|至|到|即)?(?<![\d〇零一二三四五六七八九十])(?P<y>{_YEAR})年"
    r"(?P<post>底前|末前|底|末|以前|之前|前|内|起|以来|来|的?基础上|相比|为基数|为基期)?"
    r"(?!\d{1,2}月|[一二三四五六七八九十]{1,2}月)")
RE_REL_YEAR = re.compile(
    r"(?P<pre>今后|未来|近|连续|历时|前|这|最近)?(?<![\d一二三四五六七八九十])"
    r"(?P<n>[一二两三四五六七八九十]|10|[1-9])年(?P<post>之内|内|间|来|以来|前|后|多|左右)?")
#: a clause that opens with a span from now: 争取三年内…, 5年内…
RE_WITHIN = re.compile(r"\s*(?:要|将|力争|争取|确保)?\s*(?P<n>[一二两三四五六七八九十]|10|[1-9])年(?:之内|内)")
RE_THIS_YEAR = re.compile(r"今年|全年|(?<![一二两三四五六七八九十\d])年内|当年|本年度?|明年")

RE_SENTENCE_END = re.compile(r"[。！？!?\n]")
RE_CLAUSE_SEP = re.compile(r"[，；：。！？\n（）();:!?]|(?<!\d),|,(?!\d)")
RE_QUOTED = re.compile(r"“[^”\n]{0,60}”|‘[^’\n]{0,60}’|《[^》\n]{0,80}》|「[^」\n]{0,60}」|\"[^\"\n]{0,60}\"")

RE_PAST = re.compile(r"已|(?<![为除不])了(?![解如])|去年|上年|过去|以来|年来|曾经")
RE_FUTURE = re.compile(
    r"力争|争取|确保|预期|预计|目标|计划|(?<![主重需纲摘只])要(?![素点求])|将(?![军领])|今年|年内|明年|今后|未来"
    r"|届时|努力|拟|[到至](?:19|20)\d\d年|(?:19|20)\d\d年(?:底|末)?前|[一二两三四五六七八九十\d]年内|以上|不少于|左右|以内")
RE_REVIEW_OPEN = re.compile(r"过去一年|过去五年|过去的一年|一年来|五年来|工作回顾|回顾过去|这些成绩|去年")
RE_REVIEW_CLOSE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?\s*(?:今年|明年|新的一年|今后|展望|未来)"
                             r"|预期目标是|主要目标是")
RE_OUTLOOK_HEADING = re.compile(r"目标|任务|重点工作|总体要求|展望|部署|举措|政策取向")
RE_STRONG_FUTURE = re.compile(r"力争|争取|确保|预期|今年|年内|明年|今后|未来|届时|拟|[到至](?:19|20)\d\d年")

_VERBS = ("新增", "新建改建", "新建", "新开工建设", "新开工", "开工建设", "引进", "建成", "建设", "培育",
          "打造", "完成", "创建", "创办", "设立", "组建", "推进", "扶持", "认定", "申报", "争创", "举办",
          "开展", "培训", "招引", "集聚", "吸引", "带动", "改造", "治理", "淘汰", "安排", "投入", "利用",
          "改建", "建立", "搭建", "扩大", "提供", "覆盖", "减少", "增加", "解决", "实施", "支持", "资助",
          "奖励", "发放", "发行", "招收", "吸纳", "帮助", "转移", "退耕还林还草", "植树", "造林", "筹集",
          "落实", "储备", "引育", "遴选", "选派", "吸收", "承接", "输出", "拓展", "惠及", "新引进",
          "再建设", "推动", "开通", "获", "争取", "开工")
#: verbs that also start nouns (建设用地, 服务业): never lent to the next list item
_NO_SHARE_VERBS = ("建设", "服务", "发展", "利用", "开发", "覆盖", "支持", "扩大")
RE_VERB_START = re.compile("^(?:新|再|累计)?(?:" + "|".join(sorted(set(_VERBS), key=len, reverse=True)) + ")")
RE_VERB_ANY = re.compile("|".join(sorted(set(_VERBS), key=len, reverse=True)))
#: a figure right after a verb (and a scope such as 全省) is what the verb acts on: 遴选80名…,
#: 推动全省100家企业…; adverbs among the lexicon's task openers (积极, 全面, 大力…) act on nothing
_ADVERBS = {"积极", "全面", "大力", "着力", "深入", "持续", "扎实", "切实", "全力", "精准", "千方百计",
            "多措并举", "集中", "依法", "严格", "稳定", "创新", "确保", "力争", "协同", "联动", "共享"}
_OBJECT_VERBS = "(?:" + "|".join(sorted((set(_VERBS) | set(L.ACTION_VERBS) | {"发布", "面向", "惠及", "带动"})
                                         - _ADVERBS, key=len, reverse=True)) + ")"
RE_OBJECT_VERB = re.compile(_OBJECT_VERBS)
RE_OBJECT_VERB_END = re.compile(
    "(?:" + _OBJECT_VERBS + "|[\u4e00-\u9fff][建强运开成育造引办推扩增培设提创投营修治降减补训派聘招选评助决购送装种接好实择出]"
    r"|升级|获批)(?:全省|全市|全区|全县|全州|全国|各地|省级|市级|县级|重点|第\d+批|首批|新一批|\d+大?类)?\s*$")  # 建强30家, 再开工27个, 推进好…, 获批2个
#: a verb, then a short modifier ending in 的 before the figure: 推进省委确定的339项…
RE_OBJECT_VERB_MODIFIED = re.compile(_OBJECT_VERBS + r"[^，,、；;的]{2,8}的\s*$")
RE_VERB_END = re.compile("(?:" + "|".join(sorted(set(_VERBS), key=len, reverse=True)) + ")$")

_LEAD = re.compile(
    rf"^(?:[\s—\-、，,：:；;“”]+|其中|同时|并且|而且|以及|即(?![时使便刻])|全年|今年|年内|当年|本年度?|明年"
    rf"|今后[一二两三四五六七八九十\d]年|未来[一二两三四五六七八九十\d]年|[一二两三四五六七八九十\d]年(?:之内|内|间)?"
    rf"|力争|争取|确保|努力|预计|计划|拟|目标(?:是|为)|累计|每年|届时|要(?![素点求])|将(?![军领])|实现|达到"
    rf"|(?:到|至|在|于)?(?:{_YEAR})年(?:底|末)?(?:前|以前|之前)?|[一二三四五六七八九十]+是|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])")
_TRAIL = re.compile(
    "(?:" + "|".join(w for w, _ in _BEFORE) + "|" + "|".join(_TO_WORDS)
    + r"|实现|的|达到|总计|合计|共计|共|累计|分别|预计|力争|争取|已经|已|[\s、，,])$")
RE_BASE = re.compile(rf"(?:比|较)(?P<y>{_YEAR})年(?:底|末)?|在(?P<y2>{_YEAR})年(?:底|末)?的?基础上"
                     rf"|与(?P<y3>{_YEAR})年相比|以(?P<y4>{_YEAR})年为基[数期准]")
RE_METRIC_NOISE = re.compile(r"[“”\"‘’]|分别|连续[一二两三四五六七八九十\d]+年|(?<=[率重例量])均$|总体$|要(?=下降|降低|提高|提升|增长|达到|实现|完成|减少|增加)|的?预期目标|目标$")
RE_BASE_OTHER = re.compile(r"比上年|比去年|较上年|较去年|同比|比上年末")
RE_YEAR_ANY = re.compile(rf"(?:到|至|在|于)?(?:{_YEAR})年(?:底|末)?(?:前|以前|之前)?")
RE_FROM_TO = re.compile(r"(?:从|由)[^，,；;]*?(?:提高|增加|提升|上升|降低|下降|扩大|减少|增长)(?:到|至)$")
RE_GROWTH_END = re.compile(r"(?:多|少|增长|增速|增幅|涨幅|降幅|下降|降低|提高|提升|减少|增加|上涨|上升|缩小|扩大|减排|节约)$")
RE_CHANGE_END = re.compile(r"(?:增长|增加|减少|下降|降低|多|少|增|减)$")
RE_BREAKDOWN_GAP = re.compile(r"[\s，,、；;]*其中[，,：:]?\s*")
RE_LIST_GAP = re.compile(r"[\s，,、和及与]*(?:其中[，,]?)?")
RE_GROWTH_ONLY = re.compile(r"^(?:增长|增加|提高|提升|下降|降低|减少|扩大|上升|上涨)$")
RE_SHARE = re.compile(r"率|占比|比重|比例|覆盖面|份额|占")
RE_THRESHOLD_AFTER = re.compile(r"(?:以上|以下)?(?:的)?(?:企业|级|规模|集团|大企业)|(?:以上|以下)的|"
                                r"及(?:以上|以下)(?=[\u4e00-\u9fff])")
RE_HARD_SEP = re.compile(r"[，；：。！？\n;:!?]|(?<!\d),|,(?!\d)")
RE_NOUN_CUT = re.compile(r"[，；：。！？\n;:!?,）)（(]|用于|用来|用以|投向|"
                         r"[、和及与](?=[\d一二两三四五六七八九十百千]+(?:[^\d]?[个家项所件名人元%]|[多余]?[万亿]))")
RE_PREDICATE = re.compile(r"比|翻|达到|增长|提高|降低|下降|实现|超过|不少于|以上|左右|由|通过|自动|来自|[为是在获]"
                          r"|全部|陆续|完成|纳入|开工|投用|建成|晋级|入选|[快慢高低好优]于")
RE_CONDITION = re.compile(r"^\s*(?:对(?!接|标|口|外)|凡|如果|若)|按[^，,；;]*的$|给予|最高$|最多$"
                          r"|一次性(?:给予)?(?:补助|补贴|奖励|奖补)?$|(?:每人|每户|每名|每家)(?:每[年月])?(?:补助|补贴|奖励)?$")
#: a rule every party keeps (不得低于80%, 原则上不高于0.5%, 均不低于20%), a per-case figure
#: (单户担保金额500万元) or a situation that triggers a response (两个以上省出现…状态): none commits
#: the jurisdiction to a level
RE_RULE = re.compile(r"不得|原则上|均不[低高]于|均不超过|单(?:户|笔|次)|每(?:户|笔|单|个)")
#: a count each locality is to reach (引导各地打造1-2个主导产业): per place, not the jurisdiction's
RE_EACH_PLACE = re.compile(r"各地|各县|各市")
RE_EVENT = re.compile(r"出现|发生|遭受")
#: what opens a clause whose figure counts those acted on or where work is done:
#: 对10万名女童进行接种, 在100个城市进行试点, 力争让最后20多万无电人口都能用上电
RE_ACTED_ON = re.compile(r"\s*(?:力争|努力|要)?(?:对|在|让|使|为|向)(?:最后|全部)?\s*")
#: a paragraph that sets the goals of the next N years (今后五年…要努力实现以下主要目标)
RE_AHEAD_GOALS = re.compile(r"(?:今后|未来)(?P<n>[一二三四五六七八九十]|[1-9])年[^。；]{0,24}(?:目标|任务)")
#: a subject then 在 right before the count: 推动职业院校在10个左右领域开展职业培训 (not 保持在, 控制在)
RE_PLACE_BEFORE = re.compile(r"[\u4e00-\u9fff]{2}(?<![保稳控维持定制])在\s*$")
#: a clause framed 以…为牵引: the means a part works by
RE_MEANS_FRAME = re.compile(r"\s*以")
RE_MEANS_END = re.compile(r"为(?:牵引|抓手|重点|主线|载体|契机|突破口|引领|支撑|依托)")
#: an adverb of continuing right before the verb that acts on a count: the set already exists
RE_CONTINUING = re.compile(r"(?:持续|深入|扎实)[\u4e00-\u9fff]{2}\s*$")
#: a percentage that is a rate of support applied by rule (按照投资额的20%给予奖补, 40%给予贴息)
RE_RATE_OF = re.compile(r"按照?|给予|奖补|补助|补贴|贴息|奖励")
#: what a percentage followed by a noun is not the share of: a measure, or a change from it
RE_NOT_POPULATION = re.compile(r"(?:速度|增速|增幅|幅度|水平|目标|预期|比例|比重|左右)|"
                               r"(?:提高|增加|提升|上升|降低|下降|减少|增长|扩大)(?:到|至)")
RE_FORMULA = re.compile(r"[=＝÷]")
RE_ENUMERATOR = re.compile(r"\d{1,3}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是]")
RE_PAREN_GROUP = re.compile(r"\s*[（(][^（()）\n]{0,40}[)）]")
RE_OBJECT_MARKER = re.compile(r"(?:将|把|对|按|从|由|向|给|让|使)\s*$")
RE_ENUM_COUNT = re.compile(r"、|等$")
#: a clause that reports what exists (已建成…, 累计…) inside a committing sentence
RE_PAST_CLAUSE = re.compile(r"已(?:经)?|累计(?:已)?(?:完成|建成|实现)")
#: when a reported result is for: a year, 去年, a span of years (过去五年 / 五年来 / 年均)
RE_PAST_YEAR = re.compile(rf"(?<![\d〇零一二三四五六七八九十])(?P<y>{_YEAR})年(?!(?:以来|起|开始|前|到|至|—|-))")
RE_LAST_YEAR = re.compile(r"去年|上年|过去一年|一年来")
RE_PAST_SPAN = re.compile(r"过去(?P<n>[五三两二十])年|(?P<n2>[五三十])年来|年均")
#: a due-year phrase that dates a commitment: 到2020年, 力争2017年, 2018年12月底前, 从2019年起
RE_DUE_PHRASE = re.compile(
    rf"(?:(?P<lead>到|至|力争|争取|确保|计划|于|在)(?:在)?|(?P<from>从|自))?(?<![\d〇零一二三四五六七八九十])"
    rf"(?P<y>{_YEAR})年(?:(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})月)?(?P<post>年?底前|末前|底|末|以前|之前|前|起|开始|上半年|下半年)?"
    r"(?=[，,]|[^年\d])")
#: a text that opens with its horizon: 到2023年，… / 2025年底前，…
RE_OPENING_YEAR = re.compile(rf"^(?:(?:[（(][一二三四五六七八九十\d]{{1,3}}[）)])?[^，。：:\n]{{2,8}}[：:。])?"
                             rf"(?:到|至|力争|争取|确保|即到)?(?P<y>{_YEAR})年(?:底前|底|末|前)?[，,]")
#: what may stand between a clause's start and the date that governs it
RE_DATE_OPENS = re.compile(r"\s*(?:即|并|要|将|预计|计划|力争|争取|确保)?\s*")
#: a short subject and modal before a date that governs what follows (试点地区要于…前，)
RE_SUBJECT_MODAL = re.compile(r"[^，,；;。]{1,10}?(?:要|将|应|须|需|应当|必须)")
#: an end state a dated commitment reaches (the predicate of a milestone clause): the lexicon's
RE_END_STATE = L.RE_END_STATE
#: a span of years the work takes from the plan's start: 经过5—10年左右时间, 用3年时间
RE_SPAN_TIME = re.compile(r"(?:经过|用|通过)(?P<n>[一二三四五六七八九十]|10|[1-9])(?:[—\-－~～至到](?P<m>[一二三四五六七八九十]|10|[1-9]))?"
                          r"年(?:左右)?(?:的)?时间")
#: a paragraph that opens with this year's programme (今年工作的总体要求是：…)
RE_OPENS_THIS_YEAR = re.compile(rf"[\s　]*(?:今年|(?P<y>{_YEAR})年是)")
#: a date work starts from (从2019年起, 2020年起, 自2015年开始), and a clause that is only that date
RE_FROM_YEAR = re.compile(rf"(?<![\d〇零一二三四五六七八九十])(?:{_YEAR})年(?:起|开始)(?!的)")
RE_FROM_YEAR_CLAUSE = re.compile(rf"\s*(?:从|自)(?:{_YEAR})年(?:起|开始)\s*")
RE_ANY_WORD = re.compile(rf"[{L.CJK}]")
#: an end state that is only a degree (解决得更好) or the subject of another predicate
#: (完成全年发展目标面临诸多挑战); a clause the next one says how to reach (实现全年目标任务，要…)
RE_NOT_REACHED = re.compile(r"得|在|更|新(?:进步|水平|高度|台阶|成效|进展|步伐|局面)")
RE_NOT_REACHED_LATER = re.compile(r"面临|(?<!满足)需要|意味着|离不开|相衔接|相适应|相协调|相一致")
RE_MEANS_FOLLOW = re.compile(r"\s*(?:我们)?(?:要|必须|需要|就要)")
#: clauses that state a purpose, a means, a result, a copula or a direction (the lexicon's)
RE_NOT_MILESTONE = L.RE_NOT_COMMITTING
RE_NOT_MILESTONE_CLAUSE = re.compile(r"基础上|之年|以下|(?:能够|可以)(?=[\u4e00-\u9fff]{0,4}(?:实现|完成))")
#: a sentence that explains a target already stated (…，是一个积极进取的目标 / 主要考虑)
RE_EXPLAIN = re.compile(r"目标设定为|(?:增长|目标)[^，。]{0,12}(?:[\d.]+%|左右)[^，。]{0,6}[，,](?:是|主要是|这是|既是)"
                        r"|主要考虑|(?:综合)?考虑了")
#: a figure stated as a record is a fact, not a commitment (今年高校毕业生749万人，为历史最高)
RE_RECORD = re.compile(r"[，,]?\s*(?:为|创|再创|达到)?历史(?:最高|新高|最好)")

_MAX_METRIC = 24
#: the longest stretch read as one sentence or one clause (see _boundaries)
_LONGEST_SENTENCE, _LONGEST_CLAUSE = 600, 200
_MAX_NOUN = 20
_DEFAULT_YEAR_SPAN = 2000


# ---- small pure helpers ------------------------------------------------------------------
def _masked_spans(work: str) -> bytearray:
    """One byte per character: 1 where the character sits inside quotes or a title. A long quote
    that holds quantities (实现“…达到500家左右，…覆盖率达到90%”的目标) states targets, not a name."""
    mask = bytearray(len(work))
    for m in RE_QUOTED.finditer(work):
        inner = m.group()[1:-1]
        if m.group()[0] != "《" and len(inner) > 16 and RE_QTY.search(inner):
            continue
        mask[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _boundaries(pattern: re.Pattern[str], work: str, longest: int) -> list[int]:
    """Sorted positions just after each separator, with 0 first; a stretch longer than
    ``longest`` without one is cut every ``longest`` characters, so that no step looks further
    than that around a number (real sentences and clauses are far shorter; text without any
    punctuation, such as ``1%1%1%…``, would otherwise make every number rescan all before it)."""
    out = [0]
    for m in pattern.finditer(work):
        while m.end() - out[-1] > longest:
            out.append(out[-1] + longest)
        out.append(m.end())
    while len(work) - out[-1] > longest:
        out.append(out[-1] + longest)
    return out


def _segment(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
    """The (start, end) of the segment that contains ``pos`` (end is the next separator)."""
    i = bisect.bisect_right(bounds, pos) - 1
    start = bounds[i]
    end = bounds[i + 1] - 1 if i + 1 < len(bounds) else length
    return start, max(end, start)


def _strip_metric(words: str) -> tuple[str, int | None]:
    """Remove markers, comparators and years around the metric words; return (metric, base_year)."""
    base = None
    m = RE_BASE.search(words)
    if m:
        base = _year_value(m.group("y") or m.group("y2") or m.group("y3") or m.group("y4"))
        words = words[:m.start()] + words[m.end():]
    words = RE_BASE_OTHER.sub("", words)
    words = RE_YEAR_ANY.sub("", words)
    words = RE_FROM_TO.sub("", re.sub(r"的$", "", words))
    words = RE_PAREN_GROUP.sub("", words)
    for _ in range(8):
        new = _LEAD.sub("", words, count=1)
        new = _TRAIL.sub("", new, count=1)
        if new == words:
            break
        words = new
    words = RE_YEAR_ANY.sub("", words)
    words = RE_METRIC_NOISE.sub("", words).strip(" 　、，,：:；;")
    return words, base


def _year_value(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(parse_number(text))
    except ParseError:  # pragma: no cover - the pattern only lets years through
        return None


def _rel_year(n: str, start: int | None, end: int | None) -> int | None:
    try:
        count = int(parse_number(n))
    except ParseError:  # pragma: no cover
        return None
    if start is not None:
        return start + count - 1
    return end


def _this_year(ctx: _Ctx, m: re.Match[str]) -> int | None:
    """The year 今年/年内/当年 (the plan's first) or 明年 (the one after) stands for."""
    if ctx.start_year is None:
        return None
    return ctx.start_year + (m.group() == "明年")


def _value_of(numeral: str) -> tuple[float, bool] | None:
    """Parse a matched numeral; return (value, had 多/余) or None when it is not a number."""
    more = "多" in numeral or "余" in numeral
    try:
        return parse_number(numeral.replace("多", "").replace("余", "")), more
    except ParseError:
        return None


@dataclass
class _Ctx:
    text: str
    work: str
    mask: bytearray
    sentences: list[int]
    clauses: list[int]
    start_year: int | None
    end_year: int | None
    default_year: int | None = None
    #: the whole text reports results (a review part): every figure is an outcome
    past: bool = False
    #: the due year of a unit that opens with one (到2023年，…), for its undated milestones
    year_led: int | None = None
    #: the due year its part opens with (a 发展目标 heading followed by 到2023年，…)
    horizon: int | None = None
    #: the years its review part covers (过去五年, “十二五”时期), for results without a year
    review_span: tuple[int, int] | None = None


@dataclass
class _Cand:
    start: int
    end: int
    metric: str
    value: float | None
    unit: str | None
    comparator: str
    year: int | None
    base_year: int | None
    kind: str
    sentence: int
    clause: int
    own_verb: bool
    has_before: bool
    value_max: float | None = None
    past: bool = False


def _due_year(ctx: _Ctx, sent_start: int, pos: int) -> int | None:
    """The nearest due-year phrase before ``pos`` in the sentence."""
    window = ctx.work[sent_start:pos]
    best: tuple[int, int | None] | None = None
    for m in RE_YEAR.finditer(window):
        pre, post = m.group("pre") or "", m.group("post") or ""
        if ctx.mask[sent_start + m.start("y")]:
            continue
        if pre in ("比", "较", "与", "从", "自", "以") or "基础上" in post or post in ("相比", "为基数", "为基期",
                                                                               "以来", "来", "起"):
            continue
        if pre == "在" and window.startswith("基础上", m.end()):
            continue
        best = (m.start(), _year_value(m.group("y")))
    for m in RE_REL_YEAR.finditer(window):
        pre, post = m.group("pre") or "", m.group("post") or ""
        if pre in ("近", "连续", "历时", "前", "这", "最近") or post in ("来", "以来", "前", "后", "多", "左右"):
            continue
        at_clause_start = m.start() == 0 or window[m.start() - 1] in "，,；;：:。（(" or \
            window[max(0, m.start() - 2):m.start()] in ("力争", "争取", "确保")
        if pre in ("今后", "未来") or post in ("内", "之内") or (at_clause_start and not post):
            if best is None or m.start() > best[0]:
                best = (m.start(), _rel_year(m.group("n"), ctx.start_year, ctx.end_year))
    for m in RE_THIS_YEAR.finditer(window):
        if best is None or m.start() > best[0]:
            best = (m.start(), _this_year(ctx, m))
    if best is not None:
        return best[1]
    if sent_start and ctx.work[sent_start - 1] != "\n":
        led = _paragraph_year(ctx.work, sent_start)
        if led is not None:
            return led  # a later sentence of a paragraph that opens with 到2022年，…
    return ctx.default_year if sent_start > 0 else None


def _paragraph_year(work: str, pos: int) -> int | None:
    """The year the paragraph holding ``pos`` opens with (``到2022年，…``), for a paragraph
    after the text's first (whose opening is ``_Ctx.year_led``)."""
    line_start = work.rfind("\n", 0, pos) + 1
    return opening_year(work[line_start:line_start + 24]) if line_start else None


def _right_noun(work: str, pos: int, clause_end: int) -> tuple[str, int, bool]:
    """The noun right after a quantity (parentheticals skipped): (noun, end, skipped a bracket)."""
    p = pos
    while True:
        m = RE_PAREN_GROUP.match(work, p)
        if not m or m.end() > clause_end + 1:
            break
        p = m.end()
    rest = work[p:max(p, clause_end)]
    # a bracket inside the noun is read past (乡镇（街道）应急消防管理站) and left out of its name
    inner = RE_PAREN_GROUP.sub(lambda g: "\0" * len(g.group()), rest)
    cut = RE_NOUN_CUT.search(inner)
    noun = inner[:cut.start()] if cut else inner
    if "、" in noun:
        parts = noun.split("、")
        keep = [parts[0]]
        for part in parts[1:]:
            if re.search(r"\d", part):
                break
            keep.append(part)
        noun = "、".join(keep)
    end = p + len(noun)
    noun = noun.replace("\0", "")
    if "的" in noun:
        noun = noun[noun.rindex("的") + 1:]
    noun = noun.strip().rstrip("、和及与")
    if len(noun) > _MAX_NOUN and "、" in noun:
        noun = noun[:noun.index("、")] + "等"
    return noun[:_MAX_NOUN], end, p != pos


def _comparator(before: str, after: str, ranged: bool, more: bool) -> str:
    if after:
        return _AFTER_MAP[after]
    if ranged:
        return ">="
    if more:
        return ">"
    m = RE_BEFORE.search(before)
    if m:
        return _BEFORE_MAP.get(m.group().strip(), "=")
    return "="


def _shorten(metric: str) -> str:
    """Keep a long metric readable: the part after its last 、 when that is enough, else the tail."""
    if len(metric) <= _MAX_METRIC:
        return metric
    tail = metric[metric.rfind("、") + 1:]
    return tail if len(tail) >= 4 and "、" in metric else metric[-_MAX_METRIC:]


def _category(unit: str | None) -> str:
    return "money" if unit in _MONEY else "ratio" if unit in ("%", "百分点", "倍") else "count"


def _kind(metric: str, unit: str) -> str:
    if unit in ("倍", "百分点"):
        return "relative"
    if unit != "%":
        return "relative" if RE_CHANGE_END.search(metric) else "absolute"
    if unit == "%":
        return "share" if RE_SHARE.search(metric) or not RE_GROWTH_END.search(metric) else "relative"
    return "absolute"


def _skip_number(ctx: _Ctx, m: re.Match[str]) -> bool:
    """Numbers that are not quantities: quoted names, ordinals, codes, placeholders, vague amounts."""
    s, w = m.start(), ctx.work
    if ctx.mask[s]:
        return True
    prev = w[s - 1] if s else ""
    if prev and (prev in "第*＊×Xx#.．/每" or (prev.isascii() and prev.isalpha())):  # 每10万人: a denominator
        return True
    if prev and prev in "-－—–~～" and s >= 2 and (w[s - 2].isdigit() or w[s - 2] == "%"):
        return True  # the upper end of a range already read
    n1 = m.group("n1")
    if not re.search(r"\d", n1):
        if set(n1) <= set("万亿") and not RE_BEFORE.search(w, max(0, s - 4), s):
            return True  # 万亿元 alone is a figure only after 突破/超过/达到…
        if prev in "前近数几上每余":
            return True
        if n1 == "一" and m.group("unit") in ("批", "个", "项", "家"):
            return True  # 一批, 一个: an indefinite article, not a count
    unit = m.group("unit")
    nxt = w[m.end()] if m.end() < len(w) else ""
    not_before = _UNIT_NOT_BEFORE.get(unit)
    if not_before and not_before.match(w, m.end()) and not w.startswith(("具有", "具备"), m.end()):
        return True
    if unit == "个" and w.startswith(("月", "工作日", "小时", "季度", "星期", "自然日"), m.end()):
        return True
    if unit == "个" and w.startswith("年度", m.end()) and (_value_of(n1) or (99.0, False))[0] <= 10:
        return True  # 3个年度 is a span; 320个年度共建项目 counts projects
    if unit == "个" and w.startswith(("方面", "层面", "维度", "环节"), m.end()):
        return True  # 做好9个方面工作: how a speech is laid out, not a quantity to reach
    if unit == "个" and w.startswith(("民族", "百年"), m.end()):
        return True  # 56个民族, 两个一百年: names, not quantities
    if nxt == "级":
        return True
    if unit == "方" and not re.search(r"[万亿]$", n1.replace("多", "")):
        return True
    if unit == "米" and w[max(0, s - 2):s].endswith("平方"):
        return True
    return False


def _another_figure(rest: str) -> bool:
    """Whether the words after a figure's noun hold a figure of their own (1299个项目完成投资1.4万亿元),
    not the next item of its list (1600个A、600个B) or a threshold qualifying the noun (过10亿元的)."""
    for m in RE_QTY.finditer(rest):
        before = rest[:m.start()].rstrip()
        if before.endswith(("、", "和", "及", "与")) or before.endswith(("过", "超过", "超")) \
                or rest.startswith(("的", "以上的", "以下的"), m.end()):
            continue
        return True
    return False


def _counts_a_list(left: str) -> bool:
    """Whether the number after ``left`` counts a list the sentence just gave (A、B、C等12个领域,
    支持A、B、C12个领域), not things a verb after the list acts on (分行业、分领域发布100个…)."""
    if left.rstrip().endswith("等"):
        return True
    verbs = list(RE_OBJECT_VERB.finditer(left))
    return "、" in (left[verbs[-1].end():] if verbs else left)


def _hard_end(work: str, pos: int) -> int:
    """The next clause separator that is not a bracket (a noun may run past a parenthetical),
    looked for at most a clause's length ahead."""
    end = min(len(work), pos + _LONGEST_CLAUSE)
    m = RE_HARD_SEP.search(work, pos, end)
    return m.start() if m else end


def _before_word(left: str) -> str:
    m = RE_BEFORE.search(left)
    return m.group().strip() if m else ""


def _candidate(ctx: _Ctx, m: re.Match[str], prev: _Cand | None) -> _Cand | None:
    """Judge one quantity match; return a candidate target or None (see the module docstring)."""
    if _skip_number(ctx, m):
        return None
    w = ctx.work
    n1, n2 = m.group("n1"), m.group("n2")
    pure_cn = not re.search(r"\d", n1)
    parsed = _value_of(n1)
    parsed_max = _value_of(n2) if n2 is not None else None
    if parsed is None or (n2 is not None and parsed_max is None):
        return None
    value, more = parsed
    ranged = n2 is not None
    value_max = None
    if parsed_max is not None:  # ranged
        value_max = parsed_max[0]
        magnitude = re.search(r"[十百千万亿]+$", n2.replace("多", "").replace("余", ""))
        if magnitude and re.search(r"\d$", n1):  # 80-100亿元: the magnitude written once is for both
            value = parse_number(n1 + magnitude.group())
    unit = _UNIT_CANON.get(m.group("unit"), m.group("unit"))
    q_unit_end = m.end()
    if unit == "个" and w.startswith("批次", m.end()):
        unit, q_unit_end = "批次", m.end() + 2
    sent_start, _ = _segment(ctx.sentences, m.start(), len(w))
    cl_start, _ = _segment(ctx.clauses, m.start(), len(w))
    same_clause = prev is not None and prev.clause == cl_start and prev.end <= m.start()
    left_from = prev.end if same_clause and prev is not None else cl_start
    left = w[left_from:m.start()]
    last_q = None
    for last_q in RE_QTY.finditer(left):
        pass
    if last_q is not None and not same_clause and left[last_q.end():].startswith("、"):
        left_from += last_q.end()
        left = w[left_from:m.start()]
    bare = list(RE_BARE_ITEM.finditer(left))
    if bare:  # 新增4G用户3.4亿、光缆线路550多万公里: a figure without measure word ends a list item
        left_from += bare[-1].end()
        left = w[left_from:m.start()]
    if prev is not None and prev.sentence == sent_start and prev.end <= m.start() and \
            re.fullmatch(r"\s*[、和及与]\s*", w[prev.end:m.start()]):
        left_from, left = m.start(), ""       # the next item of a list the previous target opened
    next_item = not left and prev is not None and left_from == m.start()
    after_m = RE_AFTER.match(w, q_unit_end)
    after = after_m.group(1) if after_m and not (after_m.group(1) in ("多", "余") and more) else ""
    q_end = after_m.end() if after_m and after else q_unit_end
    word = _before_word(left)
    has_before = word in _BEFORE_MAP or (word in _TO_WORDS and word not in ("为", "是", "在")) or \
        (word in ("为", "是") and bool(re.search(r"目标[为是]$", left.rstrip())))
    comparator = _comparator(left, after, ranged, more)

    if pure_cn and not (has_before or after or unit in _MONEY or ranged):
        return None
    people = L.RE_PEOPLE_AFTER.match(w, m.end()) if not unit else None
    if people and w.startswith("的", people.end()):
        return None  # 13亿多人口的发展中大国: the size of what follows, not a quantity to reach
    if people:
        unit = "人"  # 6000万农村人口: a count of people
    elif not unit and not has_before:
        return None  # a bare 5亿 is a figure only after a comparator word
    threshold = RE_THRESHOLD_AFTER.match(w, q_end)
    if threshold and not (unit in _MONEY or threshold.group().startswith(("以上", "以下", "及"))):
        threshold = None  # 推动100家企业…: a count of enterprises, not a size class
    if threshold and unit != "%" and not has_before:
        return None
    if threshold and unit in _MONEY and left.endswith("超"):
        return None
    if unit in _MONEY and left.endswith(("超", "过")) and re.match(r"[\u4e00-\u9fff]", w[q_end:q_end + 1]) \
            and _another_figure(w[q_end:_hard_end(w, q_end)]):
        return None  # 年销售收入超10亿元龙头企业达到100家: the class of what the clause counts
    if unit in _MONEY and left.endswith("过") and any(
            q.group("unit") not in _MONEY for q in RE_QTY.finditer(w, cl_start, m.start())):
        return None  # 64个预增产值过10亿元、…的增长点: the class of the things just counted
    # 对10万名女童进行接种, 在100个城市进行试点: a count acted on, or of the places where work is done
    acted_on = bool(RE_ACTED_ON.fullmatch(w[cl_start:m.start()]) or RE_PLACE_BEFORE.search(w, cl_start, m.start()))
    if RE_CONDITION.search(w[cl_start:m.start()]) and not acted_on and (
            unit in _MONEY or unit == "%" or w[cl_start] in "对凡如若"):
        return None  # eligibility conditions and subsidy rates of a support policy, not targets
    if RE_RULE.search(w[cl_start:m.start()]) or RE_EVENT.search(w, q_end, _hard_end(w, q_end)):
        return None
    if not acted_on and rejecting_rule(w, m.start(), q_end) is not None:
        return None  # a named rule (ingest/figure_rules.py): a per-case award, a quota, a condition
    if RE_EACH_PLACE.search(w, cl_start, m.start()) and not has_before:
        return None
    if RE_MEANS_FRAME.match(w, cl_start) and RE_MEANS_END.search(w, q_end, _hard_end(w, q_end)):
        return None  # 以办好10件民生实事为牵引: the means the part works by, not a figure to reach
    if RE_CONTINUING.search(w, cl_start, m.start()) and not (has_before or after or ranged):
        return None  # 持续实施6个重大科技专项, 深入推进13条产业链: the size of a set that exists
    if left.rstrip().endswith(("过", "超过")) and w.startswith("的", q_end):
        return None  # 预增产值过10亿元的增长点: the class the counted things belong to
    if after in ("以上", "以下") and w[:m.start()].rstrip().endswith("在") and not has_before:
        return None  # 数量在5亿公斤以下: the bound of a class (a level of response), not a goal
    closes = q_end >= len(w) or bool(RE_HARD_SEP.match(w, q_end))
    # 新增养老护理、应急救护“双持证”护理员8000人: a figure after its noun counts that noun, list and all
    enumerated = not closes and _counts_a_list(left.lstrip("、，, 其中"))
    if enumerated and left.rstrip().endswith("等") and value > left.count("、") + 3:
        enumerated = False  # 三峡…、汉江…等3100个重大项目: the list gives examples of many
    if enumerated and not (has_before or ranged or after) and unit != "%":
        return None

    metric, base = _strip_metric(left)
    if acted_on:
        metric = ""  # what is done to them follows: 对10万名适龄女童进行HPV疫苗补助接种
    noun, noun_end, skipped = _right_noun(w, q_end, _hard_end(w, q_end))
    if skipped:
        noun_end = q_end  # keep a parenthetical's own target outside this one's raw
    immediate = w[q_end:q_end + 1]
    followed_by_noun = bool(noun) and immediate not in "、和及与" and not immediate.isspace() \
        and not RE_QTY.match(w, q_end)  # 老旧小区716个26.95万户: two measures of what comes before
    raw_end = q_end
    own_verb = bool(RE_VERB_ANY.search(metric))
    if followed_by_noun:
        if unit == "%" and not (has_before or enumerated or ranged):
            # 90%以上行政村通硬化路, 90%的县达到…标准: the share of those named that do what follows;
            # not a rate applied by rule (按投资额20%给予奖补), a starting value (从2.1%提高到…) or
            # a figure of a measure (7%左右的速度可以…)
            rest = w[q_end:_hard_end(w, q_end)]
            if RE_RATE_OF.search(left) or RE_RATE_OF.search(rest) or _another_figure(rest) or \
                    RE_NOT_POPULATION.match(w[q_end:noun_end].lstrip("的")):
                return None
            metric, raw_end = metric + noun, noun_end
        elif metric and RE_VERB_END.search(metric):
            metric, raw_end = metric + noun, noun_end
        elif not metric:
            rest = w[q_end:_hard_end(w, q_end)]
            if not has_before and (_another_figure(rest) or (
                    RE_PREDICATE.search(rest) and not (acted_on or next_item))):
                return None  # 29个村…翻一番, 1299个项目完成投资1.4万亿元: a count that names the subject
            if RE_OBJECT_MARKER.search(left) and not has_before and "的" in w[q_end:noun_end]:
                return None  # 将18项收费的免征范围扩大到…: the number only qualifies an object
            metric, raw_end = noun, noun_end
        elif enumerated and (ranged or has_before):
            # enumerated: _counts_a_list saw a 、 or a closing 等 (the same match as in ``left``
            # itself, only also when 等 is followed by white space)
            listing = RE_ENUM_COUNT.search(left.rstrip())
            assert listing is not None
            verbs = list(RE_VERB_ANY.finditer(left[:listing.start()]))
            metric, raw_end = (verbs[-1].group() if verbs else "") + noun, noun_end
        elif not has_before:
            rest = w[noun_end:_hard_end(w, q_end)]
            listed = re.split(r"[、“]", left, maxsplit=1)[0]
            acts = RE_OBJECT_VERB_END.search(left) or (
                left.rstrip().endswith("等") and RE_OBJECT_VERB.search(listed)) or (  # 加快A、B等5500个…
                unit not in _MONEY and RE_OBJECT_VERB_MODIFIED.search(left))  # 推进省委确定的339项
            if unit in _MONEY or not acts or _another_figure(rest):
                return None  # 中央400亿元基金, 1299个项目完成投资1.4万亿元: the figure qualifies a noun
            metric, raw_end = metric + noun, noun_end  # 遴选80名…, 面向1万名…, 推动全省100家企业…
    own_verb = bool(RE_VERB_ANY.search(metric))
    raw_start = left_from
    while raw_start < m.start() and (w[raw_start] in " 　、，,；;：:" or ctx.text[raw_start].isspace()):
        raw_start += 1
    enum = RE_ENUMERATOR.match(w, raw_start)
    if enum and enum.end() <= m.start():
        raw_start = enum.end()
    listed = prev is not None and bool(RE_LIST_GAP.fullmatch(w[prev.end:raw_start])) and not _LEAD.match(
        w[raw_start:m.start()].lstrip("其中，,"))
    if prev is not None and prev.sentence == sent_start:
        if not metric:
            metric = prev.metric
        elif RE_GROWTH_ONLY.match(metric):
            metric = prev.metric + metric
        elif (listed and not own_verb and not has_before and prev.own_verb
              and _category(prev.unit) == _category(unit) and not RE_GROWTH_END.search(metric)):
            lead = RE_VERB_START.match(prev.metric)
            if lead and lead.group() not in _NO_SHARE_VERBS:
                metric, own_verb = lead.group() + metric, True
    if not metric:
        metric = _previous_clause_metric(ctx, cl_start, sent_start)
    metric = _shorten(metric)
    own_verb = own_verb and bool(RE_VERB_START.match(metric))
    return _Cand(raw_start, raw_end, metric, value, unit, comparator, _due_year(ctx, sent_start, m.start()),
                 base, _kind(metric, unit), sent_start, cl_start, own_verb, has_before, value_max)


def _previous_clause_metric(ctx: _Ctx, cl_start: int, sent_start: int) -> str:
    """The words of the clause before ``cl_start`` in the same sentence, as a fallback metric."""
    if cl_start <= sent_start:
        return ""
    prev_start, _ = _segment(ctx.clauses, cl_start - 1, len(ctx.work))
    words, _ = _strip_metric(ctx.work[prev_start:cl_start - 1])
    words = re.sub(r"^(?:深入|全面|积极|加快|大力|进一步|继续|着力)*(?:实施|推进|开展|推动)", "", words)
    return words[-_MAX_METRIC:]


def _doubling(ctx: _Ctx, m: re.Match[str], prev: _Cand | None) -> _Cand | None:
    if ctx.mask[m.start()]:
        return None
    w = ctx.work
    n = m.group("n") or "一"
    times = {"一": 1, "1": 1, "两": 2, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}[n]
    sent_start, _ = _segment(ctx.sentences, m.start(), len(w))
    cl_start, _ = _segment(ctx.clauses, m.start(), len(w))
    left_from = prev.end if prev is not None and prev.clause == cl_start and prev.end <= m.start() else cl_start
    left = w[left_from:m.start()]
    base_m = RE_BASE.search(w, sent_start, m.start())
    base = None
    if base_m:
        base = _year_value(base_m.group("y") or base_m.group("y2") or base_m.group("y3") or base_m.group("y4"))
    metric, base_left = _strip_metric(left)
    base = base_left if base_left is not None else base
    metric = re.sub(r"(?:[\d一二两三四五六七八九十]+个)", "", metric, count=1) if re.match(
        r"^[\d一二两三四五六七八九十]+个", metric) else metric
    if not metric and prev is not None and prev.sentence == sent_start:
        metric = prev.metric
    after = m.group("after")
    comparator = ">=" if after == "以上" else ">" if after == "多" else "="
    raw_start = left_from
    while raw_start < m.start() and w[raw_start] in " 　、，,；;：:":
        raw_start += 1
    return _Cand(raw_start, m.end(), metric[-_MAX_METRIC:], float(2 ** times), "倍", comparator,
                 _due_year(ctx, sent_start, m.start()), base, "relative", sent_start, cl_start,
                 bool(RE_VERB_START.match(metric)), True)


def _fraction(ctx: _Ctx, m: re.Match[str], prev: _Cand | None) -> _Cand | None:
    """占总课时一半以上 → 50 %, ``>=``; 三分之一 → 33.33 %."""
    if ctx.mask[m.start("f")]:
        return None
    w = ctx.work
    digits = {c: i for i, c in enumerate("零一二三四五六七八九十")}
    value = 50.0 if m.group("f") == "一半" else round(100 * digits[m.group("n")] / digits[m.group("d")], 2)
    sent_start, _ = _segment(ctx.sentences, m.start(), len(w))
    cl_start, _ = _segment(ctx.clauses, m.start(), len(w))
    metric, base = _strip_metric(w[cl_start:m.start("f")])
    metric = re.sub(r"(?:原则上|一般|应当|要)", "", metric)
    after = m.group("after") or ""
    word = re.search("超过|不少于|不低于|不到|低于", m.group())
    before = word.group() if word else m.group("before")
    comparator = (">=" if after == "以上" or before in ("不少于", "不低于") else ">" if before == "超过"
                  else "<=" if after == "以下" else "<" if before in ("不到", "低于") else "~" if after else "=")
    if len(metric) < 2:
        return None
    return _Cand(cl_start, m.end(), metric[-_MAX_METRIC:], value, "%", comparator,
                 _due_year(ctx, sent_start, m.start()), base, "share", sent_start, cl_start, False, True)


def _background_sentences(ctx: _Ctx) -> tuple[set[int], set[int]]:
    """Starts of sentences that read as past facts, and of sentences that explain a target
    stated before (经济增长预期7%左右，是…考虑): the first report outcomes, the second nothing."""
    skip: set[int] = set()
    explain: set[int] = set()
    review = False
    bounds = ctx.sentences
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(ctx.work)
        sentence = ctx.work[start:end]
        if RE_FORMULA.search(sentence):
            explain.add(start)  # a scoring or accounting formula, not a commitment
            continue
        if RE_EXPLAIN.search(sentence):
            explain.add(start)
            continue
        if ctx.past:
            skip.add(start)
            continue
        if RE_REVIEW_OPEN.search(sentence) and not RE_STRONG_FUTURE.search(sentence):
            review = True
        elif review and (RE_REVIEW_CLOSE.search(sentence) or (
                len(sentence.strip()) <= 30 and RE_OUTLOOK_HEADING.search(sentence) and not RE_PAST.search(sentence))):
            review = False
        future = RE_FUTURE.search(sentence)
        if review and (not RE_STRONG_FUTURE.search(sentence) or RE_PAST.search(sentence)):
            skip.add(start)
        elif RE_PAST.search(sentence) and not future:
            skip.add(start)
    return skip, explain


def _milestone_year(ctx: _Ctx, start: int, end: int) -> tuple[int | None, str, int] | None:
    """The due year a clause ``work[start:end]`` is dated by: (year, comparator, where the
    year phrase starts; the year is None when a relative span cannot be placed), from a year phrase in the clause (opening it, or after 力争/确保 inside
    it: …示范应用项目力争2015年基本建成), else the nearest one opening an earlier clause of its
    sentence (到2020年，A，B。), else from its paragraph's or unit's opening (到2023年，…)."""
    w = ctx.work
    sent_start, _ = _segment(ctx.sentences, start, len(w))

    def dated(m: re.Match[str], inside: bool) -> tuple[int, str, int] | None:
        if ctx.mask[m.start("y")]:
            return None
        cl_start, _ = _segment(ctx.clauses, m.start(), len(w))
        opens = RE_DATE_OPENS.fullmatch(w[cl_start:m.start()]) or _governs(w, cl_start, m) or (
            m.group("lead") == "于" and RE_SUBJECT_MODAL.fullmatch(w[cl_start:m.start()]))  # X将于…前做A，做B
        if not (opens or (inside and m.group("lead") in ("力争", "争取", "确保", "计划", "于"))):
            return None  # 明确至2020年…的目标: the date sits inside a noun phrase
        if not (m.group("lead") or m.group("post") or m.group("from")) and not any(
                x.group("lead") for x in RE_DUE_PHRASE.finditer(w, sent_start, m.start())):
            return None  # a bare 2016年 dates only as the sequel of 力争2015年…，2016年…
        year = _year_value(m.group("y"))
        post = m.group("post") or ""
        return (year, "<=" if ("前" in post or post.endswith("底")) else "=", m.start()) if year else None

    for m in RE_DUE_PHRASE.finditer(w, start, end):
        found = dated(m, True)
        if found:
            return found
    within = RE_WITHIN.match(w, start)  # 争取三年内实现…: counted from the plan's first year
    if within and ctx.start_year is not None:
        return _rel_year(within.group("n"), ctx.start_year, ctx.end_year), "<=", start
    span = RE_SPAN_TIME.search(w, sent_start, end)  # 经过5—10年左右时间，…基本完成: its longer end
    if span and ctx.start_year is not None:
        return _rel_year(span.group("m") or span.group("n"), ctx.start_year, ctx.end_year), "=", span.start()
    this_year = RE_THIS_YEAR.search(w, sent_start, end)  # 今年…高质量完成“十四五”规划目标任务
    if this_year and ctx.start_year is not None and not ctx.mask[this_year.start()]:
        return _this_year(ctx, this_year), "=", -1
    line_start = w.rfind("\n", 0, start) + 1
    opens = RE_OPENS_THIS_YEAR.match(w, line_start)
    if ctx.start_year is not None and opens and (
            not opens.group("y") or _year_value(opens.group("y")) == ctx.start_year):
        return ctx.start_year, "=", -1  # 今年工作的总体要求是：…。…高质量完成“十四五”规划目标任务
    for m in reversed(list(RE_DUE_PHRASE.finditer(w, sent_start, start))):
        found = dated(m, False)
        if found:
            return found
    led = _paragraph_year(w, start)
    if led is not None:
        return led, "=", -1  # its paragraph opens with 到2020年，…
    if ctx.year_led is not None:
        return ctx.year_led, "=", -1
    if ctx.horizon is not None:
        return ctx.horizon, "=", -1
    return None


def _governs(w: str, cl_start: int, m: re.Match[str]) -> bool:
    """Whether a date closes a clause of its own after a short subject (试点地区要于2019年12月底前，…),
    so that it dates the clauses that follow."""
    closes = re.match(r"\s*[，,]", w[m.end():])
    prefix = w[cl_start:m.start()]
    return bool(closes and (not prefix.strip() or (
        m.group("lead") in ("于", "在") and RE_SUBJECT_MODAL.fullmatch(prefix))))


def _milestone_metric(clause: str) -> str:
    """What a milestone commits to, as written (贫困县全部摘帽), without its date and modal lead.

    >>> _milestone_metric("到2020年，确保现行标准下农村贫困人口实现脱贫")
    '现行标准下农村贫困人口实现脱贫'
    """
    date = RE_DUE_PHRASE.match(clause) or RE_WITHIN.match(clause)
    if date:
        clause = clause[date.end():]
    clause = clause.strip(" 　，,、；;：:")
    return re.sub(r"^(?:确保|力争|争取|要|将|并|即|全省|全市|今年|明年|年内)*", "", clause).strip(" 　，,")


def _starts_then(ctx: _Ctx, start: int, end: int) -> re.Match[str] | None:
    """Work that starts at a date is committed to from then, whatever its verb: the clause that
    holds 2020年起… or follows a clause of its own 从2019年起，…; its first word stands for the verb."""
    w = ctx.work
    before = _segment(ctx.clauses, start - 1, len(w))[0] if start else 0
    if RE_FROM_YEAR.search(w, start, end) or (start and RE_FROM_YEAR_CLAUSE.fullmatch(w, before, start - 1)):
        return RE_ANY_WORD.search(w[start:end])  # found in the clause, as RE_END_STATE is
    return None


def _predicates(w: str, start: int, end: int) -> list[tuple[int, int]]:
    """A clause, or its 、-joined parts when two or more of them state an end state of their own
    (总量趋零增长、农业废弃物全量利用、危险废物全面安全管控); a part that states none goes."""
    if RE_NOT_MILESTONE.search(w[start:end]):
        return [(start, end)]  # 为实现A、建成B、实现C作出贡献: one purpose, not three end states
    parts, at = [], start
    for piece in w[start:end].split("、"):
        parts.append((at, at + len(piece)))
        at += len(piece) + 1
    stated = [(s, e) for s, e in parts if e - s >= 4 and RE_END_STATE.search(w, s, e)]
    return stated if len(stated) >= 2 else [(start, end)]


def _milestones(ctx: _Ctx, taken: list[tuple[int, int]], skip: set[int]) -> list[_Cand]:
    """Dated commitments without a number: a clause whose predicate is an end state (完成, 建成,
    基本形成, 全部摘帽, 实现…) in a sentence dated by 到/至/力争 … YYYY年, YYYY年底前, 从YYYY年起,
    or in a unit that opens with such a date (到2020年，乡村振兴取得重要进展…)."""
    out: list[_Cand] = []
    spanned: set[int] = set()
    w = ctx.work
    pieces = [piece for i, c in enumerate(ctx.clauses)
              for piece in _predicates(w, c, ctx.clauses[i + 1] - 1 if i + 1 < len(ctx.clauses) else len(w))]
    for cl_start, cl_end in pieces:
        clause = w[cl_start:cl_end]
        # work that starts at a date commits to starting it (从2019年起，探索…), unless it is a purpose
        # or a means (从2019年开始，围绕…)
        from_dated = _starts_then(ctx, cl_start, cl_end)
        if from_dated and L.RE_PURPOSE.search(RE_FROM_YEAR_CLAUSE.sub("", clause, count=1)):
            from_dated = None
        verb = RE_END_STATE.search(clause) or from_dated
        figures = any(re.search(r"\d", q.group("n1")) for q in RE_QTY.finditer(clause))  # not 零部件
        if not verb or figures or RE_DOUBLING.search(clause) or ctx.mask[cl_start + verb.start()]:
            continue
        if (not from_dated and RE_NOT_MILESTONE.search(clause[:verb.start()])) or RE_NOT_MILESTONE_CLAUSE.search(clause) \
                or RE_NOT_REACHED.match(w, cl_start + verb.end()) \
                or RE_NOT_REACHED_LATER.search(clause, verb.end()) or RE_MEANS_FOLLOW.match(w, cl_end + 1):
            continue
        sent_start, _ = _segment(ctx.sentences, cl_start, len(w))
        if sent_start in skip or any(s < cl_end and e > cl_start for s, e in taken):
            continue
        dated = _milestone_year(ctx, cl_start, cl_end)
        if dated is None:
            continue
        year, _by, at = dated  # a milestone is due at its date: comparator = (年底前 or not)
        start = at if at >= cl_start else cl_start
        date = RE_DUE_PHRASE.match(w, at) if 0 <= at < cl_start else None
        metric_from = start
        if date and date.end() >= cl_start - 1:
            start = metric_from = at  # 2015年底前，基本完成…: the date clause belongs to this one
        elif date and at not in spanned and _governs(w, _segment(ctx.clauses, at, len(w))[0], date):
            start = at  # 试点地区要于2019年12月底前，对…进行总结，形成…报告并报送…: from its date on
        while start < cl_end and w[start] in " 　，,、；;：:":
            start += 1
        while metric_from < cl_end and w[metric_from] in " 　，,、；;：:":
            metric_from += 1
        metric = _milestone_metric(w[metric_from:cl_end])
        if cl_start < start == metric_from:  # …示范应用项目力争2015年基本建成: the subject comes before the date
            subject, _ = _strip_metric(w[cl_start:start])
            subject = re.sub(r"(?:要|将|应|须|应当|必须)$", "", subject)
            metric = subject[subject.rfind("等") + 1:][-_MAX_METRIC:] + metric
        if len(metric) < 3:
            continue
        spanned.add(at)  # a date's span reaches its first end state only (到2020年，A，B: B from B)
        out.append(_Cand(start, cl_end, metric[:40], None, None, "=", year, None,
                         "milestone", sent_start, cl_start, False, False))
    return out


def _context(text: str, plan_start_year: int | None, plan_end_year: int | None, *,
             default_year: int | None = None, past: bool = False,
             review_span: tuple[int, int] | None = None) -> _Ctx:
    work = to_ascii_digits(text).replace("％", "%")
    ctx = _Ctx(text, work, _masked_spans(work), _boundaries(RE_SENTENCE_END, work, _LONGEST_SENTENCE),
               _boundaries(RE_CLAUSE_SEP, work, _LONGEST_CLAUSE), plan_start_year, plan_end_year,
               default_year, past, horizon=default_year, review_span=review_span)
    # A short unit that opens with a time frame (今年…目标是：…) lends it to its later sentences.
    if len(work) <= _DEFAULT_YEAR_SPAN:
        first_end = ctx.sentences[1] if len(ctx.sentences) > 1 else len(work)
        if RE_STRONG_FUTURE.search(work, 0, first_end):
            ctx.default_year = _due_year(ctx, 0, first_end) or ctx.default_year
        led = opening_year(work)
        if led is not None:
            ctx.year_led = led
    return ctx


def opening_year(text: str) -> int | None:
    """The year a text opens with as its horizon (``到2023年，…``, ``2025年底前，…``), or None.

    >>> opening_year("到2023年，工业互联网建设量质并进。"), opening_year("推进研发投入。")
    (2023, None)
    """
    m = RE_OPENING_YEAR.match(to_ascii_digits(text))
    return _year_value(m.group("y")) if m else None


def ahead_years(text: str) -> int | None:
    """How many years ahead a paragraph sets its goals (``今后五年…要努力实现以下主要目标``), or None.

    >>> ahead_years("坚持目标导向，今后五年经济社会发展要努力实现以下主要目标。"), ahead_years("推进研发。")
    (5, None)
    """
    m = RE_AHEAD_GOALS.search(text.split("\n", 1)[0])
    return int(parse_number(m.group("n"))) if m else None


def _candidates(ctx: _Ctx) -> list[_Cand]:
    """Every figure with its reading; those in past sentences are flagged ``past`` (outcomes)."""
    skip, explain = _background_sentences(ctx)
    found: list[tuple[int, str, re.Match[str]]] = [(m.start(), "q", m) for m in RE_QTY.finditer(ctx.work)]
    found += [(m.start(), "d", m) for m in RE_DOUBLING.finditer(ctx.work)]
    found += [(m.start("f"), "f", m) for m in RE_FRACTION.finditer(ctx.work)]
    found.sort(key=lambda item: item[0])
    out: list[_Cand] = []
    prev: _Cand | None = None
    for _, what, m in found:
        sent_start, _ = _segment(ctx.sentences, m.start(), len(ctx.work))
        if sent_start in explain:
            continue
        read = {"q": _candidate, "d": _doubling, "f": _fraction}[what]
        cand = read(ctx, m, prev)
        if cand is None:
            continue
        cl_start, _ = _segment(ctx.clauses, m.start(), len(ctx.work))
        clause = ctx.work[cl_start:m.start()]
        cand.past = sent_start in skip or bool(RE_PAST_CLAUSE.search(clause) and not RE_FUTURE.search(clause)) \
            or bool(RE_RECORD.match(ctx.work, cand.end))
        out.append(cand)
        prev = cand
    out += _milestones(ctx, [(c.start, c.end) for c in out], skip | explain)
    out.sort(key=lambda c: c.start)
    return out


def _outcome_when(ctx: _Ctx, c: _Cand) -> tuple[int | None, tuple[int, int] | None]:
    """The year (or period) a reported result is for: a year written before it in its sentence
    (2024年…, 截至2020年底), 去年/上年 (the year before the plan's), a multi-year span (过去五年,
    年均), else the year before a one-year plan (a work report reviews last year)."""
    sent_start, _ = _segment(ctx.sentences, c.start, len(ctx.work))
    window = ctx.work[sent_start:c.start + 1]
    start = ctx.start_year
    span = RE_PAST_SPAN.search(ctx.work, sent_start, c.end)  # 国内生产总值年均增长7.8%
    if span and start is not None:
        n = int(parse_number(span.group("n") or span.group("n2") or "五"))  # 年均 alone: five years
        return None, (start - n, start - 1)
    years = [y for m in RE_PAST_YEAR.finditer(window) if (y := _year_value(m.group("y"))) is not None
             and not ctx.mask[sent_start + m.start("y")]]
    if years:
        return years[-1], None
    if start is not None and RE_LAST_YEAR.search(window):
        return start - 1, None
    if start is not None and "今年" in ctx.work[sent_start:c.end]:
        return start, None  # 今年高校毕业生749万人: a fact of the report's own year
    line_start = ctx.work.rfind("\n", 0, sent_start) + 1
    earlier = [y for m in RE_PAST_YEAR.finditer(ctx.work, line_start, sent_start)
               if (y := _year_value(m.group("y"))) is not None and not ctx.mask[m.start("y")]]
    if earlier:
        return earlier[-1], None  # 刚刚过去的2017年，…。国内生产总值增长6.9%
    if ctx.review_span is not None:
        return None, ctx.review_span  # under 过去五年工作回顾: a figure for the whole span
    if start is not None and start == ctx.end_year:
        return start - 1, None
    return None, None


def _to_span(ctx: _Ctx, c: _Cand) -> TargetSpan:
    year, period = (c.year, None)
    if c.past:
        year, period = _outcome_when(ctx, c)
    return TargetSpan(c.metric, c.value, c.unit or None, c.comparator, year, c.base_year, c.kind,
                      ctx.text[c.start:c.end], c.start, c.end, c.value_max, c.past, period)


# ---- public API --------------------------------------------------------------------------
def extract_targets(text: str, *, plan_start_year: int | None = None,
                    plan_end_year: int | None = None, default_year: int | None = None,
                    past: bool = False, review_span: tuple[int, int] | None = None) -> list[TargetSpan]:
    """Find the quantitative and dated targets in one cleaned unit of plan text.

    Parameters
    ----------
    text : str
        One cleaned unit (a paragraph); ASCII or full-width punctuation and digits.
    plan_start_year, plan_end_year : int, optional
        The plan's period, used to resolve ``三年内``/``今年`` style deadlines.
    default_year : int, optional
        The due year the text's part gives (its heading's ``到2023年``), for undated figures.
    past : bool
        The text reports results (a review part): every figure is an outcome.
    review_span : (int, int), optional
        The years its review part covers (过去五年工作回顾): the period of a result without a year.

    Returns
    -------
    list of TargetSpan
        In text order; ``text[t.start:t.end] == t.raw`` for each. Figures reported as achieved
        (in a review, or a sentence that says 已/去年 without a commitment) have ``past`` set:
        they are outcomes, with the year (or ``period``) they report on.

    Examples
    --------
    >>> [(t.metric, t.value, t.unit) for t in extract_targets("新增国际标准10件,国家标准50件")]
    [('新增国际标准', 10.0, '件'), ('新增国家标准', 50.0, '件')]
    >>> t = extract_targets("三年内完成投资不少于50亿元", plan_end_year=2017)[0]
    >>> (t.value, t.comparator, t.year)
    (5000000000.0, '>=', 2017)
    """
    if not text:
        return []
    ctx = _context(text, plan_start_year, plan_end_year, default_year=default_year, past=past,
                   review_span=review_span)
    return [_to_span(ctx, c) for c in _candidates(ctx)]


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.6g}"


def check_breakdowns(text: str) -> list[str]:
    """Warn where a total's "其中" parts add up to more than the total.

    A total is a target followed in the same sentence by ``其中``; its parts are the targets
    after it with the same unit, up to a clause that starts with its own verb (a new list) or
    a target in another unit. Parts that add up to less than the total are a partial listing
    and fine.

    Returns
    -------
    list of str
        One message per inconsistent total, quoting the total, the sum and the raw text.

    Examples
    --------
    >>> check_breakdowns("新增孵化器20家,其中,国家级孵化器5家,省级孵化器10家,市级孵化器15家")[0][:32]
    '分项之和大于总数：新增孵化器 总数 20家，其中各项合计 30家'
    """
    if not text:
        return []
    ctx = _context(text, None, None)
    return _breakdown_warnings(ctx, _candidates(ctx))


def read_figures(text: str, **years) -> tuple[list[TargetSpan], list[str]]:
    """:func:`extract_targets` and :func:`check_breakdowns` of one text, reading it once."""
    if not text:
        return [], []
    ctx = _context(text, years.get("plan_start_year"), years.get("plan_end_year"),
                   default_year=years.get("default_year"), past=years.get("past", False),
                   review_span=years.get("review_span"))
    cands = _candidates(ctx)
    return [_to_span(ctx, c) for c in cands], _breakdown_warnings(ctx, cands)


def _breakdown_warnings(ctx: _Ctx, candidates: list[_Cand]) -> list[str]:
    # (target, its value): every candidate but a milestone has a value
    cands = [(c, c.value) for c in candidates if c.kind != "milestone" and not c.past and c.value is not None]
    w = ctx.work
    warnings: list[str] = []
    for i, (total, total_value) in enumerate(cands[:-1]):
        first = cands[i + 1][0]
        if not (RE_BREAKDOWN_GAP.fullmatch(w[total.end:first.start]) or w.startswith("其中", first.start)):
            continue
        parts = [cands[i + 1]] if first.sentence == total.sentence and first.unit == total.unit else []
        for c, v in cands[i + 2:] if parts else ():
            if (c.sentence != total.sentence or c.unit != total.unit or c.comparator != "="
                    or not RE_LIST_GAP.fullmatch(w[parts[-1][0].end:c.start]) or RE_VERB_START.match(w[c.start:c.end])):
                break
            parts.append((c, v))
        if not parts:
            continue
        total_sum = sum(v for _, v in parts)
        if total_sum > total_value + 1e-9:
            raw = ctx.text[total.start:parts[-1][0].end]
            pieces = "+".join(_fmt(v) for _, v in parts)
            warnings.append(f"分项之和大于总数：{total.metric} 总数 {_fmt(total_value)}{total.unit}，"
                            f"其中各项合计 {_fmt(total_sum)}{total.unit}（{pieces}={_fmt(total_sum)}）：{raw}")
    return warnings


