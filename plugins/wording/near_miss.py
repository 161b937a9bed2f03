"""Near-miss detection (W501): text one character away from a fixed phrase that no list names.

A window of four characters is a *near miss* of a lexicon phrase (an idiom, a set phrase, a
canonical political term -- see :mod:`~speechlint.plugins.wording._lexicon_index`) when

1. it differs from the phrase in exactly one character and is not itself a known word;
2. the substitution is a likely slip (:func:`slip`): the same toneless pinyin (an input
   method offered the wrong character), a similar one (z/zh, n/l, in/ing …), a visually
   confusable character (data/lexicon/shapes.tsv), the same radical, or a rare character
   replaced by a common one;
3. the text reads far better corrected than as written (:func:`gain`): the unigram word model
   scores the most probable segmentation of the window and four characters of context on
   each side, as written and corrected.  ``重要条件`` (重要 + 条件) reads fine and is not
   reported as 充要条件; ``港移默化`` only reads as 潜移默化.

The decision is a noisy-channel comparison: the log-probability gained by the correction plus
the log prior of the slip must reach :data:`THRESHOLD`.  The weaker the evidence for the slip,
the larger the gain it needs.  The constants were set on the 40 published reports (no false
positive) and the generated misspellings of tests/plugins/wording/test_near_miss.py; see
docs/near-miss.md for the figures.

Finding candidates is linear in the text: each window with one of its characters masked is
looked up in a dict -- only where one Aho–Corasick pass found an intact bigram of a phrase at
the right place (see :class:`_Scanner`; until a run has read enough text to pay for building
it, every window is looked up, see :func:`_window_hits`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Literal

import ahocorasick_rs

from speechlint.plugins.wording._lexicon_index import MASK, PHRASE_LENGTH, LexiconIndex

__all__ = ["PRIORS", "THRESHOLD", "Candidate", "candidates", "find", "fuzzy", "gain", "slip"]

Slip = Literal["sound", "fuzzy", "shape", "radical", "rare"]
# log prior of each kind of slip: how much less likely than a same-sound input-method slip.
PRIORS: dict[Slip, float] = {
    "sound": 0.0,
    "fuzzy": -2.0,
    "shape": -2.0,
    "radical": -9.0,
    "rare": -8.0,
}
# Natural-log gain (plus prior) a correction needs: about e^11 ≈ 60,000 times more probable.
THRESHOLD = 11.0
# Characters of context on each side that the word model reads.
CONTEXT = 4
# A "rare" character: its words total at most 2^8 occurrences in jieba's corpus (毖, 赅, 砭),
# replaced by one at least 2^6 times as common.
RARE = 8
COMMONER = 6
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_FUZZY_FINALS = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


@dataclass(frozen=True, slots=True)
class Candidate:
    """``text[start:end]`` written for ``right``: the slip and the score of the correction."""

    start: int
    end: int
    wrong: str
    right: str
    slip: Slip
    gain: float

    @property
    def score(self) -> float:
        """The gain plus the slip's log prior; reported from :data:`THRESHOLD` up."""
        return self.gain + PRIORS[self.slip]


def find(text: str, index: LexiconIndex) -> list[Candidate]:
    """The near misses in ``text`` (one paragraph), best first where they overlap."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    ranked = sorted(candidates(text, index), key=lambda c: (-c.score, c.start))
    for candidate in ranked:
        if candidate.score < THRESHOLD:
            break
        span = range(candidate.start, candidate.end)
        if taken.isdisjoint(span):
            chosen.append(candidate)
            taken.update(span)
    return sorted(chosen, key=lambda c: c.start)


def candidates(text: str, index: LexiconIndex) -> Iterator[Candidate]:
    """Every scored substitution (whatever its score): one per window and phrase."""
    # A phrase written correctly is a hit at each of its four positions: look it up once.
    known: dict[str, bool] = {}
    for start, position, entries in _masked_hits(text, index.masked):
        end = start + PHRASE_LENGTH
        wrong = text[start:end]
        written = wrong[position]
        if not _is_han(written):
            continue
        is_word = known.get(wrong)
        if is_word is None:
            is_word = known[wrong] = wrong in index.words
        if is_word:
            continue
        for char, readings in _entries(entries, index):
            kind = slip(written, char, readings, index)
            if kind is None:
                continue
            right = wrong[:position] + char + wrong[position + 1 :]
            yield Candidate(start, end, wrong, right, kind, gain(text, start, right, index))


def _entries(value: str, index: LexiconIndex) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The characters of a ``masked`` value and their readings in the phrase."""
    for at, char in enumerate(value):
        if char.isdigit():
            continue
        readings = index.chars.readings(char)
        following = value[at + 1 : at + 2]
        if following.isdigit() and int(following) < len(readings):
            readings = (readings[int(following)],)
        yield char, readings


