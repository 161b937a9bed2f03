"""Offsets ↔ LSP positions in the negotiated encoding, on speechlint's own line index.

LSP ends lines at ``\\n``, ``\\r\\n`` and ``\\r`` only -- exactly :class:`~speechlint.document.
LineIndex`.  pygls splits lines with ``str.splitlines``, which also breaks at U+2028, U+0085,
form feeds and vertical tabs (Word puts ``\\v`` in pasted text), so its line numbers can drift
from the client's; the server therefore keeps its own text and converts with this module.

A column is counted in the client's units: UTF-16 code units (VS Code; 𠮷 counts two),
UTF-8 bytes (Neovim 0.11; 汉 counts three) or code points (Emacs).
"""

from __future__ import annotations

from lsprotocol import types

from speechlint.document import Document
from speechlint.document import Position as Cell

__all__ = ["PositionMap", "column_at", "units_before"]

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value


def units_before(line_text: str, column: int, encoding: str) -> int:
    """How many ``encoding`` units the first ``column`` code points of a line take."""
    prefix = line_text[:column]
    if encoding == UTF32:
        return len(prefix)
    if encoding == UTF8:
        # surrogatepass: a lone surrogate still counts (three bytes) instead of raising.
        return len(prefix.encode("utf-8", "surrogatepass"))
    return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def _width(ch: str, encoding: str) -> int:
    code = ord(ch)
    if encoding == UTF8:
        return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
    return 2 if code > 0xFFFF else 1


def column_at(line_text: str, units: int, encoding: str) -> int:
    """The code-point column of ``units`` client units into a line (clamped to the line).

    A position inside a character (half of a surrogate pair, the second byte of 汉) moves to
    the end of that character, so an edit never splits one.
    """
    if units <= 0:
        return 0
    if encoding == UTF32:
        return min(units, len(line_text))
    seen = 0
    for index, ch in enumerate(line_text):
        if seen >= units:
            return index
        seen += _width(ch, encoding)
    return len(line_text)


class PositionMap:
    """Converts between offsets into one text and LSP positions in one encoding."""

    __slots__ = ("document", "encoding")

    def __init__(self, document: Document, encoding: str = UTF16) -> None:
        self.document = document
        self.encoding = encoding

    def position(self, offset: int) -> types.Position:
        """The LSP position of ``offset``."""
        cell = self.document.position(offset)
        text = self.document.lines.line_text(cell.line)
        return types.Position(cell.line, units_before(text, cell.column, self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        """The LSP range of offsets ``[start, end)``."""
        return types.Range(self.position(start), self.position(end))

    def offset(self, position: types.Position) -> int:
        """The offset of an LSP position; past the last line means the end of the text."""
        lines = self.document.lines
        if position.line >= len(lines):
            return len(self.document.text)
        if position.line < 0:
            return 0
        column = column_at(lines.line_text(position.line), position.character, self.encoding)
        return lines.offset(Cell(position.line, column))

    def line(self, offset: int) -> int:
        """The 0-based line of ``offset``."""
        return self.document.position(offset).line
