"""The C loops (core/_speedups.c) give what the Python code they stand in for gives: sentence
splitting (core/sentences.py) and the rare-character scan (plugins/_index.py), on random text,
the published reports, generated speeches and the seed speech."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speechlint import sentences
from speechlint.plugins import _index

_speedups = pytest.importorskip("speechlint._speedups")

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TERMINATORS = "。！？!?…"
PAIRS = "“”‘’（）()《》「」『』【】"
SPLIT_ALPHABET = st.sampled_from(
    [
        *TERMINATORS,
        *PAIRS,
        *" \t\u3000\n",
        *"，、；：,;:等",
        *"甲乙a1",
        "\U00020000",
        "……",
        "（见附件。）",
    ]
)
# What the scan looks for, twice as often as anything else, and characters of every width.
SCANNED = _index._RARE_LINES + _index._DOUBLING
SCAN_ALPHABET = st.sampled_from(SCANNED + SCANNED + "中文aé1\U00020000\ud800\x00")


def _stretches(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` as (start, stop) offsets, as the parser hands paragraphs over."""
    found, start = [], 0
    for line in text.split("\n"):
        found.append((start, start + len(line)))
        start += len(line) + 1
    return found


def _texts() -> list[str]:
    if not SHARED.is_dir():
        pytest.skip("needs ../shared/corpus")
    return [
        path.read_text(encoding="utf-8")
        for path in [*sorted((SHARED / "public").glob("*.txt")), SHARED / "seed.txt"]
    ]


@settings(max_examples=3000, deadline=None)
@given(st.lists(SPLIT_ALPHABET, max_size=40).map("".join), st.data())
@example("他说：“好。”我们走。", None)
@example("……，等等……。", None)
def test_split_agrees_with_the_python_splitter(text: str, data: st.DataObject | None) -> None:
    start, stop = 0, len(text)
    if data is not None:
        start = data.draw(st.integers(0, len(text)))
        stop = data.draw(st.integers(start, len(text)))
    for limit in (-1, 0, 1, 2):
        expected = sentences._python_split(text, start, stop, limit)
        if limit == 0:  # (no limit, as -1)
            expected = sentences._python_split(text, start, stop, -1)
        assert _speedups.split(text, start, stop, limit) == expected


@settings(max_examples=1000, deadline=None)
@given(st.lists(SPLIT_ALPHABET, max_size=60).map("".join))
def test_split_stretches_agrees_with_the_python_splitter(text: str) -> None:
    stretches = _stretches(text)
    expected = sentences._python_split_stretches(text, stretches)
    assert _speedups.split_stretches(text, stretches) == expected


def test_split_on_real_speeches() -> None:
    count = 0
    for text in _texts():
        stretches = _stretches(text)
        found = _speedups.split_stretches(text, stretches)
        assert found == sentences._python_split_stretches(text, stretches)
        count += sum(map(len, found))
    assert count > 1000


def test_split_bounds_and_bad_arguments() -> None:
    assert _speedups.split("好。好。", 2, 99, -1) == [(2, 4)]  # a stop past the end: the end
    assert _speedups.split("好。", 2, 1, -1) == []
    with pytest.raises(IndexError):
        _speedups.split("好。", -1, 2, -1)
    with pytest.raises(IndexError):
        _speedups.split_stretches("好。", [(0, 3)])
    with pytest.raises(TypeError):
        _speedups.split_stretches("好。", [[0, 2]])
    with pytest.raises(TypeError):
        _speedups.split_stretches("好。", [("0", 2)])


@settings(max_examples=2000, deadline=None)
@given(st.text(SCAN_ALPHABET, max_size=60))
@example("。。。的的的了了")
def test_scan_agrees_with_the_patterns(text: str) -> None:
    scanner = _speedups.RareScanner(_index._RARE_LINES, _index._DOUBLING)
    keys, at, doubled = scanner.scan(text)
    expected = _index._scan_by_patterns(text)
    assert (keys, at, doubled) == tuple(expected)
    assert list(at) == list(expected.at)  # characters in the order they first occur


