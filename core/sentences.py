"""Chinese sentence splitting.

A sentence ends at 。！？ (or half-width !?, or an ellipsis ……) together with the closing quotes
and brackets that follow it.  A terminator inside a matched “…” or （…） does not end the
enclosing sentence -- unless a quotation closes right after it (他说：“……。”), which ends both,
or the brackets hold a sentence of their own (……。（见附件。）).  The scan is linear: pairs are
matched once with a stack before splitting.  Only the characters that matter -- terminators,
quotes and brackets -- are visited: one compiled character class finds them, so the text between
them costs no Python-level work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["CLAUSE_BREAKS", "TERMINATORS", "clause_starts", "first_sentence", "split_sentences"]

TERMINATORS = frozenset("。！？!?…")
# A clause boundary for enumerations written inline: 一是…；二是…；三是…。
CLAUSE_BREAKS = frozenset("。！？!?…；;：:")
_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】"}
_CLOSERS = frozenset(_PAIRS.values())
# Round brackets annotate: a sentence inside them, closed mid-sentence (会议强调（详见附件。）
# 要落实。), does not end the sentence around them.
_ANNOTATION_OPENERS = frozenset("（(")
_SPACE = " \t\u3000\n"
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
# Everything the splitter acts on: terminators and every quote or bracket.
_EVENTS = re.compile("[" + re.escape("".join(sorted(TERMINATORS)) + "".join(_PAIRS)
                     + "".join(_CLOSERS)) + "]")  # fmt: skip
# Without quotes or brackets, a sentence ends after each run of terminators -- except an
# ellipsis followed by a pause or 等 (see _ellipsis_continues), which the first branch skips.
_RUNS = re.compile("(?P<pause>…+(?=[，、；：,;:等]))|[。！？!?…]+")
_BREAKS = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")


def _matched_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Map the index of every matched opener to its closer (and closer to opener)."""
    stack: list[tuple[int, str]] = []
    matched: dict[int, int] = {}
    for found in _BRACKETS.finditer(text, start, end):
        index = found.start()
        ch = found.group()
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
    return [trimmed for span in _spans(text, start, end) if (trimmed := _trim(text, *span))]


def first_sentence(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """``split_sentences(text, start, end)[0]`` (or None), without splitting the rest."""
    for span in _spans(text, start, end):
        trimmed = _trim(text, *span)
        if trimmed:
            return trimmed
    return None


def _spans(text: str, start: int, end: int | None) -> Iterator[tuple[int, int]]:
    """The untrimmed sentences of ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    if _BRACKETS.search(text, start, stop) is None:
        yield from _plain_spans(text, start, stop)
        return
    matched = _matched_pairs(text, start, stop)
    depth = 0
    sentence_start = start
    first = -1  # not looked for yet
    index = start  # the first character not yet scanned
    for found in _EVENTS.finditer(text, start, stop):
        at = found.start()
        if at < index:
            continue  # inside a run _after_terminator has scanned
        if at in matched:
            depth += 1 if matched[at] > at else -1
            continue
        ch = found.group()
        if ch not in TERMINATORS or (ch == "…" and _ellipsis_continues(text, at, stop)):
            continue
        if first < sentence_start:  # the first character of this sentence, found once
            first = _skip_space(text, sentence_start, stop)
        index, depth, ends = _after_terminator(text, at, stop, matched, depth, first)
        if ends:
            yield sentence_start, index
            sentence_start = index
    if sentence_start < stop:
        yield sentence_start, stop


def _plain_spans(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """:func:`_spans` of a stretch without quotes or brackets: nothing nests, so every run of
    terminators ends a sentence."""
    sentence_start = start
    for run in _RUNS.finditer(text, start, stop):
        if run.group("pause") is None:
            yield sentence_start, run.end()
            sentence_start = run.end()
    if sentence_start < stop:
        yield sentence_start, stop


def _ellipsis_continues(text: str, index: int, stop: int) -> bool:
    """An ellipsis followed by a pause or 等 marks an omission inside the sentence."""
    while index < stop and text[index] == "…":
        index += 1
    return index < stop and text[index] in "，、；：,;:等"


def _after_terminator(
    text: str, index: int, stop: int, matched: dict[int, int], depth: int, first: int
) -> tuple[int, int, bool]:
    """Scan a run of terminators and closing quotes/brackets that starts at ``index``.

    Returns the index past the run, the nesting depth after it, and whether it ends the sentence
    that starts at ``first``: a terminator outside all pairs does, and so does a closing quote
    that brings the depth back to zero; closing brackets do only when they opened the sentence.
    A terminator may follow a closer (见附件。）。) and then belongs to the same run.
    """
    ends = False
    while index < stop and (text[index] in TERMINATORS or text[index] in _CLOSERS):
        opener = matched.get(index, index)
        if opener < index:
            depth = max(depth - 1, 0)
            if depth == 0:
                ends = text[opener] not in _ANNOTATION_OPENERS or opener == first
        elif text[index] in TERMINATORS and depth == 0:
            ends = True
        index += 1
    return index, depth, ends


def _skip_space(text: str, index: int, stop: int) -> int:
    while index < stop and text[index] in _SPACE:
        index += 1
    return index


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
    for found in _BREAKS.finditer(text, start, stop):
        index = found.start()
        nxt = index + 1
        while nxt < stop and text[nxt] in _SPACE:
            nxt += 1
        if nxt < stop and (nxt == index + 1 or starts[-1] != nxt):
            starts.append(nxt)
    return sorted(set(starts))
