"""The ``text`` format: ``path:line:col: CODE message``, a code frame, and a summary line.

Terminals draw East-Asian wide characters (汉字, full-width punctuation) two columns wide, so the
caret line under a frame is measured in display columns, not code points.  Speeches put a whole
paragraph on one line (often 400 characters), so the frame shows a window of the line around
the finding instead of the whole line.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, TextIO

from speechlint import _regex
from speechlint._namedtuple import NamedTuple
from speechlint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from speechlint._engine import LintResult
    from speechlint.document import Document
    from speechlint.formatters import Statistic

__all__ = [
    "FORMATTER",
    "TextFormatter",
    "char_width",
    "code_frame",
    "display_width",
    "header",
    "printable",
    "render",
    "summary_line",
]

CONTEXT = 30  # display columns of context shown on each side of the finding
MAX_MARK = 60  # display columns of the finding itself before it is cut short
ELLIPSIS = "…"  # East-Asian "ambiguous" width: one column, as in wcwidth and most terminals
GUTTER = 4  # minimum width of the line-number column
REPLACEMENT = "\ufffd"  # shown for what cannot be shown (see printable)
# (re reads the escapes: a compiled module may hold no lone surrogate in a literal)
_UNPRINTABLE = _regex.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Findings about the file or a rule rather than a place in the text: a frame would mislead.
NO_FRAME = frozenset({"E901", "E902"})

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def char_width(char: str) -> int:
    """Display columns of one character: 2 for wide (W, F), 0 for combining and format marks."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Display columns of ``text`` on a terminal."""
    return sum(char_width(char) for char in text)


def _cell(char: str) -> tuple[str, int]:
    """What to draw for ``char`` in a frame and how wide it is."""
    if char == "\t":
        return "    ", 4  # a tab's width depends on the terminal; draw a fixed four columns
    category = unicodedata.category(char)
    if category == "Cc":
        return " ", 1  # control characters would move the cursor
    if category == "Cs":
        return REPLACEMENT, 1  # a lone surrogate cannot be written to a UTF-8 terminal
    return char, char_width(char)


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: control characters and lone surrogates replaced.

    Messages quote the document and paths come from the file system: an escape character
    there would restyle the terminal, and a surrogate (a file name that is not UTF-8) would
    stop the output with an encoding error.
    """
    return _UNPRINTABLE.sub(REPLACEMENT, text)


class _Style:
    """ANSI styling that does nothing when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def paint(self, text: str, *codes: str) -> str:
        if not self.enabled or not text:
            return text
        return "".join(codes) + text + _RESET

    def severity(self, text: str, severity: str, *, bold: bool = False) -> str:
        color = _SEVERITY_COLORS.get(severity, "")
        return self.paint(text, _BOLD, color) if bold else self.paint(text, color)


class _Window(NamedTuple):
    """A window of one line: the text shown, and where the caret goes in display columns."""

    text: str
    caret_column: int
    caret_width: int


# Speeches use a few thousand distinct characters: each is measured once per run.
_CELLS: dict[str, tuple[str, int]] = {}


def _cached_cell(char: str) -> tuple[str, int]:
    cell = _CELLS.get(char)
    if cell is None:
        cell = _CELLS[char] = _cell(char)
    return cell


def _window(line: str, start: int, end: int, *, cut_left: bool, cut_right: bool) -> _Window:
    """The part of ``line`` around code points ``[start, end)``, with ellipses where cut.

    ``cut_left`` / ``cut_right`` say that ``line`` is itself a slice of a longer line.  Only
    the characters shown are measured: a report of thousands of findings spends its time here.
    """
    cells = _CELLS  # each character measured once per run (_cached_cell), looked up inline here
    mark_end, mark_width = start, 0
    while mark_end < end:
        width = (cells.get(line[mark_end]) or _cached_cell(line[mark_end]))[1]
        if mark_width + width > MAX_MARK and mark_end != start:
            break  # the first character always shows, however wide
        mark_width += width
        mark_end += 1
    left, before = start, 0
    while left > 0:
        width = (cells.get(line[left - 1]) or _cached_cell(line[left - 1]))[1]
        if before + width > CONTEXT:
            break
        left -= 1
        before += width
    right, used = mark_end, 0
    # A finding cut short gets no context on its right: the text there is still the finding.
    while mark_end == end and right < len(line):
        width = (cells.get(line[right]) or _cached_cell(line[right]))[1]
        if used + width > CONTEXT:
            break
        used += width
        right += 1
    prefix = ELLIPSIS if left > 0 or cut_left else ""
    suffix = ELLIPSIS if right < len(line) or cut_right else ""
    segment = line[left:right]
    if _UNPRINTABLE.search(segment):  # tabs, control characters, lone surrogates: redrawn
        segment = "".join(_cached_cell(char)[0] for char in segment)
    shown = prefix + segment + suffix
    return _Window(shown, len(prefix) + before, max(1, mark_width))


