"""The sentence splitter against a character-by-character oracle.

speechlint's splitter finds runs of terminators with one pattern and handles only quotes and
brackets one by one (core/sentences.py).  The oracle below is the plain definition: visit every
terminator, quote and bracket in order, track the nesting depth of matched pairs, and let each
run of terminators (with the closers after it) decide whether the sentence ends.  Both must
agree on every text, from every start, with and without an end.
"""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint import sentences
from speechlint.sentences import first_sentence, split_sentences

TERMINATORS = "。！？!?…"
PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "「": "」", "『": "』", "【": "】"}
CLOSERS = set(PAIRS.values())
SPACE = " \t\u3000\n"


def _pairs(text: str, start: int, stop: int) -> dict[int, int]:
    stack: list[tuple[int, str]] = []
    matched: dict[int, int] = {}
    for index in range(start, stop):
        ch = text[index]
        if ch in PAIRS:
            stack.append((index, PAIRS[ch]))
        elif ch in CLOSERS:
            for depth in range(len(stack) - 1, max(len(stack) - 4, -1), -1):
                if stack[depth][1] == ch:
                    matched[stack[depth][0]] = index
                    matched[index] = stack[depth][0]
                    del stack[depth:]
                    break
    return matched


def _spans(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    matched = _pairs(text, start, stop)
    depth, sentence_start, index = 0, start, start
    while index < stop:
        ch = text[index]
        if index in matched:
            depth += 1 if matched[index] > index else -1
            index += 1
            continue
        if ch not in TERMINATORS:
            index += 1
            continue
        after = index
        while after < stop and text[after] == "…":
            after += 1
        if ch == "…" and after < stop and text[after] in "，、；：,;:等":
            index += 1  # an ellipsis before a pause: an omission inside the sentence
            continue
        first = sentence_start
        while first < stop and text[first] in SPACE:
            first += 1
        ends = False
        while index < stop and (text[index] in TERMINATORS or text[index] in CLOSERS):
            opener = matched.get(index, index)
            if opener < index:
                depth = max(depth - 1, 0)
                if depth == 0:
                    ends = text[opener] not in "（(" or opener == first
            elif text[index] in TERMINATORS and depth == 0:
                ends = True
            index += 1
        if ends:
            yield sentence_start, index
            sentence_start = index
    if sentence_start < stop:
        yield sentence_start, stop


def _oracle(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    found = []
    for begin, end in _spans(text, start, stop):
        while begin < end and text[begin] in SPACE:
            begin += 1
        while end > begin and text[end - 1] in SPACE:
            end -= 1
        if begin < end:
            found.append((begin, end))
    return found


_CHARACTERS = TERMINATORS + "".join(PAIRS) + "".join(CLOSERS) + SPACE + "，、；：,;:等甲乙丙"
_ALPHABET = st.sampled_from([*_CHARACTERS, "……", "。”", "？’", "”。", "）。", "（见附件。）"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join), st.data())
def test_splitter_agrees_with_the_oracle(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    stop = data.draw(st.integers(start, len(text)))
    expected = _oracle(text, start, stop)
    assert split_sentences(text, start, stop) == expected
    # The Python splitter too, when the C one (core/_speedups.c) stands in for it.
    assert sentences._python_split(text, start, stop, -1) == expected
    assert sentences._python_split(text, start, stop, 1) == expected[:1]
    assert first_sentence(text, start, stop) == (expected[0] if expected else None)
    assert split_sentences(text, start) == _oracle(text, start, len(text))
