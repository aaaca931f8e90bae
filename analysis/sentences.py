"""Sentence alignment of two texts: the two-column 对照 of a modified unit.

Legal databases show a revision as two columns, one sentence per row, changed phrases marked
inside the sentence and unchanged sentences folded. :func:`align_sentences` gives those rows:

1. both texts are cut into sentences (after 。！？； and line breaks);
2. sentences are compared by character-bigram Dice, with A's years moved on by ``year_shift``
   (so 2023年… in last year's report meets 2024年… in this year's);
3. an order-keeping alignment maximises the summed similarity of paired sentences above
   :data:`SENTENCE_THRESHOLD` (dynamic programming; a sentence pairs with at most one);
4. a sentence of one side beside a sentence of the other that it only rewrites is
   ``modified``, with the phrase diff of :func:`analysis.compare.inline_diff`'s notation;
   the rest is ``same``, ``added`` or ``removed``.

>>> rows = align_sentences("稳就业。物价涨幅3%左右。推进改革。", "稳就业。物价涨幅2%左右。扩大开放。")
>>> [(r.status, r.a, r.b) for r in rows]
[('same', '稳就业。', '稳就业。'), ('modified', '物价涨幅3%左右。', '物价涨幅2%左右。'), ('removed', '推进改革。', None), ('added', None, '扩大开放。')]
>>> rows[1].diff
'物价涨幅[-3-]{+2+}%左右。'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Sequence

__all__ = ["SentencePair", "split_sentences", "align_sentences", "sentence_similarity", "phrase_diff",
           "SENTENCE_THRESHOLD"]

#: Similarity under which two sentences are not one sentence rewritten.
SENTENCE_THRESHOLD = 0.3

_RE_SENTENCE = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」）)]*)?")
_RE_YEAR = re.compile(r"((?:19|20)\d\d)(?=年)")
_RE_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SentencePair:
    """One row of the 对照: ``a``/``b`` the sentences (None on the side that lacks one)."""

    status: str          # same | modified | added | removed
    a: str | None
    b: str | None
    similarity: float
    diff: str = ""       # [-deleted-]{+inserted+} notation when modified


def split_sentences(text: str | None) -> tuple[str, ...]:
    """Sentences of ``text`` with their closing punctuation, spaces removed, empty ones dropped.

    >>> split_sentences("一、总体要求\\n坚持稳中求进。 推进改革；“扩大开放！”")
    ('一、总体要求', '坚持稳中求进。', '推进改革；', '“扩大开放！”')
    """
    found = (_RE_SPACE.sub("", m.group(0)) for m in _RE_SENTENCE.finditer(text or ""))
    return tuple(s for s in found if s)


def _shift_years(text: str, shift: int) -> str:
    return _RE_YEAR.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text


def _grams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1)) or frozenset({text})


def sentence_similarity(a: str, b: str) -> float:
    """Dice overlap of character bigrams.

    >>> sentence_similarity("推进改革。", "推进改革。"), sentence_similarity("甲乙", "丙丁")
    (1.0, 0.0)
    """
    x, y = _grams(a), _grams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def phrase_diff(a: str, b: str) -> str:
    """``a`` to ``b`` in ``[-deleted-]{+inserted+}`` notation, a single unchanged character
    between two changes folded into them so a changed word reads as one replacement.

    >>> phrase_diff("目标为3%左右", "目标为2%以上")
    '目标为[-3%左右-]{+2%以上+}'
    """
    out: list[str] = []
    pending_a, pending_b = "", ""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        short_equal = op == "equal" and i2 - i1 <= 1 and 0 < k < len(ops) - 1
        if op != "equal" or (short_equal and (pending_a or pending_b)):
            pending_a += a[i1:i2]
            pending_b += b[j1:j2]
            continue
        if pending_a or pending_b:
            out.append(_marked(pending_a, pending_b))
            pending_a, pending_b = "", ""
        out.append(a[i1:i2])
    if pending_a or pending_b:
        out.append(_marked(pending_a, pending_b))
    return "".join(out)


def _marked(deleted: str, inserted: str) -> str:
    return (f"[-{deleted}-]" if deleted else "") + (f"{{+{inserted}+}}" if inserted else "")


def _align(sa: Sequence[str], sb: Sequence[str], shift: int) -> list[tuple[int | None, int | None, float]]:
    """Order-keeping alignment maximising the summed similarity above the threshold."""
    na, nb = len(sa), len(sb)
    keyed_a = [_shift_years(s, shift) for s in sa]
    grams_a = [_grams(s) for s in keyed_a]
    grams_b = [_grams(s) for s in sb]
    sim = [[0.0] * nb for _ in range(na)]
    for i in range(na):
        for j in range(nb):
            if keyed_a[i] == sb[j]:
                sim[i][j] = 1.0
            else:
                x, y = grams_a[i], grams_b[j]
                sim[i][j] = 2 * len(x & y) / (len(x) + len(y))
    # score[i][j]: best total for sa[i:], sb[j:]
    score = [[0.0] * (nb + 1) for _ in range(na + 1)]
    for i in range(na - 1, -1, -1):
        for j in range(nb - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            s = sim[i][j]
            if s >= SENTENCE_THRESHOLD:
                best = max(best, score[i + 1][j + 1] + s)
            score[i][j] = best
    out: list[tuple[int | None, int | None, float]] = []
    i = j = 0
    while i < na and j < nb:
        s = sim[i][j]
        if s >= SENTENCE_THRESHOLD and score[i][j] == score[i + 1][j + 1] + s:
            out.append((i, j, s))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            out.append((i, None, 0.0))
            i += 1
        else:
            out.append((None, j, 0.0))
            j += 1
    out.extend((k, None, 0.0) for k in range(i, na))
    out.extend((None, k, 0.0) for k in range(j, nb))
    return out


def align_sentences(a: str | None, b: str | None, *, year_shift: int = 0) -> tuple[SentencePair, ...]:
    """The 对照 rows of texts ``a`` and ``b`` (see the module docstring).

    Parameters
    ----------
    a, b : str
        The older and the newer text.
    year_shift : int
        Years B runs after A (1 for consecutive annual reports); only similarity uses it.
    """
    sa, sb = split_sentences(a), split_sentences(b)
    rows: list[SentencePair] = []
    for i, j, s in _align(sa, sb, year_shift):
        if i is not None and j is not None:
            if sa[i] == sb[j]:
                rows.append(SentencePair("same", sa[i], sb[j], 1.0))
            else:
                rows.append(SentencePair("modified", sa[i], sb[j], round(min(s, 0.999), 3),
                                         phrase_diff(sa[i], sb[j])))
        elif i is not None:
            rows.append(SentencePair("removed", sa[i], None, 0.0))
        else:
            assert j is not None  # every row of _align holds a sentence of A, of B, or of both
            rows.append(SentencePair("added", None, sb[j], 0.0))
    return tuple(rows)
