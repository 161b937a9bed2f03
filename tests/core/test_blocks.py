"""Simple documents get markdown-it's block tokens without markdown-it; the rest, markdown-it.

speechlint._blocks.simple_block_tokens splits a document of paragraphs and ``#`` headings by
lines.  Wherever it answers, its tokens must be markdown-it's (type, tag, nesting, level, line
map, content, markup), and the parse built on them must equal the one built by markdown-it
alone; wherever a line could be another kind of block, it must not answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import MD_TRIM_CHARS

from speechlint._blocks import MD_TRIM, simple_block_tokens
from speechlint.document import Document
from speechlint.parse import Parsed, _markdown, _parse, parse

EXAMPLES = json.loads(
    (Path(__file__).parents[1] / "robustness" / "data" / "commonmark-spec-examples.json")
    .read_text("utf-8")
)  # fmt: skip
_ROOT = Path(__file__).parents[2]
SPEECHES = sorted(
    path
    for pattern in ("docs/examples/*.md", "docs/examples/*.txt", "tests/fixtures/**/*.txt")
    for path in _ROOT.glob(pattern)
)


def _token(token: Any) -> tuple[Any, ...]:
    return (token.type, token.tag, token.nesting, token.level, token.map, token.content)


def _summary(parsed: Parsed) -> tuple[Any, ...]:
    units = [
        (u.kind, u.text, u.runs, u.heading_level, u.list_depth, u.list_item, u.quote_depth,
         u.bold, u.verbatim)
        for u in parsed.units
    ]  # fmt: skip
    return parsed.line_mode, units, parsed.comments, parsed.front_matter


def _assert_agrees(text: str) -> bool:
    """Whether the fast path took ``text``; either way the parse is markdown-it's."""
    tokens = simple_block_tokens(text)
    if tokens is not None:
        expected = [_token(token) for token in _markdown().parse(text)]
        assert [_token(token) for token in tokens] == expected, text
        assert [t.markup for t in tokens] == [t.markup for t in _markdown().parse(text)]
    document = Document("a.md", text)
    reference = _parse(document, _markdown(plain_fast_path=False))
    assert _summary(parse(document)) == _summary(reference), text
    return tokens is not None


def test_trim_characters_are_markdown_its() -> None:
    assert MD_TRIM == MD_TRIM_CHARS


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: str(example["example"]))
def test_commonmark_examples(example: dict[str, Any]) -> None:
    _assert_agrees(example["markdown"])
    _assert_agrees(example["markdown"].replace("\n", "\r\n"))


@pytest.mark.parametrize("path", SPEECHES, ids=lambda path: path.name)
def test_speeches(path: Path) -> None:
    _assert_agrees(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "在全县推进会上的讲话\n同志们：\n今天我们开会。\n",
        "# 在全县推进会上的讲话\n\n同志们：\n\n## 一、要提高认识。\n\n正文。\n",
        "　　首行缩进的段落。\n\n    缩进四格的段落不是代码。\n",
        "2023年以来，工作取得进展。\n1.5亿元投入使用。\n",
        "#\n\n## \n\n###### 六级\n",
        "甲\r\n乙\r丙\n",
        "**第一，要加强领导。**要落实。\n",
        "__强调__的段落。\n",
    ],
)
def test_simple_documents_take_the_fast_path(text: str) -> None:
    assert _assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "- 列表\n",
        "1. 有序列表\n",
        "10) 有序列表\n",
        "> 引文\n",
        "段落\n===\n",
        "段落\n---\n",
        "***\n",
        "* * *\n",
        "___\n",
        "* 星号列表\n",
        "```\n代码\n```\n",
        "<div>\n",
        "[a]: /url\n",
        "---\nform: pledge\n---\n正文\n",
        "  ## 缩进的标题\n",
        "####### 七级\n",
        "#5 不是标题\n",
        "## C# 语言\n",
        "\t制表符缩进\n",
    ],
)
def test_other_blocks_go_to_markdown_it(text: str) -> None:
    assert not _assert_agrees(text)


_ATOMS = [
    "同志们", "：", "。", "第一", "要", " ", "  ", "\t", "\u3000", "\xa0", "\n", "\n\n", "\r\n",
    "\r", "# ", "## ", "#", "####### ", "> ", "- ", "* ", "+ ", "1. ", "2) ", "1.5", "**", "`",
    "[a](b)", "<!-- x -->", "&amp;", "\\", "=", "---", "___", "~~~", "    ", "x", "#5", "\x00",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ATOMS), max_size=30).map("".join))
def test_random_documents(text: str) -> None:
    _assert_agrees(text)
