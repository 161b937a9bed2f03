"""Markdown (and one-paragraph-per-line plain text) → text units with exact source spans.

markdown-it-py parses the document once.  Each paragraph, heading or list-item paragraph
becomes one or more :class:`Unit`: the text a reader sees (Markdown markup removed) together
with a map from every visible character back to its offset in the source.  Rules and the outline
builder work on visible text and report source ranges through that map.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from speechlint import _regex
from speechlint._blocks import (
    MD_TRIM,
    BlockToken,
    block_content,
    simple_block_tokens,
    simple_blocks,
)
from speechlint._front_matter import load_front_matter
from speechlint._markup import label_end, link_tail_end, past_container_markers, strong_spans
from speechlint._namedtuple import NamedTuple
from speechlint.document import Document
from speechlint.sentences import split_sentences, split_stretches

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

    # A block token from markdown-it or from speechlint._blocks (the same attributes); an
    # explicit alias, which stays one where markdown-it's types are unknown (mypyc's build).
    AnyToken: TypeAlias = Token | BlockToken

__all__ = ["Comment", "FrontMatter", "Parsed", "Unit", "parse"]

# Characters after which a line break ends a paragraph in Chinese text: sentence ends, the colon
# of a salutation or a lead-in, the semicolon of a listed clause, closing quotes and brackets.  A
# break after anything else -- a comma or 顿号 included, which no paragraph ends with -- is a
# hard wrap.
_LINE_END_PUNCTUATION = frozenset("。！？；：…”’）》」』】!?;:)")
_WHITESPACE = " \t\u3000"
# What a unit is trimmed of at both ends (_Slice.unit).
_TRIM = _WHITESPACE + "\n"
# Visible text is looked up in the source this many characters at a time.
_CHUNK = 256
# An HTML entity in the source: its visible text is not there (see _Aligner._step).
_ENTITY = _regex.compile(r"&(?:#[xX][0-9A-Fa-f]{1,8}|#[0-9]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
# The most source text that may be skipped as markup between two visible pieces.
_MAX_MARKUP = 64
# Nesting levels markdown-it parses (a list level takes two: the list and its item); text
# nested deeper is recovered line by line.  Manuscripts nest four or five levels at most.
_MAX_NESTING = 20


class Unit:
    """A paragraph-level piece of text: a paragraph line, a heading, a list-item paragraph.

    ``text`` is what a reader sees; ``runs`` maps it to the source: each run
    ``(visible_start, source_start, length)`` says that ``text[visible_start:+length]`` equals
    ``source[source_start:+length]``.
    """

    __slots__ = (
        "_sentences", "_vstarts", "bold", "heading_level", "kind", "list_depth", "list_item",
        "quote_depth", "runs", "shift", "text", "verbatim",
    )  # fmt: skip

    def __init__(
        self,
        kind: str,  # "paragraph" or "heading"
        text: str,
        runs: tuple[tuple[int, int, int], ...],
        heading_level: int = 0,
        list_depth: int = 0,
        list_item: ListItem | None = None,  # set on the first unit of a list item
        quote_depth: int = 0,
        bold: tuple[tuple[int, int], ...] = (),  # visible ranges in **strong** emphasis
        verbatim: tuple[tuple[int, int], ...] = (),  # code spans and link targets: not prose
    ) -> None:
        self.kind = kind
        self.text = text
        self.runs = runs
        self.heading_level = heading_level
        self.list_depth = list_depth
        self.list_item = list_item
        self.quote_depth = quote_depth
        self.bold = bold
        self.verbatim = verbatim
        self._vstarts = [run[0] for run in runs]
        self._sentences: tuple[tuple[int, int], ...] | None = None
        # The source offset of visible index 0 when one run covers the whole text (most
        # units): every visible index then maps to ``shift + index``.
        self.shift: int | None = None
        if len(runs) == 1 and runs[0][0] == 0 and runs[0][2] == len(text):
            self.shift = runs[0][1]

    def __repr__(self) -> str:
        return f"Unit({self.kind!r}, {self.text!r}, {self.runs!r})"

    def sentence_spans(self) -> tuple[tuple[int, int], ...]:
        """The unit's sentences as visible ``(start, end)`` pairs, split once and shared by the
        outline builder and every rule."""
        if self._sentences is None:
            self._sentences = tuple(split_sentences(self.text))
        return self._sentences

    @property
    def start(self) -> int:
        """Source offset of the first visible character."""
        return self.shift if self.shift is not None else self.source_offset(0)

    @property
    def end(self) -> int:
        """Source offset just past the last visible character."""
        if self.shift is not None:
            return self.shift + len(self.text)
        return self.source_end(len(self.text))

    def source_offset(self, index: int) -> int:
        """Source offset of visible character ``index`` (clamped into the unit)."""
        runs = self.runs
        if not runs:
            return 0
        index = max(0, min(index, len(self.text)))
        # Most units are one run (no inline markup): no search.
        run = runs[0] if len(runs) == 1 else runs[max(bisect_right(self._vstarts, index) - 1, 0)]
        vstart, sstart, length = run
        # Visible text before the first run or after a run (unplaced, see _Aligner._unplaced)
        # clamps to that run's nearest end.
        return sstart + max(min(index - vstart, length), 0)

    def source_end(self, index: int) -> int:
        """Source offset just past visible character ``index - 1`` (an exclusive end)."""
        runs = self.runs
        if index <= 0 or not runs:
            return self.source_offset(0)
        index = min(index, len(self.text))
        if len(runs) == 1:
            vstart, sstart, length = runs[0]
        else:
            vstart, sstart, length = runs[max(bisect_right(self._vstarts, index - 1) - 1, 0)]
        # Past an unplaced character: the end of the run before it, never past the source.
        return sstart + max(min(index - vstart, length), 0)

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """Source ``(start, end)`` of the visible range ``[start, end)``."""
        shift = self.shift
        if shift is not None:  # what source_offset and source_end give, without their calls
            size = len(self.text)
            first = shift + (start if 0 <= start <= size else 0 if start < 0 else size)
            if end <= start:
                return first, first
            return first, shift + (end if 0 <= end <= size else 0 if end < 0 else size)
        if end <= start:
            offset = self.source_offset(start)
            return offset, offset
        return self.source_offset(start), self.source_end(end)

    def source_ranges(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`source_range` of each span, in one call (sentences map hundreds at a time)."""
        runs = self.runs
        if len(runs) != 1:
            return [self.source_range(start, end) for start, end in spans]
        # One run (most units): the mapping is a shift clamped into the run, inlined here
        # with exactly source_offset's and source_end's clamping.
        vstart, sstart, length = runs[0]
        size = len(self.text)
        out: list[tuple[int, int]] = []
        for start, end in spans:
            first = sstart + max(min(max(0, min(start, size)) - vstart, length), 0)
            if end <= start:
                out.append((first, first))
            else:
                last = max(0, min(end, size)) if end > 0 else 0
                out.append((first, sstart + max(min(last - vstart, length), 0)))
        return out

    def in_bold(self, start: int, end: int) -> bool:
        """Whether the visible range lies inside one bold run."""
        return any(b0 <= start and end <= b1 for b0, b1 in self.bold)


