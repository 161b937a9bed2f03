"""Chinese sentence splitting.

A sentence ends at 。！？ (or half-width !?, or an ellipsis ……) together with the closing quotes
and brackets that follow it.  A terminator inside a matched “…” or （…） does not end the
enclosing sentence -- unless the quotation closes right after it (“……。”), which ends both.
The scan is linear: brackets are matched once with a stack before splitting.
"""

from __future__ import annotations

__all__ = ["CLAUSE_BREAKS", "TERMINATORS", "clause_starts", "split_sentences"]

TERMINATORS = frozenset("。！？!?…")
# A clause boundary for enumerations written inline: 一是…；二是…；三是…。
CLAUSE_BREAKS = frozenset("。！？!?…；;：:")
_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】"}
_CLOSERS = frozenset(_PAIRS.values())
_SPACE = " \t\u3000\n"


def _matched_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Map the index of every matched opener to its closer (and closer to opener)."""
    stack: list[tuple[int, str]] = []
    matched: dict[int, int] = {}
    for index in range(start, end):
        ch = text[index]
        closer = _PAIRS.get(ch)
        if closer is not None:
            stack.append((index, closer))
        elif ch in _CLOSERS and stack:
            # Pop to the nearest opener this closer fits; stray closers match nothing.
            for depth in range(len(stack) - 1, max(len(stack) - 4, -1), -1):
                if stack[depth][1] == ch:
                    opener = stack[depth][0]
                    matched[opener] = index
                    matched[index] = opener
                    del stack[depth:]
                    break
    return matched


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; returns ``(start, end)`` index pairs.

    Leading white space is not part of a sentence; a final fragment without a terminator is a
    sentence too.
    """
    stop = len(text) if end is None else end
    matched = _matched_pairs(text, start, stop)
    sentences: list[tuple[int, int]] = []
    depth = 0
    sentence_start = start
    index = start
    while index < stop:
        ch = text[index]
        if index in matched:
            depth += 1 if matched[index] > index else -1
            index += 1
            continue
        if ch not in TERMINATORS or (ch == "…" and _ellipsis_continues(text, index, stop)):
            index += 1
            continue
        index = _after_terminator(text, index, stop, matched)
        closing_depth = depth - _closers_before(text, matched, index)
        if closing_depth <= 0:
            sentences.append((sentence_start, index))
            sentence_start = index
            depth = 0
        else:
            depth = closing_depth
    if sentence_start < stop:
        sentences.append((sentence_start, stop))
    return [trimmed for span in sentences if (trimmed := _trim(text, *span))]


def _ellipsis_continues(text: str, index: int, stop: int) -> bool:
    """An ellipsis followed by a pause or 等 marks an omission inside the sentence."""
    while index < stop and text[index] == "…":
        index += 1
    return index < stop and text[index] in "，、；：,;:等"


def _after_terminator(text: str, index: int, stop: int, matched: dict[int, int]) -> int:
    """Index past a run of terminators and the closing quotes/brackets right after it."""
    while index < stop and text[index] in TERMINATORS:
        index += 1
    while index < stop and text[index] in _CLOSERS:
        index += 1
    return index


def _closers_before(text: str, matched: dict[int, int], index: int) -> int:
    """How many matched closers stand in the closing run just before ``index``."""
    count = 0
    back = index - 1
    while back >= 0 and text[back] in _CLOSERS:
        if back in matched and matched[back] < back:
            count += 1
        back -= 1
    return count


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return (start, end) if start < end else None


def clause_starts(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Indices where a clause starts: ``start`` and after every 。！？；： (skipping spaces)."""
    stop = len(text) if end is None else end
    starts = [start]
    for index in range(start, stop):
        if text[index] in CLAUSE_BREAKS:
            nxt = index + 1
            while nxt < stop and text[nxt] in _SPACE:
                nxt += 1
            if nxt < stop and (nxt == index + 1 or starts[-1] != nxt):
                starts.append(nxt)
    return sorted(set(starts))
