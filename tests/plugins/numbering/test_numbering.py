"""The numbering series helpers (the YAML cases run in tests/plugins/test_rule_cases.py)."""

from __future__ import annotations

import pytest

from speechlint.plugins.numbering._series import display, han_numeral, numeral_span, renumbered


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
