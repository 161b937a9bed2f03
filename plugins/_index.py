"""Per-document character scans shared by the built-in packs (a prototype of a RuleContext API).

A regular-expression scan for a class of characters costs about 3.5 ns a character in CPython
(20-25 µs for a 6,000-character speech), whatever the size of the class; even ``str.find`` of
one character that is not there costs 0.1-3 µs (``"\u3000" in text``: 3 µs).  The punctuation
and drafting rules each looked for a handful of rare characters or for a doubled character
(。。 的的), one scan or a few ``find`` each; here one scan of the source per document finds
the union, and each rule takes its own characters from it:

- :func:`rare_sequence`: the rare characters rules look for -- paired marks (“”《》（）…,
  P402/P405), half-width marks (P401), spaces (P404), straight quotes (P405), 等 (P406),
  placeholder starts (【 * X 某 ○ □ _ …, D601) -- and the line breaks, in order, as one
  string.  Most documents need no more: their marks pair up, and :func:`present` tells from
  this short string which of a rule's characters the document holds at all; ``str.find``
  then gets the offsets of those few;
- :func:`doubled`: every pause mark or function word written twice in a row (。。 P403, 的的
  D603), with its source offset.

Source offsets are mapped to units with :func:`unit_at`.  A rule judging *visible* text uses
the hits to pick the units worth looking at, and looks at every :func:`irregular_units` unit
too: only there can the visible text differ from the source (markup between two characters,
an entity shown as a character).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from operator import add, attrgetter, le

from speechlint.outline import Point
from speechlint.rules import RuleContext

__all__ = [
    "FUNCTION_WORDS",
    "PAIRED_MARKS",
    "PAUSE_MARKS",
    "PLACEHOLDER_STARTS",
    "RARE",
    "SPACES",
    "compiled",
    "doubled",
    "irregular_units",
    "offsets",
    "points",
    "present",
    "rare_sequence",
    "sentence_texts",
    "unit_at",
    "unit_ends",
]

# Opening and closing quotes and brackets.  〔〕 (document numbers) and 〈〉 (titles inside 《》)
# are matched too, so that they do not confuse the others.
PAIRED_MARKS = "“”‘’《》〈〉（）()【】〔〕「」『』"
# The characters a placeholder starts with (drafting/placeholder.py).
PLACEHOLDER_STARTS = "【［〔（[(*＊某TFXＸ×✕╳xｘ○〇◯□_＿"
# White space (what str.split splits at) but the line break, which the index holds anyway.
SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Every character of the rare-character index: the above, half-width marks but the full stop
# (P401: decimal points are too many), white space (P404, D602), straight quotes (P405),
# 等 (P406), 谢 (谢谢 out of place, S109).
RARE = "".join(dict.fromkeys(PAIRED_MARKS + PLACEHOLDER_STARTS + ",;:?!" + SPACES + "\"'等谢"))
# Pause marks (P403) and function words (D603) that are slips when doubled.
PAUSE_MARKS = "。，、；："
FUNCTION_WORDS = "的了是在和对把被也就都与及而但又还让使向从将由以并或且其所们这那吗为给跟同"

_RARE_KEY = "index.rare"
_DOUBLED_KEY = "index.doubled"
_UNITS_KEY = "index.units"
_POINTS_KEY = "index.points"
_SENTENCES_KEY = "index.sentence-texts"
_shift = attrgetter("shift")
_text = attrgetter("text")


@cache
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, once, on first use.

    Rules keep their patterns as strings and compile them here when a document first needs
    them: compiling at import is paid by every run (0.3 ms for a class of a few Chinese
    characters, 1-2 ms for a Han range), and most runs never use most patterns.
    """
    return re.compile(pattern, flags)


@cache
def _rare_pattern() -> re.Pattern[str]:
    # Compiled on first use: a class of non-Latin-1 characters costs 0.4 ms to compile.
    return re.compile(f"[{re.escape(RARE)}\n]")


@cache
def _doubled_pattern() -> re.Pattern[str]:
    return re.compile(f"([{PAUSE_MARKS}{FUNCTION_WORDS}])\\1")


