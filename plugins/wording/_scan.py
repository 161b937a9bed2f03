"""Work the wording rules share per document: one dictionary scan, quotation spans, violations.

W501–W504 all read the hits of one scan (cached in ``ctx.cache``), so the document is matched
against the whole dictionary once, however many wording rules run.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Message
from speechlint.parse import Unit
from speechlint.plugins.wording.dictionary import Dictionary, Entry, load_dictionaries
from speechlint.rules import RuleContext, Violation, replace

__all__ = [
    "Found",
    "Spans",
    "document_dictionary",
    "enclosed",
    "hits",
    "ignored",
    "scan",
    "skipped_spans",
    "violation",
]

_HITS = "wording.hits"
_SPANS = "wording.enclosures"
_PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "「": "」", "『": "』", "【": "】"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
QUOTES = frozenset('“‘「『"')
TITLES = frozenset("《〈")


@cache
def _url() -> re.Pattern[str]:
    # URLs are not prose; they end at the first non-ASCII character (Chinese text follows them
    # without a space).
    return _regex.compile(r"(?:https?|ftp)://[!-~]+|www\.[!-~]+")


@cache
def _marks() -> re.Pattern[str]:
    # Compiled on first use: a class of non-Latin-1 characters costs 0.25 ms to compile.
    return _regex.compile('[“”‘’《》〈〉「」『』【】"]')


class Found(NamedTuple):
    """A dictionary hit in a unit: ``unit.text[start:end]`` matched ``entry``.

    (A NamedTuple: a dataclass costs ~0.5 ms of a cold start to define.)
    """

    unit: Unit
    start: int
    end: int
    entry: Entry

    @property
    def text(self) -> str:
        """The matched text."""
        return self.unit.text[self.start : self.end]


def document_dictionary(ctx: RuleContext) -> Dictionary:
    """Built-in, plugin (``ctx.dictionaries``) and configured (``dictionaries``) dictionaries.

    Configured ones come last, so an organisation's entries override a plugin's.
    """
    configured: Iterable[Path] = getattr(ctx.settings, "dictionaries", ()) or ()
    return load_dictionaries((*ctx.dictionaries, *configured))


def hits(ctx: RuleContext, kind: str) -> list[Found]:
    """The document's hits of one entry kind; the document is scanned once for all kinds."""
    by_kind: dict[str, list[Found]] | None = ctx.cache.get(_HITS)
    if by_kind is None:
        by_kind = {}
        for found in scan(ctx.units, document_dictionary(ctx)):
            by_kind.setdefault(found.entry.kind, []).append(found)
        ctx.cache[_HITS] = by_kind
    return by_kind.get(kind, [])


def scan(units: Iterable[Unit], dictionary: Dictionary) -> list[Found]:
    """Every hit of ``dictionary`` in ``units``, except in code spans, link targets and URLs.

    The units are searched in one pass (see :meth:`Dictionary.scan_many`).
    """
    units = list(units)
    found: list[Found] = []
    for unit, unit_hits in zip(units, dictionary.scan_many([u.text for u in units]), strict=True):
        if not unit_hits:
            continue
        skipped = skipped_spans(unit)
        found.extend(
            Found(unit, hit.start, hit.end, hit.entry)
            for hit in unit_hits
            if not skipped.overlaps(hit.start, hit.end)
        )
    return found


