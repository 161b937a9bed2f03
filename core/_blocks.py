"""markdown-it's block tokens for the simplest documents, without markdown-it.

Most speeches are paragraphs and, at most, ``#`` headings: one paragraph per line or between
blank lines (DESIGN §1).  For such a document CommonMark's block structure is a matter of
lines -- a run of non-blank lines is a paragraph, a ``#`` line is a heading -- and
:func:`simple_block_tokens` produces exactly the block tokens markdown-it would (types, tags,
line maps, contents), in a tenth of the time and without importing it.  The moment a line could
be anything else -- a list, a quote, a fence, a rule, HTML, a link definition, a setext
underline, front matter, an indented or unusual heading, a tab in the indentation -- it gives
up and markdown-it parses the document.  tests/core/test_blocks.py compares both on the
CommonMark examples, the example speeches and random documents.

Inline content is not parsed here: :mod:`speechlint.parse` runs markdown-it's inline rules on
the tokens whose text has inline markup, as markdown-it's own core chain would.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "MD_TRIM",
    "Block",
    "BlockToken",
    "block_content",
    "line_kind",
    "simple_block_tokens",
    "simple_blocks",
]

# CommonMark's white space, as markdown-it trims a paragraph's or heading's content
# (markdown_it.common.utils.MD_TRIM_CHARS; a test keeps the two equal).
MD_TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A line starting (after spaces) with one of these may be a block of another kind: a list
# (``- +``), a thematic break (``-``), a setext underline (``= -``), a block quote, a fence,
# HTML, a link reference definition, front matter (``---``).  ``*`` and ``_`` are told apart
# from bold lead sentences (``**第一，…。**``) by _stars_or_bars.
_OTHER_BLOCKS = frozenset(">-+=`~<[")
_DIGITS = "0123456789"


class BlockToken:
    """The attributes of a markdown-it ``Token`` that speechlint's parser reads."""

    __slots__ = (
        "children", "content", "info", "level", "map", "markup", "meta", "nesting", "tag", "type",
    )  # fmt: skip

    def __init__(
        self,
        type: str,
        tag: str,
        nesting: int,
        level: int,
        map: list[int] | None = None,
        content: str = "",
        markup: str = "",
    ) -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map = map
        self.content = content
        self.markup = markup
        self.info = ""
        self.children: list[Any] | None = [] if type == "inline" else None
        self.meta: dict[str, Any] = {}


def simple_block_tokens(text: str) -> list[BlockToken] | None:
    """The block tokens markdown-it gives ``text``, or None if it is not simple enough."""
    if "\r" in text:  # markdown-it's normalisation: every line ending becomes "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    lines = text.split("\n")
    blocks = simple_blocks(lines)
    if blocks is None:
        return None
    tokens: list[BlockToken] = []
    for block in blocks:
        first, end, level = block
        content = block_content(lines, block)
        if level:
            tag, markup, line_map = f"h{level}", "#" * level, [first, first + 1]
            tokens.append(BlockToken("heading_open", tag, 1, 0, line_map, markup=markup))
            tokens.append(BlockToken("inline", "", 0, 1, line_map, content))
            tokens.append(BlockToken("heading_close", tag, -1, 0, markup=markup))
        else:
            line_map = [first, end]
            tokens.append(BlockToken("paragraph_open", "p", 1, 0, line_map))
            tokens.append(BlockToken("inline", "", 0, 1, line_map, content))
            tokens.append(BlockToken("paragraph_close", "p", -1, 0))
    return tokens


# A paragraph or heading of a simple document: (first line, end line, heading level -- 0 for a
# paragraph).
Block = tuple[int, int, int]


def simple_blocks(lines: list[str]) -> list[Block] | None:
    """The paragraphs (runs of non-blank lines) and headings of ``lines``, or None if a line
    could be anything else (see :func:`line_kind`)."""
    blocks: list[Block] = []
    first = -1
    for number, line in enumerate(lines):
        kind = line_kind(line) if line else "blank"
        if kind == "paragraph":
            if first < 0:
                first = number
            continue
        if kind is None:
            return None
        if first >= 0:
            blocks.append((first, number, 0))
            first = -1
        if kind == "heading":
            blocks.append((number, number + 1, len(line) - len(line.lstrip("#"))))
    if first >= 0:
        blocks.append((first, len(lines), 0))
    return blocks


def block_content(lines: list[str], block: Block) -> str:
    """A block's content as markdown-it has it: its lines joined and trimmed, a heading's
    ``#`` marks left out."""
    first, end, level = block
    if end == first + 1:
        return lines[first][level:].strip(MD_TRIM)
    return "\n".join(lines[first:end]).strip(MD_TRIM)


def line_kind(line: str) -> str | None:
    """``blank``, ``paragraph``, ``heading`` or None (anything else, or not sure)."""
    body = line.lstrip(" \t")
    if not body:
        return "blank"
    lead = body[0]
    if len(body) < len(line) and ("\t" in line[: len(line) - len(body)] or lead == "#"):
        return None  # tabs in the indentation, or an indented heading: markdown-it decides
    if lead == "#":
        return "heading" if _simple_heading(line) else None
    if lead in _OTHER_BLOCKS or (lead in "*_" and _stars_or_bars(body)):
        return None
    if lead in _DIGITS:
        # An ordered list item: up to nine digits, "." or ")", then white space or the end.
        digits = len(body) - len(body.lstrip(_DIGITS))
        delimiter, after = body[digits : digits + 1], body[digits + 1 : digits + 2]
        if digits <= 9 and delimiter in (".", ")") and after in ("", " ", "\t"):
            return None
    return "paragraph"


def _stars_or_bars(body: str) -> bool:
    """Whether a line starting with ``*`` or ``_`` is a list item or a thematic break."""
    if body[0] == "*" and body[1:2] in ("", " ", "\t"):
        return True  # "* item", or a lone "*"
    marks = body.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and marks == body[0] * len(marks)  # ***, * * *, ___


def _simple_heading(line: str) -> bool:
    """``#`` to ``######``, a space, and text without ``#`` (no closing sequence to cut)."""
    level = len(line) - len(line.lstrip("#"))
    if level > 6 or "#" in line[level:]:
        return False
    return level == len(line) or line[level] in " \t"