def test_scan_on_real_speeches() -> None:
    for text in _texts():
        found = _index._native.scan(text) if _index._native else None
        assert found is not None
        assert found == tuple(_index._python_scan_text(text))
        assert list(found[1]) == list(_index._python_scan_text(text).at)


def test_scanner_rejects_what_it_cannot_index() -> None:
    with pytest.raises(ValueError, match="distinct"):
        _speedups.RareScanner("aa", "")
    with pytest.raises(ValueError, match="BMP"):
        _speedups.RareScanner("\U00020000", "")
    with pytest.raises(ValueError, match="BMP"):
        _speedups.RareScanner("a", "\U00020000")
    with pytest.raises(ValueError, match="127"):
        _speedups.RareScanner("".join(map(chr, range(0x4E00, 0x4E80))), "")
    with pytest.raises(TypeError):
        _speedups.RareScanner("a", "b").scan(b"a")


LITERAL_ALPHABET = st.sampled_from("甲乙丙a\n\U00020000\ud800")


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.text(LITERAL_ALPHABET, min_size=1, max_size=4), max_size=12, unique=True),
    st.text(LITERAL_ALPHABET, max_size=40),
)
@example(["甲", "甲乙", "甲乙丙", "乙丙"], "甲乙丙甲乙")
def test_literals_find_every_occurrence(keys: list[str], text: str) -> None:
    found = _speedups.Literals(keys).find(text)
    expected = [
        (index, start, start + len(key))
        for index, key in enumerate(keys)
        for start in range(len(text))
        if text.startswith(key, start)
    ]
    assert sorted(found) == sorted(expected)
    starts = [start for _index, start, _end in found]
    assert starts == sorted(starts)  # (the dictionaries map matches to paragraphs in one pass)


def test_literals_reject_what_is_no_key() -> None:
    with pytest.raises(TypeError):
        _speedups.Literals([""])
    with pytest.raises(TypeError):
        _speedups.Literals([1])
    with pytest.raises(TypeError):
        _speedups.Literals("甲").find(b"x")
    assert _speedups.Literals([]).find("甲") == []


def test_literals_on_real_speeches_find_what_the_automaton_finds() -> None:
    from speechlint.plugins.wording.dictionary import load_dictionaries

    automaton = load_dictionaries()._automaton
    assert automaton._native is not None
    total = 0
    for text in _texts():
        lines = text.split("\n")
        found = list(automaton._native_iter_many(automaton._native, lines))
        assert sorted(found) == sorted(automaton._python_iter_many(lines))
        total += len(found)
    assert total > 0


SENTENCE_ALPHABET = st.sampled_from([*"甲乙。；;！ \u3000\xa0\u2028\t", "丙丁", "。。"])


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(SENTENCE_ALPHABET, max_size=12).map("".join), st.booleans()),
        max_size=8,
    ),
    st.integers(1, 4),
)
def test_repeated_sentences_agree_with_the_python_search(
    units: list[tuple[str, bool]], min_length: int
) -> None:
    from speechlint.plugins.drafting import duplicate_sentence

    texts = [text for text, _ in units]
    spaced = [flag for _, flag in units]
    spans = [tuple(sentences.split_sentences(text)) for text in texts]
    expected = duplicate_sentence._python_repeated(texts, spans, spaced, min_length)
    assert _speedups.repeated_sentences(texts, spans, spaced, min_length) == expected


def test_repeated_sentences_reject_what_is_not_units() -> None:
    with pytest.raises(ValueError):
        _speedups.repeated_sentences(["甲"], [], [False], 1)
    with pytest.raises(TypeError):
        _speedups.repeated_sentences([1], [()], [False], 1)
    with pytest.raises(IndexError):
        _speedups.repeated_sentences(["甲"], [((0, 5),)], [False], 1)
    twice = _speedups.repeated_sentences(["甲。", "甲。"], [((0, 2),), ((0, 2),)], [False, True], 1)
    assert twice == [(1, 0)]
