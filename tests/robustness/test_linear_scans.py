"""The scans rewritten to cost linear time give the answers of the quadratic ones they replace.

Each quadratic scan found by profiling (a regex that rescans a line from every opener, a stack
walked at every closer, a list of ranges scanned at every mark, a replace-until-stable loop) was
replaced by an indexed one.  Here each new scan is checked against the old one, kept as a
reference implementation, over many small generated inputs of the characters that matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.ordinals import Marker, match_marker
from speechlint.parse import _strong_segments
from speechlint.plugins.punctuation._pairs import (
    KIND,
    OPENER,
    UnitPairs,
    _match,
    _nested,
    _nested_by_walk,
)
from speechlint.plugins.punctuation._text import (
    clause_start,
    in_ranges,
    marker_at,
    near_clause_start,
)
from speechlint.plugins.wording._scan import Spans, _Enclosures, _enclosures

MANY = settings(derandomize=True, deadline=None, max_examples=300)


def _text(alphabet: str, size: int = 24) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), max_size=size)


# -- **strong** runs that CommonMark leaves literal ------------------------------------------------

_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _strong_by_regex(content: str) -> Iterator[tuple[str, bool]]:
    if "**" not in content and "__" not in content:
        yield content, False
        return
    position = 0
    for match in _STRONG.finditer(content):
        if match.start() > position:
            yield content[position : match.start()], False
        yield match.group(2), True
        position = match.end()
    if position < len(content):
        yield content[position:], False


@MANY
@given(_text("*_ a中\n\t。", 16))
def test_strong_segments_match_the_regex(content: str) -> None:
    assert list(_strong_segments(content)) == list(_strong_by_regex(content))


# -- the clause a half-width mark sits in ---------------------------------------------------------


def _marker_at_by_scan(text: str, index: int) -> Marker | None:
    marker = match_marker(text, clause_start(text, index))
    return marker if marker is not None and marker.start <= index < marker.end else None


MARKS = "一二十第，。；：1.)（）是中 \u3000\n,"


@MANY
@given(_text(MARKS, 60), st.integers(0, 59))
def test_marker_at_matches_the_full_backward_scan(text: str, index: int) -> None:
    if index < len(text) and not text[index].isspace():
        assert marker_at(text, index) == _marker_at_by_scan(text, index)


@MANY
@given(_text(MARKS, 60), st.integers(0, 59), st.integers(1, 8))
def test_near_clause_start_is_the_clause_start_when_near(
    text: str, index: int, within: int
) -> None:
    index = min(index, len(text))
    near = near_clause_start(text, index, within)
    if near is None:
        assert clause_start(text, index) < index - within
    else:
        assert near == clause_start(text, index)


# -- paired marks ---------------------------------------------------------------------------------

PAIRS = "“”‘’《》（）()【】〈〉\n中"


def _nested_by_replacing(sequence: str) -> bool:
    adjacent = (
        "“”",
        "‘’",
        "《》",
        "〈〉",
        "（）",
        "()",
        "【】",
        "〔〕",
        "「」",
        "『』",
        "（)",
        "(）",
    )
    while True:
        reduced = sequence
        for pair in adjacent:
            reduced = reduced.replace(pair, "")
        if len(reduced) == len(sequence):
            return not sequence.replace("\n", "")
        sequence = reduced


@MANY
@given(_text(PAIRS.replace("中", ""), 20))
def test_all_paired_matches_deleting_adjacent_pairs(sequence: str) -> None:
    assert _nested(sequence) == _nested_by_walk(sequence) == _nested_by_replacing(sequence)


@MANY
@given(
    st.lists(st.sampled_from(["“”", "《》", "（)", "【】"]), max_size=12), st.sampled_from("\n”》")
)
def test_deep_nesting_is_settled_by_the_stack_walk(pairs: list[str], extra: str) -> None:
    # Nested deeper than the rounds of pair removal: the walk takes over where they stop.
    nested = "".join(pair[0] for pair in pairs) + "".join(pair[1] for pair in reversed(pairs))
    for sequence in (nested, nested + extra, extra + nested, nested[:-1]):
        assert _nested(sequence) == _nested_by_replacing(sequence)


def _match_by_stack_walk(text: str) -> tuple[list[tuple[str, int, int]], list[int]]:
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[str, int, int]] = []
    unmatched: list[int] = []
    for index, ch in enumerate(text):
        if ch not in KIND:
            continue
        if ch in OPENER:
            stack.append((OPENER[ch], index))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == KIND[ch]:
                unmatched.extend(opener for _kind, opener in stack[depth + 1 :])
                pairs.append((KIND[ch], stack[depth][1], index))
                del stack[depth:]
                break
        else:
            unmatched.append(index)
    unmatched.extend(index for _kind, index in stack)
    return sorted(pairs, key=lambda pair: pair[1]), sorted(unmatched)


def _pairs_of(text: str) -> UnitPairs:
    return _match(text, [i for i, ch in enumerate(text) if ch in KIND], ())


@MANY
@given(_text(PAIRS.replace("’", ""), 30))
def test_pair_matching_matches_the_stack_walk(text: str) -> None:
    found = _pairs_of(text)
    pairs, unmatched = _match_by_stack_walk(text)
    assert [(p.kind, p.open, p.close) for p in found.pairs] == pairs
    assert list(found.unmatched) == unmatched


@MANY
@given(_text(PAIRS, 30), st.integers(0, 29))
def test_pair_lookups_match_scans(text: str, index: int) -> None:
    found = _pairs_of(text)
    by_scan = next((p for p in found.pairs if index in (p.open, p.close)), None)
    assert found.pair_at(index) == by_scan
    inside = any(p.open < index < p.close for p in found.pairs if p.kind == "《")
    assert found.in_title(index) == inside


# -- ranges and enclosures ------------------------------------------------------------------------

spans = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=8).map(
    lambda items: [(start, start + length) for start, length in items]
)


@MANY
@given(spans, st.integers(0, 40), st.integers(0, 6))
def test_spans_overlap_as_a_scan_says(ranges: list[tuple[int, int]], start: int, size: int) -> None:
    end = start + size
    assert Spans(ranges).overlaps(start, end) == any(lo < end and start < hi for lo, hi in ranges)


@MANY
@given(spans, st.integers(0, 40))
def test_in_ranges_bisects_merged_ranges(ranges: list[tuple[int, int]], index: int) -> None:
    merged = tuple(Spans(ranges))
    assert in_ranges(merged, index) == any(lo <= index < hi for lo, hi in ranges)


QUOTES = '“”‘’《》〈〉「」『』【】"中'


def _enclosures_by_walk(text: str) -> list[tuple[int, int, str]]:
    pairs = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "「": "」", "『": "』", "【": "】"}
    closers = {closer: opener for opener, closer in pairs.items()}
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []
    for index, ch in enumerate(text):
        if ch == '"' and stack and stack[-1][1] == '"':
            spans.append((stack.pop()[0], index, ch))
        elif ch in pairs or ch == '"':
            stack.append((index, ch))
        elif ch in closers:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][1] == closers[ch]:
                    spans.append((stack[depth][0], index, closers[ch]))
                    del stack[depth:]
                    break
    spans.extend((index, len(text), opener) for index, opener in stack)
    return spans


@MANY
@given(_text(QUOTES, 30), st.integers(0, 30), st.integers(1, 4))
def test_enclosures_match_the_stack_walk(text: str, start: int, size: int) -> None:
    found = _enclosures(text)
    assert sorted(found) == sorted(_enclosures_by_walk(text))
    for openers in (frozenset('“‘「『"'), frozenset("《〈")):
        end = start + size
        by_scan = any(o in openers and s < start and end <= e for s, e, o in found)
        assert _Enclosures(found).encloses(openers, start, end) == by_scan
