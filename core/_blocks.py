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

__all__ = ["MD_TRIM", "BlockToken", "line_kind", "simple_block_tokens"]

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
    tokens: list[BlockToken] = []
    paragraph: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n")):
        kind = line_kind(line)
        if kind is None:
            return None
        if kind == "paragraph":
            if not paragraph:
                first = number
            paragraph.append(line)
            continue
        if paragraph:
            _paragraph(tokens, paragraph, first, number)
            paragraph = []
        if kind != "blank":
            _heading(tokens, line, number)
    if paragraph:
        _paragraph(tokens, paragraph, first, first + len(paragraph))
    return tokens


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


def _paragraph(tokens: list[BlockToken], lines: list[str], first: int, end: int) -> None:
    line_map = [first, end]
    tokens.append(BlockToken("paragraph_open", "p", 1, 0, line_map))
    content = "\n".join(lines).strip(MD_TRIM)
    tokens.append(BlockToken("inline", "", 0, 1, line_map, content))
    tokens.append(BlockToken("paragraph_close", "p", -1, 0))


def _heading(tokens: list[BlockToken], line: str, number: int) -> None:
    level = len(line) - len(line.lstrip("#"))
    tag, markup, line_map = f"h{level}", "#" * level, [number, number + 1]
    tokens.append(BlockToken("heading_open", tag, 1, 0, line_map, markup=markup))
    tokens.append(BlockToken("inline", "", 0, 1, line_map, line[level:].strip(MD_TRIM)))
    tokens.append(BlockToken("heading_close", tag, -1, 0, markup=markup))