class Spans:
    """Sorted, disjoint visible ranges, answering "does ``[start, end)`` touch one?" by bisection.

    A paragraph of a thousand links and a thousand dictionary hits must not compare each hit
    with each link.
    """

    __slots__ = ("ends", "starts")

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start < merged[-1][1]:  # overlapping; touching ones stay apart
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self.starts, self.ends, strict=True))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with one of the ranges."""
        index = bisect_right(self.ends, start)  # the first range ending after ``start``
        return index < len(self.starts) and self.starts[index] < end


def skipped_spans(unit: Unit) -> Spans:
    """Visible ranges that are not prose: code spans, autolinks and bare URLs."""
    text = unit.text
    if "://" not in text and "www." not in text:
        return Spans(unit.verbatim)
    return Spans((*unit.verbatim, *((m.start(), m.end()) for m in _url().finditer(text))))


class _Enclosures:
    """The quotation and title spans of a unit, indexed per set of openers.

    For each set: the spans' starts in order and the furthest end reached so far, so that
    "is the hit inside one of them" is one bisection, not a pass over every pair.
    """

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = sorted(spans)
        self.indexed: dict[frozenset[str], tuple[list[int], list[int]]] = {}

    def encloses(self, openers: frozenset[str], start: int, end: int) -> bool:
        index = self.indexed.get(openers)
        if index is None:
            index = self.indexed[openers] = self._index(openers)
        starts, reach = index
        before = bisect_left(starts, start)  # spans opening strictly before the hit
        return before > 0 and reach[before - 1] >= end

    def _index(self, openers: frozenset[str]) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        reach: list[int] = []
        for start, end, opener in self.spans:
            if opener in openers:
                starts.append(start)
                reach.append(max(end, reach[-1]) if reach else end)
        return starts, reach


def enclosed(ctx: RuleContext, found: Found, openers: frozenset[str]) -> bool:
    """Whether the hit lies inside a pair opened by one of ``openers`` (“…” 《…》)."""
    cache: dict[int, _Enclosures] = ctx.cache.setdefault(_SPANS, {})
    key = id(found.unit)
    spans = cache.get(key)
    if spans is None:
        spans = cache[key] = _Enclosures(_enclosures(found.unit.text))
    return spans.encloses(openers, found.start, found.end)


def _enclosures(text: str) -> list[tuple[int, int, str]]:
    """``(opener index, closer index, opener)`` of every quotation and title pair.

    An opener never closed extends to the end of the paragraph: an unmatched “ is P402's
    finding, and the text after it is most likely quoted.
    """
    spans: list[tuple[int, int, str]] = []
    stack = _OpenQuotes()
    for mark in _marks().finditer(text):
        index, ch = mark.start(), mark.group()
        if ch == '"' and stack.top() == '"':
            spans.append((stack.pop(), index, ch))
        elif ch in _PAIRS or ch == '"':
            stack.push(index, ch)
        elif ch in _CLOSERS:
            stack.close(spans, index, _CLOSERS[ch])
    spans.extend(stack.remaining(len(text)))
    return spans


class _OpenQuotes:
    """Open quotes and titles, with each opener's depths for direct lookup.

    A closer pops to the nearest opener of its kind; walking down the stack for it would cost
    the stack's height at every closer (quadratic for 《《《…”””).
    """

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.depths: dict[str, list[int]] = {}

    def top(self) -> str | None:
        return self.stack[-1][1] if self.stack else None

    def push(self, index: int, opener: str) -> None:
        self.depths.setdefault(opener, []).append(len(self.stack))
        self.stack.append((index, opener))

    def pop(self) -> int:
        index, opener = self.stack.pop()
        self.depths[opener].pop()
        return index

    def close(self, spans: list[tuple[int, int, str]], index: int, opener: str) -> None:
        """Close the nearest open ``opener``; the marks opened after it are dropped with it."""
        depths = self.depths.get(opener)
        if not depths:
            return  # a stray closer
        depth = depths[-1]
        spans.append((self.stack[depth][0], index, opener))
        while len(self.stack) > depth:
            self.pop()

    def remaining(self, end: int) -> list[tuple[int, int, str]]:
        return [(index, end, opener) for index, opener in self.stack]


def ignored(options: Mapping[str, Any], key: str = "ignore") -> frozenset[str]:
    """The strings a rule's ``ignore`` option lists."""
    return frozenset(str(item) for item in options.get(key) or ())


def violation(
    found: Found,
    message: Message,
    replacement: str | None = None,
    *,
    applicability: Literal["safe", "unsafe", "display"] = "safe",
) -> Violation:
    """A violation covering the hit, with a fix replacing it when one is given.

    No fix is offered when markup splits the hit (``**港移**默化``): replacing the source
    range would delete the markup.
    """
    start, end = found.unit.source_range(found.start, found.end)
    if replacement is None or end - start != found.end - found.start:
        return Violation(start, end, message)
    description = {"zh": f"改为“{replacement}”", "en": f"replace with “{replacement}”"}
    fix = replace(start, end, replacement, description, applicability=applicability)
    return Violation(start, end, message, fix)
