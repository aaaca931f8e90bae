"""The lexicon: every word list and pattern the parser reads text with, one family per section.

A linguist adds a variant in one place (and one row of ``tests/test_lexicon.py``):

* **enumerators** (:data:`ENUMERATORS`): how items are numbered, with examples;
* **numerals and units** (:data:`UNITS`): measure words, their canonical unit and factor;
* **time** (:data:`FIVE_YEAR_PLANS`, year patterns): due years, plan periods;
* **document kinds** (:data:`DOC_KINDS`): what a title or a cited name ends with;
* **action verbs** (:data:`ACTION_VERBS`): how a task begins;
* **section heads** (:data:`SECTION_HEADS`): what a heading says its part holds;
* **end states** (:data:`END_STATES`, :data:`NOT_COMMITTING`): what a dated clause commits to
  reach (a milestone), and what opens a clause that only states a direction, purpose or means;
* **measure words** (:data:`UNITS`, :data:`UNIT_NOT_BEFORE`, :data:`PEOPLE_NOUNS`);
* **greetings** (:data:`GREETINGS`): what opens a speech's paragraphs without being a heading.

Clean-up, outline, metadata, targets, citations and similarity all read their words from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "〇零一二两三四五六七八九十百千"
_CN_NUM = f"[{CN_DIGITS}]+"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"

# ---- cleaning -----------------------------------------------------------------------------
RE_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
RE_SURROGATE = re.compile("[\ud800-\udfff]")
#: a line holding nothing but zero-width characters inside a sentence (特\n\u200b\n色小城镇): a web
#: page's anchor cut the sentence there, not a paragraph break
RE_INVISIBLE_LINE = re.compile(r"(?<=[^。！？!?；;：:”）)\n])\n[\u200b\u200c\u200d\u2060\ufeff]+\n")
RE_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")
#: a run of tabs or of two or more wide spaces inside a line marks a paragraph break
RE_INLINE_BREAK = re.compile(r"(?<=\S)[ \xa0]*(?:\t|[\u3000\u2002\u2003]{2,})[\s\u3000\u2002\u2003\xa0]*(?=\S)")
#: keep 第X条 together with its text when only wide spaces separate them
RE_ARTICLE_GAP = re.compile(rf"(第{_CN_NUM}条)[ \t\xa0\u3000\u2002\u2003]+")
RE_LINE_EDGE_SPACE = re.compile(r"^[ \t\xa0\u3000\u2002\u2003\u2009]+|[ \t\xa0\u3000\u2002\u2003\u2009]+$",
                                re.MULTILINE)
#: a licence footer (Wikisource) runs from its first line to the end of the document
RE_LICENCE_FOOTER = re.compile(r"^(?:本作品是|注：中文维基文库|本作品在)[\s\S]*\Z", re.MULTILINE)
RE_BOILERPLATE_LINE = re.compile(
    r"^(?:【法宝引证码】.*|原文链接[：:].*|来源\s*[：:].*|相关文档|最新文档|相关文档\s*最新文档"
    r"|(?:上一篇|下一篇|打印本页|关闭窗口|【打印】|【关闭】).*"
    r"|[（(]此件[^）)\n]{0,12}[）)]"
    # a site's footer: ICP licence, public-security filing, site code, copyright (a short line)
    r"|[^\n]{0,60}(?:ICP备|ICP证|公网安备|网站标识码|版权所有|Copyright|©)[^\n]{0,60})$\n?", re.MULTILINE)
#: a crawled page's header above the text: its posting date and author (时间：2024-04-02, 作者：…),
#: its read and comment counters (阅读：/评论：, the count on the next line) and its abstract
#: (内容摘要：, then the first lines of the text cut off with ......)
RE_CRAWL_HEADER = re.compile(
    r"^(?:(?:时间|发布时间|日期)[：:]\s*(?:19|20)\d\d-\d\d?-\d\d?[^\n]{0,20}|作者[：:][^\n]{0,30}"
    r"|(?:阅读|评论|点击|浏览)(?:次数|数)?[：:]\s*(?:\n\d+)?|内容摘要[：:]\s*(?:\n?[^\n]*(?:\.{3,}|…+))?)$\n?",
    re.MULTILINE)
#: a crawled page's trailer after the text (its disclaimer, tags, share buttons and the sidebar of
#: links to other documents) runs from the disclaimer to the end of the page
RE_CRAWL_TRAILER = re.compile(r"^(?:免责声明[：:]|本站为非营利性网站)[\s\S]*\Z", re.MULTILINE)
#: a covering notice's closing sentence, its signature (one or more issuing bodies) and its date
#: run into the text that follows (a crawl that put the whole notice on one line):
#: …请认真组织实施。河北省人民政府办公厅2019年3月13日河北省…实施方案为贯彻落实…
RE_RUN_IN_SIGNATURE = re.compile(
    rf"(?:(?<=给你们。)|(?<=实施。)|(?<=执行。)|(?<=落实。)|(?<=通知。)|(?<=研究。))[ \u3000]*((?:[{CJK}]{{2,24}}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|"
    rf"办公室|委员会|厅|局|部|院|署|办)[ \u3000]*){{1,6}}?)[ \u3000]*"
    r"((?:19|20)\d\d年\d{1,2}月\d{1,2}日|[〇零一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)"
    r"(?=[^\n（(])")
#: a numbered heading run into the text of a one-line document (…的重要抓手。（一）指导思想。…
#: 二、工作任务（四）强化事前公开。): the enumerator and its number (the clean-up splits there when the
#: number continues its sequence)
RE_RUN_IN_ENUMERATOR = re.compile(r"(?P<paren>[（(](?P<pn>[一二三四五六七八九十]{1,3})[）)])|(?P<cn>[一二三四五六七八九十]{1,3})、")
#: a part's name that a run-in part heading opens with (一、总体要求行政执法…): the title ends there
RE_RUN_IN_PART_NAME = re.compile(r"(?:总体要求|指导思想|基本原则|工作原则|工作目标|主要目标|发展目标|目标任务|主要任务|重点任务|"
                                 r"工作任务|工作措施|主要措施|保障措施|组织实施|组织保障|实施步骤|工作步骤|工作要求)")
#: a heading sentence opening a paragraph: short, without a comma (产业能级更高。…)
RE_HEADING_SENTENCE = re.compile(r"^[^，。；：、！？\n]{2,16}。")
#: a notice's addressee line: bodies ending with a colon (各街道办事处，区直各单位，…：)
RE_ADDRESSEE_LINE = re.compile(r"^[^。；\n]{2,80}(?:单位|部门|政府|机构|委员会|办事处|企业|各部委|直属机构|管委会)[：:]$")
#: a line that opens with a cross-reference cut off by a wrap (第十条第\n（二）款的资助): not an item
RE_CROSS_REFERENCE_START = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)](?:款|项)")
#: a PDF page marker on its own line: — 3 —, - 12 -, 第3页, 3/18 (the page number of a printed page)
RE_PAGE_MARKER = re.compile(r"^[ \u3000]*(?:[—–\-－]{1,2}[ \u3000]*\d{1,3}[ \u3000]*[—–\-－]{1,2}|第\d{1,3}页(?:[，,]?共\d{1,3}页)?"
                            r"|\d{1,3}[ \u3000]*/[ \u3000]*\d{1,3})[ \u3000]*$\n?", re.MULTILINE)
#: a news agency dateline printed before a speech, e.g. （新华社北京3月5日电）
RE_DATELINE = re.compile(r"[（(]新华社[^）)\n]{0,20}电[）)]")
#: half-width punctuation next to Chinese text, to be made full-width
RE_ASCII_COMMA = re.compile(rf"(?<![0-9]),|,(?![0-9])")
RE_ASCII_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{CJK}“”’》）])([;:?!])|([;?!])(?=[{CJK}“‘《（])")
RE_ASCII_PARENS = re.compile(r"\(([^()\n]{0,80})\)")
RE_HAS_CJK = re.compile(rf"[{CJK}]")
RE_MULTI_SPACE = re.compile(r"[ \xa0]{2,}")
#: spaces a PDF text layer puts around Chinese characters and punctuation ("2016 年", "（ 滨江 ）")
_CJK_OR_PUNCT = CJK + "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2014\u2026"
RE_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}]) +(?=\S)|(?<=\S) +(?=[{_CJK_OR_PUNCT}])")

# ---- line joining ------------------------------------------------------------------------
LINE_END_MARKS = "。！？；：…”’」』）)》】!?;:"
NO_LINE_START = "，。、；：！？）》”’,.;:!?)%"
#: a line that opens with a clause this short (革，… / 深入推进。…) finishes a word or a sentence
#: that the line before began
RE_SHORT_CLAUSE = re.compile(r"^[^，。；：、！？\s](?:([，])|[^，。；：、！？\s]{0,3}([。]))")
#: a line that starts like this continues the one before it (的 never opens a sentence here)
RE_CONTINUATION_START = re.compile(r"^的(?!确)")
RE_UNIT_START = re.compile(r"^[万亿千百%个元件家名人项所吨倍]")

# ---- enumerators ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Enumerator:
    """One way of numbering items: its kind (the outline's level key), the pattern of the
    enumerator at the start of a line, and lines it must recognise (``tests/test_lexicon.py``)."""

    kind: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]


def _e(kind: str, pattern: str, *examples: str) -> Enumerator:
    return Enumerator(kind, re.compile(pattern), examples)


_SEP = r"[ \u3000]*"
#: (kind, pattern, examples); the order matters only where two could match the same line.
ENUMERATORS: tuple[Enumerator, ...] = (
    _e("bian", rf"^第{_CN_NUM}编{_SEP}", "第一编 总论"),
    _e("zhang", rf"^第{_CN_NUM}章{_SEP}", "第三章 主要任务"),
    _e("jie", rf"^第{_CN_NUM}节{_SEP}", "第二节 加快发展"),
    _e("tiao", rf"^第{_CN_NUM}条{_SEP}", "第十二条 各部门应当"),
    _e("zhuanlan", r"^专栏[ \u3000]*[0-9一二三四五六七八九十]*[ \u3000：:、.．]*", "专栏1  工业互联网网络互联互通工程"),
    # decimal numbering 1 / 1.1 / 1.2.1, the number set apart from its title by a space
    _e("dec3", r"^\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.])[ \u3000]*(?=[^\d\s%])", "1.2.1　国家级（Ⅰ级）"),
    _e("dec2", r"^\d{1,2}\.\d{1,2}(?![\d.])[ \u3000]+", "1.1　编制目的及依据", "2.1 国家粮食应急工作指挥部"),
    _e("dec1", rf"^\d{{1,2}}[ \u3000]+(?=[{CJK}])", "1　总则"),
    _e("cn", r"^[一二三四五六七八九十]+[、，．.][ \u3000]*", "一、总体要求", "三．保障措施"),
    _e("cn_paren", r"^[（(][一二三四五六七八九十]+[）)][、，.．]?[ \u3000]*", "（一）指导思想", "(二)全力稳增长"),
    _e("num", r"^[0-9]{1,3}(?:[、，]|[.．﹒](?!\d))[ \u3000]*", "1、推进研发投入", "12.建设平台", "1﹒推进工业互联网外网建设"),
    _e("num_paren", r"^[（(][0-9]{1,3}[）)][、，]?[ \u3000]*", "（1）统一领导", "(3)加强监测"),
    _e("circled", r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳][、，]?[ \u3000]*", "①新建学校"),
    _e("di", r"^第[一二三四五六七八九十]+[，,、：:][ \u3000]*", "第一，稳定和完善宏观经济政策"),
    _e("shi", r"^[一二三四五六七八九十]+是[ \u3000：:，]*", "一是聚焦全方位扩大内需", "二是：加快"),
    _e("yao", r"^[一二三四五六七八九十]+要[ \u3000]*(?=\S{2,}[。，])", "一要聚焦主线。"),
    _e("dash", r"^(?:——|--|－－|—|－)(?![—\-－\d])[ \u3000]*", "——坚持党管农村工作", "--新型基础设施更加完善"),
)
#: an item number glued to a number that begins its title (``7.365便民服务项目``): an item only
#: when the numbering runs on from the item before (see ingest.outline)
RE_GLUED_NUMBER = re.compile(r"^(\d{1,3})[.．﹒](?=\d)")
#: the kinds that open sentences inside prose rather than stand as headings
INLINE_KINDS = frozenset({"shi", "yao", "circled"})
#: a line of figures and separators only (1.2、3%, 2015—2017): no heading, maybe a table's cell
RE_NUMERIC_LINE = re.compile(r"^[\d\s.,，、%％（）()\-—~～/]+$")
#: a line holding only a number: a table cell (two equal cells in a row are data, not a repeat)
RE_NUMBER_CELL = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?(?:[（(][^（()）]{1,8}[)）])?$")
RE_SENTENCE_END = re.compile(r"[。！？!?；;]")
RE_LEAD_SENTENCE = re.compile(r"^([^。！？，,；;：:]{2,16})。")
#: a paragraph's heading sentence (its first sentence), and a run-in heading inside a paragraph
HEADING_SENTENCE_MAX = 30
TOPIC_SENTENCE_MAX = 24
#: salutations of a speech: they open paragraphs but head nothing
GREETINGS = ("各位代表", "同志们", "各位委员", "朋友们")
RE_GREETING = re.compile("^(?:" + "|".join(GREETINGS) + ")[！!：:，,]")
#: a line that introduces what follows (重点抓好以下工作。 主要抓了以下九个方面的工作：)
RE_INTRO = re.compile(r"(?:以下|如下|下列)[^。]{0,12}[。：:]$|[：:]$")

# ---- section heads: what a heading says its part holds ------------------------------------------
#: Each rule reads the head of a heading (its last words, after a trailing note in brackets is
#: dropped); the first rule that matches names the context. ``background`` and ``appendix`` parts
#: hold no units (a background part's figures are outcomes; an appendix has neither), ``general``
#: parts (指导思想, 总体要求) hold text, ``closing`` parts (为…而奋斗) hold whatever their items are.
SECTION_HEADS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("appendix", re.compile(r"^(?:附件|附表|附录|目录|名词解释|名词注释)|(?:名词解释|名词注释|附表|说明|名单|[^代]表)$")),
    ("background", re.compile(r"(?:回顾|基础|背景|形势|成就|成效|现状|意义|进展|情况)$|^过去|取得.{0,12}成[就绩效]"
                              r"|^(?:发展|面临的?|国内外|外部)环境$"
                              r"|面临.{0,10}(?:变化|挑战|机遇)|工作回顾|(?:发展|现实)基础(?!性)|重大意义|重要意义")),
    ("closing", re.compile(r"而(?:努力)?奋斗$|团结奋斗$|奋勇前进$")),
    ("general", re.compile(r"(?:指导思想|总体要求|总体思路|基本思路|总体定位|适用范围|试点范围|总则|附则|编制目的|"
                           r"编制依据|工作目的|等级划分|组织机构|适用对象)$")),
    ("Principle", re.compile(r"原则$|原则[和与及]")),
    # a part over the year's goals and its work (2024年工作目标和主要任务): its items are the work
    ("Task", re.compile(r"目标[和与及](?:主要|重点)?(?:任务|工作)$")),
    ("Goal", re.compile(r"目标$|目标[和与及]|目标任务$|预期目标|远景目标$")),
    ("Measure", re.compile(r"(?:保障措施|组织实施(?:工作)?|组织领导|实施保障|工作机制|保障机制|推进机制|工作的领导|的领导|"
                           r"加强领导|明确职责|落实责任|责任分工)$"
                           r"|(?:^|[，、])(?:组织|资金|经费|政策|要素|实施|工作|支撑|条件|人才|制度|机制|法治)保障$"
                           # a part whose first clause says it strengthens the safeguards: 加大组织保障力度，确保…
                           r"|^(?:加大|强化|加强|完善|健全|做好)(?:组织|政策|工作)?(?:保障|实施保障|组织领导)(?:力度|措施|工作)?[，,]")),
    ("Project", re.compile(r"(?:工程|专项行动)[”」]?$")),
    ("Task", re.compile(r"(?:任务|举措|措施|重点工作|工作安排|安排建议|工作建议|工作思路|总体部署|工作部署|部署|"
                        r"行动|重点|政府自身建设)$|^(?:19|20)\d\d年(?:的)?(?:工作|重点)")),
)

#: a heading that only names a part (发展目标, 基本原则, 保障措施): inside another part it is a section
RE_PART_NAME = re.compile(r"^(?:发展|工作|主要|行动|试点|总体|基本|预期|具体|重点|阶段性?|近期|远期|中长期)?"
                          r"(?:目标|原则|任务|举措|措施|保障|保障措施|要求|思路)$")

# ---- action verbs: how a task begins -----------------------------------------------------------
ACTION_VERBS = (
    "推进", "加快", "加强", "实施", "建立", "完善", "推动", "支持", "开展", "强化", "健全", "提升", "深化",
    "促进", "鼓励", "培育", "打造", "建设", "发展", "构建", "落实", "优化", "扩大", "提高", "坚持", "统筹",
    "做好", "保障", "创新", "防范", "巩固", "改善", "激发", "增强", "着力", "大力", "积极", "全面", "稳定",
    "保持", "引导", "规范", "组建", "遴选", "压实", "设立", "建成", "搭建", "拓展", "深入", "持续", "扎实",
    "切实", "全力", "加大", "用好", "抓好", "办好", "守好", "织密", "筑牢", "夯实", "聚焦", "聚力", "精准",
    "千方百计", "多措并举", "集中", "探索", "试点", "创建", "争创", "招引", "引进", "培养", "选派", "组织",
    "利用", "开发", "改造", "提质", "增加", "降低", "减少", "严格", "依法", "确保", "力争", "做强", "做优",
    "做大", "壮大", "释放", "激活", "畅通", "融入", "服务", "承接", "对接", "协同", "联动", "共建", "共享",
    "营造", "维护", "防止", "整治", "治理", "保护", "修复", "推广", "普及", "发挥", "加速", "启动", "负责",
)
RE_ACTION = re.compile("|".join(sorted(set(ACTION_VERBS), key=len, reverse=True)))
#: an item that defines a term (本办法所称数据共享，是指…), not work
RE_DEFINITION = re.compile(r"所称|是指|指的是|名词解释")
#: an item that states a case of a rule (有下列情形之一的: …囤积居奇、哄抬物价的), not work
RE_CONDITION_ITEM = re.compile(r"的$|情形$|情况$")
#: a unit whose first clause names a programme (实施提振消费专项行动, 推进爱心甘肃工程走深走实)
RE_PROGRAMME_UNIT = re.compile(r"^[^，,]*(?:工程|专项行动)[”」]?(?:走深走实|提质扩面|建设)?(?:[，,]|$)")

# ---- end states: what a milestone commits to reach -------------------------------------------------
#: A milestone's predicate, each with a clause that shows it (``tests/test_lexicon.py`` reads each
#: clause, dated 到2025年, as one milestone). An optional degree (基本, 全面 …) may come first.
END_STATES: tuple[tuple[str, str], ...] = (
    ("完成", "全面完成棚户区改造任务"), ("建成", "基本建成安全保障体系"), ("形成", "形成协同发展新机制"),
    ("建立", "建立长效管理机制"), ("实现", "实现政府性融资担保业务市级全覆盖"), ("消除", "全面消除黑臭水体"),
    ("摘帽", "贫困县全部摘帽"), ("确立", "确立现代农业经营体系"), ("达峰", "碳排放达峰"),
    ("全覆盖", "农村饮水安全全覆盖"), ("覆盖", "公共服务普遍覆盖城乡"), ("脱贫(?!攻坚)", "农村贫困人口全部脱贫"),
    ("解决(?!方案)", "无机可用问题基本解决"), ("投入使用|投用|投运", "新馆投入使用"), ("上线", "政务平台上线"),
    ("通车", "沿江高铁通车"), ("竣工", "主体工程竣工"), ("落地", "大数据分中心落地"), ("出台", "出台配套政策"),
    ("(?<![推展公])开工(?:建设)?", "引江工程开工建设"), ("取消", "全部取消非行政许可审批"),
    ("淘汰", "黄标车全部淘汰"), ("退出", "落后产能全部退出"), ("启动", "启动证书制度试点"),
    ("达标", "水质全部达标"), ("报送", "总结报告报送国务院办公厅"), ("备案", "实施方案报国务院备案"),
    ("验收", "组织试点工作验收"), ("提交", "提交评估报告"),
    ("(?:投入|正式|建成|开始|全面)运(?:营|行)", "示范项目全面运营"), ("开通", "城际铁路开通"),
    ("齐全", "农机装备品类基本齐全"), ("基本满足", "产品和技术供给基本满足需要"),
    ("迈入|迈上", "产业迈入高质量发展阶段"),
    ("进入(?![^，,；;]{0,16}(?:关键|重要))[^，,；;]{0,16}(?:阶段|时期|行列|前列)", "农业机械化进入高质高效发展时期"),
    ("达到(?!新|更)[^，,；;]{0,16}(?:水平|标准|要求)", "产品质量可靠性达到国际先进水平"),
    ("全面突破|重大突破", "薄弱环节机械化全面突破"), ("构建", "系统构建指标体系"), ("推行", "全面推行责任保险"),
    ("印发", "试点城市政府印发实施方案"), ("零增长", "贮存处置总量趋零增长"), ("零发生", "倾倒事件零发生"),
    ("全量利用", "主要农业废弃物全量利用"),
    ("(?:培育|打造|建设|形成|建成|集聚)(?:一批|若干)", "培育一批骨干企业"), ("圆满收官", "“十四五”规划圆满收官"),
    ("(?:提出|制定|编制)[^，,；;]{0,24}(?:意见|建议|方案|报告|办法|规划|清单|目录)", "提出在全国推广试点成果的意见"),
)
#: degrees that may open an end state (基本建成, 全面完成)
END_STATE_DEGREES = ("基本", "全面", "初步", "全部", "率先", "如期", "顺利", "逐步", "普遍")
RE_END_STATE = re.compile(f"(?:{'|'.join(END_STATE_DEGREES)})?(?:" + "|".join(p for p, _ in END_STATES) + ")")
#: What opens a clause (after 今年/要/将) that states a purpose, a means, a result, a copula or a
#: direction rather than an end state, each with a clause that shows it (never a milestone).
PURPOSES: tuple[tuple[str, str], ...] = (
    ("为", "为实现目标打下坚实基础"), ("以", "以数字化改革建成整体智治体系"), ("通过", "通过试点形成经验"),
    ("围绕", "围绕主导产业建成产业链"), ("按照", "按照部署完成任务"), ("根据", "根据需要建立机制"),
    (r"在.{0,12}基础上", "在巩固成果的基础上实现提升"), ("是", "是全面建成小康社会的关键"),
    ("使|让", "使农村贫困人口全部脱贫"),
)
#: … and directions: work that starts at a date (从2019年起，探索…) still commits to starting it
DIRECTIONS: tuple[tuple[str, str], ...] = (
    ("加快", "加快居住证制度全覆盖"), ("推进|推动|促进", "推动大数据分中心落地"),
    ("加强|深化", "深化改革实现突破"), ("提高|提升|增强|改善|扩大", "提高保险覆盖面"),
    ("积极|主动|融入", "积极融入和服务构建新发展格局"), ("探索", "探索建立综合管理制度"),
)
NOT_COMMITTING = PURPOSES + DIRECTIONS
_OPENING = r"^(?:今年|明年|年内)?(?:要|将)?"
RE_NOT_COMMITTING = re.compile(_OPENING + "(?:" + "|".join(p for p, _ in NOT_COMMITTING) + ")|目的")
RE_PURPOSE = re.compile(_OPENING + "(?:" + "|".join(p for p, _ in PURPOSES) + ")|目的")

# ---- document kinds ----------------------------------------------------------------------------
#: What the title of a plan or of a cited document ends with (longest first where they nest).
DOC_KINDS = ("规划纲要", "行动计划", "实施方案", "工作方案", "实施意见", "指导意见", "实施细则", "计划", "规划",
             "方案", "意见", "报告", "办法", "通知", "决定", "纲要", "建议", "条例", "规定", "细则", "指南",
             "要点", "预案", "请示", "批复", "函", "法", "标准", "措施", "准则", "守则", "章程", "公告")
_DOC_KINDS = "|".join(k for k in DOC_KINDS if len(k) > 1 or k in ("函",))
RE_TITLE_WORD = re.compile(f"({_DOC_KINDS})")
RE_TITLE_COMPLETE = re.compile(f"({_DOC_KINDS})$")
#: verbs that say the text acts in accordance with a document named after them
ACCORDANCE_VERBS = ("贯彻落实", "按照", "根据", "依据", "依照", "参照", "对照", "落实", "贯彻", "执行", "遵照", "印发")

# ---- measure words -------------------------------------------------------------------------
#: every measure word a figure may carry, longest first where one contains another (the README
#: lists them); ``tests/test_lexicon.py`` reads a figure with each
UNITS = ("个百分点", "百分点", "平方公里", "平方千米", "平方米", "平米", "立方米", "微克/立方米", "千瓦时", "千瓦",
         "吨标准煤", "标准箱", "标箱", "人次", "户次", "批次", "场次", "元/月", "元/人", "元/吨", "公里", "公顷", "公斤", "美元",
         "欧元", "港元", "日元", "英镑", "元", "%", "倍", "家", "个", "件", "名", "人", "所", "项", "批", "吨", "亩",
         "套", "户", "台", "座", "条", "辆", "部", "篇", "张", "册", "场", "支", "株", "斤", "米", "方", "岁", "艘",
         "架", "处", "头", "只", "列", "趟", "宗", "PF", "P")
#: a measure word directly followed by one of these characters is part of another word (人民, 项目);
#: ``(?!…)`` after a character keeps the measure word where a longer word starts there
#: (10名优秀人才, 20名医生, 50名企业家 count people; 名优, 名医, 名企 are words of their own)
UNIT_NOT_BEFORE: dict[str, str] = {
    "个": "人体性别案税", "人": "民员才工类物文格事大均居们力身心生性权口", "家": "庭长居乡园属具电族门人政",
    "名": "牌校师(?!范)优(?!秀)片单称义列次录额城(?!乡|市)镇品企(?!业)家(?!庭)医(?!生|师|务)人(?!才|员)",
    "所": "有在属需以得谓述说提示", "项": "目",
    "元": "素旦宵首老器件", "台": "湾阶账州风", "部": "门分署委长队件", "条": "件例款约",
    "户": "口籍型外", "方": "面案式向法针位便舱式", "处": "理置于罚长室", "场": "所景地馆",
    "支": "持撑付出部柱", "张": "力", "米": "粮面", "批": "准复示评", "列": "入车为举出", "只": "有要是能会",
    "头": "部雁羊脑号条等版", "P": "",
}


def _blocked(spec: str) -> list[tuple[str, tuple[str, ...]]]:
    """``"师(?!范)优"`` -> [("师", ("范",)), ("优", ())]: each character and the words it may start."""
    return [(c, tuple(x.split("|")) if x else ()) for c, x in re.findall(r"(.)(?:\(\?!([^)]*)\))?", spec)]


#: per measure word: each character that may not follow it, with the longer words that may
UNIT_BLOCKED = {unit: _blocked(spec) for unit, spec in UNIT_NOT_BEFORE.items()}
#: the same, compiled: matched right after the measure word
RE_UNIT_NOT_BEFORE: dict[str, re.Pattern[str]] = {
    unit: re.compile("|".join(re.escape(c) + (f"(?!{'|'.join(x)})" if x else "") for c, x in pairs))
    for unit, pairs in UNIT_BLOCKED.items() if pairs}
#: nouns of people a magnitude counts without a measure word (6000万农村人口, 80万重点群体): read as 人
PEOPLE_NOUNS = ("人口", "劳动力", "群众", "群体", "农民工", "居民", "职工", "人员", "学生", "儿童", "老人", "患者")
RE_PEOPLE_AFTER = re.compile(rf"[{CJK}]{{0,4}}?(?:{'|'.join(PEOPLE_NOUNS)})")
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元", "英镑"})
#: measure words stored under another name: 万方 of floor area is 平方米
UNIT_CANON = {"平米": "平方米", "方": "平方米", "平方千米": "平方公里", "个百分点": "百分点"}

# ---- time ------------------------------------------------------------------------------------
#: five-year plans by their short names
FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
                   "十四五": (2021, 2025), "十五五": (2026, 2030)}
RE_FIVE_YEAR = re.compile("(" + "|".join(FIVE_YEAR_PLANS) + ")")

# ---- regions -----------------------------------------------------------------------------------
#: provincial units: short name -> full name (the jurisdiction a plan governs)
PROVINCES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "河北省", "山西": "山西省",
    "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省",
    "广东": "广东省", "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区",
    "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
#: central bodies: their plans govern the whole country
RE_CENTRAL = re.compile(r"^(?:中共中央|国务院|全国人大|全国人民代表大会|中央|国家[\u4e00-\u9fff]{0,12}(?:委员会|委|部|局|署|办)"
                        r"|[\u4e00-\u9fff]{0,6}部$|[\u4e00-\u9fff]{1,8}部(?:办公厅)?$|中华人民共和国)")

# ---- plan metadata -----------------------------------------------------------------------
RE_DOC_NUMBER_LINE = re.compile(
    rf"^[（(]?[{CJK}]{{1,12}}[〔\[［（(]\d{{4}}[〕\]］）)]\s*第?\d+号[）)]?$")
RE_VERSION = re.compile(r"[（(]?\s*(\d+(?:\.\d+)*\s*版)\s*[)）]?")
RE_STATUS = re.compile(r"(征求意见稿|送审稿|讨论稿|草案|修订稿|试行|暂行)")
RE_FULL_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                          r"(\d{1,2}|[一二三四五六七八九十]{1,3})日")
RE_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-—–~～至到]+\s*(\d{4})\s*年")
RE_SINGLE_YEAR = re.compile(r"(\d{4})年")
RE_ISSUER_PREFIX = re.compile(rf"^([{CJK}、\s]{{2,30}}?)(?:关于|印发《)")
RE_PLACEHOLDER = re.compile(r"[*＊]{2,}|[×Ｘ]{2,}|X{2,}(?=[{CJK}])".replace("{CJK}", CJK))
