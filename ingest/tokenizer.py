"""The one place PolicyKG talks to jieba.

Everything else in the project segments text through :class:`Tokenizer`, which owns a
private ``jieba.Tokenizer`` (never jieba's module-level ``jieba.dt``) loaded with our user
dictionary ``ingest/data/userdict.txt`` (government bodies, parks and policy slogans, tagged
``nt`` for organisations and ``ns`` for places). Loading is lazy: constructing a
:class:`Tokenizer` is free, the ~1 s dictionary load happens on the first ``cut``/``tag``.

jieba writes a prefix-dictionary cache file; ours goes to the user's own cache directory:
``$POLICYKG_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/policykg``, else
``~/.cache/policykg`` (never a shared temporary folder, where another user's file would be in
the way). When that directory cannot be created or written, the dictionary is built without a
cache, silently: jieba's own messages (its "Building prefix dict ..." chatter and its
"Dump cache file failed" traceback) never reach stderr.

Examples
--------
>>> tok = get_tokenizer()
>>> "五水共治" in tok.cut("全面推进五水共治")
True
>>> [(w, f) for w, f, _ in tok.tag("区管委会") if f == "nt"]
[('区管委会', 'nt')]
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from importlib import resources
from pathlib import Path

import jieba
import jieba.posseg

__all__ = ["Tokenizer", "get_tokenizer", "cache_dir", "USERDICT_PATH"]

USERDICT_PATH: Path = Path(str(resources.files("ingest") / "data" / "userdict.txt"))

# A content word for similarity: at least one CJK ideograph, Latin letter or digit.
_RE_CONTENT = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_RE_USERDICT_LINE = re.compile(r"^(?P<word>.+?)(?: (?P<freq>\d+))?(?: (?P<tag>[a-z]+))?$")
_STOPWORDS = frozenset("的 了 和 与 及 等 在 为 是 对 将 把 从 以 并 或 而 其 之 于 也 都 就 被".split())


class _Tagger(jieba.posseg.POSTokenizer):
    """jieba's POS tagger over our own tokenizer, without reading the dictionary a second time:
    importing ``jieba.posseg`` already read the default dictionary's tags (0.4 s), so this copies
    that table (jieba is pinned at 0.42.1, where ``jieba.posseg.dt`` holds it)."""

    def __init__(self, tokenizer: jieba.Tokenizer):  # noqa: D107 - no super(): it would re-read
        self.tokenizer = tokenizer
        self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)


def cache_dir() -> str | None:
    """The user's directory for jieba's cache file (created when missing), or None when there
    is none to write: ``$POLICYKG_CACHE_DIR``, else ``$XDG_CACHE_HOME/policykg``, else
    ``~/.cache/policykg``."""
    chosen = os.environ.get("POLICYKG_CACHE_DIR")
    if not chosen:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        chosen = os.path.join(base, "policykg")
    try:
        os.makedirs(chosen, exist_ok=True)
    except OSError:
        return None
    return chosen if os.path.isdir(chosen) and os.access(chosen, os.W_OK | os.X_OK) else None


def _read_user_tags(path: Path) -> dict[str, str]:
    """Parse ``word [freq] [tag]`` lines of a jieba user dictionary into ``{word: tag}``."""
    tags: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _RE_USERDICT_LINE.match(line.strip())
        if m and m.group("tag"):
            tags[m.group("word")] = m.group("tag")
    return tags


class Tokenizer:
    """A jieba segmenter and POS tagger with PolicyKG's user dictionary.

    Parameters
    ----------
    userdict : str or Path, optional
        A jieba user dictionary (``word [freq] [tag]`` per line). Defaults to
        :data:`USERDICT_PATH`; pass ``None`` explicitly via ``userdict=""`` to load none.

    Notes
    -----
    Thread-safe for the lazy load; jieba itself is safe to call from several threads once loaded.
    """

    def __init__(self, userdict: str | os.PathLike[str] | None = None):
        self._userdict = USERDICT_PATH if userdict is None else (Path(userdict) if userdict else None)
        self._jieba: jieba.Tokenizer | None = None
        self._pos: jieba.posseg.POSTokenizer | None = None
        self._lock = threading.Lock()
        self._user_tags: dict[str, str] | None = None

    def __repr__(self) -> str:
        state = "loaded" if self._jieba is not None else "not loaded"
        return f"<Tokenizer userdict={self._userdict!s} {state}>"

    def _load(self) -> tuple[jieba.Tokenizer, jieba.posseg.POSTokenizer]:
        """Build the private jieba tokenizer and tagger on first use."""
        if self._pos is None:
            with self._lock:
                if self._pos is None:
                    jieba.setLogLevel(logging.CRITICAL + 1)  # its failures are not ours to print
                    base = jieba.Tokenizer()
                    folder = cache_dir()
                    # no folder: point jieba below /dev/null, which can hold no file, so nothing is
                    # read from or written to a shared place and its failed dump stays silent
                    base.tmp_dir = folder or os.path.join(os.devnull, "policykg")
                    base.initialize()
                    if self._userdict is not None:
                        base.load_userdict(str(self._userdict))
                    self._jieba = base
                    self._pos = _Tagger(base)
        assert self._jieba is not None and self._pos is not None
        return self._jieba, self._pos

    @property
    def user_tags(self) -> dict[str, str]:
        """Words of the user dictionary that carry a POS tag, mapped to that tag.

        >>> get_tokenizer().user_tags["管委会"]
        'nt'
        """
        if self._user_tags is None:
            self._user_tags = _read_user_tags(self._userdict) if self._userdict else {}
        return self._user_tags

    def cut(self, text: str) -> list[str]:
        """Segment ``text`` into words (jieba ``lcut`` with HMM for unknown words).

        >>> get_tokenizer().cut("三次创业")
        ['三次创业']
        """
        base, _ = self._load()
        return base.lcut(text, HMM=True)

    def tag(self, text: str) -> list[tuple[str, str, int]]:
        """Segment and POS-tag ``text``; each item is ``(word, flag, start offset in text)``.

        The words concatenate back to ``text``, so ``text[start:start+len(word)] == word``.
        Tagging runs without jieba's HMM for unknown words: on the 31 sample documents that
        is 2.8x faster and changed 3 of 287 organization/place mentions (the names we need
        are in the user dictionary or end in a telling suffix). The last few thousand texts
        are remembered, since the parser and dependency inference read the same units.

        >>> get_tokenizer().tag("滨江区")[0][2]
        0
        """
        return list(self._tag_cached(text))

    @functools.lru_cache(maxsize=4096)
    def _tag_cached(self, text: str) -> tuple[tuple[str, str, int], ...]:
        _, pos = self._load()
        out: list[tuple[str, str, int]] = []
        offset = 0
        for pair in pos.lcut(text, HMM=False):
            word = pair.word
            at = offset if text.startswith(word, offset) else text.find(word, offset)
            if at < 0:  # never seen in practice; keep offsets monotonic rather than fail
                at = offset
            out.append((word, pair.flag, at))
            offset = at + len(word)
        return tuple(out)

    def tokens(self, text: str, start: int = 0) -> list[str]:
        """Content words of ``text`` for similarity: no punctuation, spaces or function words;
        with ``start``, only the words that begin at or after that offset (the tagging of the
        whole text is cached, so this costs no second segmentation).

        >>> get_tokenizer().tokens("推进“五水共治”，落实责任。")
        ['推进', '五水共治', '落实', '责任']
        >>> get_tokenizer().tokens("3.落实责任", start=2)
        ['落实', '责任']
        """
        return [w for w, _, at in self._tag_cached(text)
                if at >= start and _RE_CONTENT.search(w) and w not in _STOPWORDS]


@functools.cache
def get_tokenizer() -> Tokenizer:
    """Return the process-wide :class:`Tokenizer` (created once, loaded on first use).

    >>> get_tokenizer() is get_tokenizer()
    True
    """
    return Tokenizer()
