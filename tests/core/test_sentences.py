"""Chinese sentence splitting: terminators, closing quotes and brackets, ellipses."""

from __future__ import annotations

import pytest

from speechlint.sentences import clause_starts, split_sentences


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要学习。要实干！能做到吗？", ["要学习。", "要实干！", "能做到吗？"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("Hello! World? ok", ["Hello!", "World?", "ok"]),
        ("没有句号的片段", ["没有句号的片段"]),
        ("", []),
        ("   \u3000", []),
        ("  前导空格。  后一句。 ", ["前导空格。", "后一句。"]),
    ],
)
def test_terminators(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A terminator and the closing quote after it end the sentence together.
        ("他说：“我们要努力。”大家都同意。", ["他说：“我们要努力。”", "大家都同意。"]),
        ("“好。”“对。”", ["“好。”", "“对。”"]),
        ("他问：“行吗？”", ["他问：“行吗？”"]),
        # A 。 inside “…” does not end the enclosing sentence.
        (
            "他说：“我们要努力。大家一起干！”然后走了。",
            ["他说：“我们要努力。大家一起干！”", "然后走了。"],
        ),
        ("“他说‘好。’”下一句。再一句。", ["“他说‘好。’”", "下一句。", "再一句。"]),
        ("读了‘一句。’话。", ["读了‘一句。’", "话。"]),
    ],
)
def test_quotes(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A 。 inside （…） does not end the enclosing sentence ...
        ("会议强调（详见附件。另见通知。）要落实。", ["会议强调（详见附件。另见通知。）要落实。"]),
        # ... and a 。 after the closing bracket belongs to the same sentence, not a new one.
        ("要落实（见附件。）。最后", ["要落实（见附件。）。", "最后"]),
        ("《决定》指出：“要坚持。”", ["《决定》指出：“要坚持。”"]),
        ("（掌声）同志们好！", ["（掌声）同志们好！"]),
        # Brackets that hold a sentence of their own (句外括号) stand alone.
        (
            "会议强调（详见附件。）要落实。（另见通知。）好。",
            ["会议强调（详见附件。）要落实。", "（另见通知。）", "好。"],
        ),
        ("  （见附件。）下一句。", ["（见附件。）", "下一句。"]),
    ],
)
def test_brackets(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("是的……好。", ["是的……", "好。"]),
        # An ellipsis before a pause or 等 marks an omission inside the sentence.
        ("有困难……，但能克服。结束", ["有困难……，但能克服。", "结束"]),
        ("学习、工作……等方面。好", ["学习、工作……等方面。", "好"]),
        ("这是一个问题吗？”他问。", ["这是一个问题吗？”", "他问。"]),
        ("引用“未闭合。然后。", ["引用“未闭合。", "然后。"]),
    ],
)
def test_ellipsis_and_unmatched_pairs(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_split_a_range_of_the_text() -> None:
    text = "第一，要学习。要实干。第二，"
    assert split_sentences(text, 3) == [(3, 7), (7, 11), (11, 14)]
    assert split_sentences(text, 3, 11) == [(3, 7), (7, 11)]
    bracketed = "甲乙（见附件。）下一句。"
    assert split_sentences(bracketed, 2) == [(2, 8), (8, 12)]


def test_split_is_linear_on_pathological_input() -> None:
    assert len(split_sentences("（" * 50_000 + "。")) == 1
    assert len(split_sentences("…" * 50_000)) == 1
    assert len(split_sentences("“好。”" * 10_000)) == 10_000


def test_clause_starts() -> None:
    text = "一是要学习；二是要实干：三是。 四是"
    assert clause_starts(text) == [0, 6, 12, 16]
    assert clause_starts(text, 6) == [6, 12, 16]
