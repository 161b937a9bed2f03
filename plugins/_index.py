"""Per-document character scans shared by the built-in packs (a prototype of a RuleContext API).

The punctuation and drafting rules each look for a handful of rare characters or for a doubled
character (。。 的的).  Here one scan of the source per document finds the union, and each rule
takes its own characters from it:

- :func:`rare_sequence` and :func:`rare_offsets`: the rare characters rules look for -- paired
  marks (“”《》（）…, P402/P405), half-width marks (P401), spaces (P404), straight quotes
  (P405), 等 (P406), placeholder starts (【 * X 某 ○ □ _ …, D601), 谢 (S109) -- and the line
  breaks, in order, with their source offsets.  Most documents need no more: their marks pair
  up, and :func:`present` tells from the short sequence which of a rule's characters the
  document holds at all;
- :func:`doubled`: every pause mark or function word written twice in a row (。。 P403, 的的
  D603), with its source offset.

The scan is one Aho–Corasick pass over the source's UTF-16 (:func:`_scan`).  Measured per
speech of 5,500 characters (callgrind): 0.47 M instructions for both -- 0.06 M to encode,
0.26 M for the automaton, 0.1 M for the ~100 matches -- where a regular expression for each (a
character class, which sre tests at every position) cost 0.42 M and 0.49 M.  ``str.find`` of
each of the 78 rare characters would cost 0.5 M: in UCS-2 text memchr stops at every byte equal
to the character's low byte.  A source beyond the Basic Multilingual Plane, whose UTF-16
offsets are not code points, is scanned with the regular expressions.  When the optional C
module ``speechlint._speedups`` is built, its ``RareScanner`` does the scan instead: one test of
an 8 KiB bitmap per character, a fifth of the automaton's time (tests/core/test_speedups.py
holds it to the regular expressions' results).

Source offsets are mapped to units with :func:`unit_at`.  A rule judging *visible* text uses
the hits to pick the units worth looking at, and looks at every :func:`irregular_units` unit
too: only there can the visible text differ from the source (markup between two characters,
an entity shown as a character).
"""

from __future__ import annotations

import re
from _codecs import charmap_decode, utf_16_le_encode
from bisect import bisect_right
from functools import cache
from itertools import accumulate, chain
from operator import add, attrgetter, le
from typing import TYPE_CHECKING, ClassVar

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.outline import Point
from speechlint.rules import RuleContext

if TYPE_CHECKING:
    import ahocorasick_rs

try:  # the scan in C (optional: built when a compiler is at hand)
    from speechlint._speedups import RareScanner as _RareScanner
except ImportError:  # pragma: no cover - depends on the build
    _RareScanner = None  # type: ignore[assignment,misc]

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
    "points",
    "present",
    "rare_offsets",
    "rare_sequence",
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

# The characters of the scan: the rare ones and the line break, then the doubled candidates.
_RARE_LINES = RARE + "\n"
_RARE_CHARS = tuple(_RARE_LINES)  # (a tuple hands out its strings; str indexing makes new ones)
_RARE_COUNT = len(_RARE_LINES)
_DOUBLING = PAUSE_MARKS + FUNCTION_WORDS
# The automaton is a contiguous NFA (built in 0.2 ms) until a run has scanned this many
# characters, then a DFA (0.6 ms to build, each speech scanned in half the instructions).
_DFA_AFTER = 200_000
_native = _RareScanner(_RARE_LINES, _DOUBLING) if _RareScanner is not None else None
_SCAN_KEY = "index.scan"
_UNITS_KEY = "index.units"
_POINTS_KEY = "index.points"
_shift = attrgetter("shift")
_text = attrgetter("text")


@cache
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, once, on first use.

    Rules keep their patterns as strings and compile them here when a document first needs
    them: compiling at import is paid by every run (0.3 ms for a class of a few Chinese
    characters, 1-2 ms for a Han range), and most runs never use most patterns.
    """
    return _regex.compile(pattern, flags)


class _Scan(NamedTuple):
    """What one scan of a source found: see :func:`rare_sequence`, :func:`doubled`."""

    keys: bytes  # each rare character or line break, in order, as its index in _RARE_LINES
    at: dict[str, list[int]]  # the source offsets of each rare character or line break found
    doubled: list[int]  # the source offset of each doubled character


def rare_sequence(ctx: RuleContext, chars: str = _RARE_LINES) -> str:
    """The :data:`RARE` characters and line breaks of the source, in order, as one string;
    with ``chars``, only the characters of ``chars``."""
    keys = _scan(ctx).keys
    if chars != _RARE_LINES:
        keys = keys.translate(None, _others(chars))
    return charmap_decode(keys, "strict", _RARE_LINES)[0]


def present(ctx: RuleContext, chars: str) -> str:
    """The characters of ``chars`` (all of :data:`RARE`) that the source holds, in the order
    they first occur."""
    return "".join([ch for ch in _scan(ctx).at if ch in chars])


def rare_offsets(ctx: RuleContext, chars: str) -> list[int]:
    """Sorted source offsets of every occurrence of the characters ``chars`` (all of
    :data:`RARE` or line breaks)."""
    # (The few characters found are tested, not each of ``chars``: iterating over a str
    # makes a new string of each character.)
    found = [offsets for ch, offsets in _scan(ctx).at.items() if ch in chars]
    if len(found) == 1:
        return found[0][:]
    return sorted(chain.from_iterable(found))


@cache
def _others(chars: str) -> bytes:
    """The keys of the scanned characters not in ``chars``."""
    return bytes(key for key, ch in enumerate(_RARE_LINES) if ch not in chars)


def doubled(ctx: RuleContext) -> list[int]:
    """Source offsets of each doubled pause mark or function word (。。 的的), found left to
    right without overlap (。。。 is one hit, at its first mark)."""
    return _scan(ctx).doubled


def _scan(ctx: RuleContext) -> _Scan:
    """The document's rare characters and doubled characters (one scan, cached)."""
    found: _Scan | None = ctx.cache.get(_SCAN_KEY)
    if found is None:
        found = ctx.cache[_SCAN_KEY] = _scan_text(ctx.text)
    return found


