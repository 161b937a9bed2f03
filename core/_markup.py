"""Markdown markup the parser steps over by hand: link tails, images, container markers, and
``**strong**`` runs CommonMark leaves literal.

markdown-it's inline tokens carry no source positions, so the parser aligns visible text with
the source itself (``parse._Aligner``).  These scanners tell it how far markup reaches -- a
link's ``](destination "title")``, an image, the ``>`` and ``1.`` opening a line nested too deep
for markdown-it -- each in one pass, so that no input makes alignment quadratic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from speechlint import _regex

__all__ = ["label_end", "link_tail_end", "past_container_markers", "strong_spans"]

# A list item marker at the start of a line: - * + 1. 1)
_LIST_MARKER = _regex.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_STRONG_DELIMITERS = ("**", "__")


def strong_spans(content: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each ``**x**`` / ``__x__`` run, delimiters included, left to right.

    The runs are those of the pattern ``(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1`` (an opener
    before a non-space, the nearest closer after a non-space, no line break inside), found
    without it: for a line of openers that never close, such as `` **x **x …``, the pattern
    scans to the end of the line from every opener -- quadratic in the line's length.  Here
    every opener finds its closer by bisection among the closers listed once.
    """
    closers = {mark: _closers(content, mark) for mark in _STRONG_DELIMITERS}
    breaks = _all_positions(content, "\n")
    openers = sorted(
        (index, mark)
        for mark in _STRONG_DELIMITERS
        for index in _all_positions(content, mark)
        if index + 2 < len(content) and not content[index + 2].isspace()
    )
    position = 0
    for start, mark in openers:
        if start < position:
            continue
        candidates = closers[mark]
        found = bisect_left(candidates, start + 3)  # at least one character inside
        if found == len(candidates):
            continue
        close = candidates[found]
        line_break = bisect_left(breaks, start + 2)
        if line_break < len(breaks) and breaks[line_break] < close:
            continue
        yield start, close + 2
        position = close + 2


def _closers(content: str, mark: str) -> list[int]:
    return [i for i in _all_positions(content, mark) if i > 0 and not content[i - 1].isspace()]


def _all_positions(content: str, needle: str) -> list[int]:
    """Every index where ``needle`` occurs, overlapping occurrences included (``***``)."""
    found: list[int] = []
    index = content.find(needle)
    while index != -1:
        found.append(index)
        index = content.find(needle, index + 1)
    return found


def label_end(source: str, start: int, end: int) -> int | None:
    """The index of the ``]`` closing the ``[`` at ``start`` (nested brackets, escapes)."""
    depth = 0
    index = start
    while index < end:
        ch = source[index]
        if ch == "\\":
            index += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def link_tail_end(source: str, start: int, end: int) -> int | None:
    """The offset past a link's ``(destination "title")`` or ``[label]`` starting at ``start``.

    CommonMark's grammar, simplified: what it cannot read is left alone (None).
    """
    if source.startswith("[", start):
        close = label_end(source, start, end)
        return None if close is None else close + 1
    if not source.startswith("(", start):
        return None
    index = _skip_blank(source, start + 1, end)
    index = _destination_end(source, index, end)
    index = _skip_blank(source, index, end)
    if index < end and source[index] in "\"'(":
        closer = ")" if source[index] == "(" else source[index]
        index = _quoted_end(source, index + 1, end, closer)
        index = _skip_blank(source, index, end)
    return index + 1 if index < end and source[index] == ")" else None


def _destination_end(source: str, index: int, end: int) -> int:
    if index < end and source[index] == "<":
        close = source.find(">", index, end)
        return index if close == -1 else close + 1
    depth = 0
    while index < end and not source[index].isspace():
        ch = source[index]
        if ch == "\\":
            index += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return min(index, end)


def _quoted_end(source: str, index: int, end: int, closer: str) -> int:
    while index < end and source[index] != closer:
        index += 2 if source[index] == "\\" else 1
    return min(index + 1, end)


def _skip_blank(source: str, index: int, end: int) -> int:
    while index < end and source[index] in " \t\r\n":
        index += 1
    return index


def past_container_markers(source: str, start: int, end: int) -> int:
    """The offset past the blockquote and list markers (and spaces) that open a line."""
    position = start
    while True:
        while position < end and source[position] in " \t":
            position += 1
        if position < end and source[position] == ">":
            position += 1
            continue
        marker = _LIST_MARKER.match(source, position, end)
        if marker is None:
            return position
        position = marker.end()
