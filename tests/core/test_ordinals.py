"""Ordinal markers (序次语) and where they count as points."""

from __future__ import annotations

import pytest

from speechlint.document import Document
from speechlint.ordinals import chinese_number, match_marker, style_rank
from speechlint.outline import Outline, build_outline
from speechlint.parse import parse


@pytest.mark.parametrize(
    ("text", "style", "number", "marker", "canonical"),
    [
        ("第一，要学习", "ordinal", 1, "第一，", True),
        ("第十二，要学习", "ordinal", 12, "第十二，", True),
        ("第二十三，要学习", "ordinal", 23, "第二十三，", True),
        ("第一、要学习", "ordinal", 1, "第一、", False),
        ("第一 要学习", "ordinal", 1, "第一 ", False),
        ("一、要学习", "han", 1, "一、", True),
        ("十二、要学习", "han", 12, "十二、", True),
        ("二十一、要学习", "han", 21, "二十一、", True),
        ("一．要学习", "han", 1, "一．", False),
        ("（一）要学习", "paren-han", 1, "（一）", True),
        ("（十二）要学习", "paren-han", 12, "（十二）", True),
        ("（一）、要学习", "paren-han", 1, "（一）、", False),
        ("(三)要学习", "paren-han", 3, "(三)", True),
        ("1.要学习", "arabic", 1, "1.", True),
        ("12. 要学习", "arabic", 12, "12.", True),
        ("1．要学习", "arabic", 1, "1．", False),
        ("1、要学习", "arabic", 1, "1、", False),
        ("（1）要学习", "paren-arabic", 1, "（1）", True),
        ("(2)要学习", "paren-arabic", 2, "(2)", True),
        ("首先，要学习", "sequence", 1, "首先，", True),
        ("其次，要学习", "sequence", 2, "其次，", True),
        ("再次，要学习", "sequence", 3, "再次，", True),
        ("一是要学习", "shi", 1, "一是", True),
        ("十二是要学习", "shi", 12, "十二是", True),
    ],
)
def test_markers(text: str, style: str, number: int, marker: str, canonical: bool) -> None:
    found = match_marker(text)
    assert found is not None
    assert (found.style, found.number, found.marker) == (style, number, marker)
    assert (found.start, found.end) == (0, len(marker))
    assert found.canonical is canonical


def test_the_last_of_a_sequence_takes_the_next_number() -> None:
    found = match_marker("最后，要学习")
    assert found is not None
    assert (found.style, found.number) == ("sequence", 0)


@pytest.mark.parametrize(
    "text",
    [
        "第一次全会",
        "第一时间",
        "一二、",
        "2024年",
        "1.5亿元",
        "0.要",
        "（0）要",
        "零、要",
        "十十、",
    ],
)
def test_not_markers(text: str) -> None:
    assert match_marker(text) is None


def test_match_at_an_index_and_by_style() -> None:
    text = "工作中一是要学习"
    found = match_marker(text, 3)
    assert found is not None
    assert (found.style, found.start, found.end) == ("shi", 3, 5)
    assert match_marker("一、要学习", styles=("ordinal",)) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("二百一十", 210),
        ("一二", None),
        ("十十", None),
        ("零", None),
        ("", None),
    ],
)
def test_chinese_number(numeral: str, value: int | None) -> None:
    assert chinese_number(numeral) == value


def test_style_rank_follows_gb_t_9704() -> None:
    ranks = [style_rank(style) for style in ("han", "paren-han", "arabic", "paren-arabic")]
    assert ranks == [0, 1, 2, 3]
    assert style_rank("ordinal") > 3


# -- where an ordinal is a point ------------------------------------------------------------

_HEAD = "在全市会议上的讲话\n同志们：\n下面我讲两点意见。\n"


def _outline(body: str) -> Outline:
    return build_outline(parse(Document("a.txt", _HEAD + body)))


def _topics(outline: Outline) -> list[tuple[int, str | None]]:
    return [(p.number, p.topic.text if p.topic else None) for p in outline.walk_points()]


@pytest.mark.parametrize(
    "paragraph",
    [
        "我们坚持质量第一、效益优先，推动高质量发展。",
        "质量第一、效益优先是我们的原则。",
        "第一、第二、第三产业都要协调发展。",
        "第一、二、三产业都要协调发展。",
        "一、二、三等奖都有奖金。",
        "第一次全体会议已经召开。",
    ],
)
def test_ordinals_inside_words_and_enumerations_are_not_points(paragraph: str) -> None:
    outline = _outline(paragraph + "\n")
    assert outline.points == []
    assert outline.opening is not None
    assert outline.opening.paragraphs[-1].text == paragraph


def test_ordinals_at_the_start_of_paragraphs_are_points() -> None:
    outline = _outline("第一，要学习。质量第一、效益优先。\n第二，要实干。第一、二产业要协调。\n")
    assert _topics(outline) == [(1, "要学习。"), (2, "要实干。")]


def test_ordinals_at_the_start_of_sentences_inside_a_point_are_sub_points() -> None:
    outline = _outline("第一，要加强领导。一是要学习；二是要实干。\n第二，要落实。\n")
    first = outline.points[0]
    assert [(p.number, p.style, p.level) for p in first.points] == [
        (1, "shi", 2),
        (2, "shi", 2),
    ]
    assert [p.topic.text for p in first.points if p.topic] == ["要学习", "要实干。"]


def test_a_lone_sequence_word_is_prose() -> None:
    outline = _outline("首先，我代表市委表示感谢。\n")
    assert outline.points == []
