"""The text and JSON formatters: code frames under wide characters, windows, summaries, colour."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest

from speechlint._engine import LintResult
from speechlint.diagnostics import Diagnostic, Range, Severity
from speechlint.document import Document
from speechlint.formatters import Statistic, get_formatter, should_color, statistics
from speechlint.formatters.text import (
    CONTEXT,
    ELLIPSIS,
    MAX_MARK,
    char_width,
    code_frame,
    display_width,
    header,
    summary_line,
)


def _diagnostic(
    document: Document, start: int, end: int, code: str = "W501", severity: Severity = "warning"
) -> Diagnostic:
    return Diagnostic(document.path, code, "misspelled-phrase", severity, "消息", Range(start, end))


def _frame(text: str, needle: str, length: int | None = None) -> list[str]:
    document = Document("x.md", text)
    start = text.index(needle)
    end = start + (len(needle) if length is None else length)
    return code_frame(document, _diagnostic(document, start, end))


def _underlined(frame: list[str]) -> str:
    """The characters of the text line that the carets stand under (by display column)."""
    text_line, caret_line = frame
    first = caret_line.index("^")
    last = caret_line.rindex("^") + 1
    picked, column = [], 0
    for char in text_line:
        if first <= column < last:
            picked.append(char)
        column += char_width(char)
    return "".join(picked)


# -- display width ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "width"),
    [("汉", 2), ("，", 2), ("：", 2), ("Ａ", 2), ("a", 1), ("“", 1), (ELLIPSIS, 1),
     ("\u0301", 0), ("\u200b", 0)],
)  # fmt: skip
def test_char_width(char, width):
    # Full-width punctuation is two columns; curly quotes are "ambiguous", one column as in
    # wcwidth; combining marks and zero-width spaces take no column.
    assert char_width(char) == width


def test_display_width():
    assert display_width("第一，abc") == 9


# -- code frames --------------------------------------------------------------------------------


def test_caret_lines_up_under_wide_characters():
    frame = _frame("同志们：\n要使党员干部在港移默化中受熏陶。", "港移默化")
    assert frame == [
        "   2 | 要使党员干部在港移默化中受熏陶。",
        "     |               ^^^^^^^^",
    ]
    assert _underlined(frame) == "港移默化"


def test_caret_under_mixed_width_text():
    frame = _frame("增长 5.2% 的“两个确立”，abc，要求", "两个确立")
    assert _underlined(frame) == "两个确立"


def test_zero_width_range_gets_one_caret():
    frame = _frame("同志们：\n第一，加强。", "加强", length=0)
    assert frame[1] == "     |       ^"  # under 加, after the six columns of 第一，
    assert frame[1].count("^") == 1


def test_zero_width_range_at_end_of_line():
    document = Document("x.md", "同志们")
    frame = code_frame(document, _diagnostic(document, 3, 3))
    assert frame == ["   1 | 同志们", "     |       ^"]


def test_long_line_is_windowed_with_ellipses():
    line = "甲" * 200 + "港移默化" + "乙" * 200
    frame = _frame(line, "港移默化")
    text_line = frame[0]
    assert text_line.startswith(f"   1 | {ELLIPSIS}甲")
    assert text_line.endswith(f"乙{ELLIPSIS}")
    assert text_line.count("甲") == CONTEXT // 2
    assert text_line.count("乙") == CONTEXT // 2
    assert _underlined(frame) == "港移默化"


def test_window_near_the_start_has_no_leading_ellipsis():
    frame = _frame("第一，港移默化" + "乙" * 300, "港移默化")
    assert frame[0].startswith("   1 | 第一，港移默化")
    assert frame[0].endswith(ELLIPSIS)
    assert _underlined(frame) == "港移默化"


def test_long_range_is_cut_short():
    line = "甲" * 10 + "乙" * 100 + "丙" * 10
    frame = _frame(line, "乙" * 100)
    assert frame[1].count("^") == MAX_MARK
    assert set(_underlined(frame)) == {"乙"}
    assert frame[0].endswith(f"乙{ELLIPSIS}")  # the rest of the range is not shown as context


def test_range_over_several_lines_is_underlined_to_the_end_of_its_first():
    text = "同志们：\n第一，加强学习。\n第二，改进作风。"
    frame = _frame(text, "加强学习。\n第二")
    assert _underlined(frame) == "加强学习。"


def test_tabs_and_control_characters_keep_alignment():
    frame = _frame("\t甲\x0b乙港移默化", "港移默化")
    assert frame[0] == "   1 |     甲 乙港移默化"
    assert _underlined(frame) == "港移默化"


def test_crlf_line_endings():
    frame = _frame("同志们：\r\n要在港移默化中。\r\n", "港移默化")
    assert frame[0] == "   2 | 要在港移默化中。"
    assert _underlined(frame) == "港移默化"


def test_wide_line_numbers_widen_the_gutter():
    text = "\n" * 12345 + "港移默化"
    frame = _frame(text, "港移默化")
    assert frame == ["12346 | 港移默化", "      | ^^^^^^^^"]


def test_megabyte_line_gives_a_bounded_frame():
    text = "甲" * 1_000_000 + "港移默化" + "乙" * 1_000_000
    frame = _frame(text, "港移默化")
    assert display_width(frame[0]) < 2 * CONTEXT + MAX_MARK + 20
    assert _underlined(frame) == "港移默化"


# -- header, summary, colour ----------------------------------------------------------------------


def test_header_positions_are_one_based_code_points():
    document = Document("docs/x.md", "同志们：\n要使党员干部在港移默化中受熏陶。")
    diagnostic = _diagnostic(document, document.text.index("港"), document.text.index("中"))
    assert header(diagnostic, document) == "docs/x.md:2:8: W501 消息"


def test_header_in_colour():
    document = Document("x.md", "甲")
    coloured = header(_diagnostic(document, 0, 1, severity="error"), document, color=True)
    assert "\x1b[1mx.md\x1b[0m" in coloured
    assert "\x1b[1m\x1b[31mW501\x1b[0m" in coloured


@pytest.mark.parametrize(
    ("counts", "files", "lang", "expected"),
    [
        ({}, 0, "zh", "未发现问题"),
        ({}, 0, "en", "All checks passed"),
        ({"error": 1, "warning": 2}, 2, "zh",
         "共发现 3 个问题（错误 1，警告 2，提示 0），涉及 2 个文件"),
        ({"error": 1, "warning": 2}, 2, "en",
         "Found 3 problems (1 error, 2 warnings, 0 info) in 2 files"),
        ({"info": 1}, 1, "en", "Found 1 problem (0 errors, 0 warnings, 1 info) in 1 file"),
    ],
)  # fmt: skip
def test_summary_line(counts, files, lang, expected):
    assert summary_line(Counter(counts), files, lang=lang) == expected


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        ("auto", {"TERM": "dumb"}, True, False),
    ],
)
def test_should_color(monkeypatch, choice, env, tty, expected):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Terminal() if tty else io.StringIO()
    assert should_color(choice, stream) is expected


# -- formatters as a whole ------------------------------------------------------------------------


def _result(path: str, text: str, *spans: tuple[int, int, str]) -> LintResult:
    document = Document(path, text)
    found = [_diagnostic(document, start, end, code) for start, end, code in spans]
    return LintResult(document, found)


def test_text_formatter_skips_frames_for_file_level_codes():
    stream = io.StringIO()
    formatter = get_formatter("text", stream)
    formatter.file(_result("a.md", "甲乙", (0, 0, "E902"), (0, 1, "W501")), lang="zh")
    formatter.file(_result("b.md", "", (0, 0, "E901")), lang="zh")
    formatter.finish(2)
    assert stream.getvalue() == (
        "a.md:1:1: E902 消息\n\n"
        "a.md:1:1: W501 消息\n   1 | 甲乙\n     | ^^\n\n"
        "b.md:1:1: E901 消息\n\n"
        "共发现 3 个问题（错误 0，警告 3，提示 0），涉及 2 个文件\n"
    )


def test_json_formatter_sorts_by_path_line_column_code():
    stream = io.StringIO()
    formatter = get_formatter("json", stream)
    formatter.file(_result("b.md", "甲\n乙", (2, 3, "W501"), (0, 1, "P401")), lang="zh")
    formatter.file(_result("a.md", "甲乙", (1, 2, "W501"), (1, 2, "D601")), lang="zh")
    formatter.finish(2)
    found = json.loads(stream.getvalue())
    keys = [(d["path"], d["line"], d["column"], d["code"]) for d in found]
    assert keys == [("a.md", 1, 2, "D601"), ("a.md", 1, 2, "W501"), ("b.md", 1, 1, "P401"),
                    ("b.md", 2, 1, "W501")]  # fmt: skip
    assert stream.getvalue().startswith('[\n  {\n    "path": "a.md",')
    assert "消息" in stream.getvalue()


def test_statistics_order_and_formats():
    results = [
        _result("a.md", "甲乙", (0, 1, "W501"), (1, 2, "D601")),
        _result("b.md", "甲", (0, 1, "W501")),
    ]
    rows = statistics(results)
    assert rows == [
        Statistic("W501", "misspelled-phrase", 2),
        Statistic("D601", "misspelled-phrase", 1),
    ]
    stream = io.StringIO()
    get_formatter("json", stream).write_statistics(rows)
    assert json.loads(stream.getvalue())[0] == {
        "code": "W501",
        "name": "misspelled-phrase",
        "count": 2,
    }
