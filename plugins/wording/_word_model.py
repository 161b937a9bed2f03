"""A unigram word model: how plausible is a reading of a stretch of Chinese text?

The near-miss detector (W501) asks whether the text as written reads as ordinary words or
only makes sense as a misspelled phrase.  Like jieba, it takes the most probable segmentation
of the text into known words (each word scored by its corpus frequency, an unknown character
as a word seen once) and compares the log-probabilities of the two readings.

The vocabulary (about 200,000 words of up to four characters, data/lexicon/words.txt) is held
as a sorted ``array('Q')`` of words packed into 64-bit integers -- four BMP code points of
16 bits each -- and a parallel ``bytes`` of log2 frequencies, so the on-disk cache maps them
into memory (no copy, no string objects: only the pages a lookup touches are read); a lookup is
a binary search, remembered for the words the detector keeps asking about.
"""

from __future__ import annotations

import math
from _codecs import utf_16_be_encode
from bisect import bisect_left
from collections.abc import Mapping, Sequence

__all__ = ["MAX_WORD", "WordModel", "pack"]

MAX_WORD = 4
_LN2 = math.log(2)
# Lookups remembered per model: the words of a run's contexts recur (the same terms, the same
# function words); past this many the memo starts afresh, so memory stays bounded.
_MEMO_LIMIT = 1 << 16


def pack(word: str) -> int:
    """``word`` (1–4 BMP characters) as a left-aligned 64-bit integer; 0 if it cannot be."""
    size = len(word)
    if not 0 < size <= MAX_WORD:
        return 0
    # UTF-16 big-endian is the code points as 16-bit digits; a character beyond the BMP takes
    # two units and cannot be packed.  (One C call instead of a loop over the characters; the
    # codec function itself, as str.encode would first import encodings.utf_16_be.)
    data = utf_16_be_encode(word, "surrogatepass")[0]
    if len(data) != 2 * size:
        return 0
    return int.from_bytes(data, "big") << 16 * (MAX_WORD - size)


class WordModel:
    """Word frequencies and the best-segmentation score of a text."""

    def __init__(
        self,
        keys: Sequence[int],
        buckets: Sequence[int],
        total: int,
        extra: Mapping[str, int] | None = None,
    ) -> None:
        # ``keys`` / ``buckets``: an ``array('Q')`` and ``bytes``, or memory-mapped views of them.
        self._keys = keys
        self._buckets = buckets
        self._total = total
        self._log_total = math.log(total)
        # Phrases outside the vocabulary (curated, organisation): word → log2 frequency.
        self._extra: Mapping[str, int] = extra or {}
        self._memo: dict[str, int | None] = {}

    def with_extra(self, extra: Mapping[str, int]) -> WordModel:
        """The same vocabulary plus ``extra`` words (``word → log2 frequency``)."""
        return WordModel(self._keys, self._buckets, self._total, {**self._extra, **extra})

    def log2_frequency(self, word: str) -> int | None:
        """The word's log2 frequency, or ``None`` for an unknown word."""
        memo = self._memo
        if word in memo:
            return memo[word]
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[word] = self._lookup(word)
        return found

    def _lookup(self, word: str) -> int | None:
        if word in self._extra:
            return self._extra[word]
        key = pack(word)
        if not key:
            return None
        keys = self._keys
        index = bisect_left(keys, key)
        if index < len(keys) and keys[index] == key:
            return self._buckets[index]
        return None

    def __contains__(self, word: str) -> bool:
        return self.log2_frequency(word) is not None

    def score(self, text: str) -> float:
        """Natural log-probability of the most probable segmentation of ``text``."""
        best = [0.0] + [-math.inf] * len(text)
        memo, lookup, log_total = self._memo, self.log2_frequency, self._log_total
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - MAX_WORD), end):
                if best[start] == -math.inf:
                    continue
                word = text[start:end]
                bucket = memo[word] if word in memo else lookup(word)
                if bucket is None and end - start > 1:
                    continue
                value = best[start] + (bucket or 0) * _LN2 - log_total
                if value > best[end]:
                    best[end] = value
        return best[-1]
