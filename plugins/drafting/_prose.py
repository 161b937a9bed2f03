"""Where a unit's visible text is not prose: code spans, autolinks and bare URLs.

The drafting rules look for leftovers (XX, TODO, 的的) in what the audience will hear; the same
characters inside code or a web address are not drafting errors.
"""

from __future__ import annotations

from bisect import bisect_right

from speechlint.parse import Unit
from speechlint.plugins._index import compiled

__all__ = ["NotProse", "not_prose"]

# A bare URL stays visible text (CommonMark without linkify does not turn it into a link).
_URL = r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]+|www\.[!-~]+"


class NotProse:
    """Sorted, non-overlapping visible ranges of one unit that are not prose."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether visible ``[start, end)`` touches a non-prose range."""
        index = bisect_right(self._starts, end - 1) - 1
        return index >= 0 and self._ends[index] > start


def not_prose(unit: Unit) -> NotProse:
    """The code spans, autolinks and bare URLs of ``unit``."""
    spans = list(unit.verbatim)
    if "/" in unit.text or "www." in unit.text:
        spans.extend(match.span() for match in compiled(_URL).finditer(unit.text))
    return NotProse(spans)
