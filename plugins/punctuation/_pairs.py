"""Matching paired marks (quotes and brackets) in a unit, once per document.

Openers are pushed on a stack; a closer pops to the nearest opener of its kind, and the openers
it passes over are unmatched.  Half-width parentheses pair with full-width ones (a mixed pair is
P401's business, not a missing mark).  A ’ that is an apostrophe (’99, it’s) is not a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from speechlint.plugins.punctuation._text import in_ranges, protected, source_hits
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
    "unit_pairs",
]

# Every paired mark and its kind.  〔〕 (document numbers) and 〈〉 (titles inside 《》) are
# matched so that they do not confuse the others.
_PAIRS = {
    "“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "(": ")", "【": "】",
    "〔": "〕", "「": "」", "『": "』",
}  # fmt: skip
OPENER = {opener: opener if opener != "(" else "（" for opener in _PAIRS}
CLOSER = {closer: OPENER[opener] for opener, closer in _PAIRS.items()}
# The kind of a mark is its full-width opener; its partner is the mark that pairs with it.
KIND = {**OPENER, **CLOSER}
PARTNER = {**_PAIRS, **{closer: opener for opener, closer in _PAIRS.items()}}
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")
_MARKS_AND_BREAKS = re.compile(_MARKS.pattern[:-1] + "\n]")
_ADJACENT = (
    *(opener + closer for opener, closer in _PAIRS.items()),
    "（)",
    "(）",
)
_CACHE_KEY = "punctuation.pairs"
_ALL_KEY = "punctuation.pairs.all"
_SEQUENCE_KEY = "punctuation.pairs.sequence"
_PAIRED_KEY = "punctuation.pairs.all-paired"


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched pair: its kind (the full-width opener) and the visible indices of both marks."""

    kind: str
    open: int
    close: int


@dataclass(frozen=True, slots=True)
class UnitPairs:
    """The paired marks of one unit: matched pairs in order of opening, unmatched mark indices."""

    pairs: tuple[Pair, ...]
    unmatched: tuple[int, ...]


_NONE = UnitPairs((), ())


def unit_pairs(ctx: RuleContext, unit_index: int) -> UnitPairs:
    """The paired marks of ``ctx.units[unit_index]`` (computed on demand, cached)."""
    cache: dict[int, UnitPairs] = ctx.cache.setdefault(_CACHE_KEY, {})
    found = cache.get(unit_index)
    if found is None:
        text = ctx.units[unit_index].text
        indices = [match.start() for match in _MARKS.finditer(text)]
        found = _match(text, indices, protected(ctx, unit_index)) if indices else _NONE
        cache[unit_index] = found
    return found


def document_pairs(ctx: RuleContext) -> dict[int, UnitPairs]:
    """Paired marks of every unit that has any (units without are absent), from one scan of
    the document, cached for the other rules."""
    found: dict[int, UnitPairs] | None = ctx.cache.get(_ALL_KEY)
    if found is None:
        marks: dict[int, list[int]] = {}
        for unit_index, index in source_hits(ctx, _MARKS):
            marks.setdefault(unit_index, []).append(index)
        cache: dict[int, UnitPairs] = ctx.cache.setdefault(_CACHE_KEY, {})
        for unit_index, indices in marks.items():
            if unit_index not in cache:
                text = ctx.units[unit_index].text
                cache[unit_index] = _match(text, indices, protected(ctx, unit_index))
        found = {unit_index: cache[unit_index] for unit_index in marks}
        ctx.cache[_ALL_KEY] = found
    return found


def mark_sequence(ctx: RuleContext) -> str:
    """The document's paired marks and line breaks, in order, as one string (cached)."""
    found: str | None = ctx.cache.get(_SEQUENCE_KEY)
    if found is None:
        found = ctx.cache[_SEQUENCE_KEY] = "".join(_MARKS_AND_BREAKS.findall(ctx.text))
    return found


def all_paired(ctx: RuleContext) -> bool:
    """Whether every paired mark of the source closes on its own line, properly nested.

    The usual answer for edited text, found at the speed of ``re.findall`` and ``str.replace``:
    adjacent pairs are deleted from the sequence of marks until none is left or nothing
    changes.  Only when this is False do rules match marks unit by unit.
    """
    found: bool | None = ctx.cache.get(_PAIRED_KEY)
    if found is None:
        sequence = mark_sequence(ctx)
        while True:
            reduced = sequence
            for adjacent in _ADJACENT:
                reduced = reduced.replace(adjacent, "")
            if len(reduced) == len(sequence):
                break
            sequence = reduced
        found = ctx.cache[_PAIRED_KEY] = not sequence.replace("\n", "")
    return found


def is_apostrophe(text: str, index: int) -> bool:
    """A ’ before a digit (’99) or between Latin letters (it’s) is an apostrophe."""
    after = text[index + 1 : index + 2]
    if after.isascii() and after.isdigit():
        return True
    before = text[index - 1 : index] if index else ""
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def _match(text: str, indices: list[int], skip: tuple[tuple[int, int], ...]) -> UnitPairs:
    stack: list[tuple[str, int]] = []
    pairs: list[Pair] = []
    unmatched: list[int] = []
    for index in indices:
        ch = text[index]
        if skip and in_ranges(skip, index):
            continue
        if ch in OPENER:
            stack.append((OPENER[ch], index))
        elif not (ch == "’" and is_apostrophe(text, index)):
            _close(CLOSER[ch], index, stack, pairs, unmatched)
    unmatched.extend(index for _kind, index in stack)
    pairs.sort(key=lambda pair: pair.open)
    return UnitPairs(tuple(pairs), tuple(sorted(unmatched)))


def _close(
    kind: str, index: int, stack: list[tuple[str, int]], pairs: list[Pair], unmatched: list[int]
) -> None:
    """Pop to the nearest opener of ``kind``; a closer with none is unmatched."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == kind:
            unmatched.extend(opener for _kind, opener in stack[depth + 1 :])
            pairs.append(Pair(kind, stack[depth][1], index))
            del stack[depth:]
            return
    unmatched.append(index)