def _scan_text(text: str) -> _Scan:
    """:class:`_Scan` of ``text``: by ``speechlint._speedups`` when it is built (one pass of a
    table lookup per character), else by :func:`_python_scan_text`."""
    if _native is not None:
        return _Scan(*_native.scan(text))
    return _python_scan_text(text)  # pragma: no cover - depends on the build


def _python_scan_text(text: str) -> _Scan:
    """:class:`_Scan` of ``text`` by the automaton over its UTF-16, where a character is two
    bytes; by regular expressions for a text with characters beyond (or lone surrogates)."""
    try:
        data = utf_16_le_encode(text)[0]  # (the codec function: no lookup, no import)
    except UnicodeEncodeError:
        return _scan_by_patterns(text)
    if len(data) != 2 * len(text):
        return _scan_by_patterns(text)
    keys = bytearray()
    at: dict[str, list[int]] = {}
    pairs: list[int] = []
    # Overlapping matches are all there, in the order of their ends, so that a match straddling
    # two characters (an odd byte offset: 00 30 of "1丰" spells "\u3000") hides none.  (A loop
    # over the ~100 matches of a speech costs less than whole-list operations on them.)
    for key, start, _end in _automaton(len(text)).find_matches_as_indexes(data, overlapping=True):
        if start & 1:
            continue
        offset = start >> 1
        if key < _RARE_COUNT:
            keys.append(key)
            ch = _RARE_CHARS[key]
            if ch in at:
                at[ch].append(offset)
            else:
                at[ch] = [offset]
        elif not pairs or offset >= pairs[-1] + 2:  # pairs do not overlap: 。。。 is one
            pairs.append(offset)
    return _Scan(bytes(keys), at, pairs)


def _scan_by_patterns(text: str) -> _Scan:
    keys = bytearray()
    at: dict[str, list[int]] = {}
    for match in _rare_pattern().finditer(text):
        ch = match.group()
        keys.append(_RARE_LINES.index(ch))
        at.setdefault(ch, []).append(match.start())
    pairs = [match.start() for match in _doubled_pattern().finditer(text)]
    return _Scan(bytes(keys), at, pairs)


@cache
def _rare_pattern() -> re.Pattern[str]:
    return _regex.compile(f"[{re.escape(_RARE_LINES)}]")


@cache
def _doubled_pattern() -> re.Pattern[str]:
    return _regex.compile(f"([{_DOUBLING}])\\1")


class _Automata:
    """The scan's automaton: a contiguous NFA at first, a DFA once the run has scanned
    :data:`_DFA_AFTER` characters (a one-file run never builds the DFA)."""

    scanned: ClassVar[int] = 0
    nfa: ClassVar[ahocorasick_rs.BytesAhoCorasick | None] = None
    dfa: ClassVar[ahocorasick_rs.BytesAhoCorasick | None] = None


def _automaton(size: int) -> ahocorasick_rs.BytesAhoCorasick:
    _Automata.scanned += size
    if _Automata.dfa is not None:
        return _Automata.dfa
    if _Automata.scanned >= _DFA_AFTER:
        _Automata.dfa = _build(dfa=True)
        return _Automata.dfa
    if _Automata.nfa is None:
        _Automata.nfa = _build(dfa=False)
    return _Automata.nfa


def _build(*, dfa: bool) -> ahocorasick_rs.BytesAhoCorasick:
    import ahocorasick_rs  # (the wording pack's dictionary imports it too)

    patterns = [utf_16_le_encode(ch)[0] for ch in _RARE_LINES]
    patterns += [utf_16_le_encode(ch * 2)[0] for ch in _DOUBLING]
    kind = ahocorasick_rs.Implementation
    return ahocorasick_rs.BytesAhoCorasick(
        patterns, implementation=kind.DFA if dfa else kind.ContiguousNFA
    )


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