def rare_sequence(ctx: RuleContext) -> str:
    """The :data:`RARE` characters and line breaks of the source, in order, as one string.
    One ``findall`` (no Python work per character found), cached."""
    found: str | None = ctx.cache.get(_RARE_KEY)
    if found is None:
        found = ctx.cache[_RARE_KEY] = "".join(_rare_pattern().findall(ctx.text))
    return found


def present(ctx: RuleContext, chars: str) -> str:
    """The characters of ``chars`` (all of :data:`RARE`) that the source holds."""
    sequence = rare_sequence(ctx)
    return "".join([ch for ch in chars if ch in sequence])


def offsets(text: str, chars: str) -> list[int]:
    """Sorted offsets in ``text`` of every occurrence of the characters ``chars``
    (``str.find`` per occurrence: for characters known to be few)."""
    found: list[int] = []
    for ch in chars:
        offset = text.find(ch)
        while offset != -1:
            found.append(offset)
            offset = text.find(ch, offset + 1)
    found.sort()
    return found


def doubled(ctx: RuleContext) -> list[int]:
    """Source offsets of each doubled pause mark or function word (。。 的的), found left to
    right without overlap (。。。 is one hit, at its first mark).  One scan, cached."""
    found: list[int] | None = ctx.cache.get(_DOUBLED_KEY)
    if found is None:
        found = [match.start() for match in _doubled_pattern().finditer(ctx.text)]
        ctx.cache[_DOUBLED_KEY] = found
    return found


def unit_ends(ctx: RuleContext) -> list[int]:
    """Just past the source of each unit's last visible character, never decreasing (a unit
    with no text placed in the source ends where the one before it ends).  Cached."""
    return _unit_map(ctx)[0]


def irregular_units(ctx: RuleContext) -> list[int]:
    """Units whose visible text is not one slice of the source: inline markup, entities.

    Every other unit shows ``source[start:start + len(text)]`` as it is, so a character (or a
    doubled one) in its text is one in the source and a source scan finds it.  Cached.
    """
    return _unit_map(ctx)[1]


def unit_at(ctx: RuleContext, offset: int) -> int | None:
    """The index of the unit whose source span (from the end of the unit before) holds
    ``offset``; None past the last unit."""
    ends = _unit_map(ctx)[0]
    index = bisect_right(ends, offset)
    return index if index < len(ends) else None


def _unit_map(ctx: RuleContext) -> tuple[list[int], list[int]]:
    """:func:`unit_ends` and :func:`irregular_units`, from one look at the units.

    A regular unit shows ``source[shift:shift + len(text)]`` (``Unit.shift``); most documents
    have only those, and their ends are a C-level map -- a Python call per unit would cost
    more than the scans these spare.
    """
    found: tuple[list[int], list[int]] | None = ctx.cache.get(_UNITS_KEY)
    if found is not None:
        return found
    units = ctx.units
    shifts = list(map(_shift, units))
    if None not in shifts:
        ends = list(map(add, shifts, map(len, map(_text, units))))
        irregular: list[int] = []
    else:
        ends = [unit.runs[-1][1] + unit.runs[-1][2] if unit.runs else 0 for unit in units]
        irregular = [index for index, shift in enumerate(shifts) if shift is None]
    if not all(map(le, ends, ends[1:])):
        ends = list(accumulate(ends, max))  # a unit with nothing placed: ends where the last did
    found = ctx.cache[_UNITS_KEY] = (ends, irregular)
    return found


def points(ctx: RuleContext) -> list[Point]:
    """Every point of the outline, depth first, in document order (walked once, cached)."""
    found: list[Point] | None = ctx.cache.get(_POINTS_KEY)
    if found is None:
        found = ctx.cache[_POINTS_KEY] = []
        _visit(ctx.outline.points, found)
    return found


def _visit(points: list[Point], found: list[Point]) -> None:
    # Outline.walk_points, without a call per leaf (most points are inline 一是 leaves).
    for point in points:
        found.append(point)
        if point.points:
            _visit(point.points, found)


def sentence_texts(ctx: RuleContext) -> list[str]:
    """The text of every sentence of ``ctx.sentences()``, in order (mapped in C, cached)."""
    found: list[str] | None = ctx.cache.get(_SENTENCES_KEY)
    if found is None:
        found = ctx.cache[_SENTENCES_KEY] = list(map(_text, ctx.sentences()))
    return found
