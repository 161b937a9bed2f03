"""The text of a manuscript: decoding, line index, and position conversions.

Offsets are indices into :attr:`Document.text` (Python ``str`` indices, i.e. Unicode code
points).  Positions are 0-based ``(line, column)`` pairs counted in code points; the JSON
surfaces add one to both.  The text is kept exactly as decoded -- line endings included -- so
that fixes can be applied to it and written back without touching any other byte.
"""

from __future__ import annotations

import codecs
from bisect import bisect_right
from dataclasses import dataclass

from speechlint._namedtuple import NamedTuple
from speechlint.errors import DecodeError

__all__ = [
    "Document",
    "LineIndex",
    "Position",
    "column_to_utf16",
    "decode",
    "utf16_to_column",
]

# Tried in order when no encoding is forced.  GB18030 is a superset of GBK and GB2312, which
# office software in China still uses for .txt files.
DEFAULT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")
# Byte-order marks and the encodings they announce.  Windows software saves "Unicode" text as
# UTF-16 with a BOM; UTF-32 is checked before UTF-16 because its little-endian BOM starts with
# UTF-16's.  A BOM is removed from the text, remembered and written back.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {name: mark for mark, name in _BOMS}
# The codec names of a Unicode encoding whose byte order a BOM decides.
_FAMILIES = {
    "utf-8": ("utf-8", "utf-8-sig"),
    "utf-16-le": ("utf-16", "utf-16-le"),
    "utf-16-be": ("utf-16", "utf-16-be"),
    "utf-32-le": ("utf-32", "utf-32-le"),
    "utf-32-be": ("utf-32", "utf-32-be"),
}
# A forced codec that reads or writes a BOM of its own, and its plain form for a file without
# one (Windows is little-endian), so that writing back adds nothing.
_WITHOUT_BOM = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


@dataclass(frozen=True, slots=True)
class Position:
    """A 0-based line and column, the column counted in code points."""

    line: int
    column: int


class Decoded(NamedTuple):
    """Text decoded from bytes, with what is needed to encode it back unchanged."""

    text: str
    encoding: str
    bom: bool


def decode(data: bytes, *, encoding: str | None = None, path: str = "<bytes>") -> Decoded:
    """Decode ``data``; a byte-order mark is removed and remembered.

    Without ``encoding``: a UTF-8 BOM commits to UTF-8 and a UTF-16 or UTF-32 BOM is tried
    first; then UTF-8, then GB18030.  A forced ``encoding`` is used alone (a BOM of the same
    Unicode encoding still sets the byte order).  Raises :class:`DecodeError` naming the
    encodings tried when none fits, or when unforced data looks binary (NUL bytes).
    """
    mark, announced = _sniff_bom(data)
    if encoding:
        return _decode_forced(data, encoding, mark, announced, path)
    if announced == "utf-8":
        return _decode_first(data[len(mark) :], ("utf-8",), bom=True, path=path)
    if announced is not None:
        found = _attempt(data[len(mark) :], announced, bom=True)
        # NUL bytes are normal in UTF-16, but a NUL character is binary here as everywhere.
        if found is not None and "\x00" not in found.text:
            return found
    tried = ((announced,) if announced else ()) + DEFAULT_ENCODINGS
    if b"\x00" in data:
        raise DecodeError(path, "binary data (NUL bytes)", tried)
    return _decode_first(data, DEFAULT_ENCODINGS, bom=False, path=path, tried=tried)


def _sniff_bom(data: bytes) -> tuple[bytes, str | None]:
    for mark, name in _BOMS:
        if data.startswith(mark):
            return mark, name
    return b"", None


def _decode_forced(
    data: bytes, encoding: str, mark: bytes, announced: str | None, path: str
) -> Decoded:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise DecodeError(path, f"unknown encoding {encoding!r}", (encoding,)) from None
    if announced is not None and name in _FAMILIES[announced]:
        return _decode_first(data[len(mark) :], (announced,), bom=True, path=path)
    name = _WITHOUT_BOM.get(name, name)
    if announced == "utf-8":  # a UTF-8 BOM before text in another encoding: kept as found
        return _decode_first(data[len(mark) :], (name,), bom=True, path=path)
    return _decode_first(data, (name,), bom=False, path=path)


def _attempt(data: bytes, name: str, *, bom: bool) -> Decoded | None:
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return Decoded(text=text, encoding=codecs.lookup(name).name, bom=bom)


