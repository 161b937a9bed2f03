"""Inputs at the edges: deep nesting, NUL and control characters, lone surrogates, long URLs,
front matter that explodes.  Each ends in findings or a clear error -- no traceback, no E902,
no text silently left unchecked -- and every range lies inside the document.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from speechlint._engine import Engine, LintResult
from speechlint._fixrun import FixReport, FixTarget, _write
from speechlint._pluginmanager import load_registry
from speechlint._writeback import encode_fixed
from speechlint.document import Document
from speechlint.errors import SpeechlintError
from speechlint.formatters.json import JsonFormatter
from speechlint.formatters.text import TextFormatter
from speechlint.parse import parse

TYPO = "港移默化"  # W501 -> 潜移默化


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_registry(entry_points=False))


def _lint(engine: Engine, text: str) -> LintResult:
    document = Document("speech.md", text)
    result = engine.lint(document)
    for diagnostic in result.diagnostics:
        assert diagnostic.code != "E902", diagnostic.message
        assert 0 <= diagnostic.range.start <= diagnostic.range.end <= len(text)
    json.dumps(result.outline.to_json(document) if result.outline else None)
    return result


def _columns(result: LintResult, code: str) -> list[tuple[int, int]]:
    document = result.document
    found = []
    for diagnostic in result.diagnostics:
        if diagnostic.code == code:
            position = document.position(diagnostic.range.start)
            found.append((position.line + 1, position.column + 1))
    return found


def _typo_at(text: str) -> tuple[int, int]:
    """1-based line and column of the typo in ``text``."""
    offset = text.index(TYPO)
    line = text.count("\n", 0, offset)
    return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 9, 10, 11, 19, 20, 21, 100, 5000])
def test_nested_blockquotes_keep_their_text(engine: Engine, depth: int) -> None:
    # markdown-it stops at 20 levels and drops what is deeper; the parser recovers it.
    text = "同志们：\n\n" + "> " * depth + f"我们要在{TYPO}中受教育。\n\n后文。\n"
    result = _lint(engine, text)
    assert _columns(result, "W501") == [_typo_at(text)]
    assert result.parsed is not None
    assert "后文。" in [unit.text for unit in result.parsed.units]


@pytest.mark.parametrize("depth", [3, 9, 10, 11, 30, 1000])
def test_nested_lists_keep_their_text(engine: Engine, depth: int) -> None:
    items = "".join("  " * level + f"- 第{level}项\n" for level in range(depth))
    text = "同志们：\n\n" + items + "  " * depth + f"- 要在{TYPO}中受教育。\n"
    result = _lint(engine, text)
    assert _columns(result, "W501") == [_typo_at(text)]
    assert result.parsed is not None
    visible = [unit.text for unit in result.parsed.units]
    assert len([item for item in visible if item.startswith("第")]) == depth


def test_nested_ordered_lists_deeper_than_the_parser_goes(engine: Engine) -> None:
    # "1." at every level: only a list starting at 1 may interrupt a paragraph (CommonMark).
    text = "".join("   " * level + f"1. 第{level}项\n" for level in range(40))
    parsed = parse(Document("speech.md", text))
    assert [unit.text for unit in parsed.units] == [f"第{level}项" for level in range(40)]
    for unit in parsed.units:  # every unit's text is where its runs say
        for visible, source, length in unit.runs:
            assert unit.text[visible : visible + length] == text[source : source + length]


def test_deep_nesting_of_markers_and_lists_has_a_bounded_outline(engine: Engine) -> None:
    markers = ["一、", "（一）", "1.", "（1）", "第一，", "首先，", "一是"]
    lines = ["同志们："] + [f"{marker}内容。" for marker in markers]
    lines += ["   " * depth + f"- {m}内容。" for depth in range(12) for m in markers]
    result = _lint(engine, "\n".join(lines) + "\n")
    assert result.outline is not None and result.outline.points


@pytest.mark.parametrize("opener", ["*", "_", "[", "**", "`", "<", "!["])
def test_thousands_of_unclosed_inline_openers(engine: Engine, opener: str) -> None:
    text = f"同志们：\n{(opener + '中，') * 3000}{TYPO}。\n"
    result = _lint(engine, text)
    assert _columns(result, "W501") == [_typo_at(text)]


# -- characters -------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1a", "\x1b", "\x7f", "\u200b", "\ufeff"])
def test_control_characters_keep_positions_exact(engine: Engine, character: str) -> None:
    text = f"# 标题{character}\n\n同志们：\n要{character}在{TYPO}中受教育{character}。\n"
    result = _lint(engine, text)
    assert _columns(result, "W501") == [_typo_at(text)]


def test_a_nul_in_a_heading_keeps_the_title_inside_the_document(engine: Engine) -> None:
    result = _lint(engine, "# \x00# ")
    assert result.outline is not None and result.outline.title is not None
    assert 0 <= result.outline.title.start <= result.outline.title.end <= 5


SURROGATES = f"# 标题\ud800\n\n同志们：\n要在{TYPO}中\udfff受教育。“\ud83d\n"


def test_lone_surrogates_lint_without_crashing(engine: Engine) -> None:
    result = _lint(engine, SURROGATES)
    assert _columns(result, "W501") == [_typo_at(SURROGATES)]


def test_lone_surrogates_in_json_output_are_escaped(engine: Engine) -> None:
    result = _lint(engine, SURROGATES)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # strict, as stdout is
    formatter = JsonFormatter(stream)
    # A file name that is not UTF-8 arrives as surrogate escapes (os.fsdecode).
    renamed = [dataclasses.replace(d, path="\udcff.md") for d in result.diagnostics]
    weird = LintResult(Document("\udcff.md", SURROGATES), renamed)
    formatter.file(weird, lang="zh")
    formatter.finish(1)
    stream.seek(0)
    items = json.loads(stream.read())
    assert items and {item["path"] for item in items} == {"\udcff.md"}


def test_lone_surrogates_in_text_output_are_replaced(engine: Engine) -> None:
    result = _lint(engine, SURROGATES)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    formatter = TextFormatter(stream)
    renamed = [dataclasses.replace(d, path="\udcff\x1b.md") for d in result.diagnostics]
    formatter.file(LintResult(Document("\udcff\x1b.md", SURROGATES), renamed), lang="zh")
    formatter.finish(1)
    stream.seek(0)
    out = stream.read()
    assert "\ufffd" in out and "\x1b" not in out and "W501" in out


def test_write_back_refuses_lone_surrogates(tmp_path: Path) -> None:
    # The language server hands over text with a lone surrogate: UTF-8 cannot hold it, and
    # write-back refuses with a message naming the file rather than crashing or re-encoding.
    path = tmp_path / "speech.md"
    data = "同志们：\n".encode()
    path.write_bytes(data)
    document = Document.from_bytes(str(path), data)
    with pytest.raises(SpeechlintError, match=r"speech\.md.*utf-8.*\\ud800.*not written"):
        encode_fixed(document, "同志们：\ud800\n")
    report = FixReport()
    _write(document, FixTarget(str(path), data), "同志们：\ud800\n", report)
    assert path.read_bytes() == data
    assert len(report.errors) == 1 and "文件未写入" in report.errors[0]


# -- markup longer than the aligner's window ----------------------------------------------------


LONG_URL = "https://zh.wikisource.org/wiki/" + "%E5%B9%B4" * 20


@pytest.mark.parametrize(
    "markup",
    [
        f"[2000年报告]({LONG_URL})",
        f'[2000年报告]({LONG_URL} "标题")',
        f"![图片]({LONG_URL})",
        f'<span title="{LONG_URL}">报告</span>',
        "&copy;&#20013;&amp;",
    ],
)
def test_text_after_long_markup_keeps_its_positions(engine: Engine, markup: str) -> None:
    text = f"同志们：\n见{markup}，要在{TYPO}中受教育,不断前进。\n"
    result = _lint(engine, text)
    assert _columns(result, "W501") == [_typo_at(text)]
    comma = text.index("育,") + 1
    assert (2, comma - text.index("\n")) in _columns(result, "P401")
    parsed = result.parsed
    assert parsed is not None
    for unit in parsed.units:
        for visible, source, length in unit.runs:
            assert unit.text[visible : visible + length] == text[source : source + length]


# -- front matter ---------------------------------------------------------------------------------


BILLION_LAUGHS = "\n".join(
    ["---", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    + [
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    + ["---", "同志们：", "要抓好落实。"]
)


@pytest.mark.parametrize(
    "front",
    [
        BILLION_LAUGHS,
        "---\na: " + "[" * 2000 + "\n---\n同志们：\n",
        "---\na: " + "[" * 40 + "]" * 40 + "\n---\n同志们：\n",
        "---\na: &a [*a]\n---\n同志们：\n",
    ],
    ids=["aliases", "unclosed-deep", "closed-deep", "self-reference"],
)
def test_front_matter_that_explodes_is_e904(engine: Engine, front: str) -> None:
    result = _lint(engine, front)
    assert "E904" in [d.code for d in result.diagnostics]
    assert result.parsed is not None and result.parsed.front_matter is not None
    assert result.parsed.front_matter.meta == {}
