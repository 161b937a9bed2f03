"""Work the wording rules share per document: one dictionary scan, quotation spans, violations.

W501–W504 all read the hits of one scan (cached in ``ctx.cache``), so the document is matched
against the whole dictionary once, however many wording rules run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from speechlint.diagnostics import Message
from speechlint.parse import Unit
from speechlint.plugins.wording.dictionary import Dictionary, Entry, load_dictionaries
from speechlint.rules import RuleContext, Violation, replace

__all__ = [
    "Found",
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
# URLs are not prose; they end at the first non-ASCII character (Chinese text follows them
# without a space).
_URL = re.compile(r"(?:https?|ftp)://[!-~]+|www\.[!-~]+")
_PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "「": "」", "『": "』", "【": "】"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
_MARKS = re.compile('[“”‘’《》〈〉「」『』【】"]')
QUOTES = frozenset('“‘「『"')
TITLES = frozenset("《〈")


@dataclass(frozen=True, slots=True)
class Found:
    """A dictionary hit in a unit: ``unit.text[start:end]`` matched ``entry``."""

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
    """Every hit of ``dictionary`` in ``units``, except in code spans, link targets and URLs."""
    found: list[Found] = []
    for unit in units:
        unit_hits = dictionary.scan(unit.text)
        if not unit_hits:
            continue
        skipped = skipped_spans(unit)
        found.extend(
            Found(unit, hit.start, hit.end, hit.entry)
            for hit in unit_hits
            if not _overlaps(hit.start, hit.end, skipped)
        )
    return found


def skipped_spans(unit: Unit) -> Sequence[tuple[int, int]]:
    """Visible ranges that are not prose: code spans, autolinks and bare URLs."""
    text = unit.text
    if "://" not in text and "www." not in text:
        return unit.verbatim
    return (*unit.verbatim, *((m.start(), m.end()) for m in _URL.finditer(text)))


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(lo < end and start < hi for lo, hi in spans)


def enclosed(ctx: RuleContext, found: Found, openers: frozenset[str]) -> bool:
    """Whether the hit lies inside a pair opened by one of ``openers`` (“…” 《…》)."""
    cache: dict[int, list[tuple[int, int, str]]] = ctx.cache.setdefault(_SPANS, {})
    key = id(found.unit)
    spans = cache.get(key)
    if spans is None:
        spans = cache[key] = _enclosures(found.unit.text)
    return any(
        opener in openers and start < found.start and found.end <= end
        for start, end, opener in spans
    )


def _enclosures(text: str) -> list[tuple[int, int, str]]:
    """``(opener index, closer index, opener)`` of every quotation and title pair.

    An opener never closed extends to the end of the paragraph: an unmatched “ is P402's
    finding, and the text after it is most likely quoted.
    """
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []
    for mark in _MARKS.finditer(text):
        index, ch = mark.start(), mark.group()
        if ch == '"' and stack and stack[-1][1] == '"':
            spans.append((stack.pop()[0], index, ch))
        elif ch in _PAIRS or ch == '"':
            stack.append((index, ch))
        elif ch in _CLOSERS:
            _close(stack, spans, index, _CLOSERS[ch])
    spans.extend((index, len(text), opener) for index, opener in stack)
    return spans


def _close(
    stack: list[tuple[int, str]], spans: list[tuple[int, int, str]], index: int, opener: str
) -> None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][1] == opener:
            spans.append((stack[depth][0], index, opener))
            del stack[depth:]
            return


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