class ListItem(NamedTuple):
    """A Markdown list item's marker (``1.`` or ``-``) and where it is in the source."""

    ordered: bool
    number: int | None
    marker: str
    start: int
    end: int


class Comment(NamedTuple):
    """An HTML comment (suppression directives live in them)."""

    body: str
    start: int
    end: int
    own_line: bool


class FrontMatter(NamedTuple):
    """YAML front matter: its raw text, span, and the parsed mapping (or the YAML error)."""

    raw: str
    start: int
    end: int
    meta: dict[str, Any]
    error: str | None = None


class Parsed:
    """The result of parsing one document."""

    __slots__ = ("comments", "document", "front_matter", "line_mode", "units")

    def __init__(
        self,
        document: Document,
        units: list[Unit],
        comments: list[Comment],
        front_matter: FrontMatter | None,
        line_mode: bool,  # True when each line is its own paragraph (Chinese plain-text habit)
    ) -> None:
        self.document = document
        self.units = units
        self.comments = comments
        self.front_matter = front_matter
        self.line_mode = line_mode

    def split_sentences(self) -> None:
        """Split every unit into sentences now, in one pass over the source (rather than one per
        unit when :meth:`Unit.sentence_spans` is first asked).

        Units that are a stretch of the source (one run: most of them) are split where they
        lie in it, the characters that matter looked for once in the whole text.
        """
        text = self.document.text
        pending: list[Unit] = []
        stretches: list[tuple[int, int]] = []
        for unit in self.units:
            start = unit.shift
            if unit._sentences is None and start is not None and text.startswith(unit.text, start):
                pending.append(unit)
                stretches.append((start, start + len(unit.text)))
        for unit, spans in zip(pending, split_stretches(text, stretches), strict=True):
            unit._sentences = spans


