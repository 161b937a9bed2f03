"""Chinese sentence splitting.

A sentence ends at 。！？ (or half-width !?, or an ellipsis ……) together with the closing quotes
and brackets that follow it.  A terminator inside a matched “…” or （…） does not end the
enclosing sentence -- unless a quotation closes right after it (他说：“……。”), which ends both,
or the brackets hold a sentence of their own (……。（见附件。）).  The scan is linear: pairs are
matched once with a stack before splitting.  Only terminators, quotes and brackets are visited:
they are found by ``str.find``, so the text between them costs no Python-level work.  With the
optional C module ``speechlint._speedups`` built, it does the same splitting (a sixth of the
outline's time in Python); tests/core/test_speedups.py holds both to the same results.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import repeat

from speechlint import _regex
from speechlint.textscan import find_all

try:  # the splitter in C (optional: built when a compiler is at hand)
    from speechlint import _speedups
except ImportError:  # pragma: no cover - depends on the build
    _speedups = None  # type: ignore[assignment]

__all__ = [
    "CLAUSE_BREAKS",
    "TERMINATORS",
    "clause_starts",
    "first_sentence",
    "split_sentences",
    "split_stretches",
]

TERMINATORS = frozenset("。！？!?…")
# A clause boundary for enumerations written inline: 一是…；二是…；三是…。
CLAUSE_BREAKS = frozenset("。！？!?…；;：:")
_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】"}
_CLOSERS = frozenset(_PAIRS.values())
# Round brackets annotate: a sentence inside them, closed mid-sentence (会议强调（详见附件。）
# 要落实。), does not end the sentence around them.
_ANNOTATION_OPENERS = frozenset("（(")
_SPACE = " \t\u3000\n"
_BRACKETS = _regex.compile("[" + re.escape("".join(_PAIRS) + "".join(sorted(_CLOSERS))) + "]")
# Outside quotes and brackets, a sentence ends after each run of terminators -- except an
# ellipsis followed by a pause or 等 (an omission inside the sentence).  The pattern starts with
# the class: sre then tests each position against one set (led by an alternation, it tried a
# whole branch at every character: three times as slow).
_TERMINATOR = _regex.compile("[。！？!?…]")
# Sentences are split by looking for each of these characters in turn (str.find): a speech
# holds a few of them, and looking for one is several times faster than testing every
# character against a class (sre's set test).
_TERMINATOR_CHARS = "。！？!?…"
_BRACKET_CHARS = "".join(_PAIRS) + "".join(_CLOSERS)
_PAUSES = "，、；：,;:等"
_BREAKS = _regex.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")


def _matched_pairs(text: str, brackets: list[int]) -> dict[int, int]:
    """Map the index of every matched opener to its closer (and closer to opener)."""
    stack: list[tuple[int, str]] = []
    matched: dict[int, int] = {}
    for index in brackets:
        ch = text[index]
        closer = _PAIRS.get(ch)
        if closer is not None:
            stack.append((index, closer))
        elif stack:  # a closer: pop to the nearest opener it fits; stray closers match nothing
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
    return _split(text, start, len(text) if end is None else end, -1)


def first_sentence(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """``split_sentences(text, start, end)[0]`` (or None), without splitting the rest."""
    stop = len(text) if end is None else end
    found = _TERMINATOR.search(text, start, stop)
    if found is None:  # no terminator: the text is one sentence, whatever it quotes
        return _trim(text, start, stop)
    terminator = found.start()
    if _BRACKETS.search(text, start, terminator) is None:
        # Nothing opened before the first terminator: its run ends the sentence -- unless
        # closers follow it or it is an ellipsis that pauses, which _split decides.  The
        # outline asks this of every point and sub-point, most of them in long paragraphs:
        # this looks at the sentence only, not at every quote up to the paragraph's end.
        end = terminator + 1
        while end < stop and text[end] in TERMINATORS:
            end += 1
        if (end == stop or text[end] not in _CLOSERS) and text[end - 1] != "…":
            while text[start] in _SPACE:  # the terminator stops it
                start += 1
            return start, end
    spans = _split(text, start, stop, 1)
    return spans[0] if spans else None


def _python_split(text: str, start: int, stop: int, limit: int) -> list[tuple[int, int]]:
    """The trimmed sentences of ``text[start:stop]``; at most ``limit`` of them if positive."""
    terminators = find_all(text, _TERMINATOR_CHARS, start, stop)
    brackets = find_all(text, _BRACKET_CHARS, start, stop) if terminators else []
    return _split_at(text, start, stop, terminators, brackets, limit)


def split_stretches(
    text: str, stretches: Sequence[tuple[int, int]]
) -> list[tuple[tuple[int, int], ...]]:
    """:func:`split_sentences` of each ``text[start:stop]`` of ``stretches`` (sorted, disjoint),
    as offsets relative to the stretch's ``start``.

    A speech's paragraphs are stretches of its source: this splits them all in one call.
    """
    return _split_stretches(text, stretches)


def _python_split_stretches(
    text: str, stretches: Sequence[tuple[int, int]]
) -> list[tuple[tuple[int, int], ...]]:
    """:func:`split_stretches` in Python: the characters that matter are looked for once in
    the whole text, not once per stretch."""
    terminators = find_all(text, _TERMINATOR_CHARS)
    brackets = find_all(text, _BRACKET_CHARS) if terminators else []
    found: list[tuple[tuple[int, int], ...]] = []
    for start, stop in stretches:
        first = bisect_left(terminators, start)
        last = bisect_left(terminators, stop, first)
        if first == last:  # no terminator: one sentence, whatever it quotes
            trimmed = _trim(text, start, stop)
            found.append(((trimmed[0] - start, trimmed[1] - start),) if trimmed else ())
            continue
        low = bisect_left(brackets, start)
        high = bisect_left(brackets, stop, low)
        spans = _split_at(text, start, stop, terminators[first:last], brackets[low:high], -1)
        found.append(tuple([(begin - start, end - start) for begin, end in spans]))
    return found


def _split_at(
    text: str, start: int, stop: int, terminators: list[int], brackets: list[int], limit: int
) -> list[tuple[int, int]]:
    """:func:`_split` given the (sorted) terminators and quotes or brackets in the stretch.

    Only those characters are visited.  A run of terminators ends the sentence when nothing is
    open around it; inside a pair it ends nothing, and a run that reaches a closer is scanned
    by :func:`_after_terminator`.
    """
    if not brackets and limit < 0 and text.find("…", start, stop) == -1:
        return _split_plain(text, start, stop, terminators)
    spans: list[tuple[int, int]] = []
    matched = _matched_pairs(text, brackets) if brackets else {}
    count = len(brackets)
    depth = 0
    next_bracket = 0
    sentence_start = start
    position = start  # the first character not yet scanned
    for begin in terminators:
        if begin < position:
            continue  # inside the run before
        while next_bracket < count and brackets[next_bracket] < begin:
            at = brackets[next_bracket]
            next_bracket += 1
            if at >= position and at in matched:  # (a closer a run scanned is done with)
                depth += 1 if matched[at] > at else -1
        end = begin + 1
        while end < stop and text[end] in TERMINATORS:
            end += 1
        position = end
        if (
            text[end - 1] == "…"
            and end < stop
            and text[end] in _PAUSES
            and text.count("…", begin, end) == end - begin
        ):
            continue  # an ellipsis that pauses: an omission inside the sentence
        if end < stop and text[end] in _CLOSERS:
            # The run goes on over closing quotes or brackets: they decide.
            first = _skip_space(text, sentence_start, stop)
            end, depth, ends = _after_terminator(text, begin, stop, matched, depth, first)
            position = end
            if not ends:
                continue
        elif depth:
            continue  # inside a quotation or brackets: not the end of the sentence
        while text[sentence_start] in _SPACE:  # a run ends in a non-space
            sentence_start += 1
        spans.append((sentence_start, end))
        sentence_start = end
        if len(spans) == limit:
            return spans
    if sentence_start < stop:
        trimmed = _trim(text, sentence_start, stop)
        if trimmed:
            spans.append(trimmed)
    return spans


def _split_plain(text: str, start: int, stop: int, terminators: list[int]) -> list[tuple[int, int]]:
    """:func:`_split_at` of a stretch without quotes, brackets or ellipses.

    Nothing nests and nothing pauses: each run of adjacent terminators ends a sentence.  Half
    the paragraphs of a speech are such stretches; this costs a comparison per terminator.
    """
    ends: list[int] = []
    previous = -2
    for index in terminators:
        if index == previous + 1:
            ends[-1] = index + 1  # the run goes on
        else:
            ends.append(index + 1)
        previous = index
    last = ends[-1] if ends else start
    starts = [start, *ends][: len(ends)]
    spans: list[tuple[int, int]]
    if any(text.find(space, start, stop) != -1 for space in _SPACE):
        trimmed = map(_trim, repeat(text), starts, ends)
        spans = [span for span in trimmed if span]  # (a run ends in a terminator: never empty)
    else:
        spans = list(zip(starts, ends, strict=True))
    if last < stop:
        tail = _trim(text, last, stop)
        if tail:
            spans.append(tail)
    return spans


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


# The C splitter when it is built.
_split = _speedups.split if _speedups is not None else _python_split
_split_stretches = _speedups.split_stretches if _speedups is not None else _python_split_stretches


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
