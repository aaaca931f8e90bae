"""Text similarity for plan units: tokens, tf-idf vectors, cosine and set overlap.

Dependency inference and plan comparison segment through :func:`tokens`: the project tokenizer
(``ingest.tokenizer``, jieba with our user dictionary).

Examples
--------
>>> docs = [tokens("推进五水共治"), tokens("推进城市管理"), tokens("推进五水共治三年行动")]
>>> idf = idf_weights(docs)
>>> round(cosine(tfidf(docs[0], idf), tfidf(docs[0], idf)), 6)
1.0
>>> cosine(tfidf(docs[0], idf), tfidf(docs[1], idf)) < cosine(tfidf(docs[0], idf), tfidf(docs[2], idf))
True
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from typing import Iterable, Mapping, Sequence

from ingest.tokenizer import get_tokenizer

__all__ = ["tokens", "normalize_ws", "unit_text", "idf_weights", "tfidf", "cosine", "dice"]

_RE_WS = re.compile(r"\s+")
# a leading enumerator: 1、 12. （三） (3) 第二章 一是 …
_RE_LEADING_ENUM = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条部分]+|[（(][一二三四五六七八九十\d]+[)）]|"
    r"[一二三四五六七八九十\d]+[、.．](?!\d)|[一二三四五六七八九十]+是)\s*")

Vector = Mapping[str, float]


# dash variants that different sources use for one range or joint name (6.5%－7%, 中国—东盟)
_DASHES = str.maketrans({c: "-" for c in "－—–‐‑‒−﹣"})


def normalize_ws(text: str) -> str:
    """Drop every whitespace character and fold dash variants, so layout differences compare equal.

    >>> normalize_ws("推进 五水\\n共治 ") == normalize_ws("推进五水共治")
    True
    >>> normalize_ws("中国－东盟") == normalize_ws("中国—东盟")
    True
    """
    return _RE_WS.sub("", text or "").translate(_DASHES)


def unit_text(text: str) -> str:
    """A unit's text without its leading enumerator and without whitespace.

    Renumbering (``15、`` becoming ``16、``) is therefore no change of text.

    >>> unit_text("15、推进城市管理再跃升。拉高 标杆") == unit_text("（十六）推进城市管理再跃升。拉高标杆")
    True
    """
    return normalize_ws(_RE_LEADING_ENUM.sub("", text or "", count=1))


@functools.lru_cache(maxsize=8192)
def _tokens_cached(text: str) -> tuple[str, ...]:
    return tuple(get_tokenizer().tokens(text))


def tokens(text: str) -> list[str]:
    """Content tokens of ``text`` (jieba words).

    >>> "共治" in "".join(tokens("全面推进五水共治"))
    True
    """
    return list(_tokens_cached(text or ""))


def idf_weights(docs: Iterable[Sequence[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency ``log((1 + N) / (1 + df)) + 1`` per token.

    >>> w = idf_weights([["a", "b"], ["a"]])
    >>> w["b"] > w["a"]
    True
    """
    df: Counter[str] = Counter()
    n = 0
    for doc in docs:
        n += 1
        df.update(set(doc))
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


def tfidf(toks: Sequence[str], idf: Mapping[str, float], default_idf: float | None = None) -> dict[str, float]:
    """An L2-normalised tf-idf vector; tokens unknown to ``idf`` get ``default_idf`` (max idf).

    >>> v = tfidf(["a", "a", "b"], {"a": 1.0, "b": 2.0})
    >>> round(sum(x * x for x in v.values()), 6)
    1.0
    """
    if not toks:
        return {}
    fallback = default_idf if default_idf is not None else (max(idf.values()) if idf else 1.0)
    counts = Counter(toks)
    vec = {t: (1.0 + math.log(c)) * idf.get(t, fallback) for t, c in counts.items()}
    norm = math.sqrt(sum(x * x for x in vec.values()))
    return {t: x / norm for t, x in vec.items()} if norm else {}


def cosine(u: Vector, v: Vector) -> float:
    """Cosine of two L2-normalised sparse vectors (their dot product), clipped to [0, 1].

    >>> cosine({"a": 1.0}, {"b": 1.0})
    0.0
    """
    if len(u) > len(v):
        u, v = v, u
    s = sum(x * v.get(t, 0.0) for t, x in u.items())
    return max(0.0, min(1.0, s))


def dice(a: Iterable[str], b: Iterable[str]) -> float:
    """Dice overlap of two token sets (1.0 when both are empty).

    >>> dice(["五水共治", "推进"], ["五水共治", "攻坚"])
    0.5
    """
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))