@lru_cache(maxsize=2)
def _markdown(*, plain_fast_path: bool = True) -> MarkdownIt:
    # Imported here: a speech of paragraphs and headings needs no markdown-it (see parse).
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Indented code blocks are off: Chinese manuscripts indent paragraphs (首行缩进) with spaces,
    # and those paragraphs must stay prose, never turn into code.
    md = MarkdownIt("commonmark").use(front_matter_plugin).disable("code")
    # markdown-it recurses once per nested blockquote or list level; its bound keeps Python's
    # stack safe, and _Builder._too_deep recovers the text it would skip beyond it.
    md.options["maxNesting"] = _MAX_NESTING
    if plain_fast_path:
        md.core.ruler.at("inline", _inline_unless_plain)
    return md


def parse(document: Document) -> Parsed:
    """Parse ``document`` into units, comments and front matter.

    A document of paragraphs and ``#`` headings -- most speeches -- gets its block tokens from
    :func:`~speechlint._blocks.simple_block_tokens` (the tokens markdown-it would give, without
    its block parser); any other document is parsed by markdown-it.  Inline markup is always
    parsed by markdown-it.
    """
    parsed = _parse_plain(document)
    if parsed is not None:
        return parsed
    tokens = simple_block_tokens(document.text)
    if tokens is None:
        return _parse(document, _markdown())
    _parse_inline(tokens)
    return _build(document, tokens)


# The characters of _INLINE_MARKUP, each looked for in a whole document with ``in``.
_MARKUP_CHARS = "\\`*_[<&"


def _parse_plain(document: Document) -> Parsed | None:
    """:func:`parse` of a document of plain paragraphs and ``#`` headings, without tokens.

    Most speeches are such documents: no inline markup, every line a paragraph, a heading or
    blank.  Their units come straight from the lines -- what block tokens, the inline pass and
    the builder's walk would give (tests/core/test_parse_fast_path.py compares both with
    markdown-it's own parse), in a third of the time.  None for any other document.
    """
    text = document.text
    if "\r" in text or "\x00" in text or any(char in text for char in _MARKUP_CHARS):
        return None
    lines = text.split("\n")
    blocks = simple_blocks(lines)
    if blocks is None:
        return None
    contents = [block_content(lines, block) for block in blocks]
    line_mode = _lines_are_paragraphs(
        _plain_pieces(content) for content in contents if "\n" in content
    )
    builder = _Builder(document)
    line_start = document.lines.line_start
    units = builder.units
    for (first, end, level), content in zip(blocks, contents, strict=True):
        start = line_start(first)
        if end == first + 1:
            # One line: its content is where the line has it, after the heading's #s and the
            # white space (what _plain_line would find, as the aligner would).
            line = lines[first]
            lead = len(line) - len(line[level:].lstrip(MD_TRIM))
            if lead <= _MAX_MARKUP:
                if content:
                    runs = ((0, start + lead, len(content)),)
                    units.append(Unit("heading" if level else "paragraph", content, runs, level))
                continue
        # Lines of one paragraph, or a line indented past the markup an aligner skips.
        token = BlockToken("inline", "", 0, 1, [first, end], content)
        token.meta[_PLAIN] = True
        units.extend(builder._units(token, line_mode, level))
    return Parsed(document, units, builder.comments, None, line_mode)


def _parse(document: Document, md: MarkdownIt) -> Parsed:
    """Parse with markdown-it (``md``) alone."""
    # markdown-it normalises line breaks itself; line numbers (token.map) are the same as ours.
    return _build(document, md.parse(document.text))


def _build(document: Document, tokens: Sequence[AnyToken]) -> Parsed:
    builder = _Builder(document)
    line_mode = _one_paragraph_per_line(tokens)
    builder.walk(tokens, line_mode)
    return Parsed(document, builder.units, builder.comments, builder.front_matter, line_mode)


