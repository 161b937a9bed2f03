"""Character classes and per-unit helpers shared by the punctuation rules.

"Chinese context" is decided from the characters next to a mark, so the helpers here answer
three questions cheaply: is this character Han (or full-width punctuation), where is the nearest
non-space neighbour, and is this position protected (a code span, an autolink, a bare URL or
e-mail address, or an ordinal marker that the numbering rules own).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache

from speechlint import _regex
from speechlint.diagnostics import Applicability, Fix, Message, Range, TextEdit
from speechlint.ordinals import Marker, match_marker
from speechlint.parse import Unit
from speechlint.plugins._index import unit_ends
from speechlint.rules import RuleContext

__all__ = [
    "HAN",
    "URL_HINTS",
    "char_edit",
    "clause_start",
    "fix",
    "hits_at",
    "in_ranges",
    "is_cjk",
    "is_han",
    "marker_at",
    "near_clause_start",
    "next_index",
    "previous_index",
    "protected",
    "source_hits",
    "source_offsets",
]

# CJK Unified Ideographs, Extension A, Compatibility Ideographs and the supplementary planes:
# the characters whose neighbourhood makes a mark "Chinese".
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Besides Han: CJK symbols (。、《》「」【】…), full-width forms (，；：！？（）％), curly quotes,
# the ellipsis and the dash -- a half-width mark right after one of these sits in Chinese text.
# Tested by comparisons, not a regex: a character class with these ranges costs 1.5-2 ms to
# compile, paid at import by every run.
_CJK_MARKS = frozenset("\u2018\u2019\u201c\u201d\u2026\u2014\u00b7")
# White space skipped when looking for a mark's neighbour (NBSP included: pasted from Word).
_SPACE = " \t\u00a0\n"
# Bare URLs and e-mail addresses (see protected) hold one of these.
URL_HINTS = ("://", "www.", "@")
_CLAUSE_BREAKS = "。！？；：!?;:\n"
_CACHE_KEY = "punctuation.protected"
# Sorts after every (start, end) pair that starts at the same index: ranges end within a unit.
_AFTER_ANY_END = 1 << 62
# The longest stretch from a clause start to a mark that an ordinal marker can cover, with
# white space before it: （二十一） is five characters.
_MARKER_REACH = 32


def is_han(ch: str) -> bool:
    """Whether the character ``ch`` (or ``""``) is a Han character."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
    )


