"""Matching paired marks (quotes and brackets) in a unit, once per document.

Openers are pushed on a stack; a closer pops to the nearest opener of its kind, and the openers
it passes over are unmatched.  Half-width parentheses pair with full-width ones (a mixed pair is
P401's business, not a missing mark).  A ’ that is an apostrophe (’99, it’s) is not a quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import cache
from itertools import compress, count
from operator import attrgetter

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.plugins._index import (
    PAIRED_MARKS,
    irregular_units,
    rare_offsets,
    rare_sequence,
    unit_ends,
)
from speechlint.plugins.punctuation._text import URL_HINTS, hits_at, in_ranges, protected
from speechlint.rules import RuleContext

__all__ = [
    "CLOSER",
    "KIND",
    "OPENER",
    "PARTNER",
    "Pair",
    "UnitPairs",
    "all_paired",
    "document_pairs",
    "is_apostrophe",
    "mark_sequence",
    "nested_double_quotes",
    "suspect_pairs",
    "unit_pairs",
]

# Every paired mark and its kind (the marks are those of PAIRED_MARKS).
_PAIRS = {
    "“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "(": ")", "【": "】",
    "〔": "〕", "「": "」", "『": "』",
}  # fmt: skip
OPENER = {opener: opener if opener != "(" else "（" for opener in _PAIRS}
CLOSER = {closer: OPENER[opener] for opener, closer in _PAIRS.items()}
# The kind of a mark is its full-width opener; its partner is the mark that pairs with it.
KIND = {**OPENER, **CLOSER}
PARTNER = {**_PAIRS, **{closer: opener for opener, closer in _PAIRS.items()}}
_ADJACENT = (
    *(opener + closer for opener, closer in _PAIRS.items()),
    "（)",
    "(）",
)
_MARKS_AND_LINES = PAIRED_MARKS + "\n"
# Removing adjacent pairs from the sequence of marks this many times settles ordinary text
# (pairs nest two or three deep); deeper nesting is left to the stack walk.
_REDUCTIONS = 4
# Marks whose pairs in a unit's visible text may differ from the source's: ’ may be an
# apostrophe (it’s), and single quotes and corner brackets make quotes that P405 examines.
_OTHERWISE_PAIRED = "’‘「『"
_CACHE_KEY = "punctuation.pairs"
_SUSPECT_KEY = "punctuation.pairs.suspect"
_ALL_KEY = "punctuation.pairs.all"
_SEQUENCE_KEY = "punctuation.pairs.sequence"
_PAIRED_KEY = "punctuation.pairs.all-paired"


class Pair(NamedTuple):
    """A matched pair: its kind (the full-width opener) and the visible indices of both marks."""

    kind: str
    open: int
    close: int


class UnitPairs:
    """The paired marks of one unit: matched pairs in order of opening, unmatched mark indices.

    Lookups by mark and by title are indexed, so a paragraph with thousands of pairs is not
    scanned again at each of its marks; the indexes are built on the first lookup (only P401
    looks up, at a half-width mark, while P402 and P405 read every unit's pairs).
    """

    __slots__ = ("_by_mark", "_titles", "pairs", "unmatched")

    def __init__(self, pairs: tuple[Pair, ...], unmatched: tuple[int, ...]) -> None:
        self.pairs = pairs
        self.unmatched = unmatched
        self._by_mark: dict[int, Pair] | None = None
        self._titles: tuple[tuple[int, int], ...] | None = None

    def pair_at(self, index: int) -> Pair | None:
        """The pair whose opening or closing mark is at visible ``index``."""
        if self._by_mark is None:
            pairs = self.pairs
            self._by_mark = {pair.open: pair for pair in pairs} | {p.close: p for p in pairs}
        return self._by_mark.get(index)

    def in_title(self, index: int) -> bool:
        """Whether ``index`` lies strictly inside a 《…》 pair."""
        if self._titles is None:
            self._titles = _outermost((p.open, p.close) for p in self.pairs if p.kind == "《")
        titles = self._titles
        found = bisect_right(titles, (index, _AFTER_ANY_END))
        if found == 0:
            return False
        start, end = titles[found - 1]
        return start < index < end


_NONE = UnitPairs((), ())
_open = attrgetter("open")
# Sorts after every (start, end) pair that starts at the same index.
_AFTER_ANY_END = 1 << 62


@cache
def _marks() -> re.Pattern[str]:
    # Compiled on first use (0.3 ms): only units with a mark problem are matched one by one.
    return _regex.compile(f"[{re.escape(PAIRED_MARKS)}]")


def unit_pairs(ctx: RuleContext, unit_index: int) -> UnitPairs:
    """The paired marks of ``ctx.units[unit_index]`` (computed on demand, cached)."""
    cache: dict[int, UnitPairs] = ctx.cache.setdefault(_CACHE_KEY, {})
    found = cache.get(unit_index)
    if found is None:
        text = ctx.units[unit_index].text
        indices = [match.start() for match in _marks().finditer(text)]
        found = _match(text, indices, protected(ctx, unit_index)) if indices else _NONE
        cache[unit_index] = found
    return found


def document_pairs(ctx: RuleContext) -> dict[int, UnitPairs]:
    """Paired marks of every unit that has any (units without are absent), from one pass over
    the document's marks, cached for the other rules."""
    found: dict[int, UnitPairs] | None = ctx.cache.get(_ALL_KEY)
    if found is None:
        found = ctx.cache[_ALL_KEY] = _pairs_of(ctx, rare_offsets(ctx, PAIRED_MARKS))
    return found


def suspect_pairs(ctx: RuleContext) -> dict[int, UnitPairs]:
    """:func:`document_pairs` of the units whose marks may not pair up, or may pair with a
    quote nested in a quote: those on a line whose marks in the source do not nest properly
    or hold “ inside “, and those whose visible marks may pair otherwise than the source's
    (irregular units, units with ’ ‘ 「 『, bare URLs).  In every other unit the marks pair
    up, properly nested, quotes “” one after the other.  Cached.

    P402 and P405 look at these units only: matching every unit's marks (0.65 M instructions
    for a speech with one unmatched mark) cost more than all the other punctuation rules.
    """
    found: dict[int, UnitPairs] | None = ctx.cache.get(_SUSPECT_KEY)
    if found is None:
        marks = rare_offsets(ctx, PAIRED_MARKS)
        units = _suspect_units(ctx, marks)
        if units is None:
            found = document_pairs(ctx)
        else:
            ends = unit_ends(ctx)
            found = _pairs_of(ctx, [mark for mark in marks if bisect_right(ends, mark) in units])
        ctx.cache[_SUSPECT_KEY] = found
    return found


def _suspect_units(ctx: RuleContext, marks: list[int]) -> set[int] | None:
    """The units of :func:`suspect_pairs` (some may hold no mark); None when every unit with
    a mark is one (nesting too deep for the reductions, or a URL hint in the source)."""
    sequence = mark_sequence(ctx)
    reduced = _reduced(sequence)
    if reduced is None or any(hint in ctx.text for hint in URL_HINTS):
        return None
    lines = set(compress(count(), reduced.split("\n")))  # lines with marks left over
    for match in _nested_double().finditer(sequence):
        lines.add(sequence.count("\n", 0, match.start()))
    breaks = rare_offsets(ctx, "\n")
    ends = unit_ends(ctx)
    units = set(irregular_units(ctx))
    for mark in marks:
        if bisect_left(breaks, mark) in lines:
            units.add(bisect_right(ends, mark))
    units.update(bisect_right(ends, mark) for mark in rare_offsets(ctx, _OTHERWISE_PAIRED))
    return units


def _pairs_of(ctx: RuleContext, marks: list[int]) -> dict[int, UnitPairs]:
    """The pairs of the units of the source ``marks`` (all the marks of each), by unit."""
    indices: dict[int, list[int]] = {}
    for unit_index, index in hits_at(ctx, marks):
        indices.setdefault(unit_index, []).append(index)
    cache: dict[int, UnitPairs] = ctx.cache.setdefault(_CACHE_KEY, {})
    for unit_index, found in indices.items():
        if unit_index not in cache:
            text = ctx.units[unit_index].text
            cache[unit_index] = _match(text, found, protected(ctx, unit_index))
    return {unit_index: cache[unit_index] for unit_index in indices}


def mark_sequence(ctx: RuleContext) -> str:
    """The document's paired marks and line breaks, in order, as one string (cached)."""
    found: str | None = ctx.cache.get(_SEQUENCE_KEY)
    if found is None:
        found = ctx.cache[_SEQUENCE_KEY] = rare_sequence(ctx, _MARKS_AND_LINES)
    return found


def all_paired(ctx: RuleContext) -> bool:
    """Whether every paired mark of the source closes on its own line, properly nested.

    The usual answer for edited text, found from the document's sequence of marks: each
    closer must close the innermost open mark, and no mark may stay open across a line break.
    Only when this is False do rules match marks unit by unit.
    """
    found: bool | None = ctx.cache.get(_PAIRED_KEY)
    if found is None:
        found = ctx.cache[_PAIRED_KEY] = _nested(mark_sequence(ctx))
    return found


def nested_double_quotes(ctx: RuleContext) -> bool:
    """Whether a “ opens before the previous “ closed, on one line."""
    return _nested_double().search(mark_sequence(ctx)) is not None


@cache
def _nested_double() -> re.Pattern[str]:
    return _regex.compile("“[^”\n]*“")


def _reduced(sequence: str) -> str | None:
    """``sequence`` (marks and line breaks) with its properly nested pairs removed: the line
    breaks and the marks that do not pair up, line by line.

    Adjacent pairs (“” 《》 …) are removed until none is left, each round in C.  None for a
    sequence still shrinking after a few rounds (deep nesting), left to the stack walk, which
    is linear however deep.
    """
    for _round in range(_REDUCTIONS):
        reduced = sequence
        for pair in _ADJACENT:
            if pair in reduced:
                reduced = reduced.replace(pair, "")
        if len(reduced) == len(sequence):
            return reduced
        sequence = reduced
    return None


def _nested(sequence: str) -> bool:
    """Whether ``sequence`` (marks and line breaks) pairs up properly nested, line by line."""
    reduced = _reduced(sequence)
    if reduced is None:
        return _nested_by_walk(sequence)
    return reduced.count("\n") == len(reduced)


def _nested_by_walk(sequence: str) -> bool:
    stack: list[str] = []
    for ch in sequence:
        if ch == "\n":
            if stack:
                return False
        elif ch in OPENER:
            stack.append(OPENER[ch])
        elif not stack or stack.pop() != CLOSER[ch]:
            return False
    return not stack


def is_apostrophe(text: str, index: int) -> bool:
    """A ’ before a digit (’99) or between Latin letters (it’s) is an apostrophe."""
    after = text[index + 1 : index + 2]
    if after.isascii() and after.isdigit():
        return True
    before = text[index - 1 : index] if index else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def _match(text: str, indices: list[int], skip: tuple[tuple[int, int], ...]) -> UnitPairs:
    stack = _OpenMarks()
    pairs: list[Pair] = []
    unmatched: list[int] = []
    for index in indices:
        ch = text[index]
        if skip and in_ranges(skip, index):
            continue
        if ch in OPENER:
            stack.push(OPENER[ch], index)
        elif not (ch == "’" and is_apostrophe(text, index)):
            stack.close(CLOSER[ch], index, pairs, unmatched)
    unmatched.extend(stack.indices())
    pairs.sort(key=_open)
    return UnitPairs(tuple(pairs), tuple(sorted(unmatched)))


class _OpenMarks:
    """The stack of open marks, with the depths of each kind's openers for direct lookup.

    A closer pops to the nearest opener of its kind; finding it by walking down the stack
    would cost the stack's height at every closer -- quadratic for a paragraph of openers
    followed by closers of another kind.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[str, int]] = []
        self.depths: dict[str, list[int]] = {}

    def push(self, kind: str, index: int) -> None:
        self.depths.setdefault(kind, []).append(len(self.stack))
        self.stack.append((kind, index))

    def close(self, kind: str, index: int, pairs: list[Pair], unmatched: list[int]) -> None:
        """Pair ``index`` with the nearest open ``kind``; the openers above it stay unmatched."""
        depths = self.depths.get(kind)
        if not depths:
            unmatched.append(index)
            return
        depth = depths[-1]
        for above_kind, above in self.stack[depth + 1 :]:
            unmatched.append(above)
            self.depths[above_kind].pop()
        depths.pop()
        pairs.append(Pair(kind, self.stack[depth][1], index))
        del self.stack[depth:]

    def indices(self) -> list[int]:
        return [index for _kind, index in self.stack]


def _outermost(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans not inside another one, sorted (properly nested spans: inner ones dropped)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(kept[-1][1], end))
        else:
            kept.append((start, end))
    return tuple(kept)