def _parse_inline(tokens: list[BlockToken]) -> None:
    """What markdown-it's core rules after ``block`` do: parse inline content, join text.

    Plain text is only marked (as by _inline_unless_plain); markdown-it is imported only for a
    document that has inline markup somewhere.
    """
    marked = True
    for token in tokens:
        if token.type == "inline":
            if _INLINE_MARKUP.search(token.content) is None:
                token.meta[_PLAIN] = True
            else:
                marked = False
    if marked:
        return
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_core.text_join import text_join

    md = _markdown()
    state = StateCore("", md, {})
    state.tokens = tokens  # type: ignore[assignment]  # the same attributes as Token
    _inline_unless_plain(state)
    text_join(state)


# The characters that can open an inline construct of the CommonMark preset: escapes, code
# spans, emphasis, links and images (``![`` needs ``[``), autolinks and HTML, entities.  Text
# without them parses to text and line breaks only (see _plain_pieces).
_INLINE_MARKUP = _regex.compile(r"[\\`*_\[<&]")
_PLAIN = "speechlint.plain"


def _inline_unless_plain(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, except for text without inline markup.

    Most paragraphs of a speech have no markup at all; their inline parse (a rule chain per
    character run, a token per line) is about a third of markdown-it's time.  Such a token keeps
    no children and is marked instead; :func:`_pieces` gives the builder what the parse would.
    """
    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if _INLINE_MARKUP.search(token.content) is None:
            token.meta[_PLAIN] = True
        else:
            md.inline.parse(token.content, md, state.env, token.children)


class _Piece(NamedTuple):
    """What the builder reads of an inline child token (a text run or a line break)."""

    type: str
    content: str = ""
    markup: str = ""


_SOFTBREAK = _Piece("softbreak")
_HARDBREAK = _Piece("hardbreak")


def _pieces(token: AnyToken) -> Sequence[Token | _Piece]:
    """The inline children of ``token``: parsed, or derived from plain text."""
    if token.meta.get(_PLAIN):
        return _plain_pieces(token.content)
    return token.children or ()


def _plain_pieces(content: str) -> list[_Piece]:
    """The children markdown-it's inline parse gives text without inline markup.

    Its ``newline`` rule: a line ending in two or more spaces is a hard break (the spaces
    dropped), in one space a soft break (the space dropped), else a soft break; the next line's
    leading spaces and tabs are skipped.
    """
    lines = content.split("\n")
    last = len(lines) - 1
    pieces: list[_Piece] = []
    for number, line in enumerate(lines):
        if number:
            line = line.lstrip(" \t")
        if number == last:
            if line:
                pieces.append(_Piece("text", line))
            break
        brk = _SOFTBREAK
        if line.endswith("  "):
            line, brk = line.rstrip(" "), _HARDBREAK
        elif line.endswith(" "):
            line = line[:-1]
        if line:
            pieces.append(_Piece("text", line))
        pieces.append(brk)
    return pieces


def _one_paragraph_per_line(tokens: Sequence[AnyToken]) -> bool:
    """Decide whether line breaks inside a paragraph separate paragraphs.

    CommonMark joins adjacent lines, but Chinese documents put one paragraph per line without
    blank lines.  Hard-wrapped prose breaks lines mid-sentence; one-paragraph-per-line text breaks
    them after a sentence, a colon or a semicolon, or after short lines (titles, dates).  The
    majority decides; a tie keeps one paragraph per line.
    """
    # (a line break is a "\n" of the content; without one there is nothing to count)
    return _lines_are_paragraphs(
        _pieces(token) for token in tokens if token.type == "inline" and "\n" in token.content
    )


def _lines_are_paragraphs(paragraphs: Iterable[Sequence[Token | _Piece]]) -> bool:
    """:func:`_one_paragraph_per_line` of the inline children of paragraphs with line breaks."""
    wrapped = separated = 0
    for children in paragraphs:
        breaks, mid_sentence = _line_breaks(children)
        wrapped += mid_sentence
        separated += breaks - mid_sentence
    return wrapped <= separated


def _line_breaks(children: Sequence[Token | _Piece]) -> tuple[int, int]:
    """How many line breaks an inline token has, and how many of them fall mid-sentence."""
    breaks = mid_sentence = 0
    previous = ""
    line_length = 0
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            breaks += 1
            if previous and previous[-1] not in _LINE_END_PUNCTUATION and line_length >= 20:
                mid_sentence += 1
            line_length = 0
        elif child.content:
            previous = child.content.rstrip(_WHITESPACE) or previous
            line_length += len(child.content)
    return breaks, mid_sentence


class _Builder:
    """Walks block tokens and builds units, keeping track of lists and blockquotes."""

    def __init__(self, document: Document) -> None:
        self.document = document
        # markdown-it shows NUL as U+FFFD (CommonMark 2.3): the same in the text aligned
        # against, one character for one, so that positions stay exact.
        self.source = document.text.replace("\x00", "\ufffd")
        self.lines = document.lines
        self.units: list[Unit] = []
        self.comments: list[Comment] = []
        self.front_matter: FrontMatter | None = None

    def walk(self, tokens: Sequence[AnyToken], line_mode: bool) -> None:
        list_depth = quote_depth = 0
        heading_level = 0
        pending_item: ListItem | None = None
        for token in tokens:
            kind = token.type
            if kind == "front_matter":
                self.front_matter = self._front_matter(token)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif kind == "list_item_open":
                pending_item = self._list_item(token)
                pending_item = self._add(
                    self._too_deep(token), list_depth, quote_depth, pending_item
                )
            elif kind == "blockquote_open":
                quote_depth += 1
                pending_item = self._add(
                    self._too_deep(token), list_depth, quote_depth, pending_item
                )
            elif kind == "blockquote_close":
                quote_depth -= 1
            elif kind == "heading_open":
                heading_level = int(token.tag[1:])
            elif kind == "heading_close":
                heading_level = 0
            elif kind == "html_block":
                self._html_comments(token)
            elif kind == "inline" and token.map is not None:
                units = self._units(token, line_mode, heading_level)
                pending_item = self._add(units, list_depth, quote_depth, pending_item)

    def _add(
        self, units: Iterable[Unit], list_depth: int, quote_depth: int, item: ListItem | None
    ) -> ListItem | None:
        """Append ``units``; the first one opens ``item``.  Returns the item if still pending."""
        for unit in units:
            unit.list_depth = list_depth
            unit.quote_depth = quote_depth
            if item is not None:
                unit.list_item, item = item, None
            self.units.append(unit)
        return item

    # -- block helpers -------------------------------------------------------------------

    def _front_matter(self, token: AnyToken) -> FrontMatter:
        assert token.map is not None
        start = self.lines.line_start(token.map[0])
        end = self.lines.line_end(token.map[1] - 1)
        meta, error = load_front_matter(token.content) if token.content.strip() else ({}, None)
        return FrontMatter(token.content, start, end, meta, error)

    def _list_item(self, token: AnyToken) -> ListItem | None:
        if token.map is None:
            return None
        line_start = self.lines.line_start(token.map[0])
        line_end = self.lines.line_end(token.map[0])
        ordered = token.info != ""
        marker = f"{token.info}{token.markup}" if ordered else token.markup
        found = self.source.find(marker, line_start, line_end)
        if found == -1:
            return None
        number = int(token.info) if ordered else None
        return ListItem(ordered, number, marker, found, found + len(marker))

    def _too_deep(self, token: AnyToken) -> Iterator[Unit]:
        """Units for the lines of a container nested past markdown-it's ``maxNesting``.

        markdown-it skips what such a container holds -- silently, and the text would go
        unchecked.  Its lines become paragraphs of their own, each with its container markers
        (``>``, ``-``, ``1.``) stripped and its inline markup parsed as usual.
        """
        if token.map is None or token.level + 1 < _MAX_NESTING:
            return
        for line in range(token.map[0], token.map[1]):
            end = self.lines.line_end(line)
            start = past_container_markers(self.source, self.lines.line_start(line), end)
            if start >= end:
                continue
            aligner = _Aligner(self.source, start, end)
            for inline in _markdown().parseInline(self.source[start:end]):
                for child in _pieces(inline):
                    self._inline(child, aligner)
            unit = aligner.unit("paragraph", 0)
            if unit is not None:
                yield unit

    def _html_comments(self, token: AnyToken) -> None:
        if token.map is None or "<!--" not in token.content:
            return
        start = self.lines.line_start(token.map[0])
        end = self.lines.line_end(token.map[1] - 1)
        self._collect_comments(start, end, own_line=True)

    def _collect_comments(self, start: int, end: int, *, own_line: bool) -> None:
        source = self.source
        position = source.find("<!--", start, end)
        while position != -1:
            close = source.find("-->", position + 4, end)
            stop = end if close == -1 else close + 3
            body = source[position + 4 : stop - 3 if close != -1 else stop]
            self.comments.append(Comment(body.strip(), position, stop, own_line))
            position = source.find("<!--", stop, end)

    # -- inline → units ------------------------------------------------------------------

    def _units(self, token: AnyToken, line_mode: bool, heading_level: int) -> Iterator[Unit]:
        assert token.map is not None
        region_start = self.lines.line_start(token.map[0])
        region_end = self.lines.line_end(max(token.map[1] - 1, token.map[0]))
        kind = "heading" if heading_level else "paragraph"
        if token.meta.get(_PLAIN) and "\n" not in token.content:
            found = _plain_line(self.source, region_start, region_end, token.content)
            if found is not None:
                start, text = found
                if text:
                    yield Unit(kind, text, ((0, start, len(text)),), heading_level)
                return
        aligner = _Aligner(self.source, region_start, region_end)
        for child in _pieces(token):
            self._inline(child, aligner)
        pieces = aligner.split_lines() if line_mode or heading_level else [aligner]
        for piece in pieces:
            unit = piece.unit(kind, heading_level)
            if unit is not None:
                yield unit

    def _inline(self, child: Token | _Piece, aligner: _Aligner) -> None:
        kind = child.type
        if kind == "text":
            for segment, strong in _strong_segments(child.content):
                if strong:
                    aligner.bold_open()
                aligner.text(segment)
                if strong:
                    aligner.bold_close()
        elif kind in ("softbreak", "hardbreak"):
            aligner.line_break()
        elif kind == "strong_open":
            aligner.bold_open()
        elif kind == "strong_close":
            aligner.bold_close()
        elif kind == "code_inline":
            aligner.text(child.content, verbatim=True)
        elif kind == "html_inline":
            if child.content.startswith("<!--"):
                found = aligner.skip(child.content)
                if found is not None:
                    body = (
                        child.content[4:-3] if child.content.endswith("-->") else child.content[4:]
                    )
                    self.comments.append(
                        Comment(body.strip(), found, found + len(child.content), own_line=False)
                    )
            else:
                aligner.skip(child.content)
        elif kind == "link_open" and child.markup == "autolink":
            # An autolink shows its URL: not prose.  A normal link's text is prose.
            aligner.link_depth += 1
        elif kind == "link_close" and child.markup == "autolink":
            aligner.link_depth -= 1
        elif kind == "link_close":
            aligner.skip_link_tail()
        elif kind == "image":
            aligner.skip_image()
        # Images and inline HTML show nothing to check; the cursor moves past their markup,
        # which may be longer than _MAX_MARKUP (a long URL), so that the text after them aligns.


def _plain_line(source: str, start: int, end: int, content: str) -> tuple[int, str] | None:
    """Where one line of plain text is in the source, and what of it a reader sees.

    The same as aligning the text and trimming it (_Aligner.text, _Slice.unit) when the text is
    found whole where the aligner looks for its first chunk; None when it is not (the aligner
    then decides).  Most paragraphs of a speech are one plain line: this is their whole cost.
    """
    chunk = content[:_CHUNK]
    found = source.find(chunk, start, min(end, start + len(chunk) + _MAX_MARKUP))
    if (
        found == -1
        or found + len(content) > end
        or not source.startswith(content, found)
        or _skips_prose(source, start, found)
    ):
        return None
    text = content.lstrip(_TRIM)
    lead = len(content) - len(text)
    return found + lead, text.rstrip(_TRIM)


def _unescape(entity: str) -> str:
    from markdown_it.common.utils import unescapeAll  # an entity came from markdown-it

    return unescapeAll(entity)


def _strong_segments(content: str) -> Iterator[tuple[str, bool]]:
    """Split text at ``**strong**`` runs that CommonMark left literal.

    CommonMark's flanking rules reject ``**第一，…。**要…`` (punctuation before the closing ``**``
    followed by a letter), yet Chinese authors write exactly that and editors render it bold.
    """
    if "**" not in content and "__" not in content:
        yield content, False
        return
    position = 0
    for start, end in strong_spans(content):
        if start > position:
            yield content[position:start], False
        yield content[start + 2 : end - 2], True
        position = end
    if position < len(content):
        yield content[position:], False


class _Aligner:
    """Accumulates visible text and its runs in the source for one inline token."""

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source = source
        self.cursor = start
        self.end = end
        self.text_parts: list[str] = []
        self.length = 0
        self.runs: list[tuple[int, int, int]] = []
        self.bold: list[tuple[int, int]] = []
        self.verbatim: list[tuple[int, int]] = []
        self.breaks: list[int] = []  # visible indices of line breaks
        self._bold_start: int | None = None
        self.link_depth = 0

    def bold_open(self) -> None:
        self._bold_start = self.length

    def bold_close(self) -> None:
        if self._bold_start is not None and self.length > self._bold_start:
            self.bold.append((self._bold_start, self.length))
        self._bold_start = None

    def skip(self, literal: str) -> int | None:
        # Only markup may come first (see text()): the search stops soon after.
        limit = min(self.end, self.cursor + len(literal) + _MAX_MARKUP)
        found = self.source.find(literal, self.cursor, limit)
        if found == -1:
            return None
        self.cursor = found + len(literal)
        return found

    def skip_link_tail(self) -> None:
        """Move past the ``](destination "title")`` or ``][label]`` that closes a link."""
        close = self.source.find("]", self.cursor, self.end)
        if close != -1:
            tail = link_tail_end(self.source, close + 1, self.end)
            self.cursor = close + 1 if tail is None else tail

    def skip_image(self) -> None:
        """Move past ``![alt](destination)``: an image shows nothing to check."""
        start = self.source.find("![", self.cursor, min(self.end, self.cursor + _MAX_MARKUP))
        close = label_end(self.source, start + 1, self.end) if start != -1 else None
        if close is not None:
            tail = link_tail_end(self.source, close + 1, self.end)
            self.cursor = close + 1 if tail is None else tail

    def line_break(self) -> None:
        newline = self.source.find("\n", self.cursor, self.end + 1)
        # A lone "\r" can only come before the next "\n": bounding its search there keeps a
        # paragraph of 100,000 lines linear (an unbounded search scans to the region's end).
        carriage = self.source.find("\r", self.cursor, self.end + 1 if newline == -1 else newline)
        candidates = [pos for pos in (newline, carriage) if pos != -1]
        self.breaks.append(self.length)
        if not candidates:
            self._unplaced("\n")
            return
        position = min(candidates)
        self._append("\n", position)
        if self.source.startswith("\r\n", position):
            position += 1
        self.cursor = position + 1

    def text(self, content: str, *, verbatim: bool = False) -> None:
        begin = self.length
        index = 0
        while index < len(content):
            chunk = content[index : index + _CHUNK]
            # Only markup may lie between the cursor and the text (see _skips_prose), so the
            # search stops soon after: a text that is not there must not cost a scan of the
            # whole region.  Chunks keep a paragraph that never aligns linear as well.
            limit = min(self.end, self.cursor + len(chunk) + _MAX_MARKUP)
            found = self.source.find(chunk, self.cursor, limit)
            if found != -1 and not _skips_prose(self.source, self.cursor, found):
                self._append(chunk, found)
                self.cursor = found + len(chunk)
                index += len(chunk)
            else:
                index = self._step(content, index)
        if verbatim or self.link_depth:
            self.verbatim.append((begin, self.length))

    def _step(self, content: str, index: int) -> int:
        """Align ``content[index]`` (or the text of an entity) by walking past markup.

        An entity (``&copy;`` shows ©) is text the source does not hold: it is unplaced and
        the cursor moves past it.  A character that cannot be reached over markup alone is
        unplaced where the cursor is.  Returns the index of the next character to align.
        """
        source, ch = self.source, content[index]
        position, limit = self.cursor, min(self.end, self.cursor + _MAX_MARKUP)
        while position < limit:
            found = source[position]
            entity = _ENTITY.match(source, position, self.end) if found == "&" else None
            decoded = _unescape(entity.group()) if entity else ""
            if entity and decoded and content.startswith(decoded, index):
                if decoded == "&":  # &amp; shows the & it starts with: a true run
                    self._append(decoded, position)
                else:
                    self._unplaced(decoded)
                self.cursor = entity.end()
                return index + len(decoded)
            if found == ch:
                self._append(ch, position)
                self.cursor = position + 1
                return index + 1
            if ch == " " and found in "\r\n":  # a line break shown as a space (code spans)
                self._unplaced(ch)
                self.cursor = position + (2 if source.startswith("\r\n", position) else 1)
                return index + 1
            if found.isalnum():
                break  # not markup: the character is not here
            position += 1
        self._unplaced(ch)
        return index + 1

    def _unplaced(self, content: str) -> None:
        """Visible text not found in the source (``&copy;`` shows ©): no run covers it.

        A run promises ``text[v:v+n] == source[s:s+n]``, and rules that look marks up in the
        source rely on it; positions inside unplaced text clamp to the run before it.
        """
        self.text_parts.append(content)
        self.length += len(content)

    def _append(self, content: str, source_start: int) -> None:
        runs = self.runs
        if runs:
            vstart, sstart, length = runs[-1]
            if vstart + length == self.length and sstart + length == source_start:
                runs[-1] = (vstart, sstart, length + len(content))
                self.text_parts.append(content)
                self.length += len(content)
                return
        runs.append((self.length, source_start, len(content)))
        self.text_parts.append(content)
        self.length += len(content)

    def split_lines(self) -> list[_Slice]:
        bounds = [0, *[b + 1 for b in self.breaks], self.length + 1]
        whole = _Visible(self)
        return [_Slice(whole, bounds[i], bounds[i + 1] - 1) for i in range(len(bounds) - 1)]

    def unit(self, kind: str, heading_level: int) -> Unit | None:
        return _Slice(_Visible(self), 0, self.length).unit(kind, heading_level)


class _Visible:
    """An aligner's text, runs and ranges, joined once and indexed for clipping.

    A one-paragraph-per-line document is one inline token cut into many slices; joining and
    scanning everything once per slice would make parsing quadratic in the number of lines.
    """

    def __init__(self, aligner: _Aligner) -> None:
        self.text = "".join(aligner.text_parts)
        self.runs = aligner.runs
        self.run_starts = [run[0] for run in aligner.runs]
        self.bold = aligner.bold
        self.verbatim = aligner.verbatim

    def runs_in(self, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
        """The runs of the visible range ``[start, end)``, rebased to ``start``."""
        clipped = []
        for index in range(max(bisect_right(self.run_starts, start) - 1, 0), len(self.runs)):
            vstart, sstart, length = self.runs[index]
            if vstart >= end:
                break
            lo, hi = max(vstart, start), min(vstart + length, end)
            if lo < hi:
                clipped.append((lo - start, sstart + lo - vstart, hi - lo))
        return tuple(clipped)


class _Slice:
    """A visible range of an aligner, trimmed of surrounding white space, as a Unit."""

    def __init__(self, visible: _Visible, start: int, end: int) -> None:
        self.visible = visible
        self.start = start
        self.end = end

    def unit(self, kind: str, heading_level: int) -> Unit | None:
        visible = self.visible
        text = visible.text
        start, end = self.start, self.end
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        return Unit(
            kind=kind,
            text=text[start:end],
            runs=visible.runs_in(start, end),
            heading_level=heading_level,
            bold=_clip_ranges(visible.bold, start, end),
            verbatim=_clip_ranges(visible.verbatim, start, end),
        )


def _clip_ranges(
    ranges: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[tuple[int, int], ...]:
    """The ranges that overlap ``[start, end)``, clipped and rebased to ``start``.

    The ranges are sorted and disjoint (they are recorded left to right), so only the last one
    that begins at or before ``start`` can reach into the slice from the left.
    """
    clipped = []
    for index in range(max(bisect_right(ranges, (start, start)) - 1, 0), len(ranges)):
        lo, hi = ranges[index]
        if lo >= end:
            break
        if max(lo, start) < min(hi, end):
            clipped.append((max(lo, start) - start, min(hi, end) - start))
    return tuple(clipped)


def _skips_prose(source: str, start: int, end: int) -> bool:
    """Whether jumping from ``start`` to ``end`` would skip text a reader sees.

    Only markup may be skipped: emphasis and link punctuation, backticks, escapes, white space
    and the line breaks and block markers between lines.
    """
    if end - start > _MAX_MARKUP:
        return True
    return any(ch.isalnum() and not ch.isascii() for ch in source[start:end])