def is_cjk(ch: str) -> bool:
    """Whether the character ``ch`` (or ``""``) is Han or CJK / full-width punctuation."""
    return (
        is_han(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in _CJK_MARKS
    )


@cache
def _url() -> re.Pattern[str]:
    """Bare URLs and e-mail addresses: not prose even outside code spans.  Compiled on first
    use (2 ms for the Han ranges): most documents hold no URL hint at all."""
    return _regex.compile(
        rf"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s{HAN}\u3000-\u303f\uff00-\uffef“”‘’]+"
        r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    )


def previous_index(text: str, index: int, skip: str = _SPACE) -> int:
    """Index of the nearest character before ``index`` not in ``skip`` (-1 if none)."""
    index -= 1
    while index >= 0 and text[index] in skip:
        index -= 1
    return index


def next_index(text: str, index: int, skip: str = _SPACE) -> int:
    """Index of the nearest character after ``index`` not in ``skip`` (``len`` if none)."""
    index += 1
    while index < len(text) and text[index] in skip:
        index += 1
    return index


def protected(ctx: RuleContext, unit_index: int) -> tuple[tuple[int, int], ...]:
    """Visible ranges of a unit that are not prose: code spans, autolinks, URLs, e-mail.

    Computed once per unit and shared by every rule of the pack through the context cache.
    """
    cache: dict[int, tuple[tuple[int, int], ...]] = ctx.cache.setdefault(_CACHE_KEY, {})
    found = cache.get(unit_index)
    if found is None:
        unit = ctx.units[unit_index]
        found = unit.verbatim
        # Units are asked about at a mark to judge, so few are: looking for the hints in the
        # unit costs less than looking in the whole document (3 us a hint) first.
        if any(hint in unit.text for hint in URL_HINTS):
            urls = tuple(match.span() for match in _url().finditer(unit.text))
            found = _merged(found + urls)
        cache[unit_index] = found
    return found


def _merged(ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """``ranges`` sorted, with overlapping ones joined (a URL inside a code span)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def in_ranges(ranges: Sequence[tuple[int, int]], index: int) -> bool:
    """Whether ``index`` lies in one of ``ranges`` (sorted and disjoint, as :func:`protected`).

    A bisection, not a scan: a paragraph of ten thousand autolinks is checked at every mark.
    """
    found = bisect_right(ranges, (index, _AFTER_ANY_END))
    return found > 0 and index < ranges[found - 1][1]


def clause_start(text: str, index: int) -> int:
    """Where the clause holding ``index`` starts (after 。！？；：), white space skipped."""
    start = max(text.rfind(ch, 0, index) for ch in _CLAUSE_BREAKS) + 1
    while start < index and text[start] in _SPACE + "\u3000":
        start += 1
    return start


def near_clause_start(text: str, index: int, within: int = _MARKER_REACH) -> int | None:
    """:func:`clause_start`, if it lies at most ``within`` characters before ``index``.

    Callers ask whether a short ordinal marker (（十二） 第十二，) opening the clause reaches
    ``index``; a clause that starts further back cannot, and searching back to the start of a
    long paragraph at every mark would make a paragraph with no clause break quadratic.
    """
    low = max(index - within, 0)
    start = max(text.rfind(ch, low, index) for ch in _CLAUSE_BREAKS) + 1
    if start == 0 and low > 0:
        # Only white space running back from ``low`` to a clause break can bring the start
        # into reach; that run is walked at most ``within`` times, by the marks after it.
        before = low - 1
        while before >= 0 and text[before] in _SPACE + "\u3000" and text[before] != "\n":
            before -= 1
        if before >= 0 and text[before] not in _CLAUSE_BREAKS:
            return None
        start = low
    while start < index and text[start] in _SPACE + "\u3000":
        start += 1
    return start


def marker_at(text: str, index: int) -> Marker | None:
    """The ordinal marker opening the clause, if the mark ``text[index]`` is part of it.

    一. 1. 第一, -- the mark after the numeral.  (A white-space ``index`` inside a marker's
    trailing space is not looked for: only marks are asked about.)
    """
    start = near_clause_start(text, index)
    marker = match_marker(text, start) if start is not None else None
    return marker if marker is not None and marker.start <= index < marker.end else None


def char_edit(unit: Unit, index: int, new_text: str) -> TextEdit:
    """An edit replacing the source character shown at visible ``index``."""
    start = unit.source_offset(index)
    return TextEdit(Range(start, start + 1), new_text)


def fix(
    description: Message, edits: Sequence[TextEdit], applicability: Applicability = "safe"
) -> Fix:
    """A fix from several edits, in source order."""
    ordered = tuple(sorted(edits, key=lambda edit: edit.range.start))
    return Fix(description, ordered, applicability)


def source_hits(
    ctx: RuleContext, needles: Sequence[str] | re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """``(unit index, visible index)`` of every occurrence of ``needles`` in the source.

    One scan of the whole document -- ``str.find`` for a few strings, a compiled character
    class for many -- costs far less than a regular expression run unit by unit; rules look
    for their candidate marks this way and judge each hit in context.  Hits in markup or
    outside any unit are dropped.
    """
    return hits_at(ctx, source_offsets(ctx.text, needles))


def hits_at(ctx: RuleContext, offsets: Sequence[int]) -> Iterator[tuple[int, int]]:
    """``(unit index, visible index)`` of each of the sorted source ``offsets`` that shows
    in a unit (offsets in markup or outside any unit are dropped)."""
    if not offsets:
        return
    units = ctx.units
    ends = unit_ends(ctx)
    unit_index = 0
    for offset in offsets:  # both in source order: the next unit is never before the last
        unit_index = bisect_right(ends, offset, unit_index)
        if unit_index == len(units):
            return
        visible = visible_index(units[unit_index], offset)
        if visible is not None:
            yield unit_index, visible


def source_offsets(text: str, needles: Sequence[str] | re.Pattern[str]) -> list[int]:
    """Sorted offsets of every occurrence of ``needles`` in ``text``."""
    if isinstance(needles, re.Pattern):
        return [match.start() for match in needles.finditer(text)]
    offsets: list[int] = []
    for needle in needles:
        found = text.find(needle)
        while found != -1:
            offsets.append(found)
            found = text.find(needle, found + 1)
    offsets.sort()
    return offsets


def visible_index(unit: Unit, offset: int) -> int | None:
    """The visible index shown at source ``offset``, or None if nothing visible is there."""
    runs = unit.runs
    if len(runs) == 1:  # plain text: one run per line
        vstart, sstart, length = runs[0]
    else:  # the last run starting at or before ``offset`` (runs are in source order)
        position = bisect_right(runs, offset, key=_source_start)
        if position == 0:
            return None
        vstart, sstart, length = runs[position - 1]
    return vstart + offset - sstart if sstart <= offset < sstart + length else None


def _source_start(run: tuple[int, int, int]) -> int:
    return run[1]