def _masked_hits(text: str, masked: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """``(window start, masked position, dict value)`` for every window matching a key.

    Ordered by chunk, residue of the masked position, then start -- the order of
    :func:`_window_hits` -- so that ties between equal scores are broken the same way
    whichever scan found them.
    """
    scanner = _scanner(masked, len(text))
    if scanner is None:
        return list(_window_hits(text, masked))
    hits = scanner.hits(text)
    hits.sort(key=lambda hit: (hit[0] // _CHUNK, (hit[0] + hit[1]) % PHRASE_LENGTH, hit[0]))
    return hits


def _window_hits(text: str, masked: Mapping[str, str]) -> Iterator[tuple[int, int, str]]:
    """The hits found by looking up every window with each of its characters masked.

    No set-up cost, but six times slower per character than :class:`_Scanner`: what a run
    uses until it has read enough text to pay for building the scanner.
    """
    for offset in range(0, max(len(text) - PHRASE_LENGTH + 1, 0), _CHUNK):
        chunk = text[offset : offset + _CHUNK + PHRASE_LENGTH - 1]
        for start, position, value in _chunk_hits(chunk, masked):
            yield offset + start, position, value


def _chunk_hits(text: str, masked: Mapping[str, str]) -> Iterator[tuple[int, int, str]]:
    # Masking every fourth character of a copy of the text (four copies, one per residue)
    # yields every (window, masked position) pair once, looked up by C-level map calls.
    count = len(text) - PHRASE_LENGTH + 1
    chars = list(text)
    windows = _SLICES[:count]
    for residue in range(PHRASE_LENGTH):
        copy = chars.copy()
        copy[residue::PHRASE_LENGTH] = [MASK] * len(range(residue, len(text), PHRASE_LENGTH))
        masked_text = "".join(copy)
        keys = map(masked_text.__getitem__, windows)
        for start in compress(range(count), map(masked.__contains__, keys)):
            key = masked_text[start : start + PHRASE_LENGTH]
            yield start, (residue - start) % PHRASE_LENGTH, masked[key]


# Long paragraphs (a megabyte on one line) are scanned in chunks overlapping by three
# characters, so that the window slices -- created once, reused for every paragraph -- stay few.
_CHUNK = 4096
_SLICES = [slice(start, start + PHRASE_LENGTH) for start in range(_CHUNK)]


class _Scanner:
    """Finds the windows one substitution from a phrase with one Aho–Corasick pass.

    A four-character window with one character masked keeps an intact bigram: its last two
    characters when the mask is in the first half, its first two otherwise.  The automaton
    finds every occurrence of those bigrams; at each, the one other intact character is looked
    up among those the phrases with that bigram have there.  (The earlier scan looked up all
    four masked copies of every window: about six times slower.)
    """

    def __init__(self, masked: Mapping[str, str]) -> None:
        self.masked = masked  # kept so that the id the cache is keyed by stays taken
        # bigram → (offset of the bigram in the window, masked position) → probe char → value
        table: dict[str, dict[tuple[int, int], dict[str, str]]] = {}
        for key, value in masked.items():
            position = key.find(MASK)
            if len(key) != PHRASE_LENGTH or position < 0:
                continue
            offset = 2 if position < 2 else 0
            bigram = table.setdefault(key[offset : offset + 2], {})
            probes = bigram.setdefault((offset, position), {})
            probes[key[position ^ 1]] = value  # the intact character beside the mask
        self.bigrams = list(table)
        self.entries = [
            tuple((offset, position, position ^ 1, probes)
                  for (offset, position), probes in sorted(table[bigram].items()))
            for bigram in self.bigrams
        ]  # fmt: skip
        # The contiguous NFA builds in a third of the DFA's time and searches bigrams as fast.
        self.automaton = (
            ahocorasick_rs.AhoCorasick(
                self.bigrams, implementation=ahocorasick_rs.Implementation.ContiguousNFA
            )
            if self.bigrams
            else None
        )

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        if self.automaton is None or len(text) < PHRASE_LENGTH:
            return []
        try:
            found = self.automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            # A lone surrogate cannot cross into Rust; U+FFFD keeps every offset, and no
            # bigram holds either.
            searched = _LONE_SURROGATE.sub("\ufffd", text)
            found = self.automaton.find_matches_as_indexes(searched, overlapping=True)
        last = len(text) - PHRASE_LENGTH
        entries = self.entries
        hits: list[tuple[int, int, str]] = []
        for pattern, at, _end in found:
            for offset, position, probe, probes in entries[pattern]:
                start = at - offset
                if 0 <= start <= last:
                    value = probes.get(text[start + probe])
                    if value is not None:
                        hits.append((start, position, value))
        return hits


_SCANNERS: dict[int, _Scanner] = {}
_SCANNED: dict[int, int] = {}  # characters read so far without a scanner, by id(masked)
# Building a scanner costs about as much as window lookups over this many characters (some
# ten speeches): a run that reads less -- one file, an editor's buffer -- never pays for it.
BUILD_AFTER = 60_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scanner(masked: Mapping[str, str], size: int) -> _Scanner | None:
    """The scanner of ``masked`` once the run has read :data:`BUILD_AFTER` characters."""
    key = id(masked)
    scanner = _SCANNERS.get(key)
    if scanner is not None and scanner.masked is masked:
        return scanner
    _SCANNED[key] = _SCANNED.get(key, 0) + size
    if _SCANNED[key] < BUILD_AFTER:
        return None
    if len(_SCANNERS) >= 8:
        _SCANNERS.clear()
    del _SCANNED[key]
    scanner = _SCANNERS[key] = _Scanner(masked)
    return scanner


def _is_han(char: str) -> bool:
    """CJK Unified Ideographs and Extension A: what the lexicon and the word model hold."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


# -- the slip --------------------------------------------------------------------------------


def slip(written: str, right: str, readings: tuple[str, ...], index: LexiconIndex) -> Slip | None:
    """How ``written`` may have come for ``right`` (read ``readings`` in the phrase), if at all."""
    mine = index.chars.readings(written)
    if set(mine) & set(readings):
        return "sound"
    if {fuzzy(r) for r in mine} & {fuzzy(r) for r in readings}:
        return "fuzzy"
    if written in index.shapes.get(right, ""):
        return "shape"
    weight = index.chars.weight(right)
    if weight <= RARE and index.chars.weight(written) >= weight + COMMONER:
        return "rare"
    if _radical(written) is not None and _radical(written) == _radical(right):
        return "radical"
    return None


def fuzzy(reading: str) -> str:
    """The reading with the distinctions fuzzy input methods blur (模糊音).

    z/zh, c/ch, s/sh, n/l, f/h; an/ang, en/eng, in/ing, ian/iang, uan/uang: southern speakers
    often do not tell them apart, and input methods offer a setting to match either.
    """
    for sharp, blurred in _FUZZY_INITIALS:
        if reading.startswith(sharp):
            reading = blurred + reading[len(sharp) :]
            break
    for sharp, blurred in _FUZZY_FINALS:
        if reading.endswith(sharp):
            return reading[: -len(sharp)] + blurred
    return reading


@lru_cache(maxsize=1)
def _radical_starts() -> tuple[list[int], list[int]]:
    """First code point of each Kangxi radical's section of the CJK Unified Ideographs block.

    The block (U+4E00–U+9FA5) is ordered by radical, then stroke count, and each section
    starts with the radical itself; the Kangxi Radicals block (U+2F00–U+2FD5) maps to those
    characters by compatibility decomposition.  So the section holding a character gives its
    radical without a radical table (港 and 潜 are both in 水's section).  Sharing a radical is
    weak evidence of a similar shape -- hundreds of characters share 氵 -- hence its low prior.
    """
    starts = sorted(
        (ord(unicodedata.normalize("NFKC", chr(code))), code - 0x2F00 + 1)
        for code in range(0x2F00, 0x2FD6)
    )
    return [start for start, _ in starts], [radical for _, radical in starts]


def _radical(char: str) -> int | None:
    if not "\u4e00" <= char <= "\u9fa5":
        return None  # later additions to the block are not in radical order
    starts, radicals = _radical_starts()
    return radicals[bisect_right(starts, ord(char)) - 1]


# -- the gain --------------------------------------------------------------------------------


def gain(text: str, start: int, right: str, index: LexiconIndex) -> float:
    """log P(corrected) − log P(as written), over the window and its context in the Han run."""
    end = start + len(right)
    before = start
    while before > 0 and start - before < CONTEXT and _is_han(text[before - 1]):
        before -= 1
    after = end
    while after < len(text) and after - end < CONTEXT and _is_han(text[after]):
        after += 1
    left, right_context = text[before:start], text[end:after]
    corrected = index.words.score(left + right + right_context)
    written = index.words.score(text[before:after])
    return corrected - written if math.isfinite(corrected) else -math.inf
