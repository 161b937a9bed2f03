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

Finding candidates is linear in the text and done once per document, its paragraphs joined
(see :class:`_Scanner`): every phrase window one substitution away keeps two characters two
apart intact, which one Aho–Corasick pass over the text's even and odd characters finds (until a
run has read enough text to pay for building that automaton, a dict lookup per character pair
does, see :data:`BUILD_AFTER`); one more character looked up at each gives the window.  When
the optional C module ``_near_miss_c`` is built, it does both steps in one pass, with no
automaton: some four times faster inside a run, where the automaton's tables fall out of the
caches.
"""

from __future__ import annotations

import math
from _codecs import utf_16_be_encode
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, islice, repeat
from operator import contains
from typing import TYPE_CHECKING, Literal

from speechlint._namedtuple import NamedTuple
from speechlint.plugins.wording._automaton import utf16
from speechlint.plugins.wording._lexicon_index import (
    PHRASE_LENGTH,
    LexiconIndex,
    PairTable,
    is_han,
)

if TYPE_CHECKING:
    import ahocorasick_rs

try:  # the candidate search in C (optional: built when a compiler is at hand)
    from speechlint.plugins.wording._near_miss_c import PairIndex as _PairIndex
except ImportError:  # pragma: no cover - depends on the build
    _PairIndex = None  # type: ignore[assignment,misc]

__all__ = [
    "PRIORS",
    "THRESHOLD",
    "Candidate",
    "candidates",
    "find",
    "find_all",
    "fuzzy",
    "gain",
    "slip",
]

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


class Candidate(NamedTuple):
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
    return find_all((text,), index)[0]


def find_all(texts: Sequence[str], index: LexiconIndex) -> list[list[Candidate]]:
    """:func:`find` for each of ``texts`` (a document's paragraphs), scanned in one pass."""
    scanner = _scanner(index.pairs)
    ranked: list[list[tuple[float, int, int, int, Candidate]]] = [[] for _text in texts]
    for unit, start, position, value in scanner.hits(texts):
        text = texts[unit]
        for order, candidate in _scored(text, start, position, value, index, scanner):
            if candidate.score >= THRESHOLD:
                # Ties between equal scores at one start go to the masked position's residue,
                # then to the value's order: the order of the window lookups this scan replaced.
                residue = (start + position) % PHRASE_LENGTH
                ranked[unit].append((-candidate.score, start, residue, order, candidate))
    return [_choose(found) if found else [] for found in ranked]


def _choose(ranked: list[tuple[float, int, int, int, Candidate]]) -> list[Candidate]:
    """The best candidates that do not overlap a better one, in text order."""
    chosen: list[Candidate] = []
    taken: set[int] = set()
    for *_key, candidate in sorted(ranked, key=lambda item: item[:4]):
        span = range(candidate.start, candidate.end)
        if taken.isdisjoint(span):
            chosen.append(candidate)
            taken.update(span)
    return sorted(chosen, key=lambda c: c.start)


def candidates(text: str, index: LexiconIndex) -> Iterator[Candidate]:
    """Every scored substitution (whatever its score): one per window and phrase."""
    scanner = _scanner(index.pairs)
    hits = scanner.hits((text,))
    # The order of the window lookups this scan replaced: chunk, residue, start.
    hits.sort(key=lambda hit: (hit[1] // 4096, (hit[1] + hit[2]) % PHRASE_LENGTH, hit[1]))
    for _unit, start, position, value in hits:
        for _order, candidate in _scored(text, start, position, value, index, scanner):
            yield candidate


def _scored(
    text: str, start: int, position: int, value: str, index: LexiconIndex, scanner: _Scanner
) -> Iterator[tuple[int, Candidate]]:
    """The candidates of one window (not a word; ``text[start + position]`` is Han)."""
    end = start + PHRASE_LENGTH
    wrong = text[start:end]
    if wrong in index.words:
        return
    written = wrong[position]
    for order, char, kind in scanner.slips(written, value, index):
        right = wrong[:position] + char + wrong[position + 1 :]
        yield order, Candidate(start, end, wrong, right, kind, gain(text, start, right, index))


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


# Joins a document's paragraphs (and pads its ends): not Han, so a window holding it is no hit
# -- at an intact position it matches no phrase character, at the masked one it is not the
# Han character a slip writes.
_SEPARATOR = "\n"
# Slip decisions remembered per scanner; past this many the memo starts afresh.
_MEMO_LIMIT = 1 << 14


class _Scanner:
    """Finds the windows one substitution from a phrase: one pass per document.

    A window ``w`` of four characters with ``w[q]`` the odd one keeps ``(w[0], w[2])`` intact
    when ``q`` is 1 or 3, and ``(w[1], w[3])`` when it is 0 or 2: two characters two apart,
    which are neighbours in the text's even (``text[0::2]``) or odd (``text[1::2]``) characters.
    One Aho–Corasick pass over those two strings finds every such pair of every phrase (254 per
    speech; the 4 masked copies of the text, or the phrases' halves, cost 3–4 times as much);
    at each, the intact character beside the mask is looked up among those the phrases with
    that pair have there (see :class:`~speechlint.plugins.wording._lexicon_index.PairTable`).
    A window that is itself a phrase -- a word: 96 % of the hits in speeches -- is dropped
    there, at its first probe.  Before the run has read :data:`BUILD_AFTER` characters, a
    dict lookup per pair stands in for the automaton.  With ``_near_miss_c`` built (and
    ``native`` left true), :class:`_near_miss_c.PairIndex` does the pairs and the probes in C.
    """

    def __init__(self, pairs: PairTable, *, native: bool = True) -> None:
        self.pairs = pairs  # kept so that the id the cache is keyed by stays taken
        self.automaton: ahocorasick_rs.BytesAhoCorasick | None = None
        self.read = 0
        self._slips: dict[tuple[str, str], tuple[tuple[int, str, Slip], ...]] = {}
        # The same search in C when it is built (see _near_miss_c.c): no automaton then.
        self.native = _PairIndex(pairs.firsts) if native and _PairIndex is not None else None

    def hits(self, texts: Sequence[str]) -> list[tuple[int, int, int, str]]:
        """``(text index, window start, masked position, value)`` of each window whose masked
        character is Han and which is not a phrase, in no particular order."""
        joined = _SEPARATOR + _SEPARATOR.join(texts) + _SEPARATOR
        found: list[tuple[int, int, str]] = []
        if self.native is not None:
            for base in (0, 1):
                self.native.probe(joined, base, self.pairs.parsed, self.pairs.checks, found)
        else:
            self._count(len(joined))
            for base in (0, 1):
                part = joined[base::2]
                self._probe(joined, self._pairs_in(part), base, found)
        if not found:
            return []
        starts = list(accumulate((len(text) + 1 for text in texts), initial=1))
        hits = []
        for start, position, value in found:
            unit = bisect_right(starts, start) - 1
            hits.append((unit, start - starts[unit], position, value))
        return hits

    def _count(self, size: int) -> None:
        self.read += size
        if self.automaton is None and self.read >= BUILD_AFTER and self.pairs.firsts:
            import ahocorasick_rs

            patterns = [utf_16_be_encode(pair)[0] for pair in self.pairs.pairs()]
            self.automaton = ahocorasick_rs.BytesAhoCorasick(
                patterns, implementation=ahocorasick_rs.Implementation.ContiguousNFA
            )

    def _pairs_in(self, part: str) -> list[tuple[int, int, int]]:
        """``(pair id, 2 × offset, _)`` of every pair of the index in ``part``."""
        data = utf16(part) if self.automaton is not None else None
        if data is not None and self.automaton is not None:
            # Byte offsets of UTF-16: twice the character offsets; an odd one straddles two.
            return self.automaton.find_matches_as_indexes(data, overlapping=True)
        # Each character's possible seconds, then whether the next character is one of them:
        # C-level passes, ~0.06 µs a character against ~0.02 for the automaton.
        firsts = self.pairs.firsts
        bases = self.pairs.bases
        seconds = list(map(firsts.get, part, repeat("")))
        pairs = compress(range(len(part) - 1), map(contains, seconds, islice(part, 1, None)))
        found = []
        for at in pairs:
            found.append((bases[part[at]] + seconds[at].find(part[at + 1]), 2 * at, 0))
        return found

    def _probe(
        self,
        text: str,
        pairs: list[tuple[int, int, int]],
        base: int,
        found: list[tuple[int, int, str]],
    ) -> None:
        """Add the hits at ``pairs`` (found in ``text[base::2]``) to ``found``."""
        table = self.pairs
        parsed = table.parsed
        for pair_id, offset, _end in pairs:
            if offset & 1:
                continue
            at = offset + base  # the pair's first character in ``text``
            phrase = -1  # the delta of a window found to be a phrase
            for delta, probe, written_at, position, values in parsed[pair_id] or table.checks(
                pair_id
            ):
                if delta == phrase:
                    continue
                value = values.get(text[at + probe])
                if value is None:
                    continue
                written = text[at + written_at]
                if written in value:
                    # A phrase, so a word (the index holds every phrase in its word model): none
                    # of its substitutions is reported.  (A digit of ``value`` -- a reading
                    # index -- is no Han character: the window then matches no other key.)
                    phrase = delta
                elif "\u4e00" <= written <= "\u9fff" or "\u3400" <= written <= "\u4dbf":
                    found.append((at - delta, position, value))

    def slips(
        self, written: str, value: str, index: LexiconIndex
    ) -> tuple[tuple[int, str, Slip], ...]:
        """``(order, character, slip)`` of each character of ``value`` that ``written`` may
        have been written for (remembered: the same characters recur)."""
        key = (written, value)
        known = self._slips.get(key)
        if known is None:
            if len(self._slips) >= _MEMO_LIMIT:
                self._slips.clear()
            known = self._slips[key] = tuple(
                (order, char, kind)
                for order, (char, readings) in enumerate(_entries(value, index))
                if (kind := slip(written, char, readings, index)) is not None
            )
        return known


_SCANNERS: dict[int, _Scanner] = {}
# Building the automaton (107 M instructions, 15-25 ms) costs what the dict lookups lose to it
# over about this many characters (some 11 speeches of the benchmark corpus: 9-10 M more
# instructions each, callgrind, 2026-12-06): a run that reads less -- one file, an editor's
# buffer linted a few times -- never pays for it.
BUILD_AFTER = 60_000


def _scanner(pairs: PairTable) -> _Scanner:
    """The scanner of ``pairs`` (one per index, kept for the run)."""
    scanner = _SCANNERS.get(id(pairs))
    if scanner is None or scanner.pairs is not pairs:
        if len(_SCANNERS) >= 8:
            _SCANNERS.clear()
        scanner = _SCANNERS[id(pairs)] = _Scanner(pairs)
    return scanner


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


# The 214 Kangxi radicals as the CJK Unified Ideographs they decompose to (U+2F00–U+2FD5 in
# NFKC), which is also code-point order: the first character of each radical's section of the
# block.  The block (U+4E00–U+9FA5) is ordered by radical, then stroke count, and each section
# starts with the radical itself, so the section holding a character gives its radical without
# a radical table (港 and 潜 are both in 水's section).  Sharing a radical is weak evidence of a
# similar shape -- hundreds of characters share 氵 -- hence its low prior.  (Written out rather
# than derived with unicodedata at run time; tests/plugins/wording/test_near_miss.py checks it.)
RADICALS = (
    "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀"
    "寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋"
    "比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸"
    "缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛"
    "辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻"
    "黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠"
)


def _radical(char: str) -> int | None:
    if not "\u4e00" <= char <= "\u9fa5":
        return None  # later additions to the block are not in radical order
    return bisect_right(RADICALS, char)  # radical number n is RADICALS[n - 1]


# -- the gain --------------------------------------------------------------------------------


def gain(text: str, start: int, right: str, index: LexiconIndex) -> float:
    """log P(corrected) − log P(as written), over the window and its context in the Han run."""
    end = start + len(right)
    before = start
    while before > 0 and start - before < CONTEXT and is_han(text[before - 1]):
        before -= 1
    after = end
    while after < len(text) and after - end < CONTEXT and is_han(text[after]):
        after += 1
    left, right_context = text[before:start], text[end:after]
    corrected = index.words.score(left + right + right_context)
    written = index.words.score(text[before:after])
    return corrected - written if math.isfinite(corrected) else -math.inf
