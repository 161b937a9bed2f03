"""The numbering series helpers (the YAML cases run in tests/plugins/test_rule_cases.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.outline import Point
from speechlint.plugins.numbering._series import (
    _runs,
    _simple_starts,
    _walk_runs,
    display,
    han_numeral,
    numeral_span,
    renumbered,
)


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (99, "九十九")],
)
def test_han_numeral(number: int, numeral: str) -> None:
    assert han_numeral(number) == numeral


def test_han_numeral_rejects_out_of_range() -> None:
    with pytest.raises(ValueError, match="100"):
        han_numeral(100)


@pytest.mark.parametrize(
    ("style", "marker", "span"),
    [
        ("ordinal", "第十二，", (1, 3)),
        ("han", "四、", (0, 1)),
        ("paren-han", "（四）", (1, 2)),
        ("arabic", "12.", (0, 2)),
        ("paren-arabic", "（3）", (1, 2)),
        ("shi", "三是", (0, 1)),
    ],
)
def test_numeral_span(style: str, marker: str, span: tuple[int, int]) -> None:
    assert numeral_span(style, marker) == span


def test_display_keeps_punctuation_and_full_width_digits() -> None:
    assert display("ordinal", "第四、", 3) == "第三、"
    assert display("arabic", "１．", 2) == "２．"
    assert display("paren-han", "（九）", 10) == "（十）"
    assert renumbered("sequence", "其次，", 2) is None


def _point(number: int, index: int) -> Point:
    return Point(number, f"{number}是", "shi", "paragraph", 1, index, index + 1, index, index + 2,
                 None, unit_index=index)  # fmt: skip


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=12))
def test_simple_series_split_as_the_walk_splits_them(numbers: list[int]) -> None:
    points = [_point(number, index) for index, number in enumerate(numbers)]
    starts = _simple_starts(numbers)
    if starts is None:
        return  # left to the walk, which may look at the text (not here: no context)
    fast = [(run.points, run.numbers) for run in _runs(None, None, "shi", points)]  # type: ignore[arg-type]
    walk = [(run.points, run.numbers) for run in _walk_runs(None, None, "shi", points)]  # type: ignore[arg-type]
    assert fast == walk