def _decode_first(
    data: bytes,
    candidates: tuple[str, ...],
    *,
    bom: bool,
    path: str,
    tried: tuple[str, ...] | None = None,
) -> Decoded:
    for name in candidates:
        found = _attempt(data, name, bom=bom)
        if found is not None:
            return found
    raise DecodeError(path, "invalid byte sequence", tried or candidates)


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """Encode ``text`` back the way :func:`decode` found it (the same BOM, if it had one)."""
    data = text.encode(encoding)
    if not bom:
        return data
    # A UTF-8 BOM found before text in another (forced) encoding is written back as found.
    return _BOM_OF.get(encoding, codecs.BOM_UTF8) + data


class LineIndex:
    """Start offsets of every line; CRLF, LF and a lone CR each end one line."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = [0]
        find = text.find
        # Scan for "\n" first (by far the most common) and then for lone "\r".
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        if "\r" in text:
            starts = _with_lone_cr(text, starts)
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of ``line`` (0-based)."""
        return self._starts[line]

    def line_end(self, line: int) -> int:
        """Offset just past the last character of ``line``, before its line break."""
        if line + 1 < len(self._starts):
            end = self._starts[line + 1] - 1
            if end > 0 and self._text[end] == "\n" and self._text[end - 1] == "\r":
                end -= 1
            return end
        return len(self._text)

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        return self._text[self.line_start(line) : self.line_end(line)]

    def position(self, offset: int) -> Position:
        """The position of ``offset``, clamped into the document."""
        return Position(*self.line_column(offset))

    def line_column(self, offset: int) -> tuple[int, int]:
        """:meth:`position` as a plain ``(line, column)`` pair (JSON and reports convert
        thousands of offsets; a pair costs a fifth of a Position)."""
        text = self._text
        offset = max(0, min(offset, len(text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        # An offset between "\r" and "\n" of a CRLF belongs to the end of the line.
        if offset > start and text.startswith("\r\n", offset - 1):
            return line, offset - 1 - start
        return line, offset - start

    def offset(self, position: Position) -> int:
        """The offset of ``position``; columns past the end of a line clamp to its end."""
        if position.line < 0:
            return 0
        if position.line >= len(self._starts):
            return len(self._text)
        start = self._starts[position.line]
        return min(start + max(position.column, 0), self.line_end(position.line))


def _with_lone_cr(text: str, starts: list[int]) -> list[int]:
    extra = [
        i + 1
        for i, ch in enumerate(text)
        if ch == "\r" and (i + 1 == len(text) or text[i + 1] != "\n")
    ]
    return sorted(starts + extra)


def column_to_utf16(line_text: str, column: int) -> int:
    """Convert a code-point column on ``line_text`` to UTF-16 code units."""
    prefix = line_text[:column]
    return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def utf16_to_column(line_text: str, units: int) -> int:
    """Convert a UTF-16 column on ``line_text`` to code points (clamped to the line)."""
    seen = 0
    for index, ch in enumerate(line_text):
        if seen >= units:
            return index
        seen += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text)


class Document:
    """A manuscript: its path, its decoded text, and how to write it back."""

    __slots__ = ("bom", "encoding", "lines", "path", "text")

    def __init__(self, path: str, text: str, encoding: str = "utf-8", bom: bool = False) -> None:
        self.path = path
        self.text = text
        self.encoding = encoding
        self.bom = bom
        self.lines = LineIndex(text)

    def __repr__(self) -> str:
        return f"Document({self.path!r}, encoding={self.encoding!r}, bom={self.bom!r})"

    @classmethod
    def from_bytes(cls, path: str, data: bytes, *, encoding: str | None = None) -> Document:
        """Decode ``data`` read from ``path``."""
        decoded = decode(data, encoding=encoding, path=path)
        return cls(path, decoded.text, decoded.encoding, decoded.bom)

    def to_bytes(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: this document's text) with this document's encoding and BOM."""
        return encode(self.text if text is None else text, self.encoding, self.bom)

    @property
    def newline(self) -> str:
        """The line ending this document uses most (for inserted lines)."""
        crlf = self.text.count("\r\n")
        lf = self.text.count("\n") - crlf
        cr = self.text.count("\r") - crlf
        best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
        return best[1] if best[0] else "\n"

    def position(self, offset: int) -> Position:
        """0-based position of ``offset``."""
        return self.lines.position(offset)

    def offset(self, line: int, column: int) -> int:
        """Offset of the 0-based ``line`` and ``column``."""
        return self.lines.offset(Position(line, column))
