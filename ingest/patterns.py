"""Every regular expression the cleaner, outliner and metadata reader use, compiled once.

Targets, citations and entities keep their own patterns beside their code because nothing
else shares them.
"""

from __future__ import annotations

import re

CN_DIGITS = "〇零一二两三四五六七八九十百千"
_CN_NUM = f"[{CN_DIGITS}]+"
CJK = r"\u3400-\u4dbf\u4e00-\u9fff"

# ---- cleaning -----------------------------------------------------------------------------
RE_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
RE_SURROGATE = re.compile("[\ud800-\udfff]")
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
    r"|(?:上一篇|下一篇|打印本页|关闭窗口|【打印】|【关闭】).*)$\n?", re.MULTILINE)
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
#: a line that starts like this continues the one before it (的 never opens a sentence here)
RE_CONTINUATION_START = re.compile(r"^的(?!确)")
RE_UNIT_START = re.compile(r"^[万亿千百%个元件家名人项所吨倍]")

# ---- outline -----------------------------------------------------------------------------
#: (kind, pattern); the order matters only where two could match the same line.
ENUMERATORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bian", re.compile(rf"^第{_CN_NUM}编[ \u3000]*")),
    ("zhang", re.compile(rf"^第{_CN_NUM}章[ \u3000]*")),
    ("jie", re.compile(rf"^第{_CN_NUM}节[ \u3000]*")),
    ("tiao", re.compile(rf"^第{_CN_NUM}条[ \u3000]*")),
    ("zhuanlan", re.compile(r"^专栏[ \u3000]*[0-9一二三四五六七八九十]*[ \u3000：:、.．]*")),
    ("cn", re.compile(rf"^[一二三四五六七八九十]+[、，．.][ \u3000]*")),
    ("cn_paren", re.compile(r"^[（(][一二三四五六七八九十]+[）)][、，]?[ \u3000]*")),
    ("num", re.compile(r"^[0-9]{1,3}(?:[、，]|[.．](?![0-9]))[ \u3000]*")),
    ("num_paren", re.compile(r"^[（(][0-9]{1,2}[）)][、，]?[ \u3000]*")),
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳][、，]?[ \u3000]*")),
    ("shi", re.compile(r"^[一二三四五六七八九十]+是")),
)
RE_SENTENCE_END = re.compile(r"[。！？!?；;]")
RE_LEAD_SENTENCE = re.compile(r"^([^。！？，,；;：:]{2,16})。")

# ---- plan metadata -----------------------------------------------------------------------
RE_DOC_NUMBER_LINE = re.compile(
    rf"^[（(]?[{CJK}]{{1,12}}[〔\[［（(]\d{{4}}[〕\]］）)]\s*第?\d+号[）)]?$")
_DOC_KINDS = "计划|规划|方案|意见|报告|办法|通知|决定|纲要|建议|条例|规定|细则|指南|要点"
RE_TITLE_WORD = re.compile(f"({_DOC_KINDS})")
RE_TITLE_COMPLETE = re.compile(f"({_DOC_KINDS})$")
RE_VERSION = re.compile(r"[（(]?\s*(\d+(?:\.\d+)*\s*版)\s*[)）]?")
RE_STATUS = re.compile(r"(征求意见稿|送审稿|讨论稿|草案|修订稿|试行|暂行)")
RE_FULL_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                          r"(\d{1,2}|[一二三四五六七八九十]{1,3})日")
RE_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-—–~～至到]+\s*(\d{4})\s*年")
RE_SINGLE_YEAR = re.compile(r"(\d{4})年")
RE_ISSUER_PREFIX = re.compile(rf"^([{CJK}、\s]{{2,30}}?)(?:关于|印发《)")
RE_PLACEHOLDER = re.compile(r"[*＊]{2,}|[×Ｘ]{2,}|X{2,}(?=[{CJK}])".replace("{CJK}", CJK))
