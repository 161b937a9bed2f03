"""Plain text skips markdown-it's inline parse, and a plain document (paragraphs and headings
without markup) skips block tokens too; the result must be what the parse gives.

``parse`` marks inline tokens without inline markup instead of parsing them, and builds their
units from the text directly (core/parse.py, ``_inline_unless_plain``).  Each document here is
parsed both ways -- with the fast path and with markdown-it's own ``inline`` rule -- and every
unit (text, source runs, kind, nesting, bold and verbatim ranges), comment, front matter and the
one-paragraph-per-line decision must be the same.  A plain document is also parsed by
``_parse_plain``, which must give the same again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.document import Document
from speechlint.parse import Parsed, _markdown, _parse, _parse_plain, _plain_pieces, parse

EXAMPLES = json.loads(
    (Path(__file__).parents[1] / "robustness" / "data" / "commonmark-spec-examples.json")
    .read_text("utf-8")
)  # fmt: skip
SEED = (Path(__file__).parents[1] / "fixtures" / "seed.txt").read_text("utf-8")
EXAMPLE_SPEECHES = sorted(
    path
    for path in (Path(__file__).parents[2] / "docs" / "examples").iterdir()
    if path.suffix in (".md", ".txt")
)


def _summary(parsed: Parsed) -> tuple[Any, ...]:
    units = [
        (u.kind, u.text, u.runs, u.heading_level, u.list_depth, u.list_item, u.quote_depth,
         u.bold, u.verbatim)
        for u in parsed.units
    ]  # fmt: skip
    return parsed.line_mode, units, parsed.comments, parsed.front_matter


def _assert_same(text: str) -> bool:
    """Whether the plain-document path took ``text`` (all paths agreeing)."""
    taken = False
    for variant in (text, text.replace("\n", "\r\n")):
        document = Document("a.md", variant)
        reference = _summary(_parse(document, _markdown(plain_fast_path=False)))
        assert _summary(_parse(document, _markdown())) == reference, variant
        assert _summary(parse(document)) == reference, variant
        plain = _parse_plain(document)
        if plain is not None:
            assert _summary(plain) == reference, variant
            taken = True
    return taken


def test_the_fast_path_is_taken() -> None:
    tokens = _markdown().parse("同志们：\n\n第一，要加强领导。\n\n**第二，**要落实。\n")
    plain = [t.meta.get("speechlint.plain", False) for t in tokens if t.type == "inline"]
    assert plain == [True, True, False]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: str(example["example"]))
def test_commonmark_examples(example: dict[str, Any]) -> None:
    _assert_same(example["markdown"])


@pytest.mark.parametrize("path", EXAMPLE_SPEECHES, ids=lambda path: path.name)
def test_example_speeches(path: Path) -> None:
    _assert_same(path.read_text("utf-8"))


def test_seed_one_paragraph_per_line() -> None:
    _assert_same(SEED)
    _assert_same(SEED.replace("\n", "\n\n"))


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("在会上的讲话\n\n同志们：\n\n## 一、要加强领导\n\n要落实。\n", True),
        ("同志们：\n第一，要加强领导。\n第二，要落实。\n", True),  # one paragraph per line
        ("我们要加强\n党的领导，落实\n各项任务，推进\n改革发展。\n", True),  # hard-wrapped
        ("同志们：\n\n**第一，要加强领导。**\n", False),  # markup
        ("同志们：\r\n\r\n第一，要加强领导。\r\n", False),  # CRLF: markdown-it's path
        ("---\nform: x\n---\n同志们：\n", False),  # front matter
        ("", True),
    ],
)
def test_plain_documents_skip_the_tokens(text: str, taken: bool) -> None:
    assert (_parse_plain(Document("a.md", text)) is not None) == taken
    _assert_same(text)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("甲", [("text", "甲")]),
        ("甲\n  乙", [("text", "甲"), ("softbreak", ""), ("text", "乙")]),
        ("甲 \n乙", [("text", "甲"), ("softbreak", ""), ("text", "乙")]),
        ("甲   \n\t乙", [("text", "甲"), ("hardbreak", ""), ("text", "乙")]),
        ("甲\t\n乙", [("text", "甲\t"), ("softbreak", ""), ("text", "乙")]),
        (
            "\u3000甲\u3000\n\u3000乙",
            [("text", "\u3000甲\u3000"), ("softbreak", ""), ("text", "\u3000乙")],
        ),
    ],
)
def test_plain_pieces_follow_the_newline_rule(
    content: str, expected: list[tuple[str, str]]
) -> None:
    assert [(piece.type, piece.content) for piece in _plain_pieces(content)] == expected


# Speech-like fragments with every kind of markup and white space that touches the fast path.
_ATOMS = [
    "同志们", "：", "，", "。", "第一", "一、", "要", "加强", " ", "  ", "\t", "\u3000", "\n",
    "\n\n", "# ", "## ", "> ", "- ", "1. ", "**", "*", "_", "`", "[链接](http://a.b)",
    "<!-- 注 -->", "&amp;", "\\", "!", "---\n", "    ", "  \n", "x", "“", "”", "（", "）", "<b>",
    " #", "\x00",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ATOMS), max_size=40).map("".join))
def test_random_documents(text: str) -> None:
    _assert_same(text)


# Plain documents only: lines of text, white space and headings, nothing that is markup.
_PLAIN_ATOMS = [
    "同志们", "：", "，", "。", "第一", "一、", "要", "加强", " ", "  ", "   ", "\t", "\u3000",
    "\n", "\n\n", "# ", "## ", "###### ", "#", " #", "1", "1.", "!", "x", "“", "”", "（",
    "）", "\u00a0", "\u2028", "\u0085", "\x0b", "\x0c", "-", "+", "=",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN_ATOMS), max_size=50).map("".join))
def test_random_plain_documents(text: str) -> None:
    _assert_same(text)