def _line_window(document: Document, diagnostic: Diagnostic) -> tuple[int, _Window]:
    """The 0-based line of a diagnostic and the window of it to show."""
    start = document.position(diagnostic.range.start)
    lines = document.lines
    line_start, line_end = lines.line_start(start.line), lines.line_end(start.line)
    begin = line_start + start.column  # clamped: an offset inside a CRLF ends the line
    # A range running onto later lines is underlined to the end of its first line.
    finish = min(max(begin, diagnostic.range.end), line_end)
    # Slice a bounded neighbourhood first: a megabyte-long line must not cost a megabyte
    # per finding.  Four times the budget leaves room for zero-width characters.
    low = max(line_start, begin - 4 * CONTEXT)
    high = min(line_end, min(finish, begin + 4 * MAX_MARK) + 4 * CONTEXT)
    window = _window(
        document.text[low:high],
        begin - low,
        min(finish, high) - low,
        cut_left=low > line_start,
        cut_right=high < line_end,
    )
    return start.line, window


def code_frame(document: Document, diagnostic: Diagnostic, *, color: bool = False) -> list[str]:
    """The frame under a diagnostic: its first line, windowed, and a caret line beneath."""
    style = _Style(color)
    line, window = _line_window(document, diagnostic)
    number = str(line + 1)
    gutter = max(GUTTER, len(number))
    text_line = style.paint(f"{number:>{gutter}} |", _DIM) + (" " + window.text).rstrip()
    carets = style.severity("^" * window.caret_width, diagnostic.severity)
    caret_line = style.paint(" " * gutter + " |", _DIM) + " " * (1 + window.caret_column) + carets
    return [text_line, caret_line]


def header(diagnostic: Diagnostic, document: Document, *, color: bool = False) -> str:
    """``path:line:col: CODE message`` (line and column 1-based, columns in code points)."""
    style = _Style(color)
    position = document.position(diagnostic.range.start)
    path = printable(diagnostic.path)
    where = f"{style.paint(path, _BOLD)}:{position.line + 1}:{position.column + 1}:"
    code = style.severity(diagnostic.code, diagnostic.severity, bold=True)
    return f"{where} {code} {printable(diagnostic.message)}"


def render(result: LintResult, *, color: bool = False) -> str:
    """The report of one file: each diagnostic's header and code frame."""
    blocks = []
    document = result.document
    for diagnostic in result.diagnostics:
        lines = [header(diagnostic, document, color=color)]
        if diagnostic.code not in NO_FRAME and document.text:
            lines.extend(code_frame(document, diagnostic, color=color))
        blocks.append("\n".join(lines) + "\n\n")
    return "".join(blocks)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(counts: Counter[str], files: int, *, lang: str = "zh") -> str:
    """The last line: how many problems of each severity, in how many files."""
    total = sum(counts.values())
    errors, warnings, infos = counts["error"], counts["warning"], counts["info"]
    if lang == "en":
        if not total:
            return "All checks passed"
        return (
            f"Found {_plural(total, 'problem')} ({_plural(errors, 'error')}, "
            f"{_plural(warnings, 'warning')}, {infos} info) in {_plural(files, 'file')}"
        )
    if not total:
        return "未发现问题"
    counted = f"错误 {errors}，警告 {warnings}，提示 {infos}"
    return f"共发现 {total} 个问题（{counted}），涉及 {files} 个文件"


class TextFormatter:
    """Writes each diagnostic with its code frame as files arrive, then the summary line."""

    def __init__(self, stream: TextIO, *, lang: str = "zh", color: bool = False) -> None:
        self.stream = stream
        self.lang = lang
        self.color = color
        self.counts: Counter[str] = Counter()
        self.files_with_findings = 0

    def file(self, result: LintResult, *, lang: str) -> None:
        """Write the diagnostics of one file."""
        self.rendered(result, render(result, color=self.color))

    def rendered(self, result: LintResult, text: str) -> None:
        """Write the diagnostics of one file as :func:`render` wrote them (in a worker
        process, which has the document at hand: this one then never reads it)."""
        if result.diagnostics:
            self.files_with_findings += 1
        for diagnostic in result.diagnostics:
            self.counts[diagnostic.severity] += 1
        self.stream.write(text)

    def finish(self, files: int) -> None:
        """Write the summary line."""
        line = summary_line(self.counts, self.files_with_findings, lang=self.lang)
        self.stream.write(_Style(self.color).paint(line, _BOLD) + "\n")

    def write_statistics(self, rows: list[Statistic]) -> None:
        """One line per code: count, code, rule name."""
        width = max((len(str(row.count)) for row in rows), default=1)
        code_width = max((len(row.code) for row in rows), default=4)
        style = _Style(self.color)
        for row in rows:
            # Pad before painting: escape sequences must not count towards the width.
            code = style.paint(row.code, _BOLD) + " " * (code_width - len(row.code))
            self.stream.write(f"{row.count:>{width}}  {code}  {row.name}\n")


FORMATTER = TextFormatter
