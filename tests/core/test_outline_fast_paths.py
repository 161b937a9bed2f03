"""The outline builder's fast paths give what the straightforward code they replace gave.

Each reference below is the code core/outline.py had before the fast path (kept here as the
oracle): inline markers found at every clause start by a pattern, and each series item ended by
its own sentence.  They are compared on generated text that mixes the characters the paths
branch on (numerals, 是, 第, sequence words, clause breaks, spaces, quotes and brackets), from
every kind of start, and on every paragraph of the public reports.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.document import Document
from speechlint.lexicon import default_lexicon
from speechlint.ordinals import (
    MARKER_LEADS,
    NUMERALS,
    STYLES,
    Marker,
    match_marker,
    match_style,
    shi_marker,
)
from speechlint.outline import (
    _INLINE_STYLES,
    _SEPARATOR,
    Node,
    Point,
    _clause_end,
    _document_series,
    _enumerates,
    _inline_candidates,
    _inline_markers,
    _inline_series,
    _OutlineBuilder,
    _skip_space,
    _slice_node,
    _unit_node,
)
from speechlint.parse import Unit, parse
from speechlint.sentences import CLAUSE_BREAKS, first_sentence

MANY = settings(derandomize=True, deadline=None, max_examples=500)
ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SPEECHLINT_CORPUS") or ROOT.parent / "shared" / "corpus")

_SPACE = " \t\u3000\n"
_FIRST = "〇零一二两三四五六七八九十第首其再最"
_START = re.compile(
    f"[{re.escape(''.join(sorted(CLAUSE_BREAKS)))}][{_SPACE}]*(?=[{''.join(sorted(_FIRST))}])"
)


def reference_starts(text: str, begin: int) -> list[int]:
    """Every clause start at or after ``begin`` whose first character may open a marker."""
    starts = [found.end() for found in _START.finditer(text, begin)]
    if begin and text[begin : begin + 1] in _FIRST:
        starts.insert(0, begin)
    return starts


def reference_markers(text: str, begin: int) -> list[tuple[Marker, int]]:
    """The longest series, each marker with the end of the sentence it starts."""
    found: dict[str, list[Marker]] = {}
    for position in reference_starts(text, begin):
        marker = match_marker(text, position, styles=_INLINE_STYLES)
        if marker is None or _enumerates(text, marker):
            continue
        found.setdefault(marker.style, []).append(marker)
    series = [markers for markers in found.values() if len(markers) >= 2]
    if not series:
        return []
    ends = []
    for marker in max(series, key=len):
        sentence = first_sentence(text, marker.start)
        ends.append((marker, sentence[1] if sentence else len(text)))
    return ends


def reference_series(unit: Unit, markers: list[tuple[Marker, int]]) -> list[tuple[object, ...]]:
    """What each sub-point of a series held: number, marker, spans and topic."""
    text = unit.text
    points: list[tuple[object, ...]] = []
    for number, (marker, stop) in enumerate(markers):
        end_index = markers[number + 1][0].start if number + 1 < len(markers) else stop
        topic_end = _clause_end(text, marker.end, end_index)
        topic_start = _skip_space(text, marker.end)
        topic = _slice_node(unit, topic_start, topic_end) if topic_end > topic_start else None
        points.append(
            (
                marker.number,
                marker.marker,
                marker.style,
                unit.source_range(marker.start, end_index),
                unit.source_range(marker.start, marker.end),
                topic,
            )
        )
    return points


PIECES = [
    "一是", "二是", "三是", "十二是", "一二三四是", "两是", "〇是", "是", "一", "十",
    "第一", "第二，", "第三、", "第一、二", "第", "首先，", "其次", "再次", "最后", "其中", "最",
    "首", "再", "。", "；", ";", "：", "！", "？", "…", "……", "，", "、", " ", "\u3000", "\n", "\t",
    "“", "”", "（", "）", "要", "抓落实", "我们", "1.", "（一）",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _check(text: str, begin: int) -> None:
    candidates = _inline_candidates(text, begin)
    # The markers at every clause start the pattern found, in order.
    assert candidates == [
        marker
        for marker in (
            match_marker(text, start, styles=_INLINE_STYLES)
            for start in reference_starts(text, begin)
        )
        if marker is not None
    ]
    expected = reference_markers(text, begin)
    markers = _inline_markers(text, candidates)
    assert markers == [marker for marker, _end in expected]
    if markers:
        for unit in (
            Unit("paragraph", text, ((0, 7, len(text)),)),  # a shift: offsets by addition
            Unit("paragraph", text, ((0, 7, 2), (2, 20, len(text) - 2))),  # source_range
        ):
            want = reference_series(unit, expected)
            assert _series(_inline_series(unit, 3, markers, 2, text, 0)) == want
            # Found in the joined texts of a document: positions there, the same points.
            joined = f"前文。{_SEPARATOR}{text}{_SEPARATOR}一是后文。"
            rebased = [m._replace(start=m.start + 4, end=m.end + 4) for m in markers]
            assert _series(_inline_series(unit, 3, rebased, 2, joined, 4)) == want


def _series(points: list[Point]) -> list[tuple[object, ...]]:
    assert all(p.inline and p.level == 2 and p.unit_index == 3 for p in points)
    return [
        (p.number, p.marker, p.style, (p.start, p.end), (p.marker_start, p.marker_end), p.topic)
        for p in points
    ]


@MANY
@given(texts, st.integers(min_value=0, max_value=200))
def test_inline_markers_match_the_pattern_at_every_clause_start(text: str, begin: int) -> None:
    _check(text, min(begin, len(text)))


@MANY
@given(texts)
def test_inline_markers_from_every_start(text: str) -> None:
    for begin in range(len(text) + 1):
        _check(text, begin)


@pytest.mark.skipif(not (CORPUS / "public").is_dir(), reason="the shared corpus is not there")
def test_inline_markers_in_every_paragraph_of_the_public_reports() -> None:
    for path in sorted((CORPUS / "public").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            for begin in {0, *(s for s in reference_starts(text, 0) if s < 40)}:
                _check(text, begin)


@MANY
@given(st.lists(texts, min_size=1, max_size=6))
def test_one_scan_of_the_document_finds_each_units_series(paragraphs: list[str]) -> None:
    units = [Unit("paragraph", text, ((0, 0, len(text)),)) for text in paragraphs]
    joined = _SEPARATOR.join(paragraphs)
    found = _document_series(joined, units)
    base = 0
    for index, text in enumerate(paragraphs):
        markers = _inline_markers(text, _inline_candidates(text, 0))
        rebased = [m._replace(start=m.start + base, end=m.end + base) for m in markers]
        assert found.get(index, (base, [])) == (base, rebased)
        base += len(text) + 1


MARKER_PIECES = [*PIECES, "(", ")", "（十二）", "3、", "12.", "１.", "٣.", "0.", "1.5", "二十一、"]


@MANY
@given(st.lists(st.sampled_from(MARKER_PIECES), max_size=8).map("".join), st.sampled_from(STYLES))
def test_match_style_is_match_marker_of_one_style(text: str, style: str) -> None:
    for index in range(len(text) + 1):
        assert match_style(text, index, style) == match_marker(text, index, styles=(style,))
        # No marker starts with any other character than a lead or a decimal digit.
        lead = text[index : index + 1]
        if lead not in MARKER_LEADS and not lead.isdecimal():
            assert match_marker(text, index) is None


DOCUMENT_PIECES = [
    "\n\n", "\n", "## ", "# ", "- ", "1. ", "2) ", "  - ", "   ", "\u3000", "\t", "> ", "**", "*",
    "第一，", "第二、", "一、", "二、三", "（一）", "(2)", "1.", "3、", "１．", "首先，", "其次，",
    "一是", "要抓落实。", "同志们：", "谢谢大家！", "&#31532;", "`代码`", "[链接](http://a.cn)",
]  # fmt: skip
documents = st.lists(st.sampled_from(DOCUMENT_PIECES), max_size=30).map("".join)


@MANY
@given(documents)
def test_units_passed_over_by_their_first_character_are_no_candidates(text: str) -> None:
    builder = _OutlineBuilder(parse(Document("a.md", text)), default_lexicon())
    expected = [builder._candidate(index) for index in range(len(builder.units))]
    got = builder._candidates(0)
    kept = [c for c in expected if c is not None]
    if len([c for c in kept if c.marker.style == "sequence"]) < 2:
        kept = [c for c in kept if c.marker.style != "sequence"]
    assert [(c.unit_index, c.marker, c.form, c.list_depth) for c in got] == [
        (c.unit_index, c.marker, c.form, c.list_depth) for c in kept
    ]


@MANY
@given(documents)
def test_unit_nodes_by_maps_are_the_nodes_of_the_units(text: str) -> None:
    builder = _OutlineBuilder(parse(Document("a.md", text)), default_lexicon())
    assert builder._unit_nodes() == [_unit_node(unit) for unit in builder.units]


@MANY
@given(st.lists(st.sampled_from([*NUMERALS, "是", "，", "、", "：", "。", "要"]), max_size=8))
def test_shi_marker_is_the_pattern_of_the_style(chars: list[str]) -> None:
    text = "".join(chars)
    for start in range(len(text)):
        for at in range(start + 1, min(start + 4, len(text))):
            if text[at] == "是" and all(ch in NUMERALS for ch in text[start:at]):
                assert shi_marker(text, start, at) == match_style(text, start, "shi")


CLOSING_PIECES = [
    "让我们团结奋斗！", "谢谢大家！", "谢谢", "我们要抓落实。", "大家一定要努力", "。", "！",
    "\n\n", "\n", "**", "为实现目标而奋斗", "“让我们”", "（预祝会议圆满成功）", "同志们：",
    "要抓落实；",
]  # fmt: skip


def reference_call(builder: _OutlineBuilder, start: int, end: int) -> Node | None:
    """Every sentence searched in order; the last call to action wins."""
    call = None
    for unit in builder.units[start:end]:
        for s, e in unit.sentence_spans():
            sentence = unit.text[s:e]
            if builder.lexicon.signoff.search(sentence):
                continue
            if builder.lexicon.call_to_action.search(sentence):
                call = _slice_node(unit, s, e)
    return call


@MANY
@given(st.lists(st.sampled_from(CLOSING_PIECES), max_size=20).map("".join))
def test_the_call_to_action_found_from_the_end_is_the_last(text: str) -> None:
    builder = _OutlineBuilder(parse(Document("a.md", text)), default_lexicon())
    count = len(builder.units)
    for start in range(count):
        for end in range(start + 1, count + 1):
            assert builder._call(start, end) == reference_call(builder, start, end)
